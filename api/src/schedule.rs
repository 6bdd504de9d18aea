//! Recurring work: a cron expression in a time zone that, each time it is
//! due, creates a task from a template or runs one of the hub's built-in
//! actions. `/api/schedules`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{ConsolidateReport, EvolutionReport, Task, Timestamp};

/// The time zone a schedule is read in when none is given.
pub const DEFAULT_SCHEDULE_TZ: &str = "UTC";

/// Variables the hub fills in itself when a schedule creates a task and the
/// schedule does not set them: the day of the fire (`YYYY-MM-DD` in the
/// schedule's time zone) and a digest of the last 24 hours of analytics.
pub const SCHEDULE_HUB_VARIABLES: [&str; 2] = ["date", "analytics"];

/// A built-in action a schedule can run instead of creating a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum ScheduleAction {
    /// Merge every agent's duplicate memories (what
    /// `POST /api/memory/consolidate` does).
    MemoryConsolidate,
    /// For every agent with something new to learn from in the last 7
    /// days, an evolution task for an agent advertising `evolve` (what
    /// `POST /api/agents/{id}/evolve/propose` does for one agent).
    Evolve,
}

impl ScheduleAction {
    pub const ALL: [ScheduleAction; 2] =
        [ScheduleAction::MemoryConsolidate, ScheduleAction::Evolve];

    pub fn as_str(self) -> &'static str {
        match self {
            ScheduleAction::MemoryConsolidate => "memory-consolidate",
            ScheduleAction::Evolve => "evolve",
        }
    }
}

display_as_str!(ScheduleAction);

impl std::str::FromStr for ScheduleAction {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        ScheduleAction::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| {
                let known: Vec<&str> = ScheduleAction::ALL.iter().map(|a| a.as_str()).collect();
                format!(
                    "unknown action `{}` (known: {})",
                    s.escape_debug(),
                    known.join(", ")
                )
            })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Schedule {
    pub id: String,
    /// Unique; the CLI addresses schedules by name.
    pub name: String,
    /// Five fields (minute hour day-of-month month day-of-week) or an alias
    /// such as `@daily`.
    pub cron: String,
    /// The IANA time zone the cron expression is read in.
    pub tz: String,
    /// The template (by name) whose task each fire creates; or `action`.
    pub template: Option<String>,
    /// The built-in action each fire runs; or `template`.
    pub action: Option<ScheduleAction>,
    /// Values for the template's `{variables}`.
    pub vars: BTreeMap<String, String>,
    pub paused: bool,
    /// When it fires next; none while paused.
    pub next_due: Option<Timestamp>,
    /// When it last fired (on time or by run-now).
    pub last_fired_at: Option<Timestamp>,
    /// The task its last fire created.
    pub last_task_id: Option<String>,
    /// Why its last fire did nothing (a deleted template, a missing
    /// variable, a failed action).
    pub last_error: Option<String>,
    pub created_by: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// `POST /api/schedules`: exactly one of `template` and `action`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateSchedule {
    pub name: String,
    pub cron: String,
    /// Default `UTC`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tz: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<ScheduleAction>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub vars: BTreeMap<String, String>,
    /// Create it paused.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub paused: bool,
}

/// `PUT /api/schedules/{id}`: what is given changes; the next due time is
/// worked out again from now when the cron expression or zone changes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateSchedule {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cron: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tz: Option<String>,
    /// Replaces all of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vars: Option<BTreeMap<String, String>>,
}

/// `GET /api/schedules` → `{"schedules": [...]}` by name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScheduleList {
    pub schedules: Vec<Schedule>,
}

/// `POST /api/schedules/{id}/run-now`: what the fire did. Its next due
/// time does not move.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScheduleRun {
    pub schedule: Schedule,
    /// The task it created (a template schedule).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<Task>,
    /// What the consolidation did (a `memory-consolidate` schedule).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consolidated: Option<ConsolidateReport>,
    /// What the proposal pass did (an `evolve` schedule).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evolution: Option<EvolutionReport>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_travel_in_kebab_case() {
        let v = serde_json::to_value(ScheduleAction::MemoryConsolidate).unwrap();
        assert_eq!(v, "memory-consolidate");
        assert_eq!(
            "memory-consolidate".parse::<ScheduleAction>(),
            Ok(ScheduleAction::MemoryConsolidate)
        );
        assert!("nap".parse::<ScheduleAction>().is_err());
        assert_eq!("evolve".parse(), Ok(ScheduleAction::Evolve));
    }

    #[test]
    fn a_minimal_create_needs_name_cron_and_a_target() {
        let req: CreateSchedule = serde_json::from_value(serde_json::json!({
            "name": "blog", "cron": "0 7 * * *", "template": "daily-blog"
        }))
        .unwrap();
        assert_eq!(req.tz, None);
        assert!(req.vars.is_empty() && !req.paused);
        assert!(
            serde_json::from_value::<CreateSchedule>(serde_json::json!({
                "name": "x", "cron": "* * * * *", "when": "now"
            }))
            .is_err()
        );
    }
}
