//! Everything the console shows, fed by hub events (`apply`) and snapshots
//! (`load_snapshot`). Render reads it; only `update` and `apply` change it.

use std::collections::{BTreeMap, HashMap, VecDeque};

use m3shd_api::*;

use crate::effects::{Effect, Snapshot};
use crate::graph::GraphView;
use crate::log_line::{LogLine, describe};
use crate::tasks::TaskTable;
use crate::view::View;

/// Log lines kept (the Log view).
pub const LOG_CAP: usize = 2_000;
/// Chat messages kept.
pub const CHAT_CAP: usize = 500;
/// Live output kept per task (the tail wins).
pub const OUTPUT_CAP: usize = 256 * 1024;

/// The SSE connection as the status bar shows it.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Conn {
    #[default]
    Connecting,
    Live,
    /// The stream broke; it retries after `retry_in_ms` (its own backoff).
    Reconnecting {
        error: String,
        retry_in_ms: u64,
    },
    /// What retrying cannot fix (a rejected token).
    Failed(String),
}

/// What keys mean right now.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Mode {
    #[default]
    Normal,
    /// Typing a `/` filter (Queue, Log).
    Filter,
    /// Typing a `:` command line.
    Command,
    /// Typing a chat message.
    Compose,
    /// Waiting for `y` to perform an effect.
    Confirm { prompt: String, effect: Effect },
}

/// A one-line note in the status bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Flash {
    pub text: String,
    pub error: bool,
}

/// The reply of the last `:` command, shown until dismissed.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplyPanel {
    pub line: String,
    pub text: String,
    pub error: bool,
}

/// Streamed output of one task.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LiveOutput {
    pub text: String,
    /// Highest chunk sequence applied (chunks at or below are duplicates).
    pub last_seq: Option<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct AppState {
    /// The clock: render never calls `now()`; the run loop ticks this.
    pub now: Timestamp,
    pub hub: String,
    pub color: bool,
    pub view: View,
    pub mode: Mode,
    pub help: bool,
    pub conn: Conn,
    pub last_event_id: Option<i64>,
    pub lagged: u64,
    pub agents: BTreeMap<String, Agent>,
    pub tasks: TaskTable,
    pub output: HashMap<String, LiveOutput>,
    pub approvals: Vec<Approval>,
    pub escalations: Vec<Escalation>,
    pub costs: Option<CostReport>,
    pub pipelines: Vec<Pipeline>,
    pub messages: VecDeque<Message>,
    /// Guideline amendments: proposed first, then newest.
    pub amendments: Vec<Amendment>,
    pub log: VecDeque<LogLine>,
    pub log_filter: String,
    /// Selected row of each view (by `View::index`).
    pub selected: [usize; View::ALL.len()],
    /// The task Task detail shows.
    pub detail: Option<String>,
    /// Lines scrolled up from the end of the output; 0 follows new output.
    pub detail_scroll: usize,
    /// The pipeline the DAG view shows (index into `pipelines`).
    pub dag_pipeline: usize,
    /// A task's graph, which the DAG view shows instead of the pipelines.
    pub graph: Option<GraphView>,
    /// The text being typed in Filter / Command / Compose mode.
    pub input: String,
    pub flash: Option<Flash>,
    pub reply: Option<ReplyPanel>,
    pub quit: bool,
    /// Events received while a snapshot is in flight.
    pub since_snapshot: Option<Vec<EventRecord>>,
    /// The hub's counts: `tasks` holds only the pages loaded so far.
    pub hub_status: Option<StatusSummary>,
    /// When agents and counts were last asked for (`Effect::Refresh`).
    pub refreshed_at: Option<Timestamp>,
    pub refreshing: bool,
    /// Federation peers, polled with the agents; empty hides their section.
    pub peers: Vec<Peer>,
    /// Where the next older page of tasks starts; None when all are loaded.
    pub older_cursor: Option<String>,
    pub loading_older: bool,
}

impl AppState {
    pub fn new(hub: impl Into<String>, now: Timestamp, color: bool) -> AppState {
        AppState {
            hub: hub.into(),
            now,
            color,
            ..Default::default()
        }
    }

    pub fn selected(&self, view: View) -> usize {
        self.selected[view.index()]
    }

    pub fn select(&mut self, view: View, index: usize) {
        self.selected[view.index()] = index;
    }

    /// Re-sort tables after a batch of changes; call before drawing.
    /// The Queue's selection stays on the same task when rows move.
    pub fn settle(&mut self) {
        if !self.tasks.is_dirty() {
            return;
        }
        let keep = self
            .tasks
            .id_at(self.selected(View::Queue))
            .map(str::to_string);
        self.tasks.settle();
        if let Some(pos) = keep.and_then(|id| self.tasks.position(&id)) {
            self.select(View::Queue, pos);
        }
    }

    /// Apply a streamed record: skips what was already applied (a replay
    /// after reconnecting), logs it, applies it.
    pub fn apply_record(&mut self, rec: &EventRecord) {
        if self.last_event_id.is_some_and(|last| rec.id <= last) {
            return;
        }
        self.last_event_id = Some(rec.id);
        if let Some(buf) = self.since_snapshot.as_mut() {
            buf.push(rec.clone());
        }
        self.push_log(rec);
        self.apply(&rec.event);
    }

    fn push_log(&mut self, rec: &EventRecord) {
        if matches!(rec.event, Event::TaskOutput { .. }) {
            // Output goes to Task detail; one log line per chunk would bury the rest.
            return;
        }
        self.log.push_back(LogLine {
            id: rec.id,
            ts: rec.ts,
            kind: rec.event.kind(),
            text: describe(&rec.event),
        });
        while self.log.len() > LOG_CAP {
            self.log.pop_front();
        }
    }

    /// Apply one event to the state.
    pub fn apply(&mut self, event: &Event) {
        if let Some(g) = self.graph.as_mut()
            && g.concerns(event)
        {
            g.stale = true;
        }
        match event {
            Event::TaskCreated { task }
            | Event::TaskUpdated { task, .. }
            | Event::TaskCompleted { task }
            | Event::TaskFailed { task }
            | Event::TaskCancelled { task } => self.tasks.upsert(task.clone()),
            Event::TaskOutput {
                task_id,
                seq,
                chunk,
            } => self.push_output(task_id, *seq, chunk),
            Event::TaskHandoff {
                suspended,
                continuation,
            } => {
                self.tasks.upsert((**suspended).clone());
                self.tasks.upsert((**continuation).clone());
            }
            Event::AgentOnline { agent }
            | Event::AgentOffline { agent, .. }
            | Event::AgentUpdated { agent } => {
                self.agents.insert(agent.id.clone(), agent.clone());
            }
            Event::ApprovalRequested { approval } | Event::ApprovalDecided { approval } => {
                self.upsert_approval(approval.clone())
            }
            Event::EscalationCreated { escalation } | Event::EscalationUpdated { escalation } => {
                self.upsert_escalation(escalation.clone())
            }
            Event::CostRecorded { entry } => self.add_cost(entry),
            Event::PipelineCreated {
                pipeline_id,
                name,
                task_ids,
            } if !self.pipelines.iter().any(|p| &p.id == pipeline_id) => {
                self.add_placeholder_pipeline(pipeline_id, name, task_ids)
            }
            Event::MessagePosted { message } => self.push_message(message.clone()),
            Event::ProtocolStep { step, .. } if self.tasks.get(&step.id).is_none() => {
                // Its `task_created` usually came first and may be newer.
                self.tasks.upsert(step.clone())
            }
            Event::ProtocolUpdated { task_id, protocol } => self.set_protocol(task_id, protocol),
            Event::EvolutionProposed { amendment }
            | Event::EvolutionApplied { amendment }
            | Event::EvolutionRejected { amendment }
            | Event::EvolutionReverted { amendment } => self.upsert_amendment(amendment.clone()),
            // Escalation notices, budgets, context, memory: the log shows them.
            _ => {}
        }
    }

    /// A subject's protocol moved on: its Queue badge follows without
    /// waiting for the task's own next event.
    fn set_protocol(&mut self, task_id: &str, protocol: &ProtocolOutcome) {
        let newer = self.tasks.get(task_id).is_some_and(|t| {
            t.protocol
                .as_ref()
                .is_none_or(|p| p.updated_at <= protocol.updated_at)
        });
        if let (true, Some(t)) = (newer, self.tasks.get_mut(task_id)) {
            t.protocol = Some(protocol.clone());
        }
    }

    /// A pipeline known only from its event, until the full one is loaded.
    fn add_placeholder_pipeline(&mut self, id: &str, name: &str, task_ids: &[String]) {
        let tasks = task_ids
            .iter()
            .filter_map(|id| self.tasks.get(id))
            .map(|t| PipelineTask {
                name: t.title.clone(),
                id: t.id.clone(),
                status: t.status,
                depends_on: Vec::new(),
                task: t.clone(),
            })
            .collect();
        self.pipelines.insert(
            0,
            Pipeline {
                id: id.to_string(),
                name: name.to_string(),
                status: PipelineStatus::Running,
                created_at: self.now,
                tasks,
            },
        );
    }

    fn push_output(&mut self, task_id: &str, seq: i64, chunk: &str) {
        let out = self.output.entry(task_id.to_string()).or_default();
        if out.last_seq.is_some_and(|last| seq <= last) {
            return;
        }
        out.last_seq = Some(seq);
        out.text.push_str(chunk);
        if out.text.len() > OUTPUT_CAP {
            let mut cut = out.text.len() - OUTPUT_CAP;
            while !out.text.is_char_boundary(cut) {
                cut += 1;
            }
            out.text.drain(..cut);
        }
    }

    /// Backfill of stored output chunks (opening Task detail mid-run).
    pub fn apply_output_history(&mut self, task_id: &str, events: &[EventRecord]) {
        let mut chunks: Vec<(i64, &str)> = events
            .iter()
            .filter_map(|r| match &r.event {
                Event::TaskOutput {
                    task_id: t,
                    seq,
                    chunk,
                } if t == task_id => Some((*seq, chunk.as_str())),
                _ => None,
            })
            .collect();
        chunks.sort_by_key(|(seq, _)| *seq);
        let live = self.output.remove(task_id).unwrap_or_default();
        for (seq, chunk) in chunks {
            self.push_output(task_id, seq, chunk);
        }
        // Keep live chunks newer than the history.
        let merged = self.output.entry(task_id.to_string()).or_default();
        if live.last_seq > merged.last_seq {
            *merged = live;
        }
    }

    pub fn upsert_approval(&mut self, approval: Approval) {
        match self.approvals.iter_mut().find(|a| a.id == approval.id) {
            Some(a) => *a = approval,
            None => self.approvals.push(approval),
        }
        // Pending first, then newest.
        self.approvals.sort_by(|a, b| {
            (a.status != ApprovalStatus::Pending)
                .cmp(&(b.status != ApprovalStatus::Pending))
                .then(b.created_at.cmp(&a.created_at))
        });
    }

    pub fn upsert_amendment(&mut self, amendment: Amendment) {
        match self.amendments.iter_mut().find(|a| a.id == amendment.id) {
            Some(a) => *a = amendment,
            None => self.amendments.push(amendment),
        }
        self.amendments.sort_by(|a, b| {
            (a.status != AmendmentStatus::Proposed)
                .cmp(&(b.status != AmendmentStatus::Proposed))
                .then(b.created_at.cmp(&a.created_at))
                .then(a.id.cmp(&b.id))
        });
    }

    pub fn upsert_escalation(&mut self, escalation: Escalation) {
        match self.escalations.iter_mut().find(|e| e.id == escalation.id) {
            Some(e) => *e = escalation,
            None => self.escalations.push(escalation),
        }
        self.escalations.sort_by(|a, b| {
            let rank = |s: EscalationStatus| match s {
                EscalationStatus::Open => 0,
                EscalationStatus::Acknowledged => 1,
                EscalationStatus::Resolved => 2,
            };
            rank(a.status)
                .cmp(&rank(b.status))
                .then(b.created_at.cmp(&a.created_at))
        });
    }

    fn add_cost(&mut self, entry: &CostEntry) {
        let Some(report) = self.costs.as_mut() else {
            return;
        };
        if entry.ts.format("%Y-%m-%d").to_string() != report.day {
            return;
        }
        let tokens = entry.input_tokens + entry.output_tokens;
        let usd = entry.cost_usd.unwrap_or(0.0);
        report.total_tokens += tokens;
        report.total_cost_usd += usd;
        match report
            .agents
            .iter_mut()
            .find(|a| a.agent_id == entry.agent_id)
        {
            Some(a) => {
                a.tokens += tokens;
                a.cost_usd += usd;
            }
            None => report.agents.push(AgentSpend {
                agent_id: entry.agent_id.clone(),
                tokens,
                cost_usd: usd,
                token_cap: 0,
                usd_cap: None,
                capped: false,
            }),
        }
    }

    pub fn upsert_pipeline(&mut self, pipeline: Pipeline) {
        for step in &pipeline.tasks {
            self.tasks.upsert(step.task.clone());
        }
        match self.pipelines.iter_mut().find(|p| p.id == pipeline.id) {
            Some(p) => *p = pipeline,
            None => self.pipelines.insert(0, pipeline),
        }
    }

    fn push_message(&mut self, message: Message) {
        if self.messages.iter().any(|m| m.id == message.id) {
            return;
        }
        self.messages.push_back(message);
        while self.messages.len() > CHAT_CAP {
            self.messages.pop_front();
        }
    }

    /// Replace the tables with a snapshot, then re-apply the events that
    /// arrived after the snapshot's event id (they are newer than it).
    pub fn load_snapshot(&mut self, snap: Snapshot) {
        self.agents = snap.agents.into_iter().map(|a| (a.id.clone(), a)).collect();
        self.older_cursor = crate::effects::next_cursor(&snap.tasks);
        self.loading_older = false;
        self.hub_status = Some(snap.status);
        self.tasks.replace_all(snap.tasks);
        self.approvals.clear();
        for a in snap.approvals {
            self.upsert_approval(a);
        }
        self.escalations.clear();
        for e in snap.escalations {
            self.upsert_escalation(e);
        }
        self.costs = snap.costs;
        self.pipelines = snap.pipelines;
        self.amendments.clear();
        for a in snap.amendments {
            self.upsert_amendment(a);
        }
        self.messages.clear();
        for m in snap.messages {
            self.push_message(m);
        }
        if self.last_event_id.is_none() {
            self.last_event_id = Some(snap.last_event_id);
        }
        // Whatever the graph missed while the stream was down.
        if let Some(g) = self.graph.as_mut() {
            g.stale = true;
        }
        let newer = self.since_snapshot.take().unwrap_or_default();
        for rec in newer.iter().filter(|r| r.id > snap.last_event_id) {
            self.apply(&rec.event);
        }
    }

    /// A snapshot was requested: keep the events that arrive until it
    /// lands, to re-apply them on top of it.
    pub fn begin_snapshot(&mut self) {
        self.since_snapshot = Some(Vec::new());
    }

    /// Tasks in `status` on the hub (the loaded page's count until the hub
    /// has said).
    pub fn task_count(&self, status: TaskStatus) -> usize {
        self.hub_counts().and_then(|c| c.get(&status)).map_or_else(
            || self.tasks.count(status),
            |n| usize::try_from(*n).unwrap_or(0),
        )
    }

    /// Every task on the hub (the loaded ones until the hub has said).
    pub fn task_total(&self) -> usize {
        self.hub_counts().map_or(self.tasks.len(), |c| {
            c.values().map(|n| usize::try_from(*n).unwrap_or(0)).sum()
        })
    }

    fn hub_counts(&self) -> Option<&BTreeMap<TaskStatus, i64>> {
        self.hub_status
            .as_ref()
            .map(|s| &s.tasks)
            .filter(|c| !c.is_empty())
    }

    /// Agents online or busy.
    pub fn agents_online(&self) -> usize {
        self.agents
            .values()
            .filter(|a| matches!(a.status, AgentStatus::Online | AgentStatus::Busy))
            .count()
    }

    /// Amendments waiting for the operator.
    pub fn proposed_amendments(&self) -> usize {
        self.amendments
            .iter()
            .filter(|a| a.status == AmendmentStatus::Proposed)
            .count()
    }

    pub fn pending_approvals(&self) -> usize {
        self.approvals
            .iter()
            .filter(|a| a.status == ApprovalStatus::Pending)
            .count()
    }

    /// Live output of a task, else its stored output.
    pub fn output_of(&self, task_id: &str) -> &str {
        let live = self.output.get(task_id).map(|o| o.text.as_str());
        let stored = self.tasks.get(task_id).and_then(|t| t.output.as_deref());
        match (live, stored) {
            (_, Some(s)) if self.tasks.get(task_id).is_some_and(|t| t.status.is_final()) => s,
            (Some(l), _) if !l.is_empty() => l,
            (_, Some(s)) => s,
            _ => "",
        }
    }

    /// Log lines passing the Log filter (type prefix or substring).
    pub fn log_lines(&self) -> impl DoubleEndedIterator<Item = &LogLine> {
        let f = self.log_filter.to_lowercase();
        self.log.iter().filter(move |l| {
            f.is_empty() || l.kind.contains(&f) || l.text.to_lowercase().contains(&f)
        })
    }
}
