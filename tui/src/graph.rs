//! The task graph the DAG view shows instead of a pipeline: a task, its
//! parents and children, and the quality protocol steps hung off it
//! (ARCHITECTURE.md, "Quality protocols"). It is fetched, never built from
//! events: an event that concerns it only marks it stale, and one fetch at
//! a time brings it up to date, so a burst of events costs one request.

use m3shd_api::{Event, Task, TaskGraph};

/// The graph being shown, and whether it needs fetching again.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphView {
    /// The task the graph is about.
    pub task_id: String,
    /// None until the first fetch lands.
    pub graph: Option<TaskGraph>,
    /// A fetch is on its way: events only mark the graph stale meanwhile.
    pub in_flight: bool,
    /// Something changed since the last fetch was asked for.
    pub stale: bool,
    /// Why the last fetch failed.
    pub error: Option<String>,
}

impl GraphView {
    /// A graph whose first fetch has just been asked for.
    pub fn requested(task_id: impl Into<String>) -> GraphView {
        GraphView {
            task_id: task_id.into(),
            graph: None,
            in_flight: true,
            stale: false,
            error: None,
        }
    }

    /// Whether `id` is the graph's task or one of its nodes.
    pub fn involves(&self, id: &str) -> bool {
        id == self.task_id
            || self
                .graph
                .as_ref()
                .is_some_and(|g| g.nodes.iter().any(|n| n.id == id))
    }

    /// A new task joins the graph when it is one of its nodes already, or
    /// hangs off one (a dependency, or a protocol step of one).
    fn joins(&self, task: &Task) -> bool {
        self.involves(&task.id)
            || task.depends_on.iter().any(|d| self.involves(d))
            || task
                .protocol_of
                .as_deref()
                .is_some_and(|s| self.involves(s))
    }

    /// Whether `event` may change what the graph shows.
    pub fn concerns(&self, event: &Event) -> bool {
        match event {
            Event::ProtocolStep { task_id, step, .. } => self.involves(task_id) || self.joins(step),
            Event::ProtocolUpdated { task_id, .. } => self.involves(task_id),
            Event::ValidationRecorded { receipt } => {
                self.involves(&receipt.task_id) || self.involves(&receipt.validation_task)
            }
            Event::TaskCreated { task } => self.joins(task),
            // Changes of a task that is not a node do not show here.
            Event::TaskUpdated { task, .. }
            | Event::TaskCompleted { task }
            | Event::TaskFailed { task }
            | Event::TaskCancelled { task } => self.involves(&task.id),
            Event::TaskHandoff {
                suspended,
                continuation,
            } => self.involves(&suspended.id) || self.joins(continuation),
            _ => false,
        }
    }

    /// The task to fetch now, if the graph is stale and no fetch is on
    /// its way (which then is).
    pub fn take_refresh(&mut self) -> Option<String> {
        if !self.stale || self.in_flight {
            return None;
        }
        self.stale = false;
        self.in_flight = true;
        Some(self.task_id.clone())
    }

    /// Node ids in display order (the DAG view's rows).
    pub fn ordered_ids(&self) -> Vec<&str> {
        let Some(g) = &self.graph else {
            return Vec::new();
        };
        crate::dag::graph_order(g)
            .into_iter()
            .filter_map(|(_, i)| g.nodes.get(i).map(|n| n.id.as_str()))
            .collect()
    }
}
