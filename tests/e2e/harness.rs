//! Start and stop the real binaries; wait on conditions with deadlines.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use m3shd_client::Client;

pub const TOKEN: &str = "m3shd_master_e2e-test-token";

pub use m3shd_test_support::hub::wait_for;

/// A running `m3shd-hubd`.
pub struct Hub {
    child: Child,
    pub url: String,
    pub addr: String,
    pub data_dir: PathBuf,
    lease_timeout: u64,
    extra: Vec<String>,
    env: Vec<(String, String)>,
    prelude: Option<String>,
}

/// `program`, or `program` run through `sh -c 'PRELUDE && exec "$0" "$@"'`
/// so that the prelude (a `umask`, a `ulimit`) applies to it alone. The
/// arguments added later become `"$@"`; `exec` keeps the child's pid.
fn command(program: &str, prelude: Option<&str>) -> Command {
    match prelude {
        None => Command::new(program),
        Some(p) => {
            let mut c = Command::new("sh");
            c.arg("-c")
                .arg(format!("{p} && exec \"$0\" \"$@\""))
                .arg(program);
            c
        }
    }
}

/// An empty daemon config file next to `dir`, so a `hubd.toml` or
/// `workerd.toml` in the real config dir never leaks into a test.
pub fn empty_config(dir: &Path, name: &str) -> PathBuf {
    let parent = dir.parent().unwrap_or(dir);
    std::fs::create_dir_all(parent).expect("create test dir");
    let path = parent.join(format!("e2e-empty-{name}"));
    if !path.exists() {
        std::fs::write(&path, "").expect("write empty config");
    }
    path
}

impl Hub {
    /// Start on a free loopback port.
    pub fn start(data_dir: &Path, lease_timeout: u64) -> Hub {
        Self::start_on(data_dir, "127.0.0.1:0", lease_timeout)
    }

    pub fn start_on(data_dir: &Path, listen: &str, lease_timeout: u64) -> Hub {
        Self::start_with(data_dir, listen, lease_timeout, &[])
    }

    /// Start with extra `m3shd-hubd` flags (kept across restarts).
    pub fn start_with(data_dir: &Path, listen: &str, lease_timeout: u64, extra: &[&str]) -> Hub {
        Self::start_full(data_dir, listen, lease_timeout, extra, &[])
    }

    /// Start with extra flags and environment variables (both kept across
    /// restarts unless `restart_with_env` replaces the variables).
    pub fn start_full(
        data_dir: &Path,
        listen: &str,
        lease_timeout: u64,
        extra: &[&str],
        env: &[(&str, &str)],
    ) -> Hub {
        Self::launch(data_dir, listen, lease_timeout, extra, env, None)
    }

    /// Start after a shell `prelude` (e.g. `ulimit -n 1024`, `umask 000`),
    /// kept across restarts.
    pub fn start_under(data_dir: &Path, prelude: &str) -> Hub {
        Self::launch(data_dir, "127.0.0.1:0", 10, &[], &[], Some(prelude))
    }

    fn launch(
        data_dir: &Path,
        listen: &str,
        lease_timeout: u64,
        extra: &[&str],
        env: &[(&str, &str)],
        prelude: Option<&str>,
    ) -> Hub {
        let mut child = command(env!("CARGO_BIN_EXE_m3shd-hubd"), prelude)
            .args(["--listen", listen, "--data-dir"])
            .arg(data_dir)
            .args(["--lease-timeout", &lease_timeout.to_string()])
            .args(extra)
            .env("M3SHD_HUBD_CONFIG", empty_config(data_dir, "hubd.toml"))
            .env("M3SHD_MASTER_TOKEN", TOKEN)
            .env("RUST_LOG", "warn")
            // A test whose run crosses 03:00 or 07:00 UTC must not see a
            // task it did not ask for; a test of the defaults sets it false.
            .env("M3SHD_NO_DEFAULT_SCHEDULES", "true")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start m3shd-hubd");
        let url = listening_url(&mut child);
        let addr = url.trim_start_matches("http://").to_string();
        Hub {
            child,
            url,
            addr,
            data_dir: data_dir.to_path_buf(),
            lease_timeout,
            extra: extra.iter().map(|s| s.to_string()).collect(),
            env: env
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            prelude: prelude.map(str::to_string),
        }
    }

    /// The hub's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn client(&self) -> Client {
        Client::new(&self.url, TOKEN).expect("client")
    }

    /// SIGKILL: no chance to flush or clean up.
    pub fn kill9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Start again on the same address and data dir.
    pub fn restart(&mut self) {
        let env = self.env.clone();
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        self.restart_with_env(&env);
    }

    /// Start again on the same address and data dir with these environment
    /// variables instead.
    pub fn restart_with_env(&mut self, env: &[(&str, &str)]) {
        self.kill9();
        let extra: Vec<&str> = self.extra.iter().map(String::as_str).collect();
        let again = Hub::launch(
            &self.data_dir,
            &self.addr,
            self.lease_timeout,
            &extra,
            env,
            self.prelude.as_deref(),
        );
        drop(std::mem::replace(self, again));
    }

    pub fn db_path(&self) -> PathBuf {
        self.data_dir.join("m3shd.db")
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A running `m3shd-workerd`.
pub struct Worker {
    pub child: Child,
    pub state_dir: PathBuf,
}

#[derive(Clone, Copy)]
pub struct WorkerSpec<'a> {
    pub name: &'a str,
    pub capabilities: &'a str,
    pub slots: u32,
    pub executor: &'a str,
    pub command: Option<&'a str>,
    /// Enrol with this join key instead of using the master token.
    pub join_key: Option<&'a str>,
    /// More flags (e.g. `--config FILE`, which beats the empty default).
    pub args: &'a [&'a str],
    /// Environment set for the worker alone.
    pub env: &'a [(&'a str, &'a str)],
    /// A shell prelude for the worker alone (e.g. `umask 000`).
    pub prelude: Option<&'a str>,
}

/// Model API settings of the operator's shell that must not reach a test's
/// workers (a test that wants one sets it in `WorkerSpec::env`).
pub const MODEL_ENV: &[&str] = &[
    "ANTHROPIC_API_KEY",
    "ANTHROPIC_BASE_URL",
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "XAI_API_KEY",
];

impl Default for WorkerSpec<'_> {
    fn default() -> Self {
        WorkerSpec {
            name: "w",
            capabilities: "general",
            slots: 2,
            executor: "builtin",
            command: None,
            join_key: None,
            args: &[],
            env: &[],
            prelude: None,
        }
    }
}

impl<'a> WorkerSpec<'a> {
    /// A builtin worker with the `general` capability.
    pub fn named(name: &'a str, slots: u32) -> Self {
        WorkerSpec {
            name,
            slots,
            ..Default::default()
        }
    }
}

/// Register `agent` over `client` with one capability and `slots` slots,
/// as a worker would (a test standing in for one).
pub async fn register_as(client: &Client, agent: &str, capability: &str, slots: i64) {
    client
        .register(
            agent,
            &m3shd_api::RegisterAgent {
                name: None,
                machine: None,
                capabilities: vec![capability.into()],
                max_concurrent: slots,
            },
        )
        .await
        .expect("register");
}

/// Submit a task with just a prompt; the hub must accept it.
pub async fn submit(client: &Client, prompt: impl Into<String>) -> m3shd_api::Task {
    client
        .create_task(
            &m3shd_api::CreateTask {
                prompt: prompt.into(),
                ..Default::default()
            },
            None,
        )
        .await
        .expect("task accepted")
}

impl Worker {
    pub fn start(hub_url: &str, state_root: &Path, spec: WorkerSpec<'_>) -> Worker {
        let state_dir = state_root.join(spec.name);
        let mut cmd = command(env!("CARGO_BIN_EXE_m3shd-workerd"), spec.prelude);
        cmd.args(["--hub", hub_url, "--name", spec.name])
            .args(["--capabilities", spec.capabilities])
            .args(["--slots", &spec.slots.to_string()])
            .args(["--executor", spec.executor])
            .args(["--drain-timeout", "2"])
            .arg("--state-dir")
            .arg(&state_dir)
            .env(
                "M3SHD_WORKERD_CONFIG",
                empty_config(&state_dir, "workerd.toml"),
            )
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit());
        if let Some(c) = spec.command {
            cmd.args(["--command", c]);
        }
        match spec.join_key {
            Some(key) => cmd.env_remove("M3SHD_TOKEN").env("M3SHD_JOIN_KEY", key),
            None => cmd.env("M3SHD_TOKEN", TOKEN),
        };
        for var in MODEL_ENV {
            cmd.env_remove(var);
        }
        cmd.args(spec.args).envs(spec.env.iter().copied());
        let child = cmd.spawn().expect("start m3shd-workerd");
        Worker { child, state_dir }
    }

    pub fn kill9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// SIGTERM, then wait for the exit status.
    pub fn terminate(&mut self, timeout: Duration) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait worker") {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "worker did not exit within {timeout:?} of SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn outbox_files(&self) -> usize {
        std::fs::read_dir(self.state_dir.join("outbox"))
            .map(|d| {
                d.filter_map(Result::ok)
                    .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
                    .count()
            })
            .unwrap_or(0)
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Wait until `n` agents are online.
pub async fn agents_online(client: &Client, n: usize) {
    wait_for(
        &format!("{n} agents online"),
        Duration::from_secs(30),
        || async {
            let agents = client.list_agents().await.ok()?;
            let online = agents
                .iter()
                .filter(|a| {
                    matches!(
                        a.status,
                        m3shd_api::AgentStatus::Online | m3shd_api::AgentStatus::Busy
                    )
                })
                .count();
            (online >= n).then_some(())
        },
    )
    .await
}

/// Wait until a task reaches `status`; returns it.
pub async fn task_reaches(
    client: &Client,
    id: &str,
    status: m3shd_api::TaskStatus,
    timeout: Duration,
) -> m3shd_api::Task {
    wait_for(&format!("task {id} {status}"), timeout, || async {
        let t = client.get_task(id).await.ok()?;
        (t.status == status).then_some(t)
    })
    .await
}

/// Wait until the task's streamed output shows `marker`: proof that its
/// worker has it in hand. A task the hub marks running may still be on its
/// way to the worker (the claim's answer goes out once the commit is
/// through), so a test that kills the hub next waits for this instead.
pub async fn output_shows(
    client: &Client,
    id: &str,
    marker: &str,
    timeout: Duration,
) -> m3shd_api::Task {
    wait_for(
        &format!("task {id} to show {marker:?}"),
        timeout,
        || async {
            let t = client.get_task(id).await.ok()?;
            t.output
                .as_deref()
                .is_some_and(|o| o.contains(marker))
                .then_some(t)
        },
    )
    .await
}

/// `m3shd ARGS` against `hub` with the master token, and no operator
/// config of this machine.
pub fn m3shd_cli(hub: &Hub, args: &[&str]) -> std::process::Output {
    m3shd_at(&hub.url, args)
}

/// `m3shd ARGS`, which must succeed, with its stdout parsed as JSON.
pub fn m3shd_json(hub: &Hub, args: &[&str]) -> serde_json::Value {
    let out = m3shd_cli(hub, args);
    assert!(
        out.status.success(),
        "m3shd {args:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("m3shd {args:?} printed no JSON ({e}): {out:?}"))
}
/// `m3shd ARGS` against the hub at `hub_url` with `token`, and no operator
/// config from this machine, ready to run or spawn.
pub fn m3shd_command(hub_url: &str, token: &str, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_m3shd"));
    cmd.args(args)
        .env("M3SHD_HUB", hub_url)
        .env("M3SHD_TOKEN", token)
        .env(
            "M3SHD_CONFIG",
            std::env::temp_dir().join("m3shd-e2e-no-such-config.toml"),
        );
    cmd
}

/// Run `m3shd ARGS` against the hub at `hub_url` with the master token and
/// no operator config from this machine.
pub fn m3shd_at(hub_url: &str, args: &[&str]) -> std::process::Output {
    m3shd_command(hub_url, TOKEN, args)
        .output()
        .expect("run m3shd")
}

/// The lines a child writes to `stream` (its stdout or stderr), read in the
/// background until it closes.
pub fn lines_of(stream: impl std::io::Read + Send + 'static) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// The URL a starting hub prints on stdout (`listening on URL`); the rest
/// of its stdout is drained in the background.
pub fn listening_url(child: &mut Child) -> String {
    let lines = lines_of(child.stdout.take().expect("hub stdout"));
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in lines {
            if let Some(url) = line.strip_prefix("listening on ") {
                let _ = tx.send(url.trim().to_string());
            }
        }
    });
    rx.recv_timeout(Duration::from_secs(30))
        .expect("hub printed `listening on URL`")
}
