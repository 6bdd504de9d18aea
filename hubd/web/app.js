// The dashboard's core: credentials, API calls, the live event stream
// (fetch-read SSE, so a pasted token can be sent as a bearer header, with
// Last-Event-ID resume), the state it keeps, and the view router.
(() => {
  "use strict";
  const M = (window.M3 = window.M3 || {});
  const demo = location.pathname === "/demo";
  const TOKEN_KEY = "m3shd_token";
  const S = (M.S = {
    me: null,
    perms: new Set(),
    agents: new Map(),
    tasks: new Map(),
    output: new Map(),
    approvals: [],
    templates: [],
    messages: [],
    localChat: [],
    logs: [],
    spend: null,
    peers: null,
    pending: 0,
    last: 0,
    live: false,
  });
  M.demo = demo;
  const $ = (id) => document.getElementById(id);
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  /// Tasks an agent holds: its own count, or what the task list shows
  /// when that is newer (agent records change on heartbeats only).
  M.activeTasks = (a) => {
    let held = 0;
    for (const t of S.tasks.values()) {
      if (t.assigned_to === a.id && (t.status === "running" || t.status === "assigned")) held++;
    }
    return Math.max(a.active_tasks, held);
  };

  /// Whether the viewer may use a control needing `perm` (never in the demo).
  M.can = (perm) => !demo && S.perms.has(perm);

  function csrf() {
    const m = document.cookie.match(/(?:^|;\s*)m3shd_csrf=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }

  function headers(method) {
    const h = {};
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) h.Authorization = "Bearer " + token;
    else if (method !== "GET") h["X-CSRF-Token"] = csrf();
    return h;
  }

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  M.api = async (method, path, body) => {
    if (demo && method !== "GET") throw new ApiError(0, "the demo is read-only");
    const h = headers(method);
    if (body !== undefined) h["Content-Type"] = "application/json";
    const r = await fetch(path, {
      method,
      headers: h,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch (_) {
      data = null;
    }
    if (!r.ok) {
      const msg = (data && data.error && data.error.message) || r.status + " " + r.statusText;
      if (r.status === 401 && !demo && S.me) signedOut();
      throw new ApiError(r.status, msg);
    }
    return data;
  };

  M.toast = (text, bad) => {
    let t = $("toast");
    if (!t) {
      t = document.createElement("div");
      t.id = "toast";
      t.className = "toast";
      t.setAttribute("role", "status");
      document.body.appendChild(t);
    }
    t.textContent = text;
    t.classList.toggle("bad", !!bad);
    t.classList.add("show");
    clearTimeout(M.toast.timer);
    M.toast.timer = setTimeout(() => t.classList.remove("show"), 3500);
  };

  // ---- state from events ------------------------------------------------
  function apply(rec) {
    const d = rec.data || {};
    if (d.task) S.tasks.set(d.task.id, d.task);
    if (d.suspended) S.tasks.set(d.suspended.id, d.suspended);
    if (d.continuation) S.tasks.set(d.continuation.id, d.continuation);
    if (d.agent) S.agents.set(d.agent.id, d.agent);
    if (rec.type === "task_output") {
      const prev = S.output.get(d.task_id) || "";
      S.output.set(d.task_id, prev + d.chunk);
    }
    if (rec.type.startsWith("approval_") && d.approval) {
      S.approvals = S.approvals.filter((a) => a.id !== d.approval.id);
      if (d.approval.status === "pending") S.approvals.unshift(d.approval);
    }
    if (rec.type === "message_posted" && d.message) {
      if (!S.messages.some((m) => m.id === d.message.id)) S.messages.push(d.message);
    }
    if (rec.type === "cost_recorded" && S.spend !== null && d.entry && d.entry.cost_usd) {
      S.spend += d.entry.cost_usd;
    }
    S.logs.push(rec);
    if (S.logs.length > 500) S.logs.splice(0, S.logs.length - 500);
    M.changed();
  }

  let pendingRender = false;
  M.changed = () => {
    if (pendingRender) return;
    pendingRender = true;
    requestAnimationFrame(() => {
      pendingRender = false;
      chrome();
      if (M.current && M.current.update) M.current.update();
    });
  };

  function block(text) {
    let id = null;
    let type = "message";
    let data = "";
    for (const line of text.split("\n")) {
      if (!line || line.startsWith(":")) continue;
      const i = line.indexOf(":");
      const field = i < 0 ? line : line.slice(0, i);
      let value = i < 0 ? "" : line.slice(i + 1);
      if (value.startsWith(" ")) value = value.slice(1);
      if (field === "id") id = value;
      else if (field === "event") type = value;
      else if (field === "data") data += (data ? "\n" : "") + value;
    }
    if (id !== null && /^\d+$/.test(id)) S.last = Number(id);
    if (!data) return;
    if (type === "reset") return load();
    if (type === "auth_revoked") return signedOut();
    if (type === "lagged") return;
    try {
      apply(JSON.parse(data));
    } catch (_) {
      /* a malformed event is skipped, never fatal */
    }
  }

  let streamGen = 0;
  async function stream() {
    const gen = ++streamGen;
    while (gen === streamGen) {
      const ctl = new AbortController();
      M.stopStream = () => ctl.abort();
      try {
        const h = headers("GET");
        if (S.last) h["Last-Event-ID"] = String(S.last);
        const r = await fetch("/api/stream", { headers: h, credentials: "same-origin", signal: ctl.signal });
        if (r.status === 401) return signedOut();
        if (!r.ok || !r.body) throw new Error("stream " + r.status);
        setLive(true);
        const reader = r.body.getReader();
        const dec = new TextDecoder();
        let buf = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += dec.decode(value, { stream: true }).replace(/\r\n?/g, "\n");
          let i;
          while ((i = buf.indexOf("\n\n")) >= 0) {
            block(buf.slice(0, i));
            buf = buf.slice(i + 2);
          }
        }
      } catch (_) {
        if (ctl.signal.aborted) return;
      }
      setLive(false);
      await sleep(1500);
    }
  }

  function setLive(on) {
    S.live = on;
    const dot = $("live");
    dot.classList.toggle("on", on);
    dot.classList.toggle("off", !on);
    dot.setAttribute("aria-label", on ? "live stream connected" : "live stream disconnected");
  }

  // ---- loading ----------------------------------------------------------
  async function optional(perm, path) {
    if (!S.perms.has(perm)) return null;
    try {
      return await M.api("GET", path);
    } catch (_) {
      return null;
    }
  }

  /// Federation peers, for viewers who may see them; null (hidden) when
  /// the hub refuses (403) or has no such route (404).
  M.loadPeers = async () => {
    const r = await optional("admin:federation", "/api/admin/peers");
    S.peers = r ? r.peers : null;
    M.changed();
  };

  async function load() {
    const status = await M.api("GET", "/api/status");
    S.last = status.last_event_id;
    const [agents, tasks, approvals, templates, messages, events, costs, peers] = await Promise.all([
      optional("agents:read", "/api/agents"),
      optional("tasks:read", "/api/tasks?limit=200"),
      optional("tasks:read", "/api/approvals?status=pending"),
      optional("tasks:read", "/api/templates"),
      optional("messages:read", "/api/messages?limit=100"),
      optional("tasks:read", "/api/events?limit=150&after=" + Math.max(0, S.last - 150)),
      optional("admin:analytics", "/api/costs"),
      optional("admin:federation", "/api/admin/peers"),
    ]);
    S.agents = new Map(((agents && agents.agents) || agents || []).map((a) => [a.id, a]));
    S.tasks = new Map(((tasks && tasks.tasks) || []).map((t) => [t.id, t]));
    S.approvals = (approvals && approvals.approvals) || [];
    S.templates = (templates && templates.templates) || [];
    S.messages = ((messages && messages.messages) || []).slice().sort((a, b) => a.id - b.id);
    S.logs = (events && events.events) || [];
    S.spend = costs ? costs.total_cost_usd : null;
    S.peers = peers ? peers.peers : null;
    M.changed();
  }

  async function demoLoop() {
    for (;;) {
      try {
        const snap = await M.api("GET", "/api/demo/snapshot");
        S.agents = new Map(snap.agents.map((a) => [a.id, a]));
        S.tasks = new Map(snap.tasks.map((t) => [t.id, t]));
        S.logs = snap.events;
        S.messages = snap.messages.slice().sort((a, b) => a.id - b.id);
        S.pending = snap.pending_approvals;
        setLive(true);
        M.changed();
      } catch (e) {
        setLive(false);
        if (e.status === 429) M.toast("demo rate limit reached: slowing down", true);
      }
      await sleep(10000);
    }
  }

  // ---- sign-in ----------------------------------------------------------
  function showLogin(show) {
    $("login").classList.toggle("hidden", !show);
    $("view").classList.toggle("hidden", show);
    $("tabs").classList.toggle("hidden", show);
    $("logout").classList.toggle("hidden", show || demo);
  }

  function signedOut() {
    streamGen++;
    if (M.stopStream) M.stopStream();
    sessionStorage.removeItem(TOKEN_KEY);
    S.me = null;
    S.perms = new Set();
    $("who").textContent = "";
    setLive(false);
    showLogin(true);
    $("login-user").focus();
  }

  async function signedIn() {
    const me = await M.api("GET", "/api/whoami");
    S.me = me;
    S.perms = new Set(me.permissions);
    $("who").textContent = me.name;
    showLogin(false);
    await load();
    route();
    stream();
  }

  async function boot() {
    if ("serviceWorker" in navigator && !demo) {
      navigator.serviceWorker.register("/sw.js").catch(() => {});
    }
    $("logout").addEventListener("click", async () => {
      try {
        if (!sessionStorage.getItem(TOKEN_KEY)) await M.api("POST", "/api/web/logout");
      } catch (_) {
        /* signed out below either way */
      }
      signedOut();
    });
    $("login-form").addEventListener("submit", async (ev) => {
      ev.preventDefault();
      $("login-error").textContent = "";
      try {
        sessionStorage.removeItem(TOKEN_KEY);
        await M.api("POST", "/api/web/login", {
          username: $("login-user").value,
          password: $("login-pass").value,
        });
        $("login-pass").value = "";
        await signedIn();
      } catch (e) {
        $("login-error").textContent = e.message;
      }
    });
    $("token-form").addEventListener("submit", async (ev) => {
      ev.preventDefault();
      $("login-error").textContent = "";
      const t = $("token-input").value.trim();
      if (!t) return;
      sessionStorage.setItem(TOKEN_KEY, t);
      $("token-input").value = "";
      try {
        await signedIn();
      } catch (e) {
        sessionStorage.removeItem(TOKEN_KEY);
        showLogin(true);
        $("login-error").textContent = e.message;
      }
    });
    window.addEventListener("hashchange", route);
    if (demo) {
      $("mode").textContent = "DEMO · read-only";
      S.perms = new Set(["tasks:read", "agents:read", "messages:read"]);
      showLogin(false);
      route();
      demoLoop();
      return;
    }
    try {
      await signedIn();
    } catch (_) {
      signedOut();
    }
  }

  // ---- routing ----------------------------------------------------------
  function chrome() {
    const pending = demo ? S.pending : S.approvals.length;
    const c = $("approvals-count");
    c.textContent = String(pending);
    c.classList.toggle("hidden", !pending);
  }

  function route() {
    const hash = location.hash.replace(/^#/, "") || "dashboard";
    const [name, arg] = hash.split("/");
    for (const a of document.querySelectorAll("#tabs a")) {
      const perm = a.dataset.perm;
      a.classList.toggle("hidden", !!perm && !S.perms.has(perm));
      if (a.dataset.view === name || (name === "task" && a.dataset.view === "tasks")) {
        a.setAttribute("aria-current", "page");
      } else a.removeAttribute("aria-current");
    }
    const make = M.views && (M.views[name] || M.views.dashboard);
    if (M.current && M.current.leave) M.current.leave();
    const el = $("view");
    el.replaceChildren();
    M.current = make(el, arg ? decodeURIComponent(arg) : undefined);
    chrome();
    if (M.current.update) M.current.update();
  }
  M.route = route;

  document.addEventListener("DOMContentLoaded", boot);
})();
