//! Users, sessions and API keys as an operator drives them: the real hub
//! (seeded with `--init-admin`, password on stdin), `m3shd login --user`,
//! `m3shd user …`, `m3shd key …`, `m3shd logout` — with every process
//! logging at debug level, and no password or issued secret in any log.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use crate::harness::{TOKEN, empty_config};

const ROOT_PW: &str = "root-password-e2e";
const ALICE_PW: &str = "alice-password-e2e";
const ALICE_PW2: &str = "alice-password-e2e-2";
const WRONG_PW: &str = "wrong-password-e2e";

/// A hub with `--init-admin root` (password on stdin), logging at debug
/// level into `log`.
fn start_hub(data_dir: &Path, log: &Path) -> (Child, String) {
    let log_file = std::fs::File::create(log).expect("log file");
    let mut child = Command::new(env!("CARGO_BIN_EXE_m3shd-hubd"))
        .args(["--listen", "127.0.0.1:0", "--data-dir"])
        .arg(data_dir)
        .args(["--init-admin", "root"])
        .env("M3SHD_HUBD_CONFIG", empty_config(data_dir, "hubd.toml"))
        .env("M3SHD_MASTER_TOKEN", TOKEN)
        .env_remove("M3SHD_INIT_ADMIN_PASSWORD")
        .env("RUST_LOG", "debug")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::from(log_file))
        .spawn()
        .expect("start m3shd-hubd");
    let mut stdin = child.stdin.take().expect("stdin");
    writeln!(stdin, "{ROOT_PW}").expect("write the password");
    drop(stdin);
    let url = crate::harness::listening_url(&mut child);
    (child, url)
}

/// An operator's shell: one config file (and token store) per person.
struct Shell<'a> {
    hub: &'a str,
    config: PathBuf,
    log: PathBuf,
}

impl Shell<'_> {
    fn run(&self, args: &[&str], stdin: Option<&str>, token: Option<&str>) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_m3shd"));
        cmd.args(args)
            .env("M3SHD_HUB", self.hub)
            .env("M3SHD_CONFIG", &self.config)
            .env_remove("M3SHD_TOKEN")
            .env_remove("M3SHD_PROFILE")
            .env("RUST_LOG", "debug")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(t) = token {
            cmd.env("M3SHD_TOKEN", t);
        }
        let mut child = cmd.spawn().expect("run m3shd");
        let mut input = child.stdin.take().expect("stdin");
        if let Some(s) = stdin {
            writeln!(input, "{s}").expect("stdin");
        }
        drop(input);
        let out = child.wait_with_output().expect("m3shd output");
        let mut log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .expect("cli log");
        // Only stderr is the log; stdout shows a new key's secret once, on purpose.
        log.write_all(&out.stderr).expect("log");
        out
    }

    fn ok(&self, args: &[&str], stdin: Option<&str>, token: Option<&str>) -> String {
        let out = self.run(args, stdin, token);
        assert!(
            out.status.success(),
            "m3shd {args:?}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn json(&self, args: &[&str], token: Option<&str>) -> serde_json::Value {
        let text = self.ok(args, None, token);
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?}: {e}: {text}"))
    }

    fn stored_token(&self) -> String {
        let path = self.config.parent().unwrap().join("tokens/default.token");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path)
                .expect("token file")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "{}", path.display());
        }
        std::fs::read_to_string(path)
            .expect("token")
            .trim()
            .to_string()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_sessions_and_keys_from_the_cli_and_no_secret_in_any_log() {
    let dir = tempfile::tempdir().unwrap();
    let hub_log = dir.path().join("hub.log");
    let cli_log = dir.path().join("cli.log");
    let (mut hub, url) = start_hub(&dir.path().join("hub"), &hub_log);
    let root = Shell {
        hub: &url,
        config: dir.path().join("root/m3shd.toml"),
        log: cli_log.clone(),
    };
    let alice = Shell {
        hub: &url,
        config: dir.path().join("alice/m3shd.toml"),
        log: cli_log.clone(),
    };

    // The seeded admin logs in; the session goes to the 0600 token store.
    let out = root.ok(&["login", "--user", "root"], Some(ROOT_PW), None);
    assert!(out.contains("as root (admin)"), "{out}");
    let root_session = root.stored_token();
    assert!(root_session.starts_with("m3shd_ses_"));
    let me = root.json(&["whoami", "--json"], None);
    assert_eq!(me["kind"], "user");
    assert_eq!(me["name"], "root");
    assert!(me["expires_at"].is_string());

    // Users.
    let out = root.run(
        &["user", "add", "alice", "--role", "user"],
        Some("short"),
        None,
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "a short password is a usage error"
    );
    let text = root.ok(
        &["user", "add", "alice", "--role", "user", "--json"],
        Some(ALICE_PW),
        None,
    );
    let u: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(u["username"], "alice");
    assert_eq!(u["role"], "user");
    let out = alice.run(&["login", "--user", "alice"], Some(WRONG_PW), None);
    assert_eq!(out.status.code(), Some(3), "a wrong password exits 3");
    alice.ok(&["login", "--user", "alice"], Some(ALICE_PW), None);
    let task = alice.json(&["do", "written by a user", "--json"], None);
    assert_eq!(task["status"], "queued");
    let list = root.json(&["user", "list", "--json"], None);
    let users = list["users"].as_array().unwrap();
    assert_eq!(users.len(), 2);

    // A role change reaches alice's live session; a viewer cannot write.
    root.ok(&["user", "set-role", "alice", "viewer"], None, None);
    let out = alice.run(&["do", "not allowed"], None, None);
    assert_eq!(out.status.code(), Some(3), "403 exits 3");
    alice.ok(&["tasks", "--json"], None, None);

    // A new password ends her session.
    let alice_session = alice.stored_token();
    root.ok(&["user", "passwd", "alice"], Some(ALICE_PW2), None);
    let out = alice.run(&["whoami"], None, None);
    assert_eq!(out.status.code(), Some(3));
    alice.ok(&["login", "--user", "alice"], Some(ALICE_PW2), None);
    let alice_session2 = alice.stored_token();
    assert_ne!(alice_session, alice_session2);

    // API keys: the secret once, a per-minute limit, usage, revocation.
    let k = root.json(
        &[
            "key",
            "create",
            "ci",
            "--perm",
            "tasks:read",
            "--rate",
            "2",
            "--daily",
            "10",
            "--json",
        ],
        None,
    );
    let key = k["key"].as_str().unwrap().to_string();
    let key_id = k["id"].as_str().unwrap().to_string();
    root.ok(&["tasks"], None, Some(&key));
    root.ok(&["tasks"], None, Some(&key));
    let out = root.run(&["tasks"], None, Some(&key));
    assert_eq!(out.status.code(), Some(1), "429 exits 1");
    assert!(String::from_utf8_lossy(&out.stderr).contains("rate_limited"));
    let keys = root.json(&["key", "list", "--json"], None);
    assert_eq!(keys["keys"][0]["usage_today"], 2);
    let table = root.ok(&["key", "list"], None, None);
    assert!(table.contains("2/10"), "{table}");
    root.ok(&["key", "revoke", &key_id], None, None);
    let out = root.run(&["whoami"], None, Some(&key));
    assert_eq!(
        out.status.code(),
        Some(3),
        "a revoked key is refused at once"
    );

    // Agent tokens and enrolment: a worker at debug level joins with a key.
    let t = root.json(
        &[
            "token", "create", "--agent", "ci-bot", "--role", "worker", "--json",
        ],
        Some(TOKEN),
    );
    let agent_token = t["token"].as_str().unwrap().to_string();
    let j = root.json(
        &["join-key", "create", "--role", "worker", "--json"],
        Some(TOKEN),
    );
    let join_key = j["key"].as_str().unwrap().to_string();
    let worker_log = dir.path().join("worker.log");
    let state = dir.path().join("pi-one");
    let mut worker = Command::new(env!("CARGO_BIN_EXE_m3shd-workerd"))
        .args(["--hub", &url, "--name", "pi-one", "--state-dir"])
        .arg(&state)
        .env("M3SHD_WORKERD_CONFIG", empty_config(&state, "workerd.toml"))
        .env_remove("M3SHD_TOKEN")
        .env("M3SHD_JOIN_KEY", &join_key)
        .env("RUST_LOG", "debug")
        .stdout(Stdio::null())
        .stderr(Stdio::from(std::fs::File::create(&worker_log).unwrap()))
        .spawn()
        .expect("start m3shd-workerd");
    let enrolled = crate::harness::wait_for(
        "the worker's saved token",
        Duration::from_secs(30),
        || async { std::fs::read_to_string(state.join("agent.token")).ok() },
    )
    .await;
    let client = m3shd_client::Client::new(&url, TOKEN).unwrap();
    crate::harness::agents_online(&client, 1).await;
    let _ = worker.kill();
    let _ = worker.wait();
    let enrolled = enrolled.trim().to_string();

    // Logout ends the session on the hub, not just locally.
    let out = root.ok(&["logout"], None, None);
    assert!(out.contains("ended the session"), "{out}");
    let out = root.run(&["whoami"], None, Some(&root_session));
    assert_eq!(out.status.code(), Some(3), "the old session token is dead");
    root.ok(&["user", "rm", "alice"], None, Some(TOKEN));
    let out = alice.run(&["whoami"], None, None);
    assert_eq!(
        out.status.code(),
        Some(3),
        "a deleted user's session is dead"
    );

    let _ = hub.kill();
    let _ = hub.wait();
    let hub_text = std::fs::read_to_string(&hub_log).unwrap();
    let cli_text = std::fs::read_to_string(&cli_log).unwrap();
    let worker_text = std::fs::read_to_string(&worker_log).unwrap();
    assert!(worker_text.contains("enrolled"), "{worker_text}");
    assert!(hub_text.contains("DEBUG"), "the hub logged at debug level");
    assert!(hub_text.contains("login user=root"), "{hub_text}");
    assert!(hub_text.contains("failed login"));
    for secret in [
        ROOT_PW,
        ALICE_PW,
        ALICE_PW2,
        WRONG_PW,
        &root_session,
        &alice_session,
        &alice_session2,
        &key,
        TOKEN,
        &agent_token,
        &join_key,
        &enrolled,
    ] {
        assert!(!hub_text.contains(secret), "the hub log holds a secret");
        assert!(!cli_text.contains(secret), "the CLI's log holds a secret");
        assert!(
            !worker_text.contains(secret),
            "the worker's log holds a secret"
        );
    }
}
