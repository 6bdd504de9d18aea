//! `m3shd config`, `login` and `doctor` against a real `m3shd-hubd` on a
//! loopback port, with the config dir in a temp dir (never the user's).

// Tests may panic on what should not happen and convert small numbers freely.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::cast_lossless)]
#![allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
#![allow(clippy::cast_sign_loss)]

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

const MASTER: &str = "m3shd_test_master_token_0123456789";

struct Hub {
    child: Child,
    url: String,
    _dir: tempfile::TempDir,
}

impl Drop for Hub {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_hub() -> Hub {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_m3shd-hubd"))
        .args(["--listen", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path().join("hub"))
        .env("M3SHD_MASTER_TOKEN", MASTER)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start m3shd-hubd");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("read the listening line");
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_string();
    Hub {
        child,
        url,
        _dir: dir,
    }
}

/// `m3shd` with a clean environment: config in `cfg`, no hub/token/profile
/// from the caller's environment, HOME pointed away from the real one.
fn m3shd(cfg: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_m3shd"));
    cmd.args(args)
        .env("M3SHD_CONFIG", cfg.join("m3shd.toml"))
        .env("HOME", cfg)
        .env("XDG_DATA_HOME", cfg.join("data"))
        .env_remove("M3SHD_HUB")
        .env_remove("M3SHD_TOKEN")
        .env_remove("M3SHD_PROFILE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("run m3shd");
    let mut input = child.stdin.take().expect("stdin");
    if let Some(s) = stdin {
        input.write_all(s.as_bytes()).expect("write stdin");
    }
    drop(input);
    child.wait_with_output().expect("wait m3shd")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn profiles_login_and_config_show() {
    let hub = start_hub();
    let cfg = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        cfg.path().join("m3shd.toml"),
        format!(
            "hub = \"http://127.0.0.1:9\"\n[profiles.lab]\nhub = \"{}\"\n",
            hub.url
        ),
    )
    .expect("write config");

    // No profile: the file's (dead) hub and no token.
    let o = m3shd(cfg.path(), &["status"], None);
    assert_eq!(
        o.status.code(),
        Some(3),
        "no token is an auth failure: {}",
        text(&o)
    );
    assert!(text(&o).contains("m3shd login"), "{}", text(&o));

    // Store the token for the lab profile, then use it.
    let o = m3shd(
        cfg.path(),
        &["--profile", "lab", "login", "--token-stdin"],
        Some(&format!("{MASTER}\n")),
    );
    assert!(o.status.success(), "{}", text(&o));
    let stored = cfg.path().join("tokens/lab.token");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&stored)
            .expect("token file")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let o = m3shd(cfg.path(), &["--profile", "lab", "status", "--json"], None);
    assert!(o.status.success(), "{}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("status JSON");
    assert!(v.get("tasks").is_some(), "{v}");

    // config show names the sources and never prints the token.
    let o = Command::new(env!("CARGO_BIN_EXE_m3shd"))
        .args(["config", "show", "--json"])
        .env("M3SHD_CONFIG", cfg.path().join("m3shd.toml"))
        .env("M3SHD_PROFILE", "lab")
        .env_remove("M3SHD_HUB")
        .env_remove("M3SHD_TOKEN")
        .output()
        .expect("config show");
    assert!(o.status.success(), "{}", text(&o));
    assert!(!text(&o).contains(MASTER), "the token leaked: {}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("show JSON");
    assert_eq!(v["hub"]["value"], hub.url.as_str());
    assert_eq!(v["hub"]["source"]["kind"], "profile");
    assert_eq!(v["profile"]["source"]["kind"], "env");
    assert_eq!(v["token"]["source"]["kind"], "token_store");

    // A flag beats the profile.
    let o = m3shd(
        cfg.path(),
        &[
            "--profile",
            "lab",
            "--hub",
            "http://127.0.0.1:9",
            "config",
            "show",
        ],
        None,
    );
    assert!(text(&o).contains("flag --hub"), "{}", text(&o));

    // logout forgets it.
    let o = m3shd(cfg.path(), &["--profile", "lab", "logout"], None);
    assert!(o.status.success(), "{}", text(&o));
    assert!(!stored.exists());
}

#[test]
fn config_init_writes_once() {
    let cfg = tempfile::tempdir().expect("tempdir");
    let o = m3shd(cfg.path(), &["config", "init"], None);
    assert!(o.status.success(), "{}", text(&o));
    let written = std::fs::read_to_string(cfg.path().join("m3shd.toml")).expect("file");
    assert!(written.contains("[profiles.home]"));
    std::fs::write(cfg.path().join("m3shd.toml"), "hub = \"http://x:1\"\n").expect("edit");
    let o = m3shd(cfg.path(), &["config", "init"], None);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("--force"));
    let kept = std::fs::read_to_string(cfg.path().join("m3shd.toml")).expect("file");
    assert_eq!(kept, "hub = \"http://x:1\"\n");
    let o = m3shd(cfg.path(), &["config", "init", "--force"], None);
    assert!(o.status.success(), "{}", text(&o));
    // A broken file is reported by every command, with its path.
    std::fs::write(cfg.path().join("m3shd.toml"), "hubb = 1\n").expect("edit");
    let o = m3shd(cfg.path(), &["config", "show"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("m3shd.toml"), "{}", text(&o));
}

#[test]
fn doctor_exit_codes() {
    let hub = start_hub();
    let cfg = tempfile::tempdir().expect("tempdir");
    let data = cfg.path().join("data");

    // Hub up, good token: only warnings at most, so exit 0.
    let url = format!("--hub={}", hub.url);
    let o = m3shd(
        cfg.path(),
        &[
            &url,
            "doctor",
            "--json",
            "--data-dir",
            data.to_str().expect("utf-8"),
        ],
        None,
    );
    let s = text(&o);
    // The token is given through the config's token_file here.
    assert_eq!(o.status.code(), Some(3), "no token is an auth failure: {s}");
    std::fs::write(cfg.path().join("tok"), MASTER).expect("token");
    std::fs::write(
        cfg.path().join("m3shd.toml"),
        format!("token_file = \"{}\"\n", cfg.path().join("tok").display()),
    )
    .expect("config");
    let o = m3shd(
        cfg.path(),
        &[
            &url,
            "doctor",
            "--json",
            "--data-dir",
            data.to_str().expect("utf-8"),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("doctor JSON");
    let status_of = |name: &str| -> Vec<String> {
        v["checks"]
            .as_array()
            .expect("checks")
            .iter()
            .filter(|c| c["name"] == name)
            .map(|c| c["status"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(status_of("hub"), ["ok"]);
    assert_eq!(status_of("auth"), ["ok"]);
    assert_eq!(status_of("clock"), ["ok"]);
    assert!(!text(&o).contains(MASTER));

    // A wrong token: 3.
    std::fs::write(cfg.path().join("tok"), "m3shd_key_wrong").expect("token");
    let o = m3shd(cfg.path(), &[&url, "doctor"], None);
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    assert!(text(&o).contains("✗ auth"), "{}", text(&o));

    // Hub unreachable: 1.
    drop(hub);
    let o = m3shd(cfg.path(), &[&url, "doctor"], None);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("✗ hub"), "{}", text(&o));
}
