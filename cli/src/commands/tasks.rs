//! `do`, `tasks`, `task show`, `task cancel`.

use std::process::ExitCode;

use m3shd_api::{CreateTask, Event, StreamQuery, Task, TaskQuery, TaskStatus};
use m3shd_client::{Client, StreamItem};
use m3shd_commands::status_icon;

use crate::args::{DoArgs, TasksArgs};
use crate::exit::{CliError, FAILED};
use crate::output;

pub async fn submit(client: &Client, a: DoArgs) -> Result<ExitCode, CliError> {
    let images = super::attach::read_all(&a.attach)?;
    let req = CreateTask {
        prompt: a.prompt,
        title: a.title,
        required_capability: a.capability,
        assign_to: a.agent,
        assign_strict: a.strict.then_some(true),
        priority: a.priority,
        max_attempts: a.max_attempts,
        deadline: a.deadline.and_then(|d| d.resolve(chrono::Utc::now())),
        model: a.model,
        requires_approval: a.requires_approval.then_some(true),
        depends_on: (!a.depends_on.is_empty()).then_some(a.depends_on),
        max_cost_usd: a.max_cost_usd,
        // Held until its images are there, so no worker starts without them.
        hold: (!images.is_empty()).then_some(true),
        ..CreateTask::default()
    };
    let mut task = client
        .create_task(&req, a.idempotency_key.as_deref())
        .await?;
    if !images.is_empty() {
        task = super::attach::upload_and_release(client, &task, images).await?;
    }
    if !a.wait {
        if a.json {
            output::json(&task)?;
        } else {
            outln!("queued as task {} ({})", task.id, task.status);
        }
        return Ok(ExitCode::SUCCESS);
    }
    if !a.json {
        eprintln!("task {} submitted, waiting…", task.id);
    }
    let done = follow(client, &task.id, !a.json).await?;
    if a.json {
        output::json(&done)?;
    } else {
        print_ending(&done);
    }
    Ok(outcome(&done))
}

pub async fn list(client: &Client, a: TasksArgs) -> Result<ExitCode, CliError> {
    let q = TaskQuery {
        status: a.status,
        assigned_to: a.agent,
        limit: Some(a.limit),
        before: a.before,
    };
    let tasks = client.list_tasks(&q).await?;
    if a.json {
        output::json(&m3shd_api::TaskList { tasks })?;
        return Ok(ExitCode::SUCCESS);
    }
    if tasks.is_empty() {
        outln!("no tasks");
        return Ok(ExitCode::SUCCESS);
    }
    let rows: Vec<Vec<String>> = tasks
        .iter()
        .map(|t| {
            vec![
                t.id.clone(),
                format!("{} {}", status_icon(t.status), t.status),
                t.priority.to_string(),
                t.assigned_to.clone().unwrap_or_else(|| "-".into()),
                format!("{}/{}", t.attempts, t.max_attempts),
                output::age(t.created_at),
                output::short(&t.title, 50),
            ]
        })
        .collect();
    output::table(
        &["ID", "STATUS", "PRI", "AGENT", "TRIES", "AGE", "TITLE"],
        &rows,
    );
    Ok(ExitCode::SUCCESS)
}

pub async fn show(
    client: &Client,
    id: &str,
    follow_: bool,
    json: bool,
) -> Result<ExitCode, CliError> {
    if follow_ {
        let done = follow(client, id, !json).await?;
        if json {
            output::json(&done)?;
        } else {
            print_ending(&done);
        }
        return Ok(outcome(&done));
    }
    let t = client.get_task(id).await?;
    if json {
        output::json(&t)?;
        return Ok(ExitCode::SUCCESS);
    }
    outln!("id:          {}", t.id);
    outln!("title:       {}", t.title);
    outln!(
        "status:      {} {}{}",
        status_icon(t.status),
        t.status,
        if t.held { " (held)" } else { "" }
    );
    outln!("priority:    {}", t.priority);
    outln!(
        "capability:  {}",
        t.required_capability.as_deref().unwrap_or("-")
    );
    outln!("agent:       {}", t.assigned_to.as_deref().unwrap_or("-"));
    outln!("attempts:    {}/{}", t.attempts, t.max_attempts);
    outln!(
        "created:     {} ({} ago)",
        t.created_at.to_rfc3339(),
        output::age(t.created_at)
    );
    if !t.depends_on.is_empty() {
        outln!("depends on:  {}", t.depends_on.join(", "));
    }
    if let Some(e) = &t.error {
        outln!("error:       {e}");
    }
    let attachments = client.list_attachments(&t.id).await?;
    if !attachments.is_empty() {
        outln!("attachments:");
        for line in super::attach::lines(&attachments) {
            outln!("{line}");
        }
    }
    outln!("prompt:\n{}", indent(&t.prompt));
    if let Some(o) = &t.output {
        outln!("output:\n{}", indent(o));
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn cancel(client: &Client, id: &str, json: bool) -> Result<ExitCode, CliError> {
    let t = client.cancel_task(id).await?;
    if json {
        output::json(&t)?;
    } else {
        outln!("task {} cancelled", t.id);
    }
    Ok(ExitCode::SUCCESS)
}

/// Follow one task to its end: replay its events from the start of the
/// event log (so output already streamed is shown once, in order), then live.
/// Returns the finished task.
pub async fn follow(client: &Client, id: &str, print_chunks: bool) -> Result<Task, CliError> {
    // Fail fast with 404 on a bad id rather than waiting forever.
    let first = client.get_task(id).await?;
    if first.status.is_final() && !print_chunks {
        return Ok(first);
    }
    let mut stream = client.stream(StreamQuery {
        task: Some(id.to_string()),
        after: Some(0),
        ..Default::default()
    });
    // What this attempt streamed so far; a retry starts its output afresh.
    let mut printed = String::new();
    let print = |text: &str| {
        if print_chunks {
            out!("{text}");
        }
    };
    loop {
        match stream.next().await? {
            StreamItem::Event(rec) => match rec.event {
                Event::TaskOutput { chunk, .. } => {
                    print(&chunk);
                    printed.push_str(&chunk);
                }
                Event::TaskUpdated { task, .. } if task.status == TaskStatus::Running => {
                    if !printed.is_empty() {
                        print("\n[attempt restarted]\n");
                    }
                    printed.clear();
                }
                Event::TaskCompleted { task }
                | Event::TaskFailed { task }
                | Event::TaskCancelled { task } => {
                    // Output that was not streamed (a fast task, or the part
                    // after the last chunk) arrives with the result.
                    print(unprinted(&task, &printed));
                    return Ok(task);
                }
                Event::TaskUpdated { task, .. } if task.status.is_final() => return Ok(task),
                _ => {}
            },
            StreamItem::Reset { .. } => {
                // The events to replay were deleted by the hub's retention:
                // the task itself says how far it got.
                let t = client.get_task(id).await?;
                if t.status.is_final() {
                    print(unprinted(&t, &printed));
                    return Ok(t);
                }
            }
            StreamItem::Reconnecting { error, retry_in } => {
                eprintln!("connection lost ({error}); reconnecting in {retry_in:?}");
            }
            StreamItem::Connected | StreamItem::Lagged { .. } => {}
        }
    }
}

/// The part of a finished task's output not printed yet (nothing when
/// what was printed is not how it starts).
fn unprinted<'a>(t: &'a Task, printed: &str) -> &'a str {
    t.output
        .as_deref()
        .and_then(|o| o.strip_prefix(printed))
        .unwrap_or("")
}

pub(crate) fn print_ending(t: &Task) {
    match t.status {
        TaskStatus::Done => {
            outln!();
            eprintln!("task {} done", t.id);
        }
        _ => {
            eprintln!(
                "\ntask {} {}{}",
                t.id,
                t.status,
                t.error
                    .as_deref()
                    .map(|e| format!(": {e}"))
                    .unwrap_or_default()
            );
        }
    }
}

pub(crate) fn outcome(t: &Task) -> ExitCode {
    if t.status == TaskStatus::Done {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(FAILED)
    }
}

fn indent(s: &str) -> String {
    s.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
