//! Command line and in-process configuration of a worker.

use std::path::{Path, PathBuf};
use std::time::Duration;

use std::sync::Arc;

use clap::Parser;

use crate::WorkerError;
use crate::aiconfig::{AiConfig, Overrides};
use crate::file::WorkerKeys;

pub use crate::executor_kind::{BUILTIN_CAPABILITIES, ExecutorKind, MODEL_CAPABILITIES};

/// `m3shd-workerd`: join an M3SHD mesh and execute the tasks that match.
///
/// Settings come from defaults < workerd.toml in the config dir (e.g.
/// ~/.config/m3shd/workerd.toml, or --config) < environment < flags.
#[derive(Debug, Clone, Parser)]
#[command(
    name = "m3shd-workerd",
    version,
    about,
    long_about = None,
    after_help = "Settings: defaults < workerd.toml (the config dir, e.g. \
                  ~/.config/m3shd/workerd.toml, or --config) < environment < flags. The file \
                  holds the worker's keys and the executor's; unknown keys are errors, a token \
                  never goes in it (token_file names a file). A profile's API key is its \
                  environment variable (e.g. ANTHROPIC_API_KEY), else what `m3shd secret set \
                  NAME` stored: the OS keyring entry, else the 0600 file secrets/NAME next to \
                  the config file."
)]
pub struct Args {
    /// Hub URL, e.g. http://127.0.0.1:8333 (or `hub` in the config file);
    /// several hubs sharing a database as URL,URL (the next is tried when one is down).
    #[arg(long, env = "M3SHD_HUB", value_name = "URL")]
    pub hub: Option<String>,

    /// Agent token (prefer --token-file or the environment over argv).
    #[arg(
        long,
        env = "M3SHD_TOKEN",
        hide_env_values = true,
        value_name = "TOKEN"
    )]
    pub token: Option<String>,

    /// Read the token from this file (first line, trimmed); it wins over
    /// --token and M3SHD_TOKEN, so an exported token cannot shadow it.
    #[arg(long, value_name = "PATH")]
    pub token_file: Option<PathBuf>,

    /// Enrol with this join key (`m3shd join-key create`) when the state dir
    /// holds no agent token yet; the token it buys is kept there (0600) and
    /// used from then on. Prefer M3SHD_JOIN_KEY over argv.
    #[arg(
        long,
        env = "M3SHD_JOIN_KEY",
        hide_env_values = true,
        value_name = "KEY"
    )]
    pub join_key: Option<String>,

    /// Worker name; the agent id is its slug (default: the hostname).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// Capabilities this worker advertises, comma separated. Default:
    /// general,text,analysis,plan,chat (builtin), general,plan,chat (model
    /// executors), none (shell). Tasks without a capability go only to
    /// workers advertising `general`.
    #[arg(long, value_name = "A,B", value_delimiter = ',')]
    pub capabilities: Vec<String>,

    /// Tasks executed at the same time (default 1).
    #[arg(long, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..=m3shd_api::limits::MAX_SLOTS))]
    pub slots: Option<u32>,

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

    /// The worker's config file (TOML): the worker's keys (hub, name,
    /// capabilities, slots, state_dir, drain_timeout, token_file, …) and the
    /// executor's (profiles, routing, prices, timeouts). Default: workerd.toml
    /// in the config dir; a missing default file is fine, a missing named
    /// file is an error.
    #[arg(long, value_name = "FILE", env = "M3SHD_WORKERD_CONFIG")]
    pub config: Option<PathBuf>,

    /// Print the effective configuration and where each API key comes from
    /// (values redacted), then exit.
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

    /// On SIGTERM/SIGINT, how long running tasks may finish before they are
    /// released (default 30).
    #[arg(long, value_name = "SECS")]
    pub drain_timeout: Option<u64>,

    /// Stop a task that runs longer than this (0 = no limit, the default).
    #[arg(long, value_name = "SECS")]
    pub task_timeout: Option<u64>,

    /// Rounds of `[TOOL_CALL]` → hub plugin → model continuation per task
    /// (0 = tool calls are left as text; default 3).
    #[arg(long, value_name = "N")]
    pub max_tool_rounds: Option<u32>,

    /// The confidence (0 to 1) the builtin executor reports with every
    /// result (default 0.9); a result below a task's threshold is verified
    /// by another agent.
    #[arg(long, env = "M3SHD_BUILTIN_CONFIDENCE", value_name = "X")]
    pub builtin_confidence: Option<f64>,

    /// Log line format on stderr (default human); RUST_LOG filters as usual.
    #[arg(long, value_enum, env = "M3SHD_LOG_FORMAT")]
    pub log_format: Option<LogFormat>,
}

pub use m3shd_common::logging::LogFormat;

/// Tool-call rounds per task unless configured.
pub const DEFAULT_MAX_TOOL_ROUNDS: u32 = 3;

pub use crate::executor::builtin::DEFAULT_CONFIDENCE as DEFAULT_BUILTIN_CONFIDENCE;

/// A builtin confidence the hub would take (0..=1); anything else stops the
/// worker before it starts, rather than sending results the hub refuses.
fn builtin_confidence(v: f64) -> Result<f64, WorkerError> {
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(WorkerError::Config(format!(
            "builtin confidence must be between 0 and 1 (--builtin-confidence, \
             M3SHD_BUILTIN_CONFIDENCE or builtin_confidence in workerd.toml), got {v}"
        )))
    }
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
    /// Rounds of tool calls (hub plugins) a task may make (0: none).
    pub max_tool_rounds: u32,
    /// What the builtin executor reports as its confidence (0..=1).
    pub builtin_confidence: f64,
    /// Set when the worker still has to enrol: exchanged for an agent token
    /// (saved in the state dir) before it registers.
    pub join_key: Option<String>,
    /// Where API keys are stored when there is no OS keyring (see
    /// [`crate::apikey`]); `None`: keys come from the environment only.
    pub secrets_dir: Option<PathBuf>,
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
            .field("max_tool_rounds", &self.max_tool_rounds)
            .field("builtin_confidence", &self.builtin_confidence)
            .field("secrets_dir", &self.secrets_dir)
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
            slots: u32::try_from(slots.clamp(1, m3shd_api::limits::MAX_SLOTS)).unwrap_or(1),
            executor: ExecutorKind::Builtin,
            command: None,
            ai: Arc::new(AiConfig::default()),
            state_dir: state_dir.into(),
            drain_timeout: Duration::from_secs(30),
            task_timeout: None,
            claim_wait: Duration::from_secs(20),
            max_backoff: Duration::from_secs(30),
            flush_timeout: Duration::from_secs(5),
            max_tool_rounds: DEFAULT_MAX_TOOL_ROUNDS,
            builtin_confidence: DEFAULT_BUILTIN_CONFIDENCE,
            join_key: None,
            secrets_dir: None,
        }
    }

    /// Resolve command line arguments (reads the config file and the token file).
    pub fn from_args(args: Args) -> Result<WorkerConfig, WorkerError> {
        let eff = effective(&args, &|k| std::env::var(k).ok())?;
        let ai = eff.ai;
        let w = eff.worker;
        let hub = w.hub.clone().ok_or_else(|| {
            WorkerError::Config(
                "no hub: pass --hub URL, set M3SHD_HUB, or put hub = URL in workerd.toml".into(),
            )
        })?;
        let host = hostname();
        let name = w.name.clone().unwrap_or_else(|| host.clone());
        let agent_id = m3shd_api::slugify(&name);
        if !m3shd_api::is_valid_id(&agent_id) {
            return Err(WorkerError::Config(format!(
                "worker name `{name}` gives no valid agent id (need letters or digits)"
            )));
        }
        let mut capabilities = Vec::new();
        for c in w.capabilities.iter().flatten() {
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
        if capabilities.is_empty() {
            capabilities = ai
                .executor
                .default_capabilities()
                .iter()
                .map(|c| c.to_string())
                .collect();
        }
        if capabilities.len() > m3shd_api::limits::MAX_CAPABILITIES {
            return Err(WorkerError::Config(format!(
                "at most {} capabilities",
                m3shd_api::limits::MAX_CAPABILITIES
            )));
        }
        let state_dir = match w.state_dir {
            Some(d) => d,
            None => default_state_dir(&agent_id)?,
        };
        let (token, join_key) = resolve_token(&args, w.token_file.as_deref(), &state_dir)?;
        let mut config = WorkerConfig::builtin(
            hub,
            token,
            name,
            capabilities,
            i64::from(w.slots.unwrap_or(1)),
            state_dir,
        );
        config.machine = Some(w.machine.unwrap_or(host));
        config.executor = ai.executor;
        config.command = ai.command.clone();
        config.ai = Arc::new(ai);
        config.drain_timeout = Duration::from_secs(w.drain_timeout.unwrap_or(30));
        let task_timeout = w.task_timeout.unwrap_or(0);
        config.task_timeout = (task_timeout > 0).then(|| Duration::from_secs(task_timeout));
        config.max_tool_rounds = w.max_tool_rounds.unwrap_or(DEFAULT_MAX_TOOL_ROUNDS);
        config.builtin_confidence = w.builtin_confidence.unwrap_or(DEFAULT_BUILTIN_CONFIDENCE);
        config.join_key = join_key;
        config.secrets_dir = eff.secrets_dir;
        Ok(config)
    }

    /// The outbox directory.
    pub fn outbox_dir(&self) -> PathBuf {
        self.state_dir.join("outbox")
    }
}

fn first_line(path: &Path) -> Result<String, WorkerError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        WorkerError::Config(format!("cannot read token file {}: {e}", path.display()))
    })?;
    Ok(text.lines().next().unwrap_or_default().trim().to_string())
}

/// The token to use, or the join key still to exchange for one: a token
/// file wins, then an explicit token, then the one enrolment saved, then
/// the join key.
fn resolve_token(
    args: &Args,
    token_file: Option<&Path>,
    state_dir: &Path,
) -> Result<(String, Option<String>), WorkerError> {
    let token = match (token_file, &args.token) {
        (Some(path), _) => Some(first_line(path)?),
        (None, Some(t)) => Some(t.trim().to_string()),
        (None, None) => {
            let saved = crate::state_files::token_path(state_dir);
            if saved.exists() {
                Some(first_line(&saved)?)
            } else {
                None
            }
        }
    };
    match (token, &args.join_key) {
        (Some(t), _) if !t.is_empty() => Ok((t, None)),
        (Some(_), _) => Err(WorkerError::Config("the token is empty".into())),
        (None, Some(key)) if !key.trim().is_empty() => {
            Ok((String::new(), Some(key.trim().to_string())))
        }
        (None, _) => Err(WorkerError::Config(
            "no token: pass --token-file PATH, set M3SHD_TOKEN or M3SHD_JOIN_KEY, or --token"
                .into(),
        )),
    }
}

/// The effective settings of a worker: defaults < config file < env < flags
/// (clap already lets a flag win over its environment variable).
#[derive(Debug, Clone)]
pub struct Effective {
    /// The file that was read, if any.
    pub file: Option<PathBuf>,
    /// The worker's own settings, merged (a `--token-file` always; the
    /// config file's `token_file` only when no token came from --token /
    /// M3SHD_TOKEN).
    pub worker: WorkerKeys,
    pub ai: AiConfig,
    /// `secrets/` next to the config file in use, read or not (API keys
    /// stored by `m3shd secret set` when there is no OS keyring).
    pub secrets_dir: Option<PathBuf>,
}

/// `secrets/` in the directory of `config` (`--config`,
/// `M3SHD_WORKERD_CONFIG`), else of the default `workerd.toml`: by default
/// the same `~/.config/m3shd/secrets` where `m3shd secret set` writes.
pub fn secrets_dir(config: Option<&std::path::Path>) -> Option<PathBuf> {
    let file = config
        .map(std::path::Path::to_path_buf)
        .or_else(crate::file::default_path)?;
    Some(
        file.parent()
            .unwrap_or(std::path::Path::new("."))
            .join("secrets"),
    )
}

/// Read the config file and merge it with `args`. `env` reads environment
/// variables (base URL overrides, API key presence).
pub fn effective(
    args: &Args,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Effective, WorkerError> {
    let (path, file_worker, file_ai) = match crate::file::load(args.config.as_deref())? {
        Some(f) => (Some(f.path), f.worker, Some(f.ai)),
        None => (None, WorkerKeys::default(), None),
    };
    let flags = Overrides {
        executor: args.executor,
        command: args.command.clone(),
        model: args.model.clone(),
        profile: args.profile.clone(),
        fallback: args.fallback.clone(),
    };
    let ai = AiConfig::layered(file_ai, &flags, env).map_err(|e| match &path {
        Some(p) => WorkerError::Config(format!("config {}: {e}", p.display())),
        None => WorkerError::Config(e),
    })?;
    let f = file_worker;
    let worker = WorkerKeys {
        hub: args.hub.clone().or(f.hub),
        name: args.name.clone().or(f.name),
        machine: args.machine.clone().or(f.machine),
        capabilities: if args.capabilities.is_empty() {
            f.capabilities
        } else {
            Some(args.capabilities.clone())
        },
        slots: Some(args.slots.or(f.slots).unwrap_or(1)),
        state_dir: args.state_dir.clone().or(f.state_dir),
        drain_timeout: Some(args.drain_timeout.or(f.drain_timeout).unwrap_or(30)),
        task_timeout: Some(args.task_timeout.or(f.task_timeout).unwrap_or(0)),
        max_tool_rounds: Some(
            args.max_tool_rounds
                .or(f.max_tool_rounds)
                .unwrap_or(DEFAULT_MAX_TOOL_ROUNDS),
        ),
        builtin_confidence: Some(builtin_confidence(
            args.builtin_confidence
                .or(f.builtin_confidence)
                .unwrap_or(DEFAULT_BUILTIN_CONFIDENCE),
        )?),
        // A token file on the command line beats any token; the config
        // file's only applies when no token was given.
        token_file: args.token_file.clone().or(if args.token.is_some() {
            None
        } else {
            f.token_file
        }),
        log_format: Some(args.log_format.or(f.log_format).unwrap_or_default()),
    };
    Ok(Effective {
        file: path,
        worker,
        ai,
        secrets_dir: secrets_dir(args.config.as_deref()),
    })
}

/// The executor part of [`effective`].
pub fn effective_ai_config(
    args: &Args,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<AiConfig, WorkerError> {
    Ok(effective(args, env)?.ai)
}

impl Effective {
    /// What `--print-config` shows: the worker's keys, where the token
    /// comes from (never its value), then the executor configuration.
    pub fn to_toml_redacted(
        &self,
        token_given: bool,
        keys: &crate::apikey::KeyLookup<'_>,
    ) -> String {
        let mut out = String::from("# m3shd-workerd effective configuration\n");
        match &self.file {
            Some(p) => out.push_str(&format!("# config file: {}\n", p.display())),
            None => out.push_str("# config file: none\n"),
        }
        if token_given {
            out.push_str("# token: from --token / M3SHD_TOKEN (value redacted)\n");
        } else if self.worker.token_file.is_none() {
            out.push_str("# token: not set (token_file, M3SHD_TOKEN or --token-file)\n");
        }
        out.push_str(
            &toml::to_string(&self.worker).unwrap_or_else(|e| format!("# cannot render: {e}\n")),
        );
        out.push('\n');
        out + &self.ai.to_toml_redacted(keys)
    }
}

/// `<platform data dir>/workerd/<agent id>`.
pub fn default_state_dir(agent_id: &str) -> Result<PathBuf, WorkerError> {
    let data = m3shd_common::dirs::data_dir().ok_or_else(|| {
        WorkerError::Config("no home directory to keep worker state in: pass --state-dir".into())
    })?;
    Ok(data.join("workerd").join(agent_id))
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

    /// The config of a worker started with `extra` flags, `file` as its
    /// config file and `state` as its state dir.
    fn configured(
        file: &std::path::Path,
        state: &std::path::Path,
        extra: &[&str],
    ) -> Result<WorkerConfig, WorkerError> {
        let mut argv = vec![
            "--config",
            file.to_str().unwrap(),
            "--hub",
            "http://127.0.0.1:1",
            "--token",
            "t",
            "--state-dir",
            state.to_str().unwrap(),
        ];
        argv.extend_from_slice(extra);
        WorkerConfig::from_args(parse(&argv).unwrap())
    }

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
        assert!(!format!("{c:?}").contains("m3shd_ag_secret"));
    }

    #[test]
    fn a_token_file_on_the_command_line_beats_an_exported_token() {
        let dir = tempfile::tempdir().unwrap();
        let tf = dir.path().join("tok");
        std::fs::write(&tf, "m3shd_ag_from_file\n").unwrap();
        // `--token` stands for M3SHD_TOKEN here: clap fills both the same way.
        let args = parse(&[
            "--hub",
            "http://127.0.0.1:1",
            "--token",
            "m3shd_ag_exported",
            "--token-file",
            tf.to_str().unwrap(),
            "--name",
            "w",
            "--state-dir",
            dir.path().to_str().unwrap(),
        ])
        .unwrap();
        let c = WorkerConfig::from_args(args).unwrap();
        assert_eq!(c.token, "m3shd_ag_from_file");
    }

    #[test]
    fn capabilities_default_by_executor_and_shell_implies_none() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("workerd.toml");
        std::fs::write(&file, "").unwrap();
        let caps = |extra: &[&str]| configured(&file, dir.path(), extra).unwrap().capabilities;
        assert_eq!(caps(&[]), BUILTIN_CAPABILITIES);
        assert!(caps(&[]).contains(&"general".to_string()));
        assert_eq!(caps(&["--executor", "anthropic"]), MODEL_CAPABILITIES);
        assert_eq!(caps(&["--executor", "claude-cli"]), MODEL_CAPABILITIES);
        assert!(caps(&["--executor", "shell", "--command", "tr a-z A-Z"]).is_empty());
        assert_eq!(
            caps(&[
                "--executor",
                "shell",
                "--command",
                "cat",
                "--capabilities",
                "upper"
            ]),
            ["upper"]
        );
    }

    #[test]
    fn worker_keys_come_from_the_file_and_flags_beat_them() {
        let dir = tempfile::tempdir().unwrap();
        let tf = dir.path().join("tok");
        std::fs::write(&tf, "m3shd_ag_fromfile\n").unwrap();
        let file = dir.path().join("workerd.toml");
        std::fs::write(
            &file,
            format!(
                "hub = \"http://10.9.9.9:8333\"\nname = \"pi\"\ncapabilities = [\"summarize\"]\n\
                 slots = 3\ndrain_timeout = 7\ntoken_file = {:?}\nstate_dir = {:?}\n\
                 executor = \"shell\"\ncommand = \"cat\"\n",
                tf.display().to_string(),
                dir.path().display().to_string()
            ),
        )
        .unwrap();
        let f = file.to_str().unwrap();
        let c = WorkerConfig::from_args(parse(&["--config", f]).unwrap()).unwrap();
        if std::env::var("M3SHD_HUB").is_err() {
            assert_eq!(c.hub_url, "http://10.9.9.9:8333");
        }
        if std::env::var("M3SHD_TOKEN").is_err() {
            assert_eq!(c.token, "m3shd_ag_fromfile");
        }
        assert_eq!((c.agent_id.as_str(), c.slots), ("pi", 3));
        assert_eq!(c.capabilities, ["summarize"]);
        assert_eq!(c.drain_timeout, Duration::from_secs(7));
        assert_eq!(c.executor, ExecutorKind::Shell);
        let c = WorkerConfig::from_args(
            parse(&[
                "--config",
                f,
                "--hub",
                "http://127.0.0.1:1",
                "--token",
                "t2",
                "--slots",
                "5",
                "--name",
                "other",
                "--capabilities",
                "general",
            ])
            .unwrap(),
        )
        .unwrap();
        assert_eq!(c.hub_url, "http://127.0.0.1:1");
        assert_eq!(c.token, "t2");
        assert_eq!((c.agent_id.as_str(), c.slots), ("other", 5));
        assert_eq!(c.capabilities, ["general"]);
        // --print-config shows the merged worker keys, never a token value.
        let eff = effective(&parse(&["--config", f, "--token", "t2"]).unwrap(), &|_| {
            None
        })
        .unwrap();
        let text = eff.to_toml_redacted(true, &crate::apikey::KeyLookup::new(&|_| None, None));
        assert!(
            text.contains("slots = 3") && text.contains("name = \"pi\""),
            "{text}"
        );
        assert!(!text.contains("t2") && !text.contains("fromfile"), "{text}");
        // A missing named file is an error.
        let missing = dir.path().join("nope.toml");
        assert!(
            effective(
                &parse(&["--config", missing.to_str().unwrap()]).unwrap(),
                &|_| None
            )
            .is_err()
        );
    }

    #[test]
    fn api_keys_stored_next_to_the_config_file_are_found_and_shown_redacted() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("workerd.toml");
        std::fs::write(&file, "executor = \"anthropic\"\n").unwrap();
        let args = parse(&["--print-config", "--config", file.to_str().unwrap()]).unwrap();
        let none = |_: &str| None;
        let eff = effective(&args, &none).unwrap();
        let secrets = dir.path().join("secrets");
        assert_eq!(eff.secrets_dir.as_deref(), Some(secrets.as_path()));
        m3shd_secrets::SecretStore::new(m3shd_secrets::Kind::ApiKey, &secrets)
            .with_keyring(None)
            .store("ANTHROPIC_API_KEY", "sk-ant-STORED", true)
            .unwrap();
        let keys = crate::apikey::KeyLookup::new(&none, eff.secrets_dir.as_deref());
        let text = eff.to_toml_redacted(false, &keys);
        let line = format!(
            "$ANTHROPIC_API_KEY: from file {} (value redacted)",
            secrets.join("ANTHROPIC_API_KEY").display()
        );
        assert!(text.contains(&line), "{text}");
        assert!(!text.contains("STORED"), "{text}");
    }

    #[test]
    fn the_builtin_confidence_comes_from_flag_or_file_and_must_be_a_unit_value() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("workerd.toml");
        let base = |extra: &[&str]| configured(&file, dir.path(), extra);
        std::fs::write(&file, "").unwrap();
        if std::env::var("M3SHD_BUILTIN_CONFIDENCE").is_err() {
            assert_eq!(base(&[]).unwrap().builtin_confidence, 0.9);
        }
        assert_eq!(
            base(&["--builtin-confidence", "0.25"])
                .unwrap()
                .builtin_confidence,
            0.25
        );
        std::fs::write(&file, "builtin_confidence = 0.5\n").unwrap();
        if std::env::var("M3SHD_BUILTIN_CONFIDENCE").is_err() {
            assert_eq!(base(&[]).unwrap().builtin_confidence, 0.5);
        }
        assert_eq!(
            base(&["--builtin-confidence", "1"])
                .unwrap()
                .builtin_confidence,
            1.0
        );
        for bad in ["1.5", "-0.1", "NaN"] {
            let e = base(&[&format!("--builtin-confidence={bad}")]).unwrap_err();
            assert!(e.to_string().contains("between 0 and 1"), "{bad}: {e}");
            assert_eq!(e.exit_code(), 2);
        }
        std::fs::write(&file, "builtin_confidence = 2.0\n").unwrap();
        assert!(base(&[]).is_err());
    }

    #[test]
    fn bad_args_are_refused() {
        // shell needs a command
        assert!(parse(&["--hub", "http://h", "--token", "t", "--executor", "shell"]).is_err());
        // slots at least 1
        assert!(parse(&["--hub", "http://h", "--token", "t", "--slots", "0"]).is_err());
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
        let text = ai.to_toml_redacted(&crate::apikey::KeyLookup::new(&env, None));
        assert!(!text.contains("SECRET"), "{text}");
        assert!(
            text.contains("$XAI_API_KEY: from the environment"),
            "{text}"
        );
        // Without a hub from flag, env or file, the worker cannot start.
        let args = parse(&["--token", "t", "--config", file.to_str().unwrap()]).unwrap();
        if args.hub.is_none() {
            let e = WorkerConfig::from_args(args).unwrap_err();
            assert!(e.to_string().contains("no hub"), "{e}");
        }
        // A broken file is a configuration error (exit code 2).
        std::fs::write(&file, "executor = [").unwrap();
        let args = parse(&["--print-config", "--config", file.to_str().unwrap()]).unwrap();
        assert_eq!(effective_ai_config(&args, &env).unwrap_err().exit_code(), 2);
    }
}
