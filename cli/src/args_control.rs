//! Arguments of the operator's control subcommands: the grammar words
//! (`approve`, `reject`, `pending`, `costs`, `budget`, `escalations`,
//! `context`, `ask`, `auto`, `summary`, `chat`, `text`) and `pipeline`,
//! `template`.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

#[derive(Debug, Args)]
pub struct DecideArgs {
    /// The approval to decide (default: the most recent pending one).
    pub id: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CostsArgs {
    /// UTC day as YYYY-MM-DD (default: today).
    #[arg(long)]
    pub day: Option<String>,
    #[arg(long)]
    pub json: bool,
}

/// `KEY` is one of mesh-usd, agent-usd, agent-tokens, agent-usd:AGENT, agent-tokens:AGENT.
#[derive(Debug, Subcommand)]
pub enum BudgetCmd {
    /// The caps in force.
    Show {
        #[arg(long)]
        json: bool,
    },
    /// Set one cap: `mesh-usd 5`, `agent-usd 0.50`, `agent-tokens 200000`,
    /// `agent-usd:rex 2`, `agent-tokens:rex 50000`.
    Set {
        key: String,
        value: String,
        #[arg(long)]
        json: bool,
    },
    /// Remove one cap (agent-tokens goes back to its default, 500,000).
    Unset {
        key: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EscalationAction {
    /// Acknowledge: someone is on it.
    Ack,
    /// Resolve: it is dealt with.
    Resolve,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EscalationFilter {
    Open,
    Acknowledged,
    Resolved,
    All,
}

#[derive(Debug, Args)]
pub struct EscalationsArgs {
    /// `ack ID` or `resolve ID`; without it, list.
    #[arg(requires = "id")]
    pub action: Option<EscalationAction>,
    /// The escalation to acknowledge or resolve.
    pub id: Option<String>,
    /// List escalations in this state (default: open).
    #[arg(long, short = 's', conflicts_with = "action")]
    pub status: Option<EscalationFilter>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ContextArgs {
    /// Nothing: show all. `KEY=VALUE`: set. `rm KEY`: delete.
    #[arg(value_name = "KEY=VALUE | rm KEY", num_args = 0..)]
    pub args: Vec<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct AskArgs {
    /// The agent (its id, `[a-z0-9-]`).
    pub agent: String,
    /// What to ask.
    #[arg(required = true, num_args = 1..)]
    pub text: Vec<String>,
    /// Queue it even if the hub knows no such agent (it waits for one to register).
    #[arg(long)]
    pub allow_unknown_agent: bool,
    #[arg(long)]
    pub json: bool,
}

/// Free text (words are joined with spaces).
#[derive(Debug, Args)]
pub struct TextArgs {
    #[arg(required = true, num_args = 1.., value_name = "TEXT")]
    pub text: Vec<String>,
    #[arg(long)]
    pub json: bool,
}

/// `control SENTENCE`.
#[derive(Debug, Args)]
pub struct ControlArgs {
    /// What to do, in words: "drain crucible", "give archon 3 slots",
    /// "move rex to code-review only", "pause the queue", "cancel task ID",
    /// "cap rex at $5 a day".
    #[arg(required = true, num_args = 1.., value_name = "SENTENCE")]
    pub text: Vec<String>,
    /// Run the plan without asking (needed when stdin is not a terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Longest wait, in seconds, for a model to read a sentence the hub's
    /// parser cannot (1-120; default 30).
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..=120))]
    pub wait: Option<u64>,
    /// Print the JSON the API returns (the plan, or what running it did).
    #[arg(long)]
    pub json: bool,
}

/// A raw grammar line, as the iMessage bridge receives it.
#[derive(Debug, Args)]
pub struct LineArgs {
    /// The line (`"status"`, `"approve"`, `"@rex fix it"`, ...).
    #[arg(num_args = 0.., value_name = "LINE")]
    pub line: Vec<String>,
    /// Queue `@AGENT text` even if the hub knows no such agent (it waits for one to register).
    #[arg(long)]
    pub allow_unknown_agent: bool,
    /// Print the reply's JSON instead of its text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SummaryArgs {
    /// At most this many recent results.
    #[arg(long, short = 'n')]
    pub limit: Option<u32>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum PipelineCmd {
    /// Create a pipeline from a TOML or JSON file (`name`, `[[steps]]`).
    Run {
        file: PathBuf,
        /// Wait until every step has finished.
        #[arg(long, short = 'w')]
        wait: bool,
        #[arg(long)]
        json: bool,
    },
    /// Show a pipeline's graph with each step's status.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// List pipelines, newest first.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum TemplateCmd {
    /// List templates.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Show one template.
    Show {
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// Add a template; `{variable}` placeholders in the prompt are filled at run time.
    #[command(visible_alias = "create")]
    Add {
        name: String,
        #[arg(long)]
        prompt: String,
        #[arg(long, short = 'c')]
        capability: Option<String>,
        #[arg(long, short = 'd', default_value = "")]
        description: String,
        #[arg(long, short = 'p')]
        priority: Option<i64>,
        /// Model its tasks ask AI workers for: a model name, or a routing
        /// tier (small, standard, large). Default: the worker's routing.
        #[arg(long, short = 'm', value_name = "MODEL")]
        model: Option<String>,
        /// Whether peer hubs may hand this hub tasks of this template (by
        /// name); refuse also keeps its own tasks from being relayed out.
        #[arg(long, value_name = "accept|refuse", default_value = "accept")]
        federated_input: m3shd_api::FederatedInput,
        #[arg(long)]
        json: bool,
        // Quality protocols every task of the template asks for.
        #[command(flatten)]
        protocol: crate::args_protocol::ProtocolArgs,
    },
    /// Change a template: whether it takes federated input.
    Set {
        name: String,
        /// accept: tasks of this template may come from peers and go to
        /// them; refuse: neither.
        #[arg(long, value_name = "accept|refuse")]
        federated_input: m3shd_api::FederatedInput,
        #[arg(long)]
        json: bool,
    },
    /// Remove a template.
    Rm { name: String },
    /// Create a task from a template.
    Run {
        name: String,
        /// Variables as key=value.
        #[arg(value_name = "KEY=VALUE")]
        vars: Vec<String>,
        #[arg(long, short = 'p')]
        priority: Option<i64>,
        /// Ask for this agent.
        #[arg(long, short = 'a')]
        agent: Option<String>,
        /// Model for this task, instead of the template's (a name or a tier).
        #[arg(long, short = 'm', value_name = "MODEL")]
        model: Option<String>,
        /// Wait for the task to finish, showing its output as it streams.
        #[arg(long, short = 'w')]
        wait: bool,
        #[arg(long)]
        json: bool,
    },
}
