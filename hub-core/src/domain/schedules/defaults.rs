//! The schedules a new hub starts with: the daily blog (a task from the
//! `daily-blog` template, written from the last 24 hours of analytics) and
//! the nightly memory consolidation. Created once, the first time a hub
//! serves a data dir; an operator who removes or changes them keeps it
//! that way.

use std::collections::BTreeMap;

use m3shd_api::{DEFAULT_SCHEDULE_TZ, ScheduleAction};

use super::super::{DomainError, Hub};
use super::{CronSpec, first_due, new_schedule_id};
use crate::store::{ScheduleRow, TemplateRow};

/// The template the daily blog schedule runs.
pub const DAILY_BLOG: &str = "daily-blog";
/// The default schedule that writes the daily blog.
pub const DAILY_BLOG_SCHEDULE: &str = "daily-blog";
/// The default schedule that consolidates agent memories every night.
pub const MEMORY_CONSOLIDATION_SCHEDULE: &str = "memory-consolidation";

/// Set once the defaults were created: they are never created again.
const SEEDED_KEY: &str = "schedules.defaults_seeded";
const SEEDED_BY: &str = "seed";

/// Untyped work only agents advertising `general` take.
const BLOG_CAPABILITY: &str = "general";
const BLOG_PRIORITY: i64 = 3;
const BLOG_PROMPT: &str = "Write today's blog post for the mesh ({date}): a short, readable \
account of the last 24 hours, written only from the analytics below. Cover the task \
throughput, how the agents and models did, what failed or stood out, and what the fleet \
learned. Use these figures as they are; do not invent any.

{analytics}";

/// (name, cron, template, action) of each default schedule, read in UTC.
const DEFAULTS: [(&str, &str, Option<&str>, Option<ScheduleAction>); 2] = [
    (DAILY_BLOG_SCHEDULE, "0 7 * * *", Some(DAILY_BLOG), None),
    (
        MEMORY_CONSOLIDATION_SCHEDULE,
        "0 3 * * *",
        None,
        Some(ScheduleAction::MemoryConsolidate),
    ),
];

impl Hub {
    /// Create the default schedules and the `daily-blog` template, unless
    /// this data dir had them once already; a name the operator already
    /// uses is left alone. True when they were created now.
    pub async fn seed_default_schedules(&self) -> Result<bool, DomainError> {
        self.write(|cx| {
            if cx.tx.settings().get(SEEDED_KEY)?.is_some() {
                return Ok(false);
            }
            let now = cx.tx.now();
            if cx.tx.templates().get(DAILY_BLOG)?.is_none() {
                cx.tx.templates().insert(&TemplateRow {
                    id: format!("seed-{DAILY_BLOG}"),
                    name: DAILY_BLOG.into(),
                    description: "Today's blog post, written from the last 24 hours of analytics"
                        .into(),
                    prompt_template: BLOG_PROMPT.into(),
                    capability: Some(BLOG_CAPABILITY.into()),
                    priority: BLOG_PRIORITY,
                    model: None,
                    protocol: Default::default(),
                    created_by: SEEDED_BY.into(),
                    created_at: now,
                })?;
            }
            for (name, cron, template, action) in DEFAULTS {
                if cx.tx.schedules().get(name)?.is_some() {
                    continue;
                }
                let spec = CronSpec::parse(cron, DEFAULT_SCHEDULE_TZ)?;
                cx.tx.schedules().insert(&ScheduleRow {
                    id: new_schedule_id(),
                    name: name.into(),
                    cron: cron.into(),
                    tz: spec.tz_name().into(),
                    template: template.map(Into::into),
                    action: action.map(|a| a.as_str().into()),
                    vars: BTreeMap::new(),
                    paused: false,
                    next_due: first_due(&spec, now)?,
                    last_fired_at: None,
                    last_task_id: None,
                    last_error: None,
                    created_by: SEEDED_BY.into(),
                    created_at: now,
                    updated_at: now,
                })?;
            }
            let seeded = serde_json::json!({ "at": now }).to_string();
            cx.tx.settings().set(SEEDED_KEY, &seeded)?;
            Ok(true)
        })
        .await
    }
}
