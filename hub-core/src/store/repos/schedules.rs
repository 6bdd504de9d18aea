//! Schedules: recurring work and the due time each fires at next.

use std::collections::BTreeMap;

use m3shd_api::Timestamp;

use crate::store::error::StoreError;

/// A stored schedule (the domain works out due times and what a fire does).
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduleRow {
    pub id: String,
    pub name: String,
    pub cron: String,
    pub tz: String,
    /// Exactly one of `template` (a template name) and `action` is set.
    pub template: Option<String>,
    pub action: Option<String>,
    pub vars: BTreeMap<String, String>,
    pub paused: bool,
    /// The due time it fires at next (kept while paused, worked out again
    /// on resume).
    pub next_due: Timestamp,
    pub last_fired_at: Option<Timestamp>,
    pub last_task_id: Option<String>,
    pub last_error: Option<String>,
    pub created_by: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// What one fire leaves on its schedule.
#[derive(Debug, Clone, PartialEq)]
pub struct FireRecord<'a> {
    pub fired_at: Timestamp,
    pub task_id: Option<&'a str>,
    pub error: Option<&'a str>,
}

/// What can be read about them, on a snapshot or inside a write.
pub trait ScheduleReads {
    /// By id or by name.
    fn get(&self, key: &str) -> Result<Option<ScheduleRow>, StoreError>;
    /// By name.
    fn list(&self) -> Result<Vec<ScheduleRow>, StoreError>;
    /// Those not paused whose next due time is `now` or earlier, earliest
    /// first.
    fn due(&self, now: Timestamp) -> Result<Vec<ScheduleRow>, StoreError>;
}

/// What a write transaction can change.
pub trait ScheduleWrites: ScheduleReads {
    /// `Duplicate` when the name is taken.
    fn insert(&self, s: &ScheduleRow) -> Result<(), StoreError>;
    /// Save what an operator may change: cron, tz, vars, paused, next due,
    /// updated_at.
    fn update(&self, s: &ScheduleRow) -> Result<(), StoreError>;
    fn delete(&self, id: &str) -> Result<bool, StoreError>;
    /// Record the fire of due time `due` and move the schedule on to
    /// `next_due`, only if it still waits for `due` and is not paused;
    /// false (and nothing written) when another fire already took it.
    fn claim_due(
        &self,
        id: &str,
        due: Timestamp,
        next_due: Timestamp,
        fire: &FireRecord<'_>,
    ) -> Result<bool, StoreError>;
    /// Record a fire that is not for a due time (run-now, or the outcome
    /// of an action run after `claim_due`); the next due time stays.
    fn record_fire(&self, id: &str, fire: &FireRecord<'_>) -> Result<bool, StoreError>;
}
