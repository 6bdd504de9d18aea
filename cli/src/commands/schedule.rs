//! `schedule add|list|show|edit|rm|pause|resume|run-now`.

use std::collections::BTreeMap;
use std::process::ExitCode;

use m3shd_api::{CreateSchedule, Schedule, ScheduleAction, Timestamp, UpdateSchedule};
use m3shd_client::Client;

use crate::args_schedule::ScheduleCmd;
use crate::commands::template::parse_vars;
use crate::exit::CliError;
use crate::output;

pub async fn run(client: &Client, cmd: ScheduleCmd) -> Result<ExitCode, CliError> {
    match cmd {
        ScheduleCmd::Add {
            name,
            cron,
            template,
            action,
            tz,
            paused,
            vars,
            json,
        } => {
            let action = action
                .map(|a| a.parse::<ScheduleAction>())
                .transpose()
                .map_err(CliError::Usage)?;
            let s = client
                .create_schedule(&CreateSchedule {
                    name,
                    cron,
                    tz,
                    template,
                    action,
                    vars: parse_vars(&vars)?,
                    paused,
                })
                .await?;
            if json {
                output::json(&s)?;
            } else {
                outln!(
                    "schedule {} added: {} ({}); next due {}",
                    s.name,
                    target(&s),
                    s.cron,
                    next_due(&s)
                );
            }
        }
        ScheduleCmd::List { json } => {
            let list = client.list_schedules().await?;
            if json {
                output::json(&list)?;
            } else if list.schedules.is_empty() {
                outln!("no schedules");
            } else {
                let rows: Vec<Vec<String>> = list.schedules.iter().map(row).collect();
                output::table(
                    &[
                        "NAME",
                        "CRON",
                        "TZ",
                        "RUNS",
                        "VARS",
                        "PAUSED",
                        "NEXT DUE",
                        "LAST FIRED",
                        "LAST TASK",
                    ],
                    &rows,
                );
            }
        }
        ScheduleCmd::Show { name, json } => {
            let s = client.get_schedule(&name).await?;
            if json {
                output::json(&s)?;
            } else {
                print_schedule(&s);
            }
        }
        ScheduleCmd::Edit {
            name,
            cron,
            tz,
            clear_vars,
            vars,
            json,
        } => {
            let vars = if clear_vars {
                Some(BTreeMap::new())
            } else if vars.is_empty() {
                None
            } else {
                Some(parse_vars(&vars)?)
            };
            if cron.is_none() && tz.is_none() && vars.is_none() {
                return Err(CliError::Usage(
                    "nothing to change: give --cron, --tz, --clear-vars or KEY=VALUE".into(),
                ));
            }
            let s = client
                .update_schedule(&name, &UpdateSchedule { cron, tz, vars })
                .await?;
            if json {
                output::json(&s)?;
            } else {
                outln!("schedule {} changed; next due {}", s.name, next_due(&s));
            }
        }
        ScheduleCmd::Rm { name } => {
            client.delete_schedule(&name).await?;
            outln!("schedule {name} removed");
        }
        ScheduleCmd::Pause { name } => {
            let s = client.pause_schedule(&name, true).await?;
            outln!("schedule {} paused", s.name);
        }
        ScheduleCmd::Resume { name } => {
            let s = client.pause_schedule(&name, false).await?;
            outln!("schedule {} resumed; next due {}", s.name, next_due(&s));
        }
        ScheduleCmd::RunNow { name, json } => {
            let run = client.run_schedule_now(&name).await?;
            if json {
                output::json(&run)?;
            } else if let Some(task) = &run.task {
                outln!(
                    "schedule {} fired: task {} ({})",
                    run.schedule.name,
                    task.id,
                    task.status
                );
            } else if let Some(r) = &run.consolidated {
                outln!(
                    "schedule {} fired: {} agents, {} memories scanned, {} merged, {} removed",
                    run.schedule.name,
                    r.agents,
                    r.scanned,
                    r.merged,
                    r.removed
                );
            } else if let Some(r) = &run.evolution {
                match &r.note {
                    Some(note) => outln!("schedule {} fired: {note}", run.schedule.name),
                    None => outln!(
                        "schedule {} fired: {} agents looked at, {} evolution tasks created",
                        run.schedule.name,
                        r.agents,
                        r.proposed.len()
                    ),
                }
                for p in &r.proposed {
                    outln!("  {} → task {}", p.agent_id, p.task_id);
                }
            } else {
                outln!("schedule {} fired", run.schedule.name);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// What a fire does: `template:NAME` or `action:NAME`.
fn target(s: &Schedule) -> String {
    match (&s.template, s.action) {
        (Some(t), _) => format!("template:{t}"),
        (None, Some(a)) => format!("action:{a}"),
        (None, None) => "-".into(),
    }
}

/// A time as the hub's UTC minute, to the second when it has seconds.
fn when(t: Option<Timestamp>) -> String {
    t.map_or_else(
        || "-".into(),
        |t| t.format("%Y-%m-%d %H:%M:%SZ").to_string(),
    )
}

fn next_due(s: &Schedule) -> String {
    if s.paused {
        "- (paused)".into()
    } else {
        when(s.next_due)
    }
}

fn vars(s: &Schedule) -> String {
    if s.vars.is_empty() {
        return "-".into();
    }
    let joined: Vec<String> = s.vars.iter().map(|(k, v)| format!("{k}={v}")).collect();
    output::short(&joined.join(","), 40)
}

fn row(s: &Schedule) -> Vec<String> {
    let last_fired = match (&s.last_fired_at, &s.last_error) {
        (Some(t), Some(_)) => format!("{} (failed)", when(Some(*t))),
        (t, _) => when(*t),
    };
    vec![
        s.name.clone(),
        s.cron.clone(),
        s.tz.clone(),
        target(s),
        vars(s),
        if s.paused { "yes" } else { "no" }.into(),
        when(s.next_due),
        last_fired,
        s.last_task_id.clone().unwrap_or_else(|| "-".into()),
    ]
}

fn print_schedule(s: &Schedule) {
    outln!("name:        {}", s.name);
    outln!("id:          {}", s.id);
    outln!("cron:        {} ({})", s.cron, s.tz);
    outln!("runs:        {}", target(s));
    outln!("vars:        {}", vars(s));
    outln!("paused:      {}", if s.paused { "yes" } else { "no" });
    outln!("next due:    {}", next_due(s));
    outln!("last fired:  {}", when(s.last_fired_at));
    outln!("last task:   {}", s.last_task_id.as_deref().unwrap_or("-"));
    if let Some(e) = &s.last_error {
        outln!("last error:  {e}");
    }
    outln!(
        "created by:  {} at {}",
        s.created_by,
        when(Some(s.created_at))
    );
}
