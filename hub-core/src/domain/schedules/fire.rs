//! Firing schedules. A due time fires once: the transaction that creates
//! its task also moves the schedule on, and only if the schedule still
//! waits for that very due time (`claim_due`), so a second pass, a second
//! replica or a restart after the commit finds nothing left to fire, and a
//! crash before the commit leaves it due. A schedule that fell due several
//! times while the hub was down fires once, and is then due at its first
//! time after now.

use m3shd_api::{
    ConsolidateReport, CreateTask, Event, EvolutionReport, ScheduleAction, ScheduleRun, Task,
    Timestamp,
};

use super::super::task_insert::NewTask;
use super::super::tasks::{check_create, insert_new};
use super::super::templates::{render, variables};
use super::super::{Ctx, DomainError, Hub, validate};
use super::{CronSpec, check_key, not_found, to_wire};
use crate::store::{FireRecord, Queries, ScheduleRow};

/// What one pass over the due schedules did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FireReport {
    /// Due times fired.
    pub fired: usize,
    /// Tasks those fires created.
    pub tasks: usize,
    /// Fires that did nothing (their schedule says why in `last_error`).
    pub failed: usize,
}

/// The hub's own variables (`SCHEDULE_HUB_VARIABLES`).
const DATE_VAR: &str = "date";
const ANALYTICS_VAR: &str = "analytics";

/// The hub's own variables for a fire at `when`: the day, and the analytics
/// digest when the template asks for it (computed beforehand, on a read).
struct HubVars {
    date: String,
    analytics: Option<String>,
}

/// The task a template schedule creates, or why it cannot.
fn build_task(
    q: &dyn Queries,
    row: &ScheduleRow,
    hub: &HubVars,
) -> Result<(CreateTask, String), String> {
    let template = row.template.as_deref().unwrap_or_default();
    let tpl = q
        .templates()
        .get(template)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no template `{template}`"))?;
    let mut vars = row.vars.clone();
    vars.entry(DATE_VAR.into())
        .or_insert_with(|| hub.date.clone());
    if let Some(a) = &hub.analytics {
        vars.entry(ANALYTICS_VAR.into())
            .or_insert_with(|| a.clone());
    }
    let prompt = render(&tpl.prompt_template, &vars).map_err(|e| e.to_string())?;
    let create = CreateTask {
        prompt,
        required_capability: tpl.capability,
        priority: Some(tpl.priority),
        model: tpl.model,
        ..CreateTask::default()
    };
    check_create(&create).map_err(|e| e.to_string())?;
    let title: String = format!("{}: {}", row.name, validate::default_title(&create.prompt))
        .chars()
        .take(120)
        .collect();
    Ok((create, title))
}

fn create_task(cx: &mut Ctx<'_, '_>, req: CreateTask, title: String) -> Result<Task, DomainError> {
    insert_new(
        cx,
        NewTask {
            req,
            title,
            pipeline_id: None,
            continues: None,
        },
        None,
    )
}

/// Whether firing `row` needs the analytics digest: its template uses
/// `{analytics}` and the schedule does not set it.
fn wants_analytics(q: &dyn Queries, row: &ScheduleRow) -> Result<bool, DomainError> {
    let Some(name) = &row.template else {
        return Ok(false);
    };
    if row.vars.contains_key(ANALYTICS_VAR) {
        return Ok(false);
    }
    Ok(q.templates().get(name)?.is_some_and(|t| {
        variables(&t.prompt_template)
            .iter()
            .any(|v| v == ANALYTICS_VAR)
    }))
}

/// What a built-in action did.
#[derive(Debug, Clone)]
enum ActionReport {
    Consolidated(ConsolidateReport),
    Evolution(EvolutionReport),
}

impl ActionReport {
    fn consolidated(&self) -> Option<ConsolidateReport> {
        match self {
            ActionReport::Consolidated(r) => Some(r.clone()),
            ActionReport::Evolution(_) => None,
        }
    }

    fn evolution(&self) -> Option<EvolutionReport> {
        match self {
            ActionReport::Evolution(r) => Some(r.clone()),
            ActionReport::Consolidated(_) => None,
        }
    }
}

fn fired_event(
    row: &ScheduleRow,
    due: Option<Timestamp>,
    task_id: Option<String>,
    report: Option<&ActionReport>,
    error: Option<String>,
) -> Event {
    Event::ScheduleFired {
        schedule_id: row.id.clone(),
        name: row.name.clone(),
        due,
        task_id,
        action: row.action.as_deref().and_then(|a| a.parse().ok()),
        consolidated: report.and_then(ActionReport::consolidated),
        evolution: report.and_then(ActionReport::evolution),
        error,
    }
}

/// How one due fire ended.
enum Outcome {
    /// Another fire had already taken this due time.
    Taken,
    Task,
    /// Its due time `.1` was taken; the action is still to run.
    Action(ScheduleAction, Timestamp),
    Failed,
}

impl Hub {
    /// Fire every schedule that is due by the hub's clock, each in a
    /// transaction of its own.
    pub async fn fire_due_schedules(&self) -> Result<FireReport, DomainError> {
        let now = self.now();
        let due = self.read(|r| Ok(r.schedules().due(now)?))?;
        let mut report = FireReport::default();
        for row in due {
            let (id, name) = (row.id.clone(), row.name.clone());
            match self.fire_due(row, now).await {
                Ok(Outcome::Taken) => {}
                Ok(Outcome::Task) => {
                    report.fired += 1;
                    report.tasks += 1;
                }
                Ok(Outcome::Failed) => {
                    report.fired += 1;
                    report.failed += 1;
                }
                Ok(Outcome::Action(action, due)) => {
                    report.fired += 1;
                    if let Err(e) = self.finish_action(&id, action, due, now).await {
                        tracing::warn!(schedule = %name, error = %e, "scheduled action failed");
                        report.failed += 1;
                    }
                }
                Err(e) => {
                    tracing::error!(schedule = %name, error = %e, "schedule fire failed");
                    report.failed += 1;
                }
            }
        }
        Ok(report)
    }

    /// Fire `row`'s due time: claim it and create its task, in one
    /// transaction. A fire that cannot create its task (its template is
    /// gone) still takes its due time and records why.
    async fn fire_due(&self, row: ScheduleRow, now: Timestamp) -> Result<Outcome, DomainError> {
        let spec = CronSpec::parse(&row.cron, &row.tz);
        let analytics = match self.read(|r| wants_analytics(r, &row))? {
            true => Some(self.analytics_digest()?),
            false => None,
        };
        self.write(move |cx| {
            let due = row.next_due;
            let spec = match spec {
                Ok(s) => s,
                Err(e) => return pause_broken(cx, &row, now, format!("{e}; paused")),
            };
            let Some(next_due) = spec.next_after(now) else {
                return pause_broken(cx, &row, now, "never due again; paused".into());
            };
            let claimed = FireRecord {
                fired_at: now,
                task_id: None,
                error: None,
            };
            if !cx
                .tx
                .schedules()
                .claim_due(&row.id, due, next_due, &claimed)?
            {
                return Ok(Outcome::Taken);
            }
            if let Some(action) = row.action.as_deref().and_then(|a| a.parse().ok()) {
                return Ok(Outcome::Action(action, due));
            }
            // The day of the fire, which is the due day unless the hub was
            // down over it.
            let vars = HubVars {
                date: spec.day_of(now),
                analytics,
            };
            match build_task(&*cx.tx, &row, &vars) {
                Ok((req, title)) => {
                    let task = create_task(cx, req, title)?;
                    let fire = FireRecord {
                        task_id: Some(&task.id),
                        ..claimed
                    };
                    cx.tx.schedules().record_fire(&row.id, &fire)?;
                    cx.tx
                        .emit(fired_event(&row, Some(due), Some(task.id), None, None))?;
                    Ok(Outcome::Task)
                }
                Err(error) => {
                    let fire = FireRecord {
                        error: Some(&error),
                        ..claimed
                    };
                    cx.tx.schedules().record_fire(&row.id, &fire)?;
                    cx.tx
                        .emit(fired_event(&row, Some(due), None, None, Some(error)))?;
                    Ok(Outcome::Failed)
                }
            }
        })
        .await
    }

    /// Run an action whose due time `due` was claimed at `fired_at`, and
    /// record what it did. An action runs at most once per due time: a
    /// crash between the claim and here skips it until its next due time.
    async fn finish_action(
        &self,
        id: &str,
        action: ScheduleAction,
        due: Timestamp,
        fired_at: Timestamp,
    ) -> Result<ActionReport, DomainError> {
        let outcome = self.run_action(action).await;
        let (report, error) = match &outcome {
            Ok(r) => (Some(r.clone()), None),
            Err(e) => (None, Some(e.to_string())),
        };
        let id = id.to_string();
        self.write(move |cx| {
            let Some(row) = cx.tx.schedules().get(&id)? else {
                return Ok(());
            };
            let fire = FireRecord {
                fired_at,
                task_id: None,
                error: error.as_deref(),
            };
            cx.tx.schedules().record_fire(&row.id, &fire)?;
            cx.tx
                .emit(fired_event(&row, Some(due), None, report.as_ref(), error))
                .map(|_| ())
                .map_err(DomainError::from)
        })
        .await?;
        outcome
    }

    async fn run_action(&self, action: ScheduleAction) -> Result<ActionReport, DomainError> {
        Ok(match action {
            ScheduleAction::MemoryConsolidate => {
                ActionReport::Consolidated(self.consolidate_memories().await?)
            }
            ScheduleAction::Evolve => ActionReport::Evolution(self.evolution_pass().await?),
        })
    }

    /// Fire a schedule now, paused or not, without moving its next due
    /// time: create its task (or run its action) and say what it did.
    pub async fn run_schedule_now(&self, key: &str) -> Result<ScheduleRun, DomainError> {
        check_key(key)?;
        let row = self.read(|r| r.schedules().get(key)?.ok_or_else(|| not_found(key)))?;
        let now = self.now();
        if let Some(action) = row.action.as_deref().and_then(|a| a.parse().ok()) {
            let report = self.run_action(action).await?;
            let done = report.clone();
            let schedule = self
                .write(move |cx| {
                    let fire = FireRecord {
                        fired_at: now,
                        task_id: None,
                        error: None,
                    };
                    cx.tx.schedules().record_fire(&row.id, &fire)?;
                    cx.tx
                        .emit(fired_event(&row, None, None, Some(&done), None))?;
                    let row = cx.tx.schedules().get(&row.id)?.unwrap_or(row);
                    Ok(to_wire(row))
                })
                .await?;
            return Ok(ScheduleRun {
                schedule,
                task: None,
                consolidated: report.consolidated(),
                evolution: report.evolution(),
            });
        }
        let spec = CronSpec::parse(&row.cron, &row.tz)?;
        let vars = HubVars {
            date: spec.day_of(now),
            analytics: match self.read(|r| wants_analytics(r, &row))? {
                true => Some(self.analytics_digest()?),
                false => None,
            },
        };
        self.write(move |cx| {
            let (req, title) = build_task(&*cx.tx, &row, &vars).map_err(DomainError::Validation)?;
            let task = create_task(cx, req, title)?;
            let fire = FireRecord {
                fired_at: now,
                task_id: Some(&task.id),
                error: None,
            };
            cx.tx.schedules().record_fire(&row.id, &fire)?;
            cx.tx
                .emit(fired_event(&row, None, Some(task.id.clone()), None, None))?;
            let row = cx.tx.schedules().get(&row.id)?.unwrap_or(row);
            Ok(ScheduleRun {
                schedule: to_wire(row),
                task: Some(task),
                consolidated: None,
                evolution: None,
            })
        })
        .await
    }
}

/// A schedule that cannot be due again (its stored expression no longer
/// parses, or names no future time) is paused with the reason, instead of
/// being looked at again every second.
fn pause_broken(
    cx: &mut Ctx<'_, '_>,
    row: &ScheduleRow,
    now: Timestamp,
    error: String,
) -> Result<Outcome, DomainError> {
    let Some(mut current) = cx.tx.schedules().get(&row.id)? else {
        return Ok(Outcome::Taken);
    };
    if current.paused || current.next_due != row.next_due {
        return Ok(Outcome::Taken);
    }
    current.paused = true;
    current.updated_at = now;
    cx.tx.schedules().update(&current)?;
    let fire = FireRecord {
        fired_at: now,
        task_id: None,
        error: Some(&error),
    };
    cx.tx.schedules().record_fire(&row.id, &fire)?;
    cx.tx.emit(fired_event(
        row,
        Some(row.next_due),
        None,
        None,
        Some(error),
    ))?;
    Ok(Outcome::Failed)
}
