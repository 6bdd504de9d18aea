//! Arguments of `m3shd audit` and `m3shd verify`.

use clap::Args;

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Only calls by this actor: `operator`, an agent id, `user:NAME`,
    /// `key:NAME` or `anonymous`.
    #[arg(long)]
    pub actor: Option<String>,
    /// Only actions containing this text, e.g. `cancel` or `DELETE`.
    #[arg(long)]
    pub action: Option<String>,
    /// Only rows after this id, oldest first (to page or tail); default:
    /// the most recent rows.
    #[arg(long, value_name = "ID")]
    pub after: Option<i64>,
    /// At most this many (max 500).
    #[arg(long, short = 'n', default_value_t = 50)]
    pub limit: u32,
    /// Every row, worker-protocol calls included (a hub logs those only
    /// with --audit-worker-protocol). Default: what operators and agents
    /// did, without heartbeats, claims, stream chunks and result delivery.
    #[arg(long, conflicts_with = "counts")]
    pub all: bool,
    /// Show the worker-protocol calls counted per agent and hour instead
    /// (newest hour first; --actor picks one agent).
    #[arg(long)]
    pub counts: bool,
    /// With --counts: the last this many hours (default 24).
    #[arg(long, value_name = "N", requires = "counts")]
    pub hours: Option<u32>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The task whose result chain to check.
    pub task: String,
    /// For a result relayed back from a peer hub, also ask that peer to
    /// verify its own chain (exit 1 if it does not, or does not end in the
    /// link this hub chained from).
    #[arg(long)]
    pub peer: bool,
    /// Print the hub's report as JSON (the exit code still says whether it verified).
    #[arg(long)]
    pub json: bool,
}
