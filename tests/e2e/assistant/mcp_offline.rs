//! `m3shd mcp` while the hub is away, spoken to in raw JSON-RPC lines: the
//! server stays up, lists its tools, answers each call with a tool error
//! (`isError`) carrying the code `unavailable`, narrows its tool list once
//! the hub is back and says who the token is, and ends cleanly when the
//! client closes stdin.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use m3shd_api::{CreateUserRequest, UserRole};
use m3shd_client::Client;
use serde_json::{Value, json};

use super::finish_within;
use crate::harness::{Hub, TOKEN};

/// A client session with `m3shd mcp` over its stdin/stdout.
struct Session {
    child: Child,
    stdin: ChildStdin,
    incoming: mpsc::Receiver<Value>,
    /// Notifications seen while waiting for answers.
    notes: Vec<Value>,
}

impl Session {
    fn start(hub_url: &str, token: &str) -> Session {
        let mut child = Command::new(env!("CARGO_BIN_EXE_m3shd"))
            .arg("mcp")
            .env("M3SHD_HUB", hub_url)
            .env("M3SHD_TOKEN", token)
            .env(
                "M3SHD_CONFIG",
                std::env::temp_dir().join("m3shd-e2e-no-such-config.toml"),
            )
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start m3shd mcp");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, incoming) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let msg: Value = serde_json::from_str(&line)
                    .unwrap_or_else(|e| panic!("stdout carries only JSON-RPC ({e}): {line}"));
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        let mut s = Session {
            child,
            stdin,
            incoming,
            notes: Vec::new(),
        };
        let init = s.request(
            1,
            "initialize",
            json!({
            "protocolVersion": "2025-06-18", "capabilities": {},
            "clientInfo": {"name": "e2e", "version": "0"}}),
        );
        assert_eq!(init["result"]["serverInfo"]["name"], "m3shd", "{init}");
        s.send(json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));
        s
    }

    fn send(&mut self, msg: Value) {
        writeln!(self.stdin, "{msg}").expect("write to the server");
    }

    fn request(&mut self, id: i64, method: &str, params: Value) -> Value {
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let msg = self
                .incoming
                .recv_timeout(Duration::from_secs(30))
                .unwrap_or_else(|_| panic!("no answer to {method} ({id})"));
            if msg["id"] == id {
                return msg;
            }
            self.notes.push(msg);
        }
    }

    /// Wait (up to 30 s) for a notification of this method.
    fn notification(&mut self, method: &str) -> Value {
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(i) = self.notes.iter().position(|n| n["method"] == method) {
                return self.notes.remove(i);
            }
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let msg = self
                .incoming
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no {method}; saw {:?}", self.notes));
            self.notes.push(msg);
        }
    }

    fn tool_names(&mut self, id: i64) -> Vec<String> {
        let listed = self.request(id, "tools/list", json!({}));
        listed["result"]["tools"]
            .as_array()
            .unwrap_or_else(|| panic!("{listed}"))
            .iter()
            .map(|t| t["name"].as_str().unwrap().to_string())
            .collect()
    }

    fn call(&mut self, id: i64, tool: &str, args: Value) -> Value {
        let answer = self.request(id, "tools/call", json!({"name": tool, "arguments": args}));
        answer["result"].clone()
    }

    /// Close stdin (how a client ends the session); the server must exit 0.
    fn close(self) {
        drop(self.stdin);
        let out = finish_within(
            self.child,
            Duration::from_secs(30),
            "m3shd mcp after stdin closed",
        );
        assert!(out.status.success(), "{out:?}");
    }
}

#[test]
fn a_hub_that_is_down_gives_tool_errors_not_a_dead_server() {
    // A port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut s = Session::start(&format!("http://127.0.0.1:{port}"), TOKEN);
    assert!(s.tool_names(2).len() >= 17);
    for (id, tool, args) in [
        (3, "list_tasks", json!({})),
        (4, "dispatch_task", json!({"prompt": "echo x"})),
        (5, "wait_task", json!({"id": "t-1", "timeout_secs": 1})),
    ] {
        let result = s.call(id, tool, args);
        assert_eq!(result["isError"], true, "{tool}: {result}");
        assert_eq!(
            result["structuredContent"]["error"]["code"], "unavailable",
            "{tool}: {result}"
        );
        let text = result["content"][0]["text"].as_str().unwrap();
        assert!(text.contains(&format!("127.0.0.1:{port}")), "{text}");
    }
    // Arguments of the wrong type are a tool error too, not a dead server.
    let result = s.call(6, "list_tasks", json!({"limit": "many"}));
    assert_eq!(result["isError"], true, "{result}");
    s.close();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tool_list_narrows_once_the_hub_says_who_the_token_is() {
    let dir = tempfile::tempdir().unwrap();
    let mut hub = Hub::start(&dir.path().join("hub"), 10);
    hub.client()
        .create_user(&CreateUserRequest {
            username: "vic".into(),
            password: "viewer-password-e2e".into(),
            role: UserRole::Viewer,
        })
        .await
        .unwrap();
    let viewer = Client::anonymous(&hub.url)
        .unwrap()
        .login("vic", &"viewer-password-e2e".into())
        .await
        .unwrap()
        .token;
    hub.kill9();

    // The hub is away when the client connects: every tool is listed.
    let url = hub.url.clone();
    let mut s = tokio::task::spawn_blocking(move || Session::start(&url, &viewer))
        .await
        .unwrap();
    let all = s.tool_names(2);
    assert!(all.contains(&"dispatch_task".to_string()), "{all:?}");

    hub.restart();
    let mut s = tokio::task::spawn_blocking(move || {
        // A call once the hub is back: it answers, and the server learns
        // the token's permissions and tells the client the list changed.
        let listed = s.call(3, "list_tasks", json!({}));
        assert_eq!(listed["isError"], false, "{listed}");
        s.notification("notifications/tools/list_changed");
        s
    })
    .await
    .unwrap();
    let narrowed = s.tool_names(4);
    assert!(
        !narrowed.contains(&"dispatch_task".to_string()),
        "{narrowed:?}"
    );
    assert!(narrowed.contains(&"list_tasks".to_string()), "{narrowed:?}");
    let refused = s.call(5, "dispatch_task", json!({"prompt": "echo from a viewer"}));
    assert_eq!(
        refused["structuredContent"]["error"]["code"], "forbidden",
        "{refused}"
    );
    s.close();
}
