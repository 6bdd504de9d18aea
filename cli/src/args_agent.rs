//! `m3shd agent …`: settings of one agent.

use clap::{Args, Subcommand, ValueEnum};

#[derive(Debug, Subcommand)]
pub enum AgentCmd {
    /// Maintenance tasks while the agent is idle (memory audits, re-checks
    /// of doubtful results, health checks): show the setting, or turn it
    /// on or off.
    Maintenance(MaintenanceArgs),
}

#[derive(Debug, Args)]
pub struct MaintenanceArgs {
    /// The agent.
    pub id: String,
    /// Turn it on or off; left out, the setting is shown.
    pub state: Option<OnOff>,
    /// What its maintenance tasks may cost per UTC day, in USD (default 0.50).
    #[arg(long, value_name = "USD", requires = "state")]
    pub cap: Option<f64>,
    /// Print the JSON the API returns.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnOff {
    On,
    Off,
}
