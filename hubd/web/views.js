// The views. Each is a function (element, argument) that builds its static
// part once and returns { update, leave }: update() redraws the live parts
// from M3.S without touching inputs the user is typing in. DOM is built with
// textContent only: no HTML from data, no inline styles or scripts.
(() => {
  "use strict";
  const M = (window.M3 = window.M3 || {});
  const S = () => M.S;

  /// h("div.card", {attrs}, ...children): an element; strings become text.
  function h(spec, attrs, ...kids) {
    const [tag, ...classes] = spec.split(".");
    const el = document.createElement(tag || "div");
    if (classes.length) el.className = classes.join(" ");
    if (attrs && (typeof attrs !== "object" || attrs instanceof Node || Array.isArray(attrs))) {
      kids.unshift(attrs);
      attrs = null;
    }
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
      else if (k === "text") el.textContent = v;
      else el.setAttribute(k, v === true ? "" : String(v));
    }
    for (const kid of kids.flat(Infinity)) {
      if (kid === null || kid === undefined || kid === false) continue;
      el.appendChild(kid instanceof Node ? kid : document.createTextNode(String(kid)));
    }
    return el;
  }
  M.h = h;

  const badge = (status) => h("span.badge.s-" + status, status.replace("_", " "));
  const short = (id) => (id || "").slice(0, 8);
  const time = (ts) => (ts ? new Date(ts).toLocaleTimeString([], { hour12: false }) : "");
  const money = (v) => "$" + (v || 0).toFixed(2);

  async function act(fn, ok) {
    try {
      await fn();
      if (ok) M.toast(ok);
    } catch (e) {
      M.toast(e.message, true);
    }
  }

  function tasksSorted() {
    return [...S().tasks.values()].sort((a, b) => (a.created_at < b.created_at ? 1 : -1));
  }

  // ---- Dashboard --------------------------------------------------------
  function summary() {
    const s = S();
    const agents = [...s.agents.values()];
    const online = agents.filter((a) => a.status !== "offline").length;
    const running = [...s.tasks.values()].filter((t) => t.status === "running" || t.status === "assigned").length;
    const pending = M.demo ? s.pending : s.approvals.length;
    let spend = s.spend;
    if (spend === null) {
      const today = new Date().toISOString().slice(0, 10);
      spend = [...s.tasks.values()]
        .filter((t) => (t.created_at || "").startsWith(today))
        .reduce((n, t) => n + (t.cost_usd || 0), 0);
    }
    const stat = (n, l, id) => h("div.stat", { id }, h("div.n", String(n)), h("div.l", l));
    return h(
      "section.summary",
      { "aria-label": "Summary" },
      stat(online + "/" + agents.length, "agents online", "stat-online"),
      stat(running, "tasks running", "stat-running"),
      stat(pending, "pending approvals", "stat-pending"),
      stat(money(spend), "spend today", "stat-spend"),
    );
  }

  function agentCard(a) {
    const slots = Math.max(1, a.max_concurrent);
    const rep = (a.reputation || []).reduce(
      (acc, r) => [acc[0] + r.successes, acc[1] + r.failures],
      [0, 0],
    );
    const repText = rep[0] + rep[1] ? Math.round((100 * rep[0]) / (rep[0] + rep[1])) + "% of " + (rep[0] + rep[1]) : "–";
    const active = M.activeTasks(a);
    const fill = h("span");
    fill.style.width = Math.min(100, (100 * active) / slots) + "%";
    const status = a.status !== "offline" && active > 0 ? "busy" : a.status;
    return h(
      "article.card.agent",
      { "data-agent": a.id },
      h("div.row", h("h3", a.name || a.id), badge(status)),
      h(
        "div.kv",
        h("span", "machine"), h("b", a.machine || "–"),
        h("span", "slots"), h("b", active + " / " + a.max_concurrent),
        h("span", "circuit"), h("b", badge(a.circuit)),
        h("span", "reputation"), h("b", repText),
        h("span", "skills"), h("b", (a.capabilities || []).join(", ") || "–"),
      ),
      h("div.bar", { role: "presentation" }, fill),
    );
  }

  function dashboard(el) {
    const sum = h("div");
    const grid = h("div.grid", { id: "agents" });
    el.append(h("h1.sr", "Dashboard"), sum, h("h2", "Agents"), grid);
    let agentsKey = null;
    return {
      update() {
        sum.replaceChildren(summary());
        const agents = [...S().agents.values()].sort((a, b) => a.id.localeCompare(b.id));
        const key = JSON.stringify(agents.map((a) => [a, M.activeTasks(a)]));
        if (key === agentsKey) return;
        agentsKey = key;
        grid.replaceChildren(...(agents.length ? agents.map(agentCard) : [h("p.empty", "No agents yet.")]));
      },
    };
  }

  // ---- Tasks ------------------------------------------------------------
  const COLUMNS = [
    ["Waiting", ["blocked", "queued"]],
    ["Running", ["assigned", "running"]],
    ["Done", ["done"]],
    ["Failed", ["failed", "cancelled", "suspended"]],
  ];

  function taskCard(t) {
    const meta = [h("span", t.assigned_to || "unassigned"), badge(t.status)];
    if (typeof t.confidence === "number") meta.push(h("span.badge.conf", "conf " + t.confidence.toFixed(2)));
    if (t.deadline) {
      const late = new Date(t.deadline) < new Date() && !["done", "failed", "cancelled"].includes(t.status);
      meta.push(h("span.badge" + (late ? ".late" : ""), (late ? "overdue " : "due ") + time(t.deadline)));
    }
    if (t.requires_approval && ["blocked", "queued"].includes(t.status)) meta.push(h("span.badge.s-pending", "needs approval"));
    return h(
      "a.card.task",
      { href: "#task/" + encodeURIComponent(t.id), "data-task": t.id },
      h("div.title", t.title || t.prompt),
      h("div.meta", meta),
    );
  }

  function templateForm(tpl, box) {
    const inputs = tpl.variables.map((v) => {
      const id = "var-" + tpl.id + "-" + v;
      return [h("label", { for: id }, v), h("input", { id, name: v, required: true })];
    });
    const form = h(
      "form.card.form",
      { "aria-label": "Dispatch " + tpl.name },
      h("h3", "Dispatch " + tpl.name),
      tpl.description ? h("p.hint", tpl.description) : null,
      inputs,
      h("div.actions", h("button.primary", { type: "submit" }, "Dispatch"), h("button", { type: "button", onclick: () => box.replaceChildren() }, "Cancel")),
    );
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const variables = {};
      for (const v of tpl.variables) variables[v] = form.elements[v].value;
      dispatch(tpl, variables, box);
    });
    box.replaceChildren(form);
    const first = form.querySelector("input");
    if (first) first.focus();
  }

  function dispatch(tpl, variables, box) {
    act(async () => {
      const t = await M.api("POST", "/api/templates/" + encodeURIComponent(tpl.id) + "/dispatch", { variables });
      M.S.tasks.set(t.id, t);
      box.replaceChildren();
      location.hash = "#task/" + encodeURIComponent(t.id);
    }, "Dispatched " + tpl.name);
  }

  function tasks(el) {
    const chips = h("div.chips", { id: "chips", role: "group", "aria-label": "Templates" });
    const formBox = h("div");
    const board = h("div.board", { id: "board" });
    el.append(h("h1.sr", "Tasks"));
    if (M.can("tasks:write")) {
      const input = h("input", { id: "new-prompt", "aria-label": "New task prompt", placeholder: "New task: what should the mesh do?" });
      const form = h("form.newtask", input, h("button.primary", { type: "submit" }, "Submit"));
      form.addEventListener("submit", (ev) => {
        ev.preventDefault();
        if (!input.value.trim()) return;
        act(async () => {
          const t = await M.api("POST", "/api/tasks", { prompt: input.value });
          M.S.tasks.set(t.id, t);
          input.value = "";
          M.changed();
        }, "Task submitted");
      });
      el.append(h("h2", "Templates"), chips, formBox, form);
    }
    el.append(board);
    let chipKey = null;
    let boardKey = null;
    return {
      update() {
        if (M.can("tasks:write")) {
          const key = S().templates.map((t) => t.id).join();
          if (key !== chipKey) {
            chipKey = key;
            chips.replaceChildren(
              ...S().templates.map((tpl) =>
                h("button.chip", {
                  type: "button",
                  "data-template": tpl.name,
                  title: tpl.description || tpl.prompt_template,
                  onclick: () => (tpl.variables.length ? templateForm(tpl, formBox) : dispatch(tpl, {}, formBox)),
                }, tpl.name),
              ),
            );
            if (!S().templates.length) chips.replaceChildren(h("p.empty", "No templates yet (m3shd template add)."));
          }
        }
        const all = tasksSorted();
        // Redraw only on a change, so keyboard focus on a card stays put.
        const key = all.map((t) => t.id + t.status + t.updated_at).join();
        if (key === boardKey) return;
        boardKey = key;
        board.replaceChildren(
          ...COLUMNS.map(([name, statuses]) => {
            const list = all.filter((t) => statuses.includes(t.status));
            return h(
              "section.col",
              { "aria-label": name },
              h("h2", h("span", name), h("span.hint", String(list.length))),
              h("div.list", list.slice(0, 40).map(taskCard)),
            );
          }),
        );
      },
    };
  }

  function task(el, id) {
    const head = h("div");
    const out = h("pre.output", { id: "task-output", "aria-live": "polite", tabindex: "0" });
    const extra = h("div");
    el.append(
      h("a.back", { href: "#tasks" }, "← Tasks"),
      head,
      h("h2", "Output"),
      out,
      extra,
    );
    let asked = 0;
    /// The graph and, once done, the provenance verdict; the last answer wins.
    async function details() {
      if (M.demo) return;
      const mine = ++asked;
      try {
        const t = await M.api("GET", "/api/tasks/" + encodeURIComponent(id));
        M.S.tasks.set(t.id, t);
        M.changed();
        const g = await M.api("GET", "/api/tasks/" + encodeURIComponent(id) + "/graph");
        const rows = g.nodes.filter((n) => n.id !== id).map((n) =>
          h("li", h("a", { href: "#task/" + encodeURIComponent(n.id) }, short(n.id)), " ", badge(n.status), " ", n.role || "", " ", n.title));
        const parts = [h("h2", "Graph"), rows.length ? h("ul", rows) : h("p.empty", "No parents, children or protocol steps.")];
        if (t.status === "done") {
          const p = await M.api("GET", "/api/tasks/" + encodeURIComponent(id) + "/provenance");
          parts.push(
            h("h2", "Provenance"),
            h("p", p.verified ? h("span.badge.s-done", "verified") : h("span.badge.s-failed", "not verified"),
              " ", p.chain.length + " link(s)", p.reason ? " · " + p.reason : ""),
          );
        }
        if (mine === asked) extra.replaceChildren(...parts);
      } catch (_) {
        /* the live parts still show */
      }
    }
    details();
    let finalAsked = false;
    let shownHead = null;
    return {
      update() {
        const t = S().tasks.get(id);
        if (!t) {
          head.replaceChildren(h("h1", "Task " + short(id)));
          return;
        }
        const headKey = t.status + t.updated_at + t.assigned_to;
        if (headKey !== shownHead) {
          shownHead = headKey;
          header(t);
        }
        const live = S().output.get(id) || "";
        const text = t.output || live || (t.error ? "error: " + t.error : "");
        if (out.textContent !== (text || "waiting for output…")) out.textContent = text || "waiting for output…";
        if (t.status === "done" && !finalAsked) {
          finalAsked = true;
          details();
        }
      },
    };
    function header(t) {
        const actions = [];
        if (M.can("tasks:write") && ["queued", "blocked", "assigned", "running"].includes(t.status)) {
          actions.push(h("button.bad", { type: "button", onclick: () => act(() => M.api("POST", "/api/tasks/" + encodeURIComponent(id) + "/cancel", {}), "Cancelled") }, "Cancel"));
        }
        if (M.can("tasks:write") && ["failed", "cancelled"].includes(t.status)) {
          actions.push(h("button", { type: "button", onclick: () => act(() => M.api("POST", "/api/tasks/" + encodeURIComponent(id) + "/retry", {}), "Retrying") }, "Retry"));
        }
        head.replaceChildren(
          h("h1", t.title || short(t.id)),
          h("div.meta", badge(t.status), h("span", t.assigned_to || "unassigned"),
            typeof t.confidence === "number" ? h("span.badge.conf", "conf " + t.confidence.toFixed(2)) : null,
            h("span", "id " + short(t.id)), h("span", "attempt " + t.attempts + "/" + t.max_attempts)),
          h("p.hint", t.prompt),
          actions.length ? h("div.actions", actions) : null,
        );
    }
  }

  // ---- Approvals --------------------------------------------------------
  function approvals(el) {
    const list = h("div.grid", { id: "approvals" });
    el.append(h("h1", "Approvals"), list);
    let shown = null;
    return {
      update() {
        if (M.demo) {
          list.replaceChildren(h("p.empty", S().pending + " pending (hidden in the demo)."));
          return;
        }
        const items = S().approvals;
        const key = items.map((a) => a.id).join();
        if (key === shown) return;
        shown = key;
        list.replaceChildren(
          ...(items.length ? items.map((a) =>
            h("article.card.approval", { "data-approval": a.id },
              h("div.row", h("h3", a.action), badge(a.status)),
              h("p.desc", a.description || ""),
              h("div.meta", h("span", "from " + a.agent), a.task_id ? h("a", { href: "#task/" + encodeURIComponent(a.task_id) }, "task " + short(a.task_id)) : null, h("span", time(a.created_at))),
              M.can("agents:write")
                ? h("div.actions",
                  h("button.ok", { type: "button", "data-decide": "approve", onclick: () => decide(a, "approve") }, "Approve"),
                  h("button.bad", { type: "button", "data-decide": "reject", onclick: () => decide(a, "reject") }, "Reject"))
                : null,
            )) : [h("p.empty", "Nothing waits for you.")]),
        );
      },
    };
  }

  function decide(a, decision) {
    act(async () => {
      await M.api("PUT", "/api/approvals/" + encodeURIComponent(a.id), { decision });
      M.S.approvals = M.S.approvals.filter((x) => x.id !== a.id);
      M.changed();
    }, decision === "approve" ? "Approved" : "Rejected");
  }

  // ---- Chat -------------------------------------------------------------
  // A line runs through the command grammar exactly as over iMessage
  // (POST /api/text, with this login's own permissions): a command's reply
  // comes back as a bubble from the mesh; free text is a chat message, which
  // (with a chat agent's answer) arrives on the event stream like any other.
  const me = () => (S().me ? S().me.name : "");
  let localSeq = 0;
  function say(sender, content, extra) {
    const m = Object.assign({ id: "local-" + ++localSeq, ts: new Date().toISOString(), sender, content }, extra);
    M.S.localChat.push(m);
    if (M.S.localChat.length > 200) M.S.localChat.splice(0, M.S.localChat.length - 200);
    return m;
  }

  async function runLine(line) {
    const mine = say(me(), line);
    const wait = say("m3shd", "…", { pending: true });
    M.changed();
    let r;
    try {
      r = await M.api("POST", "/api/text", { text: line });
    } catch (e) {
      r = { reply: "error: " + e.message, is_command: true, error: "failed", data: null };
    }
    const drop = (m) => (M.S.localChat = M.S.localChat.filter((x) => x !== m));
    drop(wait);
    if (!r.is_command && !r.error) {
      // Free text: the message itself (and an answer) come on the stream.
      drop(mine);
      const posted = r.data && r.data.message;
      if (posted && !M.S.messages.some((x) => x.id === posted.id)) M.S.messages.push(posted);
      const answer = r.data && r.data.reply;
      if (answer && !M.S.messages.some((x) => x.id === answer.id)) M.S.messages.push(answer);
      if (!answer) say("m3shd", r.reply, { note: true });
    } else {
      say("m3shd", r.reply, { error: !!r.error, command: r.command });
    }
    M.changed();
  }

  function chat(el) {
    const list = h("div.chat", { id: "chat", "aria-live": "polite" });
    el.append(h("h1", "Chat"), list);
    if (M.can("tasks:read")) {
      const input = h("input", {
        id: "chat-input",
        "aria-label": "Command or message",
        placeholder: "status, do …, approve, help — or a message",
        autocomplete: "off",
      });
      const form = h("form.chatform", input, h("button.primary", { type: "submit" }, "Send"));
      form.addEventListener("submit", (ev) => {
        ev.preventDefault();
        const line = input.value.trim();
        if (!line) return;
        input.value = "";
        runLine(line);
      });
      el.append(form);
    }
    let shown = null;
    return {
      update() {
        const msgs = S().messages.concat(S().localChat).sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0)).slice(-150);
        const key = msgs.map((m) => m.id + (m.pending ? "…" : "")).join();
        if (key === shown) return;
        shown = key;
        list.replaceChildren(
          ...(msgs.length ? msgs.map((m) => {
            const who = m.sender.replace(/^user:/, "");
            const cls = who === me() ? ".me" : who === "m3shd" ? ".mesh" + (m.error ? ".bad" : "") : /archon/i.test(who) ? ".archon" : /rex/i.test(who) ? ".rex" : "";
            return h("div.bubble" + cls, { "data-local": m.id.toString().startsWith("local-") ? "1" : null, "data-command": m.command || null },
              h("div.from", who + " · " + time(m.ts)), h(m.sender === "m3shd" ? "pre.text" : "div", m.content));
          }) : [h("p.empty", "No messages yet. Type help to see the commands.")]),
        );
        list.lastElementChild && list.lastElementChild.scrollIntoView && list.lastElementChild.scrollIntoView({ block: "nearest" });
      },
    };
  }

  // ---- Logs -------------------------------------------------------------
  function logClass(type) {
    if (/completed|done/.test(type)) return "t-done";
    if (/failed|offline|exceeded|escalation/.test(type)) return "t-fail";
    if (type.startsWith("task_")) return "t-task";
    if (type.startsWith("agent_")) return "t-agent";
    if (type.startsWith("approval_") || type.startsWith("message_")) return "t-approval";
    return "t-other";
  }

  function describe(rec) {
    const d = rec.data || {};
    if (d.task) return short(d.task.id) + " " + d.task.status + " · " + (d.task.title || "");
    if (rec.type === "task_output") return short(d.task_id) + " " + (d.chunk || "").slice(0, 120);
    if (d.agent) return d.agent.id + " " + d.agent.status + (d.reason ? " · " + d.reason : "");
    if (d.approval) return d.approval.action + " " + d.approval.status + " · " + (d.approval.description || "");
    if (d.message) return d.message.sender + ": " + d.message.content;
    if (d.reason) return d.reason;
    return Object.keys(d).length ? JSON.stringify(d).slice(0, 160) : "";
  }

  function logs(el) {
    const filter = h("input", { id: "log-filter", "aria-label": "Filter events", placeholder: "filter: type or text" });
    const list = h("div.logs", { id: "logs", role: "log" });
    el.append(h("h1", "Logs"), h("div.logbar", filter), list);
    const self = {
      update() {
        const f = filter.value.trim().toLowerCase();
        const rows = S().logs.slice().reverse().filter((r) => !f || (r.type + " " + describe(r)).toLowerCase().includes(f)).slice(0, 250);
        list.replaceChildren(
          ...(rows.length ? rows.map((r) =>
            h("div.line", { "data-type": r.type }, h("span.ts", time(r.ts)), h("span.ty." + logClass(r.type), r.type), h("span.tx", describe(r)))) : [h("p.empty", "No events.")]),
        );
      },
    };
    filter.addEventListener("input", () => self.update());
    return self;
  }

  // ---- Mesh and analytics (drawing in charts.js) -------------------------
  function mesh(el) {
    const canvas = h("canvas.mesh", { id: "mesh", role: "img", "aria-label": "Force graph of the hub, its agents and peer hubs" });
    // The same nodes in words, for screen readers (and tests).
    const words = h("ul.sr", { id: "mesh-nodes", "aria-label": "Mesh nodes" });
    const peerLegend = h("span.l-peers.hidden",
      h("span.l-peer", "peer hubs:"), h("span.l-peer-online", "online"),
      h("span.l-peer-unreachable", "unreachable"), h("span.l-peer-refused", "refused"));
    el.append(
      h("h1", "Mesh"),
      h("div.meshwrap", canvas),
      words,
      h("div.legend",
        h("span.l-hub", "hub"), h("span.l-on", "online"), h("span.l-busy", "busy"), h("span.l-off", "offline"),
        peerLegend,
        h("span", "size: slots · particles: running tasks")),
    );
    const view = M.mesh(canvas);
    // Peer status changes are not events: ask again while the view is open.
    const poll = M.can("admin:federation") ? setInterval(() => M.loadPeers(), 5000) : 0;
    let shown = null;
    return {
      update() {
        view.update();
        const nodes = M.meshNodes();
        const key = JSON.stringify(nodes.map((n) => [n.key, n.status]));
        if (key === shown) return;
        shown = key;
        peerLegend.classList.toggle("hidden", !nodes.some((n) => n.kind === "peer"));
        words.replaceChildren(...nodes.map((n) =>
          h("li", { "data-node": n.key, "data-status": n.status }, (n.kind === "peer" ? "peer hub " : "agent ") + n.label + ": " + n.status)));
      },
      leave() {
        clearInterval(poll);
        view.stop();
      },
    };
  }

  function analytics(el) {
    const box = h("div.charts", { id: "charts" });
    el.append(h("h1", "Analytics"), h("p.hint", "Last 14 days"), box);
    (async () => {
      try {
        const [t, c, a] = await Promise.all([
          M.api("GET", "/api/admin/analytics/tasks?days=14"),
          M.api("GET", "/api/admin/analytics/costs?days=14"),
          M.api("GET", "/api/admin/analytics/agents?days=14"),
        ]);
        const card = (title, chart) => h("section.card", h("h2", title), chart);
        box.append(
          card("Tasks by status", M.bars(Object.entries(t.by_status), "#c084fc")),
          card("Tasks by agent", M.bars(Object.entries(t.by_agent), "#f5a524")),
          card("Tasks per day", M.line(Object.entries(t.by_day), "#34d399", (v) => String(v))),
          card("Cost per day (USD)", M.line(Object.entries(c.by_day), "#f5a524", (v) => "$" + v.toFixed(2))),
          card("Uptime per agent (%)", M.bars(a.agents.map((s) => [s.agent_id, Math.round(s.uptime_pct)]), "#34d399")),
          card("Done per agent", M.bars(a.agents.map((s) => [s.agent_id, s.done]), "#7cb8ff")),
          card("Memories per agent", M.bars(a.agents.map((s) => [s.agent_id, s.memories || 0]), "#c084fc")),
        );
      } catch (e) {
        box.append(h("p.error", e.message));
      }
    })();
    return {};
  }

  M.views = { dashboard, tasks, task, approvals, chat, logs, mesh, analytics };
})();
