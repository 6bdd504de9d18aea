//! `do`, `tasks`, `task show`, `task cancel`.

use std::process::ExitCode;

use m3shd_api::{CreateTask, TaskQuery};
use m3shd_client::Client;
use m3shd_commands::status_icon;

use super::follow::{finish, follow};
use super::protocol_view;
use crate::args::{DoArgs, TasksArgs};
use crate::exit::CliError;
use crate::output;

pub async fn submit(client: &Client, a: DoArgs) -> Result<ExitCode, CliError> {
    let images = super::attach::read_all(&a.attach)?;
    let mut req = CreateTask {
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
    req.set_protocol_request(a.protocol.request());
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
    finish(client, &done, a.json).await
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
        return finish(client, &done, json).await;
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
    for line in protocol_view::task_lines(&t) {
        outln!("{line}");
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

fn indent(s: &str) -> String {
    s.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
