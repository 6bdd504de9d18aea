//! `do`, `tasks`, `task show`, `task cancel`.

use std::io::Write;
use std::process::ExitCode;

use m3shd_api::{CreateTask, Event, StreamQuery, Task, TaskQuery, TaskStatus};
use m3shd_client::{Client, StreamItem};

use crate::args::{DoArgs, TasksArgs};
use crate::exit::{CliError, FAILED};
use crate::output;

pub async fn submit(client: &Client, a: DoArgs) -> Result<ExitCode, CliError> {
    let req = CreateTask {
        prompt: a.prompt,
        title: a.title,
        required_capability: a.capability,
        assign_to: a.agent,
        assign_strict: a.strict.then_some(true),
        priority: a.priority,
        max_attempts: a.max_attempts,
        ..Default::default()
    };
    let task = client
        .create_task(&req, a.idempotency_key.as_deref())
        .await?;
    if !a.wait {
        if a.json {
            output::json(&task)?;
        } else {
            println!("queued as task {} ({})", task.id, task.status);
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
    };
    let tasks = client.list_tasks(&q).await?;
    if a.json {
        output::json(&m3shd_api::TaskList { tasks })?;
        return Ok(ExitCode::SUCCESS);
    }
    if tasks.is_empty() {
        println!("no tasks");
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
    println!("id:          {}", t.id);
    println!("title:       {}", t.title);
    println!("status:      {} {}", status_icon(t.status), t.status);
    println!("priority:    {}", t.priority);
    println!(
        "capability:  {}",
        t.required_capability.as_deref().unwrap_or("-")
    );
    println!("agent:       {}", t.assigned_to.as_deref().unwrap_or("-"));
    println!("attempts:    {}/{}", t.attempts, t.max_attempts);
    println!(
        "created:     {} ({} ago)",
        t.created_at.to_rfc3339(),
        output::age(t.created_at)
    );
    if !t.depends_on.is_empty() {
        println!("depends on:  {}", t.depends_on.join(", "));
    }
    if let Some(e) = &t.error {
        println!("error:       {e}");
    }
    println!("prompt:\n{}", indent(&t.prompt));
    if let Some(o) = &t.output {
        println!("output:\n{}", indent(o));
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn cancel(client: &Client, id: &str, json: bool) -> Result<ExitCode, CliError> {
    let t = client.cancel_task(id).await?;
    if json {
        output::json(&t)?;
    } else {
        println!("task {} cancelled", t.id);
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
    let mut stdout = std::io::stdout();
    // What this attempt streamed so far; a retry starts its output afresh.
    let mut printed = String::new();
    let mut print = |text: &str| {
        if print_chunks {
            let _ = stdout.write_all(text.as_bytes());
            let _ = stdout.flush();
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
                    if let Some(rest) = task
                        .output
                        .as_deref()
                        .and_then(|o| o.strip_prefix(printed.as_str()))
                    {
                        print(rest);
                    }
                    return Ok(task);
                }
                Event::TaskUpdated { task, .. } if task.status.is_final() => return Ok(task),
                _ => {}
            },
            StreamItem::Reconnecting { error, retry_in } => {
                eprintln!("connection lost ({error}); reconnecting in {retry_in:?}");
            }
            StreamItem::Connected | StreamItem::Lagged { .. } => {}
        }
    }
}

pub(crate) fn print_ending(t: &Task) {
    match t.status {
        TaskStatus::Done => {
            println!();
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

/// A symbol per status so state reads without colour.
pub fn status_icon(s: TaskStatus) -> &'static str {
    match s {
        TaskStatus::Blocked => "⏸",
        TaskStatus::Queued => "…",
        TaskStatus::Assigned => "→",
        TaskStatus::Running => "▶",
        TaskStatus::Done => "✓",
        TaskStatus::Failed => "✗",
        TaskStatus::Cancelled => "⊘",
        TaskStatus::Suspended => "↷",
    }
}

fn indent(s: &str) -> String {
    s.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
