//! Schedules: recurring work without an external cron. Each one is a cron
//! expression in a time zone and a target: a template whose task it
//! creates, or a built-in action. The hub fires each due time once (see
//! `fire`); the operator lists, changes, pauses and runs them here.

mod cron;
mod defaults;
mod digest;
mod fire;

use std::collections::BTreeMap;

use m3shd_api::{
    CreateSchedule, DEFAULT_SCHEDULE_TZ, SCHEDULE_HUB_VARIABLES, Schedule, ScheduleAction,
    UpdateSchedule, ids, limits,
};

use super::templates::variables;
use super::{DomainError, Hub};
use crate::store::{Queries, ScheduleRow, StoreError};

pub use cron::CronSpec;
pub use defaults::{
    AGENT_EVOLUTION_SCHEDULE, DAILY_BLOG, DAILY_BLOG_SCHEDULE, MEMORY_CONSOLIDATION_SCHEDULE,
};
pub use fire::FireReport;

/// Variables a schedule may set at most.
const MAX_VARS: usize = 32;

pub(crate) fn to_wire(r: ScheduleRow) -> Schedule {
    Schedule {
        next_due: (!r.paused).then_some(r.next_due),
        action: r.action.as_deref().and_then(|a| a.parse().ok()),
        id: r.id,
        name: r.name,
        cron: r.cron,
        tz: r.tz,
        template: r.template,
        vars: r.vars,
        paused: r.paused,
        last_fired_at: r.last_fired_at,
        last_task_id: r.last_task_id,
        last_error: r.last_error,
        created_by: r.created_by,
        created_at: r.created_at,
        updated_at: r.updated_at,
    }
}

fn not_found(key: &str) -> DomainError {
    DomainError::NotFound(format!("no schedule `{}`", key.escape_debug()))
}

fn check_key(key: &str) -> Result<(), DomainError> {
    if key.is_empty() || key.len() > 100 {
        return Err(not_found(key));
    }
    Ok(())
}

fn check_vars(vars: &BTreeMap<String, String>) -> Result<(), DomainError> {
    if vars.len() > MAX_VARS {
        return Err(DomainError::Validation(format!(
            "a schedule sets at most {MAX_VARS} variables"
        )));
    }
    let mut bytes = 0;
    for (k, v) in vars {
        if k.is_empty()
            || k.len() > 64
            || !k
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(DomainError::Validation(format!(
                "variable name `{}` must be 1-64 characters of [A-Za-z0-9_-]",
                k.escape_debug()
            )));
        }
        bytes += k.len() + v.len();
    }
    if bytes > limits::MAX_PROMPT_BYTES {
        return Err(DomainError::TooLarge(format!(
            "the variables are {bytes} bytes; the limit is {}",
            limits::MAX_PROMPT_BYTES
        )));
    }
    Ok(())
}

/// The template exists and every variable it uses has a value: from the
/// schedule, or one the hub fills in itself.
fn check_template(
    q: &dyn Queries,
    template: &str,
    vars: &BTreeMap<String, String>,
) -> Result<(), DomainError> {
    let tpl = q.templates().get(template)?.ok_or_else(|| {
        DomainError::Validation(format!("no template `{}`", template.escape_debug()))
    })?;
    if let Some(missing) = variables(&tpl.prompt_template)
        .into_iter()
        .find(|v| !vars.contains_key(v) && !SCHEDULE_HUB_VARIABLES.contains(&v.as_str()))
    {
        return Err(DomainError::Validation(format!(
            "template `{}` needs variable `{missing}`",
            tpl.name
        )));
    }
    Ok(())
}

/// The first due time after `now`, or why there is none.
fn first_due(
    spec: &CronSpec,
    now: m3shd_api::Timestamp,
) -> Result<m3shd_api::Timestamp, DomainError> {
    spec.next_after(now)
        .ok_or_else(|| DomainError::Validation("this cron expression is never due".into()))
}

pub(crate) fn new_schedule_id() -> String {
    format!("sc-{}", super::task_ids::new_task_id())
}

impl Hub {
    /// Every schedule, by name.
    pub fn schedules(&self) -> Result<Vec<Schedule>, DomainError> {
        self.read(|r| Ok(r.schedules().list()?.into_iter().map(to_wire).collect()))
    }

    /// By id or name.
    pub fn schedule(&self, key: &str) -> Result<Schedule, DomainError> {
        check_key(key)?;
        self.read(|r| {
            r.schedules()
                .get(key)?
                .map(to_wire)
                .ok_or_else(|| not_found(key))
        })
    }

    pub async fn create_schedule(
        &self,
        req: CreateSchedule,
        by: &str,
    ) -> Result<Schedule, DomainError> {
        if !ids::is_valid_name(&req.name) {
            return Err(DomainError::Validation(format!(
                "schedule name `{}` must be 1-64 characters of [a-z0-9_.-]",
                req.name.escape_debug()
            )));
        }
        let tz = req.tz.as_deref().unwrap_or(DEFAULT_SCHEDULE_TZ);
        let spec = CronSpec::parse(&req.cron, tz)?;
        match (&req.template, req.action) {
            (Some(_), None) | (None, Some(_)) => {}
            _ => {
                return Err(DomainError::Validation(
                    "a schedule runs either a template or an action".into(),
                ));
            }
        }
        if req.action.is_some() && !req.vars.is_empty() {
            return Err(DomainError::Validation(
                "an action takes no variables".into(),
            ));
        }
        check_vars(&req.vars)?;
        let by = by.to_string();
        self.write(move |cx| {
            if let Some(t) = &req.template {
                check_template(&*cx.tx, t, &req.vars)?;
            }
            let now = cx.tx.now();
            let row = ScheduleRow {
                id: new_schedule_id(),
                name: req.name,
                cron: req.cron.trim().to_string(),
                tz: spec.tz_name().to_string(),
                template: req.template,
                action: req.action.map(|a| ScheduleAction::as_str(a).to_string()),
                vars: req.vars,
                paused: req.paused,
                next_due: first_due(&spec, now)?,
                last_fired_at: None,
                last_task_id: None,
                last_error: None,
                created_by: by,
                created_at: now,
                updated_at: now,
            };
            match cx.tx.schedules().insert(&row) {
                Err(StoreError::Duplicate(_)) => {
                    return Err(DomainError::Conflict(format!(
                        "a schedule named `{}` already exists",
                        row.name
                    )));
                }
                other => other?,
            }
            Ok(to_wire(row))
        })
        .await
    }

    /// Change its cron expression, zone or variables. A new expression or
    /// zone is due next at its first time after now.
    pub async fn update_schedule(
        &self,
        key: &str,
        req: UpdateSchedule,
    ) -> Result<Schedule, DomainError> {
        check_key(key)?;
        if let Some(vars) = &req.vars {
            check_vars(vars)?;
        }
        let key = key.to_string();
        self.write(move |cx| {
            let mut row = cx
                .tx
                .schedules()
                .get(&key)?
                .ok_or_else(|| not_found(&key))?;
            let now = cx.tx.now();
            if req.cron.is_some() || req.tz.is_some() {
                let cron = req.cron.as_deref().unwrap_or(&row.cron);
                let spec = CronSpec::parse(cron, req.tz.as_deref().unwrap_or(&row.tz))?;
                row.next_due = first_due(&spec, now)?;
                row.cron = cron.trim().to_string();
                row.tz = spec.tz_name().to_string();
            }
            if let Some(vars) = req.vars {
                if row.action.is_some() && !vars.is_empty() {
                    return Err(DomainError::Validation(
                        "an action takes no variables".into(),
                    ));
                }
                if let Some(t) = &row.template {
                    check_template(&*cx.tx, t, &vars)?;
                }
                row.vars = vars;
            }
            row.updated_at = now;
            cx.tx.schedules().update(&row)?;
            Ok(to_wire(row))
        })
        .await
    }

    /// Pause (it fires no more) or resume it. A resumed schedule is due at
    /// its first time after now: what fell due while it was paused is
    /// skipped, not made up.
    pub async fn pause_schedule(&self, key: &str, paused: bool) -> Result<Schedule, DomainError> {
        check_key(key)?;
        let key = key.to_string();
        self.write(move |cx| {
            let mut row = cx
                .tx
                .schedules()
                .get(&key)?
                .ok_or_else(|| not_found(&key))?;
            if row.paused == paused {
                return Ok(to_wire(row));
            }
            let now = cx.tx.now();
            if !paused {
                row.next_due = first_due(&CronSpec::parse(&row.cron, &row.tz)?, now)?;
            }
            row.paused = paused;
            row.updated_at = now;
            cx.tx.schedules().update(&row)?;
            Ok(to_wire(row))
        })
        .await
    }

    pub async fn delete_schedule(&self, key: &str) -> Result<(), DomainError> {
        check_key(key)?;
        let key = key.to_string();
        self.write(move |cx| {
            let row = cx
                .tx
                .schedules()
                .get(&key)?
                .ok_or_else(|| not_found(&key))?;
            cx.tx.schedules().delete(&row.id)?;
            Ok(())
        })
        .await
    }
}

#[cfg(test)]
mod tests;
