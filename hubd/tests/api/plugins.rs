//! Plugins over HTTP (ARCHITECTURE.md, "Plugins and tool calls"): the built-ins, external executables with
//! manifests, path confinement, timeouts.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::Duration;

use axum::extract::Query;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::harness::TestHub;

const TEXT: &str = "The hub keeps the truth in SQLite. Workers claim tasks from the hub \
                    under leases. Lunch was nice. The hub dispatches tasks to workers by \
                    reputation. Cats sleep a lot. Leases protect tasks from zombie workers.";

fn write_exe(path: &Path, script: &str) {
    std::fs::write(path, script).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

fn assert_no_paths(body: &Value, dirs: &[&Path]) {
    let text = body.to_string();
    for d in dirs {
        assert!(
            !text.contains(&*d.to_string_lossy()),
            "path disclosed in {text}"
        );
    }
    assert!(!text.contains("/tmp"), "path disclosed in {text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn file_summary_stays_inside_its_roots() {
    let files = tempfile::tempdir().unwrap();
    let root = files.path().join("root");
    let outside = files.path().join("outside");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(root.join("notes.txt"), TEXT).unwrap();
    std::fs::write(outside.join("secret.txt"), "The secret is swordfish.").unwrap();
    std::os::unix::fs::symlink(outside.join("secret.txt"), root.join("escape.txt")).unwrap();
    std::fs::write(root.join("big.txt"), "word. ".repeat(200_000)).unwrap();
    let r2 = root.clone();
    let hub = TestHub::start_with(move |mut c| {
        c.plugin_roots = vec![r2];
        c
    })
    .await;

    // Inside a root, by absolute and by relative path.
    let inside = root.join("notes.txt");
    for path in [inside.to_string_lossy().into_owned(), "notes.txt".into()] {
        let r = hub
            .post(
                "/api/plugins/file_summary/invoke",
                json!({"input": {"path": path}, "task_id": "t1"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        assert_eq!(r.body["tool"], "file_summary");
        let summary = r.body["output"]["summary"].as_str().unwrap();
        assert!(summary.contains("hub"), "{summary}");
        assert!(!summary.contains("Lunch"), "{summary}");
        assert!(r.body.get("error").is_none(), "{:?}", r.body);
    }

    // Outside every root, through a symlink, `..`, a missing file, too big.
    let escapes = [
        outside.join("secret.txt").to_string_lossy().into_owned(),
        root.join("escape.txt").to_string_lossy().into_owned(),
        "../outside/secret.txt".to_string(),
        root.join("missing.txt").to_string_lossy().into_owned(),
        "big.txt".to_string(),
        root.to_string_lossy().into_owned(),
    ];
    for path in escapes {
        let r = hub
            .post(
                "/api/plugins/file_summary/invoke",
                json!({"input": {"path": path}}),
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{path}: {:?}",
            r.body
        );
        assert_eq!(r.code(), "validation");
        assert!(!r.body.to_string().contains("swordfish"));
        assert_no_paths(&r.body, &[&root, &outside, files.path()]);
    }

    let events = hub.events_of("plugin_invoked").await;
    assert_eq!(events.len(), 2, "{events:?}");
    assert_eq!(events[0]["data"]["tool"], "file_summary");
    assert_eq!(events[0]["data"]["task_id"], "t1");
    assert_eq!(events[0]["data"]["ok"], true);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn file_summary_without_roots_refuses() {
    let hub = TestHub::start().await;
    let r = hub
        .post(
            "/api/plugins/file_summary/invoke",
            json!({"input": {"path": "/etc/hostname"}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
    assert!(r.body.to_string().contains("--plugin-root"), "{:?}", r.body);
    assert!(!r.body.to_string().contains("/etc"));
}

async fn fake_provider() -> String {
    async fn search(
        Query(q): Query<std::collections::HashMap<String, String>>,
    ) -> axum::Json<Value> {
        assert_eq!(q.get("format").map(String::as_str), Some("json"));
        let query = q.get("q").cloned().unwrap_or_default();
        axum::Json(json!({"query": query, "results": [
            {"title": format!("About {query}"), "url": "https://example.org/1", "content": "first", "engine": "x"},
            {"title": "Second", "url": "https://example.org/2", "content": "second"}
        ]}))
    }
    let app = axum::Router::new().route("/search", axum::routing::get(search));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    format!("http://{addr}/search")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn web_search_uses_the_provider_or_says_none_is_set() {
    let hub = TestHub::start().await;
    let r = hub
        .post(
            "/api/plugins/web_search/invoke",
            json!({"input": {"query": "rust"}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
    assert_eq!(r.code(), "validation");
    assert!(
        r.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("web_search has no provider: set --search-url")
    );

    let url = fake_provider().await;
    let hub = TestHub::start_with(move |mut c| {
        c.search_url = Some(url);
        c
    })
    .await;
    let r = hub
        .post(
            "/api/plugins/web_search/invoke",
            json!({"input": {"query": "rust mesh", "limit": 1}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let results = r.body["output"]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["title"], "About rust mesh");
    assert_eq!(results[0]["url"], "https://example.org/1");

    let r = hub
        .post("/api/plugins/web_search/invoke", json!({"input": {}}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = hub.post("/api/plugins/nope/invoke", json!({})).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn external_plugins_are_listed_invoked_and_contained() {
    let dir = tempfile::tempdir().unwrap();
    let plugins = dir.path().join("plugins");
    std::fs::create_dir_all(&plugins).unwrap();
    let manifest = |name: &str| {
        json!({"name": name, "description": format!("{name} plugin"),
               "input_schema": {"type": "object"}})
        .to_string()
    };
    // Echoes its input back inside an object.
    write_exe(
        &plugins.join("echo"),
        "#!/bin/sh\nread -r line\nprintf '{\"got\": %s}\\n' \"$line\"\n",
    );
    std::fs::write(plugins.join("echo.json"), manifest("echo")).unwrap();
    write_exe(&plugins.join("broken"), "#!/bin/sh\necho 'not json'\n");
    std::fs::write(plugins.join("broken.json"), manifest("broken")).unwrap();
    write_exe(&plugins.join("fails"), "#!/bin/sh\necho '{}'\nexit 3\n");
    std::fs::write(plugins.join("fails.json"), manifest("fails")).unwrap();
    let pidfile = dir.path().join("slow.pid");
    write_exe(
        &plugins.join("slow"),
        &format!(
            "#!/bin/sh\necho $$ > '{}'\nexec sleep 60\n",
            pidfile.display()
        ),
    );
    std::fs::write(plugins.join("slow.json"), manifest("slow")).unwrap();
    // A manifest without an executable, and one naming another plugin.
    std::fs::write(plugins.join("ghost.json"), manifest("ghost")).unwrap();
    write_exe(&plugins.join("liar"), "#!/bin/sh\necho '{}'\n");
    std::fs::write(plugins.join("liar.json"), manifest("echo")).unwrap();

    let p2 = plugins.clone();
    let hub = TestHub::start_with(move |mut c| {
        c.plugins_dir = Some(p2);
        c.plugin_timeout = Duration::from_millis(500);
        c
    })
    .await;

    let r = hub.get("/api/plugins").await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let listed: Vec<(String, String)> = r.body["plugins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap().to_string(),
                p["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for b in ["web_search", "file_summary", "notify", "memory_enhance"] {
        assert!(listed.contains(&(b.into(), "builtin".into())), "{listed:?}");
    }
    for e in ["echo", "broken", "fails", "slow"] {
        assert!(
            listed.contains(&(e.into(), "external".into())),
            "{listed:?}"
        );
    }
    assert!(!listed.iter().any(|(n, _)| n == "ghost" || n == "liar"));

    let r = hub
        .post(
            "/api/plugins/echo/invoke",
            json!({"input": {"x": 1}, "agent_id": "rex"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["output"], json!({"got": {"x": 1}}));

    for (name, want) in [
        ("broken", "did not print JSON"),
        ("fails", "exited with status 3"),
        ("slow", "timed out"),
    ] {
        let r = hub
            .post(&format!("/api/plugins/{name}/invoke"), json!({"input": {}}))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        let err = r.body["error"].as_str().unwrap_or_default();
        assert!(err.contains(want), "{name}: {err}");
        assert_no_paths(&r.body, &[&plugins, dir.path()]);
    }
    // The slow plugin was killed, not left running.
    let pid = std::fs::read_to_string(&pidfile).unwrap();
    let proc_dir = format!("/proc/{}", pid.trim());
    crate::harness::wait_for(
        "the timed-out plugin to die",
        Duration::from_secs(5),
        || {
            let proc_dir = proc_dir.clone();
            async move {
                let stat = std::fs::read_to_string(format!("{proc_dir}/stat")).unwrap_or_default();
                (stat.is_empty() || stat.contains(") Z ")).then_some(())
            }
        },
    )
    .await;

    let r = hub.post("/api/plugins/ghost/invoke", json!({})).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = hub.post("/api/plugins/..%2Fecho/invoke", json!({})).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let events = hub.events_of("plugin_invoked").await;
    assert_eq!(events.len(), 4, "{events:?}");
    assert_eq!(events[0]["data"]["kind"], "external");
    assert_eq!(events[0]["data"]["agent_id"], "rex");
    assert_eq!(events[1]["data"]["ok"], false);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notify_needs_ntfy_and_memory_enhance_searches() {
    let hub = TestHub::start().await;
    let r = hub
        .post(
            "/api/plugins/notify/invoke",
            json!({"input": {"message": "hi"}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
    assert!(r.body.to_string().contains("--ntfy-url"));

    hub.register("rex", &["code"], 1).await;
    let r = hub
        .post(
            "/api/agents/rex/memory",
            json!({"key": "deploy", "value": "deploys go through the blue canary"}),
        )
        .await;
    assert!(r.status.is_success(), "{:?}", r.body);
    let r = hub
        .post(
            "/api/plugins/memory_enhance/invoke",
            json!({"input": {"agent": "rex", "query": "canary"}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["output"]["memories"][0]["key"], "deploy");
}
