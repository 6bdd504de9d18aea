//! `m3shd mcp` as Claude Code would use it, through a real MCP client: the
//! official Python SDK (tests/mcp/interop.py) over its stdio transport,
//! against a real hub and a builtin worker, as an admin and as a viewer.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use m3shd_api::{CreateUserRequest, TaskStatus, UserRole};
use m3shd_client::Client;
use serde_json::Value;

use super::finish_within;
use super::python::mcp_python;
use crate::harness::*;

const VIEWER_PW: &str = "viewer-password-e2e";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_python_mcp_client_dispatches_waits_and_sees_only_permitted_tools() {
    let python = tokio::task::spawn_blocking(mcp_python).await.expect("venv");
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 10);
    let _w = Worker::start(&hub.url, dir.path(), WorkerSpec::named("mcp-w", 2));
    // A second agent: a challenged task's critique comes from another one.
    let _w2 = Worker::start(&hub.url, dir.path(), WorkerSpec::named("mcp-critic", 1));
    let admin = hub.client();
    agents_online(&admin, 2).await;

    // A viewer: a user with the read-only role, logged in.
    admin
        .create_user(&CreateUserRequest {
            username: "vera".into(),
            password: VIEWER_PW.into(),
            role: UserRole::Viewer,
        })
        .await
        .expect("create the viewer");
    let viewer = Client::anonymous(&hub.url)
        .unwrap()
        .login("vera", &VIEWER_PW.into())
        .await
        .expect("viewer login")
        .token;

    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/mcp/interop.py");
    let child = Command::new(&python)
        .arg(&script)
        .env("M3SHD_BIN", env!("CARGO_BIN_EXE_m3shd"))
        .env("M3SHD_HUB", &hub.url)
        .env("ADMIN_TOKEN", TOKEN)
        .env("VIEWER_TOKEN", &viewer)
        .env("TMPDIR", dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run interop.py");
    let out = tokio::task::spawn_blocking(move || {
        finish_within(child, Duration::from_secs(120), "interop.py")
    })
    .await
    .expect("interop.py");
    assert!(
        out.status.success(),
        "interop.py failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    let seen: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "interop.py printed no JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    });

    // The task really ran on the worker, and the hub agrees.
    let echo = &seen["echo"];
    assert_eq!(echo["output"], "hello from mcp", "{echo}");
    let task = admin.get_task(echo["id"].as_str().unwrap()).await.unwrap();
    assert_eq!(task.status, TaskStatus::Done);
    assert!(
        matches!(task.assigned_to.as_deref(), Some("mcp-w" | "mcp-critic")),
        "{task:?}"
    );
    assert!(
        !seen["progress"].as_array().unwrap().is_empty(),
        "wait_task sent no progress: {seen}"
    );

    // wait_task returned once the protocol had decided, not when the task
    // itself was done.
    let challenged = &seen["challenged"];
    assert_eq!(challenged["protocol"]["state"], "accepted", "{challenged}");
    let roles: Vec<&str> = seen["challenged_graph"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["role"].as_str())
        .collect();
    assert_eq!(
        roles,
        ["challenges", "revises"],
        "{}",
        seen["challenged_graph"]
    );

    // Errors carry the hub's stable codes.
    assert_eq!(seen["not_found"]["error"]["code"], "not_found");
    assert_eq!(seen["invalid"]["error"]["code"], "validation");

    // The viewer is not offered what it may not do, and is refused it.
    let viewer_tools: Vec<&str> = seen["viewer_tools"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(!viewer_tools.contains(&"dispatch_task"), "{viewer_tools:?}");
    assert!(!viewer_tools.contains(&"costs"), "{viewer_tools:?}");
    assert!(viewer_tools.contains(&"get_task"), "{viewer_tools:?}");
    let refused = &seen["viewer_dispatch"];
    assert!(
        refused["error"]["code"] == "forbidden" || refused.get("client_refused").is_some(),
        "a viewer's dispatch_task was not refused: {refused}"
    );
    let tasks = admin.list_tasks(&Default::default()).await.unwrap();
    assert!(
        tasks.iter().all(|t| t.prompt != "echo from a viewer"),
        "a viewer's task was created"
    );

    // Each tool declares the permission the hub's route table requires for
    // every route it calls.
    let doc: Value = reqwest::get(format!("{}/api/openapi.json", hub.url))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let tools = seen["tools"].as_object().unwrap();
    assert!(tools.len() >= 17, "{}", tools.len());
    for (tool, meta) in tools {
        let need = meta["m3shd/permission"]
            .as_str()
            .unwrap_or_else(|| panic!("{tool}: {meta}"));
        for route in meta["m3shd/routes"].as_array().unwrap() {
            let (verb, path) = route.as_str().unwrap().split_once(' ').unwrap();
            let op = &doc["paths"][path][verb.to_lowercase()];
            assert_eq!(
                op["x-m3shd-permission"].as_str(),
                Some(need),
                "{tool} calls {verb} {path}, which needs {}",
                op["x-m3shd-permission"]
            );
        }
    }
}
