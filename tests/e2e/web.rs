//! The browser dashboard in headless Chromium against the real hub and a
//! real worker: log in, see the agents, dispatch a template from its chip
//! and watch the output arrive, approve a gated task, see the log line,
//! reach every control by keyboard, check text contrast, and save
//! screenshots at phone and desktop sizes. Demo mode: read-only, redacted,
//! and refused when it tries to change anything.

use std::path::PathBuf;
use std::time::Duration;

use serde_json::{Value, json};

use crate::browser::Browser;
use crate::harness::{Hub, TOKEN, Worker, WorkerSpec, agents_online, task_reaches};

const ADMIN: &str = "ada";
const PASSWORD: &str = "correct horse battery staple";

/// Where the screenshots go: `target/web-screenshots/`.
fn shots() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"))
        .join("web-screenshots")
}

async fn api(hub: &Hub, method: reqwest::Method, path: &str, body: Value) -> Value {
    // A test run alone has no crypto provider yet (reqwest needs one).
    let _ = rustls::crypto::ring::default_provider().install_default();
    let r = reqwest::Client::new()
        .request(method, format!("{}{path}", hub.url))
        .bearer_auth(TOKEN)
        .json(&body)
        .send()
        .await
        .expect("send");
    let status = r.status();
    let v: Value = r.json().await.unwrap_or_default();
    assert!(status.is_success(), "{path}: {status} {v}");
    v
}

/// Every visible text against its effective background, WCAG 2 contrast:
/// 4.5:1, or 3:1 for large text. Gradient-filled text and text over a
/// gradient are skipped (counted). Returns [checked, skipped, failures].
const CONTRAST: &str = r#"
const parse = (c) => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null;
  const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
const over = (top, bottom) => { const a = top[3]; return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat(1); };
function background(el) {
  const layers = [];
  for (let e = el; e; e = e.parentElement) {
    const s = getComputedStyle(e);
    if (s.backgroundImage && s.backgroundImage !== "none") return null;
    const c = parse(s.backgroundColor);
    if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
  }
  let bg = [11, 13, 18, 1];
  for (let i = layers.length - 1; i >= 0; i--) bg = over(layers[i], bg);
  return bg;
}
let checked = 0, skipped = 0; const failures = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
const seen = new Set();
while (walker.nextNode()) {
  const node = walker.currentNode; const el = node.parentElement;
  if (!node.textContent.trim() || !el || seen.has(el)) continue;
  seen.add(el);
  const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
  if (r.width === 0 || r.height === 0 || s.visibility === "hidden" || s.opacity === "0") continue;
  if (el.closest(".sr")) continue;
  const fg = parse(s.color); const bg = background(el);
  if (!fg || fg[3] === 0 || !bg) { skipped++; continue; }
  const f = over(fg, bg); const l1 = lum(f), l2 = lum(bg);
  const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
  const size = parseFloat(s.fontSize); const bold = parseInt(s.fontWeight, 10) >= 700;
  const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
  checked++;
  if (ratio < need) failures.push(el.tagName + "." + el.className + " '" + node.textContent.trim().slice(0, 30) + "' " + ratio.toFixed(2));
}
return [checked, skipped, failures];
"#;

/// Mark every visible control, then count which ones focus lands on.
const MARK_CONTROLS: &str = r#"
const sel = 'a[href], button:not([disabled]), input:not([disabled]), select, textarea, [tabindex]:not([tabindex="-1"])';
const els = [...document.querySelectorAll(sel)].filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== "hidden"; });
els.forEach((e, i) => e.dataset.kb = String(i));
window.__focused = new Set();
if (!window.__kbListener) { window.__kbListener = true;
  document.addEventListener("focusin", (ev) => { if (ev.target.dataset && ev.target.dataset.kb) window.__focused.add(ev.target.dataset.kb); }); }
document.activeElement && document.activeElement.blur();
window.scrollTo(0, 0);
return els.length;
"#;

const UNREACHED: &str = r#"
return [...document.querySelectorAll("[data-kb]")].filter((e) => !window.__focused.has(e.dataset.kb))
  .map((e) => e.tagName + " " + (e.textContent || e.getAttribute("aria-label") || "").trim().slice(0, 30));
"#;

async fn keyboard_reaches_every_control(b: &Browser, view: &str) {
    let n = b
        .js(MARK_CONTROLS, json!([]))
        .await
        .as_u64()
        .expect("count");
    assert!(n > 0, "{view}: no controls");
    for _ in 0..n + 3 {
        b.tab().await;
    }
    let missed = b.js(UNREACHED, json!([])).await;
    assert_eq!(missed, json!([]), "{view}: not reachable by Tab");
}

async fn contrast_is_sufficient(b: &Browser, view: &str) {
    let r = b.js(CONTRAST, json!([])).await;
    assert!(
        r[0].as_u64().unwrap_or(0) > 5,
        "{view}: too little text checked: {r}"
    );
    assert_eq!(r[2], json!([]), "{view}: low contrast text");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_runs_the_mesh_from_a_browser() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hub = Hub::start(&dir.path().join("hub"), 10);
    let client = hub.client();
    api(
        &hub,
        reqwest::Method::POST,
        "/api/admin/users",
        json!({"username": ADMIN, "password": PASSWORD, "role": "admin"}),
    )
    .await;
    api(
        &hub,
        reqwest::Method::POST,
        "/api/templates",
        json!({
        "name": "greet", "description": "Say hello to someone",
        "prompt_template": "echo hello {name} from the mesh"}),
    )
    .await;
    api(
        &hub,
        reqwest::Method::POST,
        "/api/templates",
        json!({
        "name": "stats", "prompt_template": "text_stats {text}"}),
    )
    .await;
    let _rex = Worker::start(&hub.url, &dir.path().join("w"), WorkerSpec::named("rex", 2));
    let _archon = Worker::start(
        &hub.url,
        &dir.path().join("w"),
        WorkerSpec::named("archon", 4),
    );
    agents_online(&client, 2).await;
    let gated = api(&hub, reqwest::Method::POST, "/api/tasks", json!({
        "prompt": "echo deploy approved", "title": "Deploy the release", "requires_approval": true})).await;
    let gated_id = gated["id"].as_str().expect("id").to_string();

    let b = Browser::start().await;
    b.size(1440, 900).await;
    b.goto(&format!("{}/", hub.url)).await;
    // Log in with a user and password: the session becomes a cookie.
    b.type_into("#login-user", ADMIN).await;
    b.type_into("#login-pass", PASSWORD).await;
    b.click("#login-submit").await;
    b.wait_true(
        "signed in",
        "return document.getElementById('who').textContent === 'ada';",
    )
    .await;
    b.wait_true(
        "cookie is HttpOnly",
        "return !document.cookie.includes('m3shd_session');",
    )
    .await;
    // The agents.
    b.find("[data-agent='rex']").await;
    b.find("[data-agent='archon']").await;
    b.wait_true(
        "live",
        "return document.getElementById('live').classList.contains('on');",
    )
    .await;
    b.wait_true(
        "summary",
        "return document.getElementById('stat-online').textContent.startsWith('2/2');",
    )
    .await;
    b.wait_true(
        "pending approval counted",
        "return document.getElementById('stat-pending').textContent.startsWith('1');",
    )
    .await;

    // A template chip, its form, and the task's live page.
    b.goto(&format!("{}/#tasks", hub.url)).await;
    b.click("button.chip[data-template='greet']").await;
    b.type_into("form[aria-label='Dispatch greet'] input", "world")
        .await;
    b.click("form[aria-label='Dispatch greet'] button[type='submit']")
        .await;
    b.wait_true("task page", "return location.hash.startsWith('#task/');")
        .await;
    b.wait_true("output arrives",
        "return document.getElementById('task-output').textContent.includes('hello world from the mesh');").await;
    b.wait_true(
        "done",
        "return !!document.querySelector('#view .badge.s-done');",
    )
    .await;

    // Approve the gated task with one tap; it runs.
    b.goto(&format!("{}/#approvals", hub.url)).await;
    b.click("button[data-decide='approve']").await;
    task_reaches(
        &client,
        &gated_id,
        m3shd_api::TaskStatus::Done,
        Duration::from_secs(30),
    )
    .await;
    b.wait_true(
        "approval gone",
        "return !document.querySelector('[data-decide]');",
    )
    .await;

    // The log shows it live.
    b.goto(&format!("{}/#logs", hub.url)).await;
    b.find(".line[data-type='approval_decided']").await;
    api(
        &hub,
        reqwest::Method::POST,
        "/api/messages",
        json!({"content": "ping from the operator"}),
    )
    .await;
    b.wait_true("new log line",
        "return [...document.querySelectorAll('.line')].some((l) => l.textContent.includes('ping from the operator'));").await;
    b.type_into("#log-filter", "approval").await;
    b.wait_true("filtered", "return [...document.querySelectorAll('.line')].every((l) => l.dataset.type.startsWith('approval'));").await;

    // Chat runs the command grammar as over iMessage: a command's reply is
    // the grammar's own text; free text is a chat message.
    b.goto(&format!("{}/#chat", hub.url)).await;
    b.type_into("#chat-input", "status").await;
    b.click("form.chatform button[type='submit']").await;
    b.wait_true("the status reply",
        "return [...document.querySelectorAll('.bubble.mesh[data-command=status]')].some((m) => m.textContent.includes('agents: 2 online of 2'));").await;
    let typed = b
        .js(
            "return [...document.querySelectorAll('.bubble.me')].map((m) => m.textContent);",
            json!([]),
        )
        .await;
    assert!(
        typed.to_string().contains("status"),
        "the line shows as typed: {typed}"
    );
    b.type_into("#chat-input", "do echo typed in the chat")
        .await;
    b.click("form.chatform button[type='submit']").await;
    b.wait_true("the do reply",
        "return [...document.querySelectorAll('.bubble.mesh[data-command=do]')].some((m) => m.textContent.includes('queued as task'));").await;
    b.type_into("#chat-input", "hello from the browser").await;
    b.click("form.chatform button[type='submit']").await;
    b.wait_true("bubble", "return [...document.querySelectorAll('.bubble.me')].some((m) => m.textContent.includes('hello from the browser') && !m.dataset.local);").await;
    b.wait_true("no chat agent", "return [...document.querySelectorAll('.bubble.mesh')].some((m) => m.textContent.includes('no chat agent is online'));").await;
    let lines = client
        .messages(&Default::default())
        .await
        .expect("messages");
    assert!(
        lines.iter().any(|m| m.content == "hello from the browser"),
        "free text is posted as a message: {lines:?}"
    );
    assert!(
        !lines.iter().any(|m| m.content == "status"),
        "a command is not a message"
    );

    // Analytics: memory counts per agent.
    for key in ["editor", "lunch"] {
        api(
            &hub,
            reqwest::Method::POST,
            "/api/agents/rex/memory",
            json!({"key": key, "value": "remembered"}),
        )
        .await;
    }
    b.goto(&format!("{}/#analytics", hub.url)).await;
    b.wait_true("memories per agent",
        "return [...document.querySelectorAll('#charts section')].some((c) => c.textContent.includes('Memories per agent') && c.querySelector('title') && c.querySelector('title').textContent.includes('rex: 2'));").await;

    // Keyboard and contrast on every view.
    for view in [
        "dashboard",
        "tasks",
        "approvals",
        "chat",
        "logs",
        "mesh",
        "analytics",
    ] {
        b.goto(&format!("{}/#{view}", hub.url)).await;
        let ready = format!(
            "return document.querySelector('#tabs a[data-view={view}]').getAttribute('aria-current') === 'page';"
        );
        b.wait_true(view, &ready).await;
        keyboard_reaches_every_control(&b, view).await;
        contrast_is_sufficient(&b, view).await;
    }

    // Screenshots at desktop and phone sizes, with work in flight.
    for (title, ms) in [
        ("Summarise the weekly metrics", 60_000),
        ("Draft the release notes", 60_000),
        ("Index the docs", 60_000),
    ] {
        api(
            &hub,
            reqwest::Method::POST,
            "/api/tasks",
            json!({"prompt": format!("sleep {ms}"), "title": title}),
        )
        .await;
    }
    b.goto(&format!("{}/#tasks", hub.url)).await;
    b.wait_true(
        "three running",
        "return document.querySelectorAll('a.task .s-running').length === 3;",
    )
    .await;
    b.js(
        "document.activeElement && document.activeElement.blur(); \
          document.querySelectorAll('.toast').forEach((t) => t.classList.remove('show'));",
        json!([]),
    )
    .await;
    let dir_out = shots();
    for (w, h, name) in [(1440, 900, "desktop"), (390, 844, "phone")] {
        b.size(w, h).await;
        if name == "phone" {
            // All seven tabs fit the bar: none off the edge, none cut.
            b.goto(&format!("{}/#dashboard", hub.url)).await;
            b.find("[data-agent='rex']").await;
            let fit = b
                .js(
                    "return [...document.querySelectorAll('#tabs a')].map((a) => { const r = a.getBoundingClientRect(); \
                     return [a.dataset.view, r.left >= 0 && r.right <= innerWidth + 0.5 && r.width > 0 && a.scrollWidth <= a.clientWidth]; });",
                    json!([]),
                )
                .await;
            assert_eq!(
                fit,
                json!([
                    ["dashboard", true],
                    ["tasks", true],
                    ["approvals", true],
                    ["chat", true],
                    ["logs", true],
                    ["mesh", true],
                    ["analytics", true]
                ]),
                "the phone's tab bar"
            );
        }
        for view in ["dashboard", "tasks", "chat", "mesh", "analytics"] {
            b.goto(&format!("{}/#{view}", hub.url)).await;
            b.wait_true(
                "rendered",
                "return document.querySelectorAll('#view *').length > 3;",
            )
            .await;
            if view == "mesh" {
                // The force layout settles within a couple of seconds of frames.
                b.wait_true("settled", "return (window.M3.meshFrames || 0) > 150;")
                    .await;
            }
            let size = b
                .screenshot(&dir_out.join(format!("{name}-{view}.png")))
                .await;
            assert_eq!(size, (w, h), "{name}-{view} screenshot size");
        }
    }

    // Logging out clears the cookie session.
    b.click("#logout").await;
    b.find("#login-user").await;
    b.wait_true(
        "signed out",
        "return document.getElementById('who').textContent === '';",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_is_read_only_and_redacted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hub = Hub::start_with(&dir.path().join("hub"), "127.0.0.1:0", 10, &["--demo"]);
    let client = hub.client();
    let _rex = Worker::start(&hub.url, &dir.path().join("w"), WorkerSpec::named("rex", 2));
    agents_online(&client, 1).await;
    let t = api(
        &hub,
        reqwest::Method::POST,
        "/api/tasks",
        json!({"prompt": "echo the launch codes are 1234 5678 keep quiet"}),
    )
    .await;
    task_reaches(
        &client,
        t["id"].as_str().unwrap(),
        m3shd_api::TaskStatus::Done,
        Duration::from_secs(30),
    )
    .await;

    let b = Browser::start().await;
    b.size(1440, 900).await;
    b.goto(&format!("{}/demo", hub.url)).await;
    b.find("[data-agent='rex']").await;
    b.wait_true(
        "demo badge",
        "return document.getElementById('mode').textContent.includes('DEMO');",
    )
    .await;
    b.goto(&format!("{}/demo#tasks", hub.url)).await;
    b.find("a.task").await;
    let text = b.js("return document.body.innerText;", json!([])).await;
    let text = text.as_str().unwrap_or_default();
    assert!(text.contains("echo the launch codes"), "{text}");
    assert!(!text.contains("1234"), "unredacted: {text}");
    // No controls that change anything, and no login form.
    let controls = b.js(
        "return document.querySelectorAll('.chip, #new-prompt, [data-decide], #chat-input, #logout:not(.hidden)').length;",
        json!([])).await;
    assert_eq!(controls, json!(0));
    b.wait_true(
        "no login form",
        "return document.getElementById('login').classList.contains('hidden');",
    )
    .await;
    // A change tried from its page is refused by the hub and by the page.
    let status = b
        .js_async(
            r#"
        const done = arguments[arguments.length - 1];
        fetch('/api/tasks', {method: 'POST', headers: {'Content-Type': 'application/json'},
            body: JSON.stringify({prompt: 'echo from the demo'})}).then((r) => done(r.status));
    "#,
        )
        .await;
    assert_eq!(status, json!(401));
    let refused = b.js_async(r#"
        const done = arguments[arguments.length - 1];
        window.M3.api('POST', '/api/tasks', {prompt: 'x'}).then(() => done('sent'), (e) => done(e.message));
    "#).await;
    assert_eq!(refused, json!("the demo is read-only"));
    let size = b.screenshot(&shots().join("demo-desktop.png")).await;
    assert_eq!(size, (1440, 900));
    contrast_is_sufficient(&b, "demo").await;
    let tasks = client.list_tasks(&Default::default()).await.expect("tasks");
    assert_eq!(tasks.len(), 1, "the demo created nothing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pasted_viewer_token_sees_no_controls_it_may_not_use() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hub = Hub::start(&dir.path().join("hub"), 10);
    api(
        &hub,
        reqwest::Method::POST,
        "/api/admin/users",
        json!({"username": "vic", "password": PASSWORD, "role": "viewer"}),
    )
    .await;
    api(
        &hub,
        reqwest::Method::POST,
        "/api/tasks",
        json!({
        "prompt": "echo gated", "title": "Gated work", "requires_approval": true}),
    )
    .await;
    let login = api(
        &hub,
        reqwest::Method::POST,
        "/api/login",
        json!({"username": "vic", "password": PASSWORD}),
    )
    .await;
    let token = login["token"].as_str().expect("session token");

    let b = Browser::start().await;
    b.size(1440, 900).await;
    b.goto(&format!("{}/", hub.url)).await;
    b.type_into("#token-input", token).await;
    b.click("#token-submit").await;
    b.wait_true(
        "signed in",
        "return document.getElementById('who').textContent === 'vic';",
    )
    .await;
    // The stream runs on the bearer token (no cookie in this mode).
    b.wait_true(
        "live",
        "return document.getElementById('live').classList.contains('on');",
    )
    .await;
    assert_eq!(b.js("return document.cookie;", json!([])).await, json!(""));
    b.goto(&format!("{}/#tasks", hub.url)).await;
    b.find("a.task").await;
    b.goto(&format!("{}/#approvals", hub.url)).await;
    b.find("[data-approval]").await;
    let controls = b
        .js(
            "return document.querySelectorAll('.chip, #new-prompt, [data-decide]').length;",
            json!([]),
        )
        .await;
    assert_eq!(
        controls,
        json!(0),
        "a viewer sees no controls that change anything"
    );
    // The chat runs what a viewer may: reads answer, a change is refused
    // by the hub with the permission it lacks.
    b.goto(&format!("{}/#chat", hub.url)).await;
    b.type_into("#chat-input", "pending").await;
    b.click("form.chatform button[type='submit']").await;
    b.wait_true("the pending reply",
        "return [...document.querySelectorAll('.bubble.mesh[data-command=pending]')].some((m) => m.textContent.includes('1 pending:'));").await;
    b.type_into("#chat-input", "do echo not for a viewer").await;
    b.click("form.chatform button[type='submit']").await;
    b.wait_true("the refusal",
        "return [...document.querySelectorAll('.bubble.mesh.bad[data-command=do]')].some((m) => m.textContent.includes('lacks the tasks:write permission'));").await;
    let tasks = hub
        .client()
        .list_tasks(&Default::default())
        .await
        .expect("tasks");
    assert_eq!(tasks.len(), 1, "the viewer's line created nothing");
    let analytics = b.js(
        "return document.querySelector('#tabs a[data-view=analytics]').classList.contains('hidden');",
        json!([])).await;
    assert_eq!(analytics, json!(true), "analytics is for admins");
    // A new task shows up live.
    api(
        &hub,
        reqwest::Method::POST,
        "/api/tasks",
        json!({"prompt": "echo later", "title": "Arrives live"}),
    )
    .await;
    b.goto(&format!("{}/#tasks", hub.url)).await;
    b.wait_true(
        "live task",
        "return document.body.innerText.includes('Arrives live');",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_mesh_draws_peer_hubs_by_status() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hub = Hub::start(&dir.path().join("a"), 10);
    let other = Hub::start(&dir.path().join("b"), 10);
    let _rex = Worker::start(&hub.url, &dir.path().join("w"), WorkerSpec::named("rex", 2));
    agents_online(&hub.client(), 1).await;
    let minted = api(
        &other,
        reqwest::Method::POST,
        "/api/admin/tokens",
        json!({"agent_id": "hub-a", "role": "federation"}),
    )
    .await;
    let token = minted["token"].as_str().expect("token");
    for (name, url, token) in [
        ("oslo", other.url.as_str(), token),
        ("gone", "http://127.0.0.1:9", "m3shd_ag_nothing"),
        ("locked", other.url.as_str(), "m3shd_ag_not-the-token"),
    ] {
        api(
            &hub,
            reqwest::Method::POST,
            "/api/admin/peers",
            json!({"name": name, "url": url, "token": token}),
        )
        .await;
    }
    api(
        &hub,
        reqwest::Method::POST,
        "/api/admin/users",
        json!({"username": "vic", "password": PASSWORD, "role": "viewer"}),
    )
    .await;

    let b = Browser::start().await;
    b.size(1440, 900).await;
    b.goto(&format!("{}/#mesh", hub.url)).await;
    b.type_into("#token-input", TOKEN).await;
    b.click("#token-submit").await;
    b.wait_true(
        "signed in",
        "return document.getElementById('who').textContent === 'operator';",
    )
    .await;
    b.goto(&format!("{}/#mesh", hub.url)).await;
    // Each peer hub a node by its live status; its agent entry is not an
    // agent node of its own.
    for (peer, status) in [
        ("oslo", "online"),
        ("gone", "unreachable"),
        ("locked", "refused"),
    ] {
        b.wait_true(
            &format!("peer {peer} {status}"),
            &format!(
                "const n = document.querySelector(\"#mesh-nodes li[data-node='peer:{peer}']\"); \
                 return !!n && n.dataset.status === '{status}';"
            ),
        )
        .await;
    }
    let drawn = b
        .js(
            "return [...document.querySelectorAll('#mesh-nodes li')].map((n) => n.dataset.node).sort();",
            json!([]),
        )
        .await;
    assert_eq!(
        drawn,
        json!(["peer:gone", "peer:locked", "peer:oslo", "rex"]),
        "agents and peers, no peer entries as agents"
    );
    let colours = b
        .js(
            "return ['online', 'unreachable', 'refused'].map((s) => window.M3.PEER_COLORS[s]);",
            json!([]),
        )
        .await;
    assert_eq!(colours, json!(["#34d399", "#f5a524", "#f87171"]));
    b.wait_true(
        "peer legend",
        "return !document.querySelector('.legend .l-peers').classList.contains('hidden');",
    )
    .await;
    b.wait_true("settled", "return (window.M3.meshFrames || 0) > 150;")
        .await;
    let size = b.screenshot(&shots().join("desktop-mesh-peers.png")).await;
    assert_eq!(size, (1440, 900));

    // A viewer may not list peers (403): none drawn, no legend.
    b.click("#logout").await;
    b.type_into("#login-user", "vic").await;
    b.type_into("#login-pass", PASSWORD).await;
    b.click("#login-submit").await;
    b.wait_true(
        "viewer",
        "return document.getElementById('who').textContent === 'vic';",
    )
    .await;
    b.goto(&format!("{}/#mesh", hub.url)).await;
    b.find("#mesh-nodes li[data-node='rex']").await;
    let peers = b
        .js(
            "return [window.M3.S.peers, document.querySelectorAll(\"#mesh-nodes li[data-node^='peer:']\").length, \
             document.querySelectorAll(\"#mesh-nodes li[data-node^='peer-']\").length, \
             document.querySelector('.legend .l-peers').classList.contains('hidden')];",
            json!([]),
        )
        .await;
    assert_eq!(
        peers,
        json!([null, 0, 0, true]),
        "a viewer sees no peer hubs, nor their entries among the agents"
    );
}
