//! Command line and in-process configuration of a worker.

use std::path::PathBuf;
use std::time::Duration;

use std::sync::Arc;

use clap::{Parser, ValueEnum};
use serde::{Deserialize, Serialize};

use crate::WorkerError;
use crate::aiconfig::{AiConfig, Overrides};

/// Which backend executes the tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExecutorKind {
    /// Deterministic local jobs (echo, text_stats, keywords, chunk,
    /// summarize, sleep, fail); needs no API key.
    Builtin,
    /// A configured command (`--command`), prompt on stdin, stdout streamed.
    Shell,
    /// The Anthropic Messages API (streaming, usage, cost).
    Anthropic,
    /// Any OpenAI-compatible chat-completions endpoint (see `--profile`).
    Openai,
    /// The `claude` CLI as a subprocess (stream-json).
    ClaudeCli,
}

impl ExecutorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ExecutorKind::Builtin => "builtin",
            ExecutorKind::Shell => "shell",
            ExecutorKind::Anthropic => "anthropic",
            ExecutorKind::Openai => "openai",
            ExecutorKind::ClaudeCli => "claude-cli",
        }
    }
}

/// `m3shd-workerd`: join an M3SHD mesh and execute the tasks that match.
#[derive(Debug, Clone, Parser)]
#[command(name = "m3shd-workerd", version, about, long_about = None)]
pub struct Args {
    /// Hub URL, e.g. http://127.0.0.1:8333
    #[arg(
        long,
        env = "M3SHD_HUB",
        value_name = "URL",
        required_unless_present = "print_config"
    )]
    pub hub: Option<String>,

    /// Agent token (prefer --token-file or the environment over argv).
    #[arg(
        long,
        env = "M3SHD_TOKEN",
        hide_env_values = true,
        value_name = "TOKEN"
    )]
    pub token: Option<String>,

    /// Read the token from this file (first line, trimmed).
    #[arg(long, value_name = "PATH", conflicts_with = "token")]
    pub token_file: Option<PathBuf>,

    /// Worker name; the agent id is its slug (default: the hostname).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// Capabilities this worker advertises, comma separated.
    #[arg(long, value_name = "A,B", value_delimiter = ',')]
    pub capabilities: Vec<String>,

    /// Tasks executed at the same time.
    #[arg(long, default_value_t = 1, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..=m3shd_api::limits::MAX_SLOTS))]
    pub slots: u32,

    /// The backend that executes tasks (default: the config file's, else builtin).
    #[arg(long, value_enum)]
    pub executor: Option<ExecutorKind>,

    /// Model for the anthropic / openai / claude-cli executors (beats the
    /// routing table; a task's own `model` beats this).
    #[arg(long, value_name = "NAME")]
    pub model: Option<String>,

    /// API profile: anthropic, openai, codex, grok, llama-cpp, ollama, vllm,
    /// or one defined in the config file.
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,

    /// Profile switched to when the main profile's quota runs out.
    #[arg(long, value_name = "NAME")]
    pub fallback: Option<String>,

    /// Executor configuration file (TOML): profiles, routing, prices, timeouts.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Print the effective executor configuration (secrets redacted) and exit.
    #[arg(long)]
    pub print_config: bool,

    /// Command run by the shell executor (`sh -c CMD`, prompt on stdin).
    #[arg(long, value_name = "CMD", required_if_eq("executor", "shell"))]
    pub command: Option<String>,

    /// Machine name reported to the hub (default: the hostname).
    #[arg(long, value_name = "NAME")]
    pub machine: Option<String>,

    /// Where the outbox lives (default: the platform data dir, workerd/NAME).
    #[arg(long, value_name = "DIR")]
    pub state_dir: Option<PathBuf>,

    /// On SIGTERM/SIGINT, how long running tasks may finish before they are released.
    #[arg(long, default_value_t = 30, value_name = "SECS")]
    pub drain_timeout: u64,

    /// Stop a task that runs longer than this (0 = no limit).
    #[arg(long, default_value_t = 0, value_name = "SECS")]
    pub task_timeout: u64,

    /// Log line format on stderr; RUST_LOG filters as usual.
    #[arg(long, value_enum, env = "M3SHD_LOG_FORMAT", default_value_t = LogFormat::Human)]
    pub log_format: LogFormat,
}

/// How the daemon writes its log lines (to stderr).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines (colours on a terminal).
    #[default]
    Human,
    /// One JSON object per line, for journald/Loki/… pipelines.
    Json,
}

/// Everything a running worker needs. Build it from [`Args`] or in code
/// with [`WorkerConfig::builtin`].
#[derive(Clone)]
pub struct WorkerConfig {
    pub hub_url: String,
    pub token: String,
    /// Display name; the agent id is `api::slugify(name)`.
    pub name: String,
    pub agent_id: String,
    pub machine: Option<String>,
    pub capabilities: Vec<String>,
    pub slots: u32,
    pub executor: ExecutorKind,
    /// The shell executor's command.
    pub command: Option<String>,
    /// The executor configuration (model backends).
    pub ai: Arc<AiConfig>,
    /// Root of the worker's durable state (the outbox is `state_dir/outbox`).
    pub state_dir: PathBuf,
    pub drain_timeout: Duration,
    /// Executions running longer are stopped (and fail retryably).
    pub task_timeout: Option<Duration>,
    /// Long-poll wait of one claim.
    pub claim_wait: Duration,
    /// Longest pause between retries while the hub is unreachable.
    pub max_backoff: Duration,
    /// How long the final outbox flush on shutdown may take.
    pub flush_timeout: Duration,
}

impl std::fmt::Debug for WorkerConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The token never appears in logs.
        f.debug_struct("WorkerConfig")
            .field("hub_url", &self.hub_url)
            .field("token", &"<redacted>")
            .field("name", &self.name)
            .field("agent_id", &self.agent_id)
            .field("machine", &self.machine)
            .field("capabilities", &self.capabilities)
            .field("slots", &self.slots)
            .field("executor", &self.executor)
            .field("command", &self.command)
            .field("ai", &self.ai)
            .field("state_dir", &self.state_dir)
            .field("drain_timeout", &self.drain_timeout)
            .field("task_timeout", &self.task_timeout)
            .field("claim_wait", &self.claim_wait)
            .finish_non_exhaustive()
    }
}

impl WorkerConfig {
    /// A worker with the `builtin` executor, as the CLI embeds them
    /// (`m3shd demo`, `up`, `bench`). Other fields take their defaults and
    /// can be changed afterwards.
    pub fn builtin(
        hub_url: impl Into<String>,
        token: impl Into<String>,
        name: impl Into<String>,
        capabilities: Vec<String>,
        slots: i64,
        state_dir: impl Into<PathBuf>,
    ) -> WorkerConfig {
        let name = name.into();
        WorkerConfig {
            hub_url: hub_url.into(),
            token: token.into(),
            agent_id: m3shd_api::slugify(&name),
            name,
            machine: Some(hostname()),
            capabilities,
            slots: slots.clamp(1, m3shd_api::limits::MAX_SLOTS) as u32,
            executor: ExecutorKind::Builtin,
            command: None,
            ai: Arc::new(AiConfig::default()),
            state_dir: state_dir.into(),
            drain_timeout: Duration::from_secs(30),
            task_timeout: None,
            claim_wait: Duration::from_secs(20),
            max_backoff: Duration::from_secs(30),
            flush_timeout: Duration::from_secs(5),
        }
    }

    /// Resolve command line arguments (reads `--token-file` and `--config`).
    pub fn from_args(args: Args) -> Result<WorkerConfig, WorkerError> {
        let ai = effective_ai_config(&args, &|k| std::env::var(k).ok())?;
        let hub = args
            .hub
            .clone()
            .ok_or_else(|| WorkerError::Config("no hub: pass --hub URL or set M3SHD_HUB".into()))?;
        let token = match (&args.token, &args.token_file) {
            (Some(t), _) => t.trim().to_string(),
            (None, Some(path)) => std::fs::read_to_string(path)
                .map_err(|e| {
                    WorkerError::Config(format!("cannot read token file {}: {e}", path.display()))
                })?
                .lines()
                .next()
                .unwrap_or_default()
                .trim()
                .to_string(),
            (None, None) => {
                return Err(WorkerError::Config(
                    "no token: pass --token-file PATH, set M3SHD_TOKEN, or --token".into(),
                ));
            }
        };
        if token.is_empty() {
            return Err(WorkerError::Config("the token is empty".into()));
        }
        let host = hostname();
        let name = args.name.clone().unwrap_or_else(|| host.clone());
        let agent_id = m3shd_api::slugify(&name);
        if !m3shd_api::is_valid_id(&agent_id) {
            return Err(WorkerError::Config(format!(
                "worker name `{name}` gives no valid agent id (need letters or digits)"
            )));
        }
        let mut capabilities = Vec::new();
        for c in &args.capabilities {
            let c = c.trim();
            if c.is_empty() {
                continue;
            }
            if !m3shd_api::is_valid_name(c) {
                return Err(WorkerError::Config(format!(
                    "capability `{c}` must be [a-z0-9_.-], 1-64 characters"
                )));
            }
            if !capabilities.iter().any(|x| x == c) {
                capabilities.push(c.to_string());
            }
        }
        if capabilities.len() > m3shd_api::limits::MAX_CAPABILITIES {
            return Err(WorkerError::Config(format!(
                "at most {} capabilities",
                m3shd_api::limits::MAX_CAPABILITIES
            )));
        }
        let state_dir = match args.state_dir {
            Some(d) => d,
            None => default_state_dir(&agent_id)?,
        };
        let mut config = WorkerConfig::builtin(
            hub,
            token,
            name,
            capabilities,
            i64::from(args.slots),
            state_dir,
        );
        config.machine = Some(args.machine.unwrap_or(host));
        config.executor = ai.executor;
        config.command = ai.command.clone();
        config.ai = Arc::new(ai);
        config.drain_timeout = Duration::from_secs(args.drain_timeout);
        config.task_timeout =
            (args.task_timeout > 0).then(|| Duration::from_secs(args.task_timeout));
        Ok(config)
    }

    /// The outbox directory.
    pub fn outbox_dir(&self) -> PathBuf {
        self.state_dir.join("outbox")
    }
}

/// The executor configuration of `args`: defaults < `--config` < flags.
/// `env` reads environment variables (base URL overrides).
pub fn effective_ai_config(
    args: &Args,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<AiConfig, WorkerError> {
    let file = match &args.config {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                WorkerError::Config(format!("cannot read config {}: {e}", path.display()))
            })?;
            Some(
                AiConfig::parse(&text)
                    .map_err(|e| WorkerError::Config(format!("config {}: {e}", path.display())))?,
            )
        }
        None => None,
    };
    let flags = Overrides {
        executor: args.executor,
        command: args.command.clone(),
        model: args.model.clone(),
        profile: args.profile.clone(),
        fallback: args.fallback.clone(),
    };
    AiConfig::layered(file, &flags, env).map_err(WorkerError::Config)
}

/// `<platform data dir>/workerd/<agent id>`.
pub fn default_state_dir(agent_id: &str) -> Result<PathBuf, WorkerError> {
    let dirs = directories::ProjectDirs::from("", "", "m3shd").ok_or_else(|| {
        WorkerError::Config("no home directory to keep worker state in: pass --state-dir".into())
    })?;
    Ok(dirs.data_dir().join("workerd").join(agent_id))
}

/// This machine's host name, best effort.
pub fn hostname() -> String {
    let from_proc = std::fs::read_to_string("/proc/sys/kernel/hostname").ok();
    let name = from_proc
        .or_else(|| std::env::var("HOSTNAME").ok())
        .or_else(|| {
            std::process::Command::new("hostname")
                .output()
                .ok()
                .filter(|o| o.status.success())
                .and_then(|o| String::from_utf8(o.stdout).ok())
        })
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    name.unwrap_or_else(|| "localhost".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(argv: &[&str]) -> Result<Args, clap::Error> {
        Args::try_parse_from(std::iter::once("m3shd-workerd").chain(argv.iter().copied()))
    }

    #[test]
    fn args_parse_and_resolve() {
        let dir = tempfile::tempdir().unwrap();
        let tf = dir.path().join("tok");
        std::fs::write(&tf, "m3shd_ag_secret\n").unwrap();
        let args = parse(&[
            "--hub",
            "http://127.0.0.1:1",
            "--token-file",
            tf.to_str().unwrap(),
            "--name",
            "Mac Mini #2",
            "--capabilities",
            "summarize,code_review,summarize",
            "--slots",
            "3",
            "--state-dir",
            dir.path().to_str().unwrap(),
        ])
        .unwrap();
        let c = WorkerConfig::from_args(args).unwrap();
        assert_eq!(c.token, "m3shd_ag_secret");
        assert_eq!(c.agent_id, "mac-mini-2");
        assert_eq!(c.capabilities, ["summarize", "code_review"]);
        assert_eq!(c.slots, 3);
        assert_eq!(c.executor, ExecutorKind::Builtin);
        assert_eq!(c.outbox_dir(), dir.path().join("outbox"));
        assert!(!format!("{c:?}").contains("secret"));
    }

    #[test]
    fn bad_args_are_refused() {
        // shell needs a command
        assert!(parse(&["--hub", "http://h", "--token", "t", "--executor", "shell"]).is_err());
        // slots at least 1
        assert!(parse(&["--hub", "http://h", "--token", "t", "--slots", "0"]).is_err());
        // token and token-file together
        assert!(parse(&["--hub", "http://h", "--token", "t", "--token-file", "/x"]).is_err());
        let args = parse(&[
            "--hub",
            "http://h",
            "--token",
            "t",
            "--capabilities",
            "Bad Cap",
            "--state-dir",
            "/tmp/x",
        ])
        .unwrap();
        assert!(WorkerConfig::from_args(args).is_err());
    }

    #[test]
    fn print_config_needs_no_hub_and_flags_beat_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("worker.toml");
        std::fs::write(
            &file,
            "executor = \"openai\"\nprofile = \"ollama\"\nmodel = \"llama3.2\"\n[retries]\nmax_retries_429 = 5\n",
        )
        .unwrap();
        let args = parse(&["--print-config", "--config", file.to_str().unwrap()]).unwrap();
        assert!(args.hub.is_none());
        let env = |k: &str| (k == "XAI_API_KEY").then(|| "xai-SECRET".to_string());
        let ai = effective_ai_config(&args, &env).unwrap();
        assert_eq!(ai.executor, ExecutorKind::Openai);
        assert_eq!(
            ai.main_profile().unwrap().1.base_url,
            "http://127.0.0.1:11434/v1"
        );
        assert_eq!(ai.retries.max_retries_429, 5);
        let args = parse(&[
            "--print-config",
            "--config",
            file.to_str().unwrap(),
            "--profile",
            "grok",
            "--model",
            "grok-4",
        ])
        .unwrap();
        let ai = effective_ai_config(&args, &env).unwrap();
        assert_eq!(ai.model.as_deref(), Some("grok-4"));
        assert_eq!(ai.main_profile().unwrap().1.base_url, "https://api.x.ai/v1");
        let text = ai.to_toml_redacted(&env);
        assert!(!text.contains("SECRET"), "{text}");
        assert!(text.contains("$XAI_API_KEY: set"), "{text}");
        // Without --print-config the hub is required.
        assert!(parse(&["--token", "t"]).is_err());
        // A broken file is a configuration error (exit code 2).
        std::fs::write(&file, "executor = [").unwrap();
        let args = parse(&["--print-config", "--config", file.to_str().unwrap()]).unwrap();
        assert_eq!(effective_ai_config(&args, &env).unwrap_err().exit_code(), 2);
    }
}
