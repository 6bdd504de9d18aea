//! Arguments of `m3shd evolve …`: self-evolving agents' guideline
//! amendments and the operator's decisions on them.

use clap::{Subcommand, ValueEnum};

/// Which amendments `evolve list` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFilter {
    Proposed,
    Applied,
    Rejected,
    Reverted,
    All,
}

#[derive(Debug, Subcommand)]
pub enum EvolveCmd {
    /// List guideline amendments, newest first (default: those awaiting a decision).
    List {
        /// Only this agent's.
        #[arg(long, short = 'a')]
        agent: Option<String>,
        /// Only those in this status.
        #[arg(long, short = 's', value_enum, default_value = "proposed")]
        status: StatusFilter,
        /// Print the JSON the API returns.
        #[arg(long)]
        json: bool,
    },
    /// Show one amendment: its text, confidence, evidence and decisions.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Apply a proposed amendment: the agent's next prompts start with it.
    Apply {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Reject a proposed amendment.
    Reject {
        id: String,
        /// Why (kept with the amendment).
        #[arg(long)]
        reason: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Take an applied amendment back: it is out of the agent's next prompt.
    Revert {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Ask an agent advertising `evolve` for amendments to AGENT's guidelines now.
    Propose {
        agent: String,
        #[arg(long)]
        json: bool,
    },
    /// AGENT's finished tasks per capability over a rolling window.
    Stats {
        agent: String,
        /// The window in days (1-90).
        #[arg(long, default_value_t = m3shd_api::DEFAULT_EVOLUTION_WINDOW_DAYS)]
        days: u32,
        #[arg(long)]
        json: bool,
    },
}
