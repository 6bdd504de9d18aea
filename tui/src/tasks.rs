//! The task table: an indexed map plus a sorted, filtered id vector, so a
//! view renders a window of rows without touching the other 10,000.

use std::cmp::Ordering;
use std::collections::HashMap;

use m3shd_api::{Task, TaskStatus};

/// How the Queue is ordered (`s` cycles).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    /// Newest first.
    #[default]
    Age,
    /// Highest priority first, then newest.
    Priority,
    /// Live work first (running, assigned, queued, blocked, then final).
    Status,
    /// Most urgent first.
    Urgency,
}

impl SortKey {
    pub fn next(self) -> SortKey {
        match self {
            SortKey::Age => SortKey::Priority,
            SortKey::Priority => SortKey::Status,
            SortKey::Status => SortKey::Urgency,
            SortKey::Urgency => SortKey::Age,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            SortKey::Age => "age",
            SortKey::Priority => "priority",
            SortKey::Status => "status",
            SortKey::Urgency => "urgency",
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct TaskTable {
    by_id: HashMap<String, Task>,
    /// Ids passing the filter, in sort order.
    order: Vec<String>,
    /// Running or assigned, newest first (the Dashboard's lower half).
    active: Vec<String>,
    counts: HashMap<TaskStatus, usize>,
    sort: SortKey,
    filter: String,
    dirty: bool,
}

fn status_rank(s: TaskStatus) -> u8 {
    match s {
        TaskStatus::Running => 0,
        TaskStatus::Assigned => 1,
        TaskStatus::Queued => 2,
        TaskStatus::Blocked => 3,
        TaskStatus::Suspended => 4,
        TaskStatus::Failed => 5,
        TaskStatus::Done => 6,
        TaskStatus::Cancelled => 7,
    }
}

fn compare(key: SortKey, a: &Task, b: &Task) -> Ordering {
    let newest = || {
        b.created_at
            .cmp(&a.created_at)
            .then_with(|| a.id.cmp(&b.id))
    };
    match key {
        SortKey::Age => newest(),
        SortKey::Priority => b.priority.cmp(&a.priority).then_with(newest),
        SortKey::Status => status_rank(a.status)
            .cmp(&status_rank(b.status))
            .then_with(newest),
        SortKey::Urgency => b.urgency.cmp(&a.urgency).then_with(newest),
    }
}

/// Whether a task matches a `/` filter: every word must appear in its id,
/// title, status, assignee, capability, protocol state or protocol role
/// (case-insensitive).
pub fn matches(task: &Task, filter: &str) -> bool {
    if filter.trim().is_empty() {
        return true;
    }
    let hay = format!(
        "{} {} {} {} {} {} {}",
        task.id,
        task.title,
        task.status,
        task.assigned_to.as_deref().unwrap_or(""),
        task.required_capability.as_deref().unwrap_or(""),
        task.protocol.as_ref().map_or("", |p| p.state.as_str()),
        task.protocol_role.map_or("", |r| r.as_str()),
    )
    .to_lowercase();
    filter
        .split_whitespace()
        .all(|w| hay.contains(&w.to_lowercase()))
}

impl TaskTable {
    pub fn upsert(&mut self, task: Task) {
        self.by_id.insert(task.id.clone(), task);
        self.dirty = true;
    }

    /// Replace everything (a snapshot).
    pub fn replace_all(&mut self, tasks: Vec<Task>) {
        self.by_id = tasks.into_iter().map(|t| (t.id.clone(), t)).collect();
        self.dirty = true;
    }

    pub fn get(&self, id: &str) -> Option<&Task> {
        self.by_id.get(id)
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut Task> {
        self.dirty = true;
        self.by_id.get_mut(id)
    }

    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    pub fn sort(&self) -> SortKey {
        self.sort
    }

    pub fn filter(&self) -> &str {
        &self.filter
    }

    pub fn set_sort(&mut self, key: SortKey) {
        self.sort = key;
        self.dirty = true;
    }

    pub fn set_filter(&mut self, filter: &str) {
        self.filter = filter.to_string();
        self.dirty = true;
    }

    /// Changed since the last `settle`.
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// Rows passing the filter.
    pub fn visible_len(&self) -> usize {
        self.order.len()
    }

    pub fn id_at(&self, index: usize) -> Option<&str> {
        self.order.get(index).map(String::as_str)
    }

    pub fn position(&self, id: &str) -> Option<usize> {
        self.order.iter().position(|x| x == id)
    }

    /// The visible rows `start..start+len` (only these are looked up).
    pub fn window(&self, start: usize, len: usize) -> impl Iterator<Item = &Task> {
        self.order
            .iter()
            .skip(start)
            .take(len)
            .filter_map(|id| self.by_id.get(id))
    }

    /// Running or assigned tasks, newest first.
    pub fn active(&self) -> impl Iterator<Item = &Task> {
        self.active.iter().filter_map(|id| self.by_id.get(id))
    }

    pub fn active_len(&self) -> usize {
        self.active.len()
    }

    pub fn count(&self, status: TaskStatus) -> usize {
        self.counts.get(&status).copied().unwrap_or(0)
    }

    pub fn values(&self) -> impl Iterator<Item = &Task> {
        self.by_id.values()
    }

    /// Re-sort and re-filter after changes; call once per batch of events,
    /// before drawing.
    pub fn settle(&mut self) {
        if !self.dirty {
            return;
        }
        self.dirty = false;
        let mut order: Vec<&Task> = self
            .by_id
            .values()
            .filter(|t| matches(t, &self.filter))
            .collect();
        order.sort_by(|a, b| compare(self.sort, a, b));
        self.order = order.into_iter().map(|t| t.id.clone()).collect();
        let mut active: Vec<&Task> = self
            .by_id
            .values()
            .filter(|t| t.status.is_leased())
            .collect();
        active.sort_by(|a, b| compare(SortKey::Age, a, b));
        self.active = active.into_iter().map(|t| t.id.clone()).collect();
        self.counts.clear();
        for t in self.by_id.values() {
            *self.counts.entry(t.status).or_default() += 1;
        }
    }
}
