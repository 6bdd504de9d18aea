//! `m3shd mcp` with no hub to talk to: the server stays up, lists its
//! tools, and answers each call with a tool error (`isError`) carrying the
//! code `unavailable`; it ends cleanly when the client closes stdin.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};

use super::finish_within;
use crate::harness::TOKEN;

#[test]
fn a_hub_that_is_down_gives_tool_errors_not_a_dead_server() {
    // A port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_m3shd"))
        .arg("mcp")
        .env("M3SHD_HUB", format!("http://127.0.0.1:{port}"))
        .env("M3SHD_TOKEN", TOKEN)
        .env(
            "M3SHD_CONFIG",
            std::env::temp_dir().join("m3shd-e2e-no-such-config.toml"),
        )
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start m3shd mcp");
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel::<Value>();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let msg: Value = serde_json::from_str(&line)
                .unwrap_or_else(|e| panic!("stdout carries only JSON-RPC ({e}): {line}"));
            if tx.send(msg).is_err() {
                break;
            }
        }
    });
    let mut send = |msg: Value| writeln!(stdin, "{msg}").expect("write to the server");
    let answer = |id: i64| -> Value {
        loop {
            let msg = rx
                .recv_timeout(Duration::from_secs(30))
                .unwrap_or_else(|_| panic!("no answer to request {id}"));
            if msg["id"] == id {
                return msg;
            }
        }
    };

    send(
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {},
        "clientInfo": {"name": "e2e", "version": "0"}}}),
    );
    assert_eq!(answer(1)["result"]["serverInfo"]["name"], "m3shd");
    send(json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));

    send(json!({"jsonrpc": "2.0", "id": 2, "method": "tools/list"}));
    let tools = answer(2)["result"]["tools"].as_array().cloned().unwrap();
    assert!(tools.len() >= 17, "{} tools", tools.len());

    for (id, tool, args) in [
        (3, "list_tasks", json!({})),
        (4, "dispatch_task", json!({"prompt": "echo x"})),
        (5, "wait_task", json!({"id": "t-1", "timeout_secs": 1})),
    ] {
        send(json!({"jsonrpc": "2.0", "id": id, "method": "tools/call",
            "params": {"name": tool, "arguments": args}}));
        let result = &answer(id)["result"];
        assert_eq!(result["isError"], true, "{tool}: {result}");
        assert_eq!(
            result["structuredContent"]["error"]["code"], "unavailable",
            "{tool}: {result}"
        );
        let text = result["content"][0]["text"].as_str().unwrap();
        assert!(text.contains(&format!("127.0.0.1:{port}")), "{text}");
    }

    // Arguments of the wrong type are a tool error too, not a dead server.
    send(json!({"jsonrpc": "2.0", "id": 6, "method": "tools/call",
        "params": {"name": "list_tasks", "arguments": {"limit": "many"}}}));
    assert_eq!(answer(6)["result"]["isError"], true);

    // Closing stdin is how a client ends the session.
    drop(stdin);
    let out = finish_within(
        child,
        Duration::from_secs(30),
        "m3shd mcp after stdin closed",
    );
    assert!(out.status.success(), "{out:?}");
    reader.join().unwrap();
}
