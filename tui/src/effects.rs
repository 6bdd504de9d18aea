//! Effects: the API calls the console asks for, as plain data. `update`
//! returns them; the run loop hands them to an [`Effects`] performer, which
//! reports back with an [`Outcome`]. Render never calls the hub.

use m3shd_api::*;

/// An API call to make.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Load agents, tasks, approvals, escalations, costs, pipelines, chat.
    Snapshot,
    /// Fresh agents (their heartbeats), the hub's task counts and its
    /// federation peers (they have no events, so they are polled too).
    Refresh,
    /// The page of tasks older than this one (the Queue scrolled near its end).
    LoadOlder(String),
    /// Run one iMessage-grammar line (`:` command line).
    RunLine(String),
    /// Say something in chat (free text, never parsed as a command).
    Chat(String),
    CancelTask(String),
    RetryTask(String),
    SetPriority {
        task_id: String,
        priority: i64,
    },
    Decide {
        approval_id: String,
        decision: Decision,
    },
    UpdateEscalation {
        id: String,
        status: EscalationStatus,
    },
    /// Apply, reject or revert a guideline amendment.
    DecideAmendment {
        id: String,
        decision: AmendmentDecision,
    },
    /// Fetch the stored output chunks of a task (opening Task detail).
    LoadOutput(String),
    LoadPipeline(String),
    /// Fetch a task's graph: its parents, children and protocol steps.
    LoadGraph(String),
}

/// What the operator decides about a guideline amendment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmendmentDecision {
    Apply,
    Reject,
    Revert,
}

impl AmendmentDecision {
    pub fn word(self) -> &'static str {
        match self {
            AmendmentDecision::Apply => "apply",
            AmendmentDecision::Reject => "reject",
            AmendmentDecision::Revert => "revert",
        }
    }

    pub fn past(self) -> &'static str {
        match self {
            AmendmentDecision::Apply => "applied",
            AmendmentDecision::Reject => "rejected",
            AmendmentDecision::Revert => "reverted",
        }
    }
}

/// Amendments a snapshot loads (newest first).
pub const AMENDMENT_PAGE: u32 = 200;

/// Tasks a snapshot or a Queue page loads at once (the hub's page limit).
pub const TASK_PAGE: u32 = 500;

/// The cursor for the page after `page`: its last task, when it was full.
pub fn next_cursor(page: &[Task]) -> Option<String> {
    (page.len() >= TASK_PAGE as usize)
        .then(|| page.last().map(|t| t.id.clone()))
        .flatten()
}

/// Everything a snapshot loads.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    pub last_event_id: i64,
    /// The hub's own counts (the loaded tasks are only the newest page).
    pub status: StatusSummary,
    pub agents: Vec<Agent>,
    pub tasks: Vec<Task>,
    pub approvals: Vec<Approval>,
    pub escalations: Vec<Escalation>,
    pub costs: Option<CostReport>,
    pub pipelines: Vec<Pipeline>,
    pub messages: Vec<Message>,
    pub amendments: Vec<Amendment>,
}

/// What an effect came back with.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Snapshot(Box<Snapshot>),
    Refreshed {
        status: StatusSummary,
        agents: Vec<Agent>,
        /// None: the peers could not be asked this time (keep the last).
        peers: Option<Vec<Peer>>,
    },
    /// A page of older tasks, and whether `cursor` was where it started.
    Older {
        cursor: String,
        tasks: Vec<Task>,
    },
    /// A command line's reply (or error text).
    Reply {
        line: String,
        text: String,
        error: bool,
    },
    /// A short confirmation or error for the status bar.
    Done {
        text: String,
        error: bool,
    },
    Task(Box<Task>),
    Approval(Box<Approval>),
    Escalation(Box<Escalation>),
    Amendment(Box<Amendment>),
    Output {
        task_id: String,
        events: Vec<EventRecord>,
    },
    Pipeline(Box<Pipeline>),
    Graph(Box<TaskGraph>),
    /// A graph fetch failed (kept apart from `Done` so only it ends the
    /// fetch in flight).
    GraphFailed {
        task_id: String,
        error: String,
    },
}

/// Performs effects. The real one calls the hub; tests record.
pub trait Effects {
    fn perform(&self, effect: Effect);
}
