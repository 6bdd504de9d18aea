//! `m3shd mcp` refuses a token typed on its command line: that line is kept
//! in the MCP client's config file and shown by `ps` to every user while
//! the server runs. It exits 2 (a usage error) before serving anything and
//! names the ways that keep the token out of argv. (The same token from
//! M3SHD_TOKEN is what every other MCP test serves with.)

use std::process::{Command, Stdio};
use std::time::Duration;

use super::finish_within;
use crate::harness::TOKEN;

/// Nothing listens there: the refusal comes before any call to a hub.
const NO_HUB: &str = "http://127.0.0.1:9";

fn mcp(args: &[&str], env_token: Option<&str>) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_m3shd"));
    cmd.args(args)
        .env("M3SHD_HUB", NO_HUB)
        .env(
            "M3SHD_CONFIG",
            std::env::temp_dir().join("m3shd-e2e-no-such-config.toml"),
        )
        .env_remove("M3SHD_TOKEN")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(t) = env_token {
        cmd.env("M3SHD_TOKEN", t);
    }
    cmd
}

#[test]
fn a_token_on_the_command_line_is_refused_before_anything_is_served() {
    let cases: [(&[&str], Option<&str>); 4] = [
        (&["mcp", "--token", TOKEN], None),
        (&["--token", TOKEN, "mcp"], None),
        (&["mcp", &format!("--token={TOKEN}")], None),
        // Even beside M3SHD_TOKEN, the one in argv has leaked.
        (&["mcp", "--token", TOKEN], Some(TOKEN)),
    ];
    for (args, env_token) in cases {
        let child = mcp(args, env_token)
            .stdin(Stdio::null())
            .spawn()
            .expect("start m3shd mcp");
        let out = finish_within(child, Duration::from_secs(30), "m3shd mcp --token");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?} served: {:?}", out.stdout);
        for way in ["m3shd login --token-stdin", "--token-file", "M3SHD_TOKEN"] {
            assert!(stderr.contains(way), "{args:?}: {stderr} names no {way}");
        }
        assert!(!stderr.contains(TOKEN), "the refusal repeats the token");
    }
}
