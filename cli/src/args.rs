//! The clap tree of `m3shd`.

use std::path::PathBuf;

use clap::parser::ValueSource;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "m3shd",
    version,
    about = "Drive an M3SHD mesh: submit work, watch it, run a local mesh"
)]
pub struct Cli {
    #[command(flatten)]
    pub conn: Conn,
    /// More log output on stderr (-v info, -vv debug).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// Parse argv as `Parser::parse` does (a usage error exits 2 with
    /// clap's message), noting besides whether `--token` was typed on the
    /// command line rather than taken from `M3SHD_TOKEN`.
    pub fn parse_noting_sources() -> Cli {
        let matches = Cli::command().get_matches();
        let mut cli = Cli::from_arg_matches(&matches)
            .unwrap_or_else(|e| e.format(&mut Cli::command()).exit());
        cli.conn.token_in_argv = matches.value_source("token") == Some(ValueSource::CommandLine);
        cli
    }
}

/// Where the hub is and how to authenticate.
#[derive(Debug, Clone, Args)]
pub struct Conn {
    /// Hub URL [default: the profile's hub, the config file's hub, or http://127.0.0.1:8333];
    /// several hubs sharing a database as URL,URL (the next is tried when one is down).
    #[arg(long, global = true, env = "M3SHD_HUB")]
    pub hub: Option<String>,
    /// Use this profile of the config file ([profiles.NAME]).
    #[arg(long, global = true, env = "M3SHD_PROFILE", value_name = "NAME")]
    pub profile: Option<String>,
    /// The config file [default: m3shd.toml in the platform config dir].
    #[arg(long, global = true, env = "M3SHD_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Bearer token (prefer M3SHD_TOKEN or --token-file: argv is visible to other users).
    #[arg(long, global = true, env = "M3SHD_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Read the bearer token from this file.
    #[arg(long, global = true, value_name = "PATH")]
    pub token_file: Option<PathBuf>,
    /// Whether `token` was typed on the command line (where every user of
    /// the machine can read it) rather than taken from `M3SHD_TOKEN`.
    #[arg(skip)]
    pub token_in_argv: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Submit a task.
    Do(DoArgs),
    /// List recent tasks.
    Tasks(TasksArgs),
    /// Inspect or act on one task.
    #[command(subcommand)]
    Task(TaskCmd),
    /// List agents.
    Agents(JsonFlag),
    /// One agent's settings: maintenance on|off.
    #[command(subcommand)]
    Agent(crate::args_agent::AgentCmd),
    /// One-screen summary of the mesh.
    Status(JsonFlag),
    /// The live console: agents, queue, task output, DAG, approvals, costs, log, chat.
    Tui,
    /// Run a persistent all-in-one mesh in the foreground (hub + local builtin workers).
    Up(UpArgs),
    /// Start a throwaway mesh, run a batch of builtin tasks across three workers, print the results.
    Demo(DemoArgs),
    /// Benchmarks that print figures.
    #[command(subcommand)]
    Bench(BenchCmd),
    /// Show or create the config file.
    #[command(subcommand)]
    Config(crate::args_ops::ConfigCmd),
    /// Log in as a user, or store a token, for the selected profile (OS keyring, else a 0600 file).
    Login(crate::args_ops::LoginArgs),
    /// Forget the selected profile's stored token (and end it on the hub if it is a session).
    Logout,
    /// Model API keys for workers on this machine (OS keyring, else 0600 files).
    #[command(subcommand)]
    Secret(crate::args_secret::SecretCmd),
    /// Check the hub, the token, the clock and this machine's setup.
    Doctor(crate::args_ops::DoctorArgs),
    /// Print a shell completion script.
    Completions(crate::args_ops::CompletionsArgs),
    /// Write the man pages.
    Man(crate::args_ops::ManArgs),
    /// Approve a pending request (default: the most recent one).
    Approve(crate::args_control::DecideArgs),
    /// Reject a pending request (default: the most recent one).
    Reject(crate::args_control::DecideArgs),
    /// List pending approval requests.
    Pending(JsonFlag),
    /// Today's tokens and spend per agent, against the caps.
    Costs(crate::args_control::CostsArgs),
    /// The daily spending caps: show them, set one, remove one.
    #[command(subcommand)]
    Budget(crate::args_control::BudgetCmd),
    /// List open escalations; `ack ID` / `resolve ID` to act on one.
    Escalations(crate::args_control::EscalationsArgs),
    /// Show the shared context; `KEY=VALUE` sets an entry, `rm KEY` deletes one.
    Context(crate::args_control::ContextArgs),
    /// Give one agent a task (`@AGENT text`).
    Ask(crate::args_control::AskArgs),
    /// Plan a goal into 2–5 subtasks and dispatch them in parallel.
    Auto(crate::args_control::TextArgs),
    /// Recent results in a few lines.
    Summary(crate::args_control::SummaryArgs),
    /// Say something to the mesh; the chat agent answers.
    Chat(crate::args_control::TextArgs),
    /// Run one raw command line exactly as the iMessage bridge does.
    Text(crate::args_control::LineArgs),
    /// Change the mesh in words ("drain crucible", "give archon 3 slots",
    /// "pause the queue", "cap rex at $5 a day"): shows the plan, asks y/N on a
    /// terminal (--yes skips it), then runs it with this token's permissions.
    Control(crate::args_control::ControlArgs),
    /// Task graphs: run a pipeline file, show a pipeline.
    #[command(subcommand)]
    Pipeline(crate::args_control::PipelineCmd),
    /// Task templates with {variable} placeholders.
    #[command(subcommand)]
    Template(crate::args_control::TemplateCmd),
    /// Recurring work the hub fires by itself: add, list, show, edit, rm, pause, resume, run-now.
    #[command(subcommand)]
    Schedule(crate::args_schedule::ScheduleCmd),
    /// Self-evolving agents: guideline amendments to list, show, apply, reject or revert;
    /// ask for some now (propose); an agent's success per capability (stats).
    #[command(subcommand)]
    Evolve(crate::args_evolve::EvolveCmd),
    /// Agent memory: list, search, set, rm, consolidate.
    #[command(subcommand)]
    Memory(crate::args_memory::MemoryCmd),
    /// The world model: entities and relations taken from task outputs (search, show).
    #[command(subcommand)]
    World(crate::args_world::WorldCmd),
    /// Plugins: list them, invoke one with a JSON input.
    #[command(subcommand)]
    Plugins(crate::args_plugins::PluginsCmd),
    /// Agent tokens: create (shown once), list, revoke.
    #[command(subcommand)]
    Token(crate::args_security::TokenCmd),
    /// Join keys that enrol new workers without per-node setup.
    #[command(subcommand, name = "join-key")]
    JoinKey(crate::args_security::JoinKeyCmd),
    /// Who the configured token is and what it may do.
    Whoami(JsonFlag),
    /// User accounts: add, list, set-role, passwd, rm.
    #[command(subcommand)]
    User(crate::args_security::UserCmd),
    /// Third-party API keys: create (shown once), list with usage, revoke.
    #[command(subcommand)]
    Key(crate::args_security::KeyCmd),
    /// Inbound webhooks that dispatch a template: add (URL and secret shown once), list, edit,
    /// rotate-secret, rm.
    #[command(subcommand)]
    Webhook(crate::args_webhook::WebhookCmd),
    /// Peer hubs that take work no local agent can: add (token from a file
    /// or stdin), list with live status, rm.
    #[command(subcommand)]
    Peer(crate::args_federation::PeerCmd),
    /// The audit log: who made which mutating call, when, with what outcome (admin only).
    Audit(crate::args_evidence::AuditArgs),
    /// Check a finished task's signed result chain; exit 1 if it is broken.
    Verify(crate::args_evidence::VerifyArgs),
    /// The contribution ledger: per agent, results validators accepted and
    /// rejected, and the credits earned.
    Ledger(JsonFlag),
    /// Serve the mesh as MCP tools over stdio, for Claude Code (`claude mcp
    /// add m3shd -- m3shd mcp`) and Claude Desktop. Uses this CLI's hub and
    /// token, and offers only the tools the token may use. It refuses a
    /// --token on the command line (visible in `ps` and kept in the client's
    /// config): use `m3shd login`, --token-file or M3SHD_TOKEN.
    Mcp,
    /// Hooks for Claude Code sessions.
    #[command(subcommand)]
    Hook(crate::args_assistant::HookCmd),
    /// Post a message to the mesh chat.
    Post(crate::args_assistant::PostArgs),
}

#[derive(Debug, Clone, Args)]
pub struct JsonFlag {
    /// Print the JSON the API returns.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DoArgs {
    /// What to do.
    pub prompt: String,
    /// Only an agent advertising this capability may run it.
    #[arg(long, short = 'c')]
    pub capability: Option<String>,
    /// Ask for this agent. Should it be offline, circuit-open or over
    /// budget for longer than the hub's --assign-wait, another capable
    /// agent takes the task (unless --strict).
    #[arg(long, short = 'a', conflicts_with = "debate")]
    pub agent: Option<String>,
    /// Keep the task for --agent however long that agent cannot take it.
    #[arg(long, requires = "agent", conflicts_with_all = ["vote", "debate"])]
    pub strict: bool,
    /// 0 (lowest) to 10 (highest); default 5.
    #[arg(long, short = 'p')]
    pub priority: Option<i64>,
    /// Title (default: the start of the prompt).
    #[arg(long)]
    pub title: Option<String>,
    /// Attempts before the task fails for good (default 3).
    #[arg(long)]
    pub max_attempts: Option<i64>,
    /// Makes retries of this command safe: the same key returns the same task.
    #[arg(long)]
    pub idempotency_key: Option<String>,
    /// Finish by then: an RFC 3339 time (2026-12-24T18:00:00Z) or a span from
    /// now (45m, 2h, 1d); urgency rises as it nears.
    #[arg(long, value_name = "WHEN", value_parser = parse_deadline)]
    pub deadline: Option<Deadline>,
    /// Ask AI executors for this model (overrides their routing).
    #[arg(long)]
    pub model: Option<String>,
    /// Hold the task until an operator approves it (`m3shd approve`).
    #[arg(long)]
    pub requires_approval: bool,
    /// Run only after these tasks are done, with their outputs in the prompt
    /// (repeat the flag or separate ids with commas).
    #[arg(long, value_name = "ID", value_delimiter = ',', num_args = 1..)]
    pub depends_on: Vec<String>,
    /// Refuse to spend more than this many US dollars on the task.
    #[arg(long, value_name = "USD", value_parser = parse_usd)]
    pub max_cost_usd: Option<f64>,
    /// Attach an image (JPEG, PNG, GIF, WebP or HEIC, up to 20 MB); repeat
    /// for more. The task runs once they are all uploaded.
    #[arg(long, value_name = "FILE")]
    pub attach: Vec<PathBuf>,
    /// Wait for the task to finish, showing its output as it streams; when a
    /// quality protocol runs on it, wait for its decision and print the
    /// accepted result.
    #[arg(long, short = 'w')]
    pub wait: bool,
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub protocol: crate::args_protocol::ProtocolArgs,
}

/// `--deadline`: a fixed time, or a span resolved when the task is sent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Deadline {
    At(m3shd_api::Timestamp),
    In(std::time::Duration),
}

impl Deadline {
    pub fn resolve(self, now: m3shd_api::Timestamp) -> Option<m3shd_api::Timestamp> {
        match self {
            Deadline::At(t) => Some(t),
            Deadline::In(d) => chrono::Duration::from_std(d)
                .ok()
                .and_then(|d| now.checked_add_signed(d)),
        }
    }
}

fn parse_deadline(s: &str) -> Result<Deadline, String> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s.trim()) {
        return Ok(Deadline::At(t.with_timezone(&chrono::Utc)));
    }
    m3shd_common::duration::parse_duration(s)
        .map(Deadline::In)
        .map_err(|e| format!("{e}; or give an RFC 3339 time such as 2026-12-24T18:00:00Z"))
}

fn parse_usd(s: &str) -> Result<f64, String> {
    match s.trim().trim_start_matches('$').parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
        _ => Err(format!("`{s}` is not an amount of US dollars such as 0.50")),
    }
}

#[derive(Debug, Args)]
pub struct TasksArgs {
    /// Only tasks in this status.
    #[arg(long, short = 's')]
    pub status: Option<m3shd_api::TaskStatus>,
    /// Only tasks held by this agent.
    #[arg(long)]
    pub agent: Option<String>,
    /// At most this many (max 500).
    #[arg(long, short = 'n', default_value_t = 20)]
    pub limit: u32,
    /// The next page: tasks older than this one (the last id shown).
    #[arg(long, value_name = "ID")]
    pub before: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum TaskCmd {
    /// Show a task; with --follow, stream its output live until it finishes
    /// (and its quality protocol, if any, has decided).
    Show {
        id: String,
        #[arg(long, short = 'f')]
        follow: bool,
        #[arg(long)]
        json: bool,
    },
    /// Cancel a task that has not finished.
    Cancel {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Run a failed or cancelled task again from scratch (the grammar's `retry ID`).
    Retry {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// The task with its parents, children and quality protocol steps, and
    /// the labelled edges between them.
    Graph {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// The vote on a task's result: who was asked, what each said, the tally.
    Votes {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// From the task to its result, each protocol step, the validators'
    /// signed receipts and the credits they earned.
    Trace {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Accept or reject the result of a task whose quality protocol
    /// escalated (a tied vote, voters that vanished): its dependents run on
    /// it, or are cancelled, and the escalation is resolved.
    Decide {
        id: String,
        /// `accept` or `reject`.
        decision: m3shd_api::Verdict,
        /// Why, recorded with the outcome.
        #[arg(long)]
        reason: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct UpArgs {
    /// Address the hub listens on.
    #[arg(long, default_value = "127.0.0.1:8333")]
    pub listen: String,
    /// Number of local builtin workers.
    #[arg(long, default_value_t = 2)]
    pub workers: usize,
    /// Slots per local worker.
    #[arg(long, default_value_t = 4)]
    pub slots: i64,
    /// Data directory (default: the platform data dir).
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Keep the demo's data directory and print where it is.
    #[arg(long)]
    pub keep: bool,
}

#[derive(Debug, Subcommand)]
pub enum BenchCmd {
    /// End-to-end dispatch throughput and latency on an embedded hub.
    Dispatch(BenchArgs),
    /// Memory full-text search latency (p50/p99) and insert rate on an embedded hub.
    Memory(crate::args_memory::BenchMemoryArgs),
    /// Whether per-request cost stays flat as history and queues grow: hot requests on a fresh hub, then on one filled to size.
    Scale(BenchScaleArgs),
    /// Event fan-out of a running hub: how long one event takes to reach N live subscribers (p50/p99).
    Fanout(BenchFanoutArgs),
    /// Streaming output through a running hub: chunks/s one worker can stream into a task.
    Stream(BenchStreamArgs),
    /// The hub's own benchmark suite (six tests against a scratch hub it starts, never its own store); the report is kept in its data dir.
    Hub(BenchHubArgs),
}

#[derive(Debug, Args)]
pub struct BenchHubArgs {
    /// Small sizes (a few seconds): checks that everything runs; the figures mean little.
    #[arg(long, conflicts_with = "list")]
    pub quick: bool,
    /// Start the run, print its id and return without waiting for the report.
    #[arg(long, conflicts_with = "list")]
    pub no_wait: bool,
    /// List the reports the hub keeps (newest first) instead of running.
    #[arg(long)]
    pub list: bool,
    /// Print the report (or the list) as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct BenchFanoutArgs {
    /// Live event-stream subscribers (each holds a connection: the hub's
    /// --max-connections must leave room for them).
    #[arg(long, default_value_t = 1000)]
    pub subscribers: usize,
    /// Chat messages posted (to the `bench-fanout` channel), one every 20 ms.
    #[arg(long, default_value_t = 20)]
    pub events: usize,
    /// Print the figures as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct BenchStreamArgs {
    /// Chunks to stream, one after another.
    #[arg(long, default_value_t = 2000)]
    pub chunks: usize,
    /// Bytes per chunk.
    #[arg(long, default_value_t = 64)]
    pub chunk_bytes: usize,
    /// Print the figures as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Echo tasks for the throughput run.
    #[arg(long, default_value_t = 5000)]
    pub tasks: usize,
    /// Builtin workers.
    #[arg(long, default_value_t = 4)]
    pub workers: usize,
    /// Slots per worker.
    #[arg(long, default_value_t = 8)]
    pub slots: i64,
    /// Seconds of the fixed-rate (100 tasks/s) latency run.
    #[arg(long, default_value_t = 5)]
    pub latency_secs: u64,
    /// Print the figures as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct BenchScaleArgs {
    /// Finished tasks of history to fill the store with.
    #[arg(long, default_value_t = 1_000_000)]
    pub tasks: u64,
    /// Tasks queued for a capability no agent has.
    #[arg(long, default_value_t = 100_000)]
    pub queued: u64,
    /// Events in the event log.
    #[arg(long, default_value_t = 1_000_000)]
    pub events: u64,
    /// Sequential requests per measured request kind, from one keep-alive client.
    #[arg(long, default_value_t = 300)]
    pub requests: usize,
    /// Print the figures as JSON.
    #[arg(long)]
    pub json: bool,
}
