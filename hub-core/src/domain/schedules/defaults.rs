//! The schedules a new hub starts with: the daily blog (a task from the
//! `daily-blog` template, written from the last 24 hours of analytics),
//! the nightly memory consolidation and the agent evolution pass every six
//! hours. Each is created once, the first time a hub that knows it serves
//! a data dir (a hub upgraded to a version with a new default gets that
//! one then); an operator who removes or changes them keeps it that way.

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
/// The default schedule that asks for guideline amendments every 6 hours.
pub const AGENT_EVOLUTION_SCHEDULE: &str = "agent-evolution";

/// Set once the first defaults were created: they are never created again.
const SEEDED_KEY: &str = "schedules.defaults_seeded";
/// The same for the agent evolution pass, which came later.
const EVOLUTION_SEEDED_KEY: &str = "schedules.evolution_seeded";
const SEEDED_BY: &str = "seed";

/// Untyped work only agents advertising `general` take.
const BLOG_CAPABILITY: &str = "general";
const BLOG_PRIORITY: i64 = 3;
const BLOG_PROMPT: &str = "Write today's blog post for the mesh ({date}): a short, readable \
account of the last 24 hours, written only from the analytics below. Cover the task \
throughput, how the agents and models did, what failed or stood out, and what the fleet \
learned. Use these figures as they are; do not invent any.

{analytics}";

/// (name, cron, template, action) of a default schedule, read in UTC.
type DefaultSchedule = (
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<ScheduleAction>,
);

/// The defaults, each group with the setting that marks it created.
const DEFAULTS: [(&str, &[DefaultSchedule]); 2] = [
    (
        SEEDED_KEY,
        &[
            (DAILY_BLOG_SCHEDULE, "0 7 * * *", Some(DAILY_BLOG), None),
            (
                MEMORY_CONSOLIDATION_SCHEDULE,
                "0 3 * * *",
                None,
                Some(ScheduleAction::MemoryConsolidate),
            ),
        ],
    ),
    (
        EVOLUTION_SEEDED_KEY,
        &[(
            AGENT_EVOLUTION_SCHEDULE,
            "0 */6 * * *",
            None,
            Some(ScheduleAction::Evolve),
        )],
    ),
];

impl Hub {
    /// Create the default schedules (and the `daily-blog` template with
    /// the first ones) this data dir never had; a name the operator
    /// already uses is left alone. True when any were created now.
    pub async fn seed_default_schedules(&self) -> Result<bool, DomainError> {
        self.write(|cx| {
            let mut created = false;
            for (key, group) in DEFAULTS {
                if cx.tx.settings().get(key)?.is_some() {
                    continue;
                }
                let now = cx.tx.now();
                if key == SEEDED_KEY && cx.tx.templates().get(DAILY_BLOG)?.is_none() {
                    cx.tx.templates().insert(&TemplateRow {
                        id: format!("seed-{DAILY_BLOG}"),
                        name: DAILY_BLOG.into(),
                        description:
                            "Today's blog post, written from the last 24 hours of analytics".into(),
                        prompt_template: BLOG_PROMPT.into(),
                        capability: Some(BLOG_CAPABILITY.into()),
                        priority: BLOG_PRIORITY,
                        model: None,
                        protocol: Default::default(),
                        federated_input: Default::default(),
                        created_by: SEEDED_BY.into(),
                        created_at: now,
                    })?;
                }
                for &(name, cron, template, action) in group {
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
                cx.tx.settings().set(key, &seeded)?;
                created = true;
            }
            Ok(created)
        })
        .await
    }
}
