//! Running a parsed grammar line ([`m3shd_api::grammar::Command`]) against
//! the hub. The iMessage bridge and `m3shd text "LINE"` call exactly
//! [`run_command`]; each CLI subcommand of the same name does too.

use std::time::Duration;

use m3shd_api::grammar::{self, Command, HELP, USAGE};
use m3shd_api::*;
use serde_json::json;

use crate::{Client, ClientError, StreamItem};

/// How many tasks `tasks` lists (seed §07: the 10 most recent).
pub const TASKS_LIMIT: u32 = 10;
/// Capability a worker advertises to plan `auto` goals.
pub const PLAN_CAPABILITY: &str = m3shd_api::PLAN_CAPABILITY;
/// Capability a worker advertises to answer chat.
pub const CHAT_CAPABILITY: &str = "chat";

/// The answer to one command.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// Plain text, a few short lines: fit for a phone.
    pub text: String,
    /// Structured: the API's JSON for the command (what `--json` prints).
    pub json: serde_json::Value,
    /// The task the command created, for commands that create work.
    pub task_id: Option<String>,
}

impl Reply {
    pub(crate) fn new(text: impl Into<String>, json: serde_json::Value) -> Reply {
        Reply {
            text: text.into(),
            json,
            task_id: None,
        }
    }

    /// What a surface shows when a command failed (the bridge texts it back).
    pub fn from_error(err: &ClientError) -> Reply {
        let code = err
            .code()
            .map(|c| serde_json::to_value(c).unwrap_or_default())
            .unwrap_or_else(|| json!("failed"));
        Reply::new(
            format!("error: {err}"),
            json!({"error": {"code": code, "message": err.to_string()}}),
        )
    }
}

/// Bounds of the commands that wait.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// How long `chat` waits for an answer before replying that the
    /// message was stored.
    pub chat_wait: Duration,
    /// How long `auto` waits for its planning task.
    pub plan_wait: Duration,
    /// Makes the tasks a command creates idempotent: running the same
    /// command again with the same key (a retry after a lost answer) finds
    /// the tasks of the first run instead of creating new ones.
    pub idempotency_key: Option<String>,
    /// Create the tasks held (they do not dispatch): the caller releases
    /// them once it has attached its files.
    pub hold: bool,
    /// Queue `@AGENT text` even when the hub knows no such agent (it waits
    /// until one registers under that name). Off: a typo is refused with
    /// the known agents listed.
    pub allow_unknown_agent: bool,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            chat_wait: Duration::from_secs(30),
            plan_wait: Duration::from_secs(120),
            idempotency_key: None,
            hold: false,
            allow_unknown_agent: false,
        }
    }
}

/// Run one command with the default bounds.
pub async fn run_command(client: &Client, cmd: &Command) -> Result<Reply, ClientError> {
    run_command_with(client, cmd, &RunOptions::default()).await
}

/// Run one command. `Empty` and `Usage` run nothing and reply with usage,
/// and so does a command whose arguments fail [`grammar::check`].
pub async fn run_command_with(
    client: &Client,
    cmd: &Command,
    opts: &RunOptions,
) -> Result<Reply, ClientError> {
    let cmd = &grammar::check(cmd.clone());
    match cmd {
        Command::Empty => Ok(Reply::new(USAGE, json!({"usage": USAGE}))),
        Command::Usage { message } => Ok(Reply::new(
            format!("{message}\n{USAGE}"),
            json!({"error": {"code": "usage", "message": message}}),
        )),
        Command::Status => status(client).await,
        Command::Tasks => tasks(client).await,
        Command::ContextShow => {
            let context = client.context().await?;
            let text = if context.is_empty() {
                "no shared context".to_string()
            } else {
                context
                    .iter()
                    .map(|e| format!("{} = {}", e.key, one_line(&e.value, 120)))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            Ok(Reply::new(text, to_json(&ContextList { context })))
        }
        Command::ContextSet { key, value } => {
            let e = client.set_context(key, value).await?;
            let text = format!("context {} = {}", e.key, one_line(&e.value, 120));
            Ok(Reply::new(text, to_json(&e)))
        }
        Command::Ask { agent, text } => {
            if !opts.allow_unknown_agent {
                known_agent(client, agent).await?;
            }
            let req = CreateTask {
                prompt: text.clone(),
                title: Some(title_of(text)),
                assign_to: Some(agent.clone()),
                hold: hold(opts),
                ..Default::default()
            };
            let t = client.create_task(&req, key(opts, "").as_deref()).await?;
            Ok(created(format!("queued as task {} for {agent}", t.id), &t))
        }
        Command::Do { text } => {
            let req = CreateTask {
                prompt: text.clone(),
                title: Some(title_of(text)),
                hold: hold(opts),
                ..Default::default()
            };
            let t = client.create_task(&req, key(opts, "").as_deref()).await?;
            Ok(created(format!("queued as task {}", t.id), &t))
        }
        Command::Approve { id } => decide(client, id.as_deref(), Decision::Approve).await,
        Command::Reject { id } => decide(client, id.as_deref(), Decision::Reject).await,
        Command::Retry { id } => retry(client, id).await,
        Command::Pending => pending(client).await,
        Command::Costs => costs(client).await,
        Command::Escalations => escalations(client).await,
        Command::Summary => summary(client).await,
        Command::Help => Ok(help()),
        Command::BudgetShow => crate::budget_words::show(client).await,
        Command::BudgetSet { key, value } => {
            crate::budget_words::change(client, key, Some(value)).await
        }
        Command::BudgetUnset { key } => crate::budget_words::change(client, key, None).await,
        Command::Auto { goal } => auto(client, goal, opts).await,
        Command::Chat { text } => chat(client, text, opts).await,
    }
}

/// The commands, one line each, without asking the hub.
fn help() -> Reply {
    let width = HELP
        .iter()
        .map(|(u, _)| u.chars().count())
        .max()
        .unwrap_or(0);
    let text = HELP
        .iter()
        .map(|(usage, what)| format!("{usage:<width$}  {what}"))
        .collect::<Vec<_>>()
        .join("\n");
    let commands: Vec<_> = HELP
        .iter()
        .map(|(usage, what)| json!({"usage": usage, "description": what}))
        .collect();
    Reply::new(text, json!({ "commands": commands }))
}

/// The idempotency key of one task a command creates (`suffix` tells the
/// tasks of one command apart).
fn key(opts: &RunOptions, suffix: &str) -> Option<String> {
    opts.idempotency_key
        .as_ref()
        .map(|k| format!("{k}{suffix}"))
}

fn hold(opts: &RunOptions) -> Option<bool> {
    opts.hold.then_some(true)
}

/// Refuse an `@AGENT` line for an agent the hub has never seen (a typo
/// would otherwise wait in the queue for nobody).
async fn known_agent(client: &Client, agent: &str) -> Result<(), ClientError> {
    let agents = client.list_agents().await?;
    if agents.iter().any(|a| a.id == agent) {
        return Ok(());
    }
    let mut known: Vec<&str> = agents.iter().map(|a| a.id.as_str()).collect();
    known.sort_unstable();
    Err(ClientError::UnknownAgent {
        agent: agent.to_string(),
        known: known.iter().map(|s| s.to_string()).collect(),
    })
}

async fn retry(client: &Client, id: &str) -> Result<Reply, ClientError> {
    let t = client.retry_task(id).await?;
    let text = match t.status {
        TaskStatus::Blocked => format!(
            "task {} will run again once its parents are done and it is approved: {}",
            t.id,
            one_line(&t.title, 60)
        ),
        _ => format!(
            "task {} queued again ({} attempts left): {}",
            t.id,
            t.max_attempts,
            one_line(&t.title, 60)
        ),
    };
    Ok(created(text, &t))
}

pub(crate) fn to_json<T: serde::Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

fn created(text: String, t: &Task) -> Reply {
    Reply {
        text,
        json: to_json(t),
        task_id: Some(t.id.clone()),
    }
}

/// One line of at most `max` characters.
fn one_line(s: &str, max: usize) -> String {
    let flat: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let flat = flat.trim();
    if flat.chars().count() <= max {
        flat.to_string()
    } else {
        let mut cut: String = flat.chars().take(max.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

/// A task title from free text (titles are capped at 200 bytes).
fn title_of(text: &str) -> String {
    let t = one_line(text, 60);
    if t.is_empty() { "task".to_string() } else { t }
}

/// A symbol per task status, so state reads without colour.
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

/// `$1.23` (never `$-0.00`).
pub fn usd(x: f64) -> String {
    let x = if x.abs() < 0.005 { 0.0 } else { x };
    format!("${x:.2}")
}

fn online(a: &Agent) -> bool {
    matches!(a.status, AgentStatus::Online | AgentStatus::Busy)
}

async fn status(client: &Client) -> Result<Reply, ClientError> {
    let s = client.status().await?;
    let agents = client.list_agents().await?;
    let mut lines = vec![format!(
        "agents: {} online of {}",
        s.agents_online, s.agents_total
    )];
    for a in &agents {
        lines.push(format!(
            "  {} {} {} · {}/{} active",
            if online(a) { "●" } else { "○" },
            a.id,
            a.status,
            a.active_tasks,
            a.max_concurrent
        ));
    }
    let order = [
        "running",
        "assigned",
        "queued",
        "blocked",
        "done",
        "failed",
        "cancelled",
        "suspended",
    ];
    let parts: Vec<String> = order
        .iter()
        .map(|k| format!("{k} {}", s.tasks.get(*k).copied().unwrap_or(0)))
        .collect();
    lines.push(format!("tasks: {}", parts.join(" · ")));
    Ok(Reply::new(lines.join("\n"), to_json(&s)))
}

async fn tasks(client: &Client) -> Result<Reply, ClientError> {
    let q = TaskQuery {
        limit: Some(TASKS_LIMIT),
        ..Default::default()
    };
    let tasks = client.list_tasks(&q).await?;
    let text = if tasks.is_empty() {
        "no tasks".to_string()
    } else {
        tasks
            .iter()
            .map(|t| {
                format!(
                    "{} {} {} {}",
                    status_icon(t.status),
                    t.id,
                    t.status,
                    one_line(&t.title, 50)
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    Ok(Reply::new(text, to_json(&TaskList { tasks })))
}

async fn decide(
    client: &Client,
    id: Option<&str>,
    decision: Decision,
) -> Result<Reply, ClientError> {
    let a = client.decide_approval(id, decision).await?;
    let verb = match a.status {
        ApprovalStatus::Approved => "approved",
        ApprovalStatus::Rejected => "rejected",
        ApprovalStatus::Expired => "expired",
        ApprovalStatus::Pending => "still pending",
    };
    let mut text = format!("{verb} {} ({}): {}", a.id, a.agent, one_line(&a.action, 80));
    if let Some(t) = &a.task_id {
        match a.status {
            ApprovalStatus::Approved => text.push_str(&format!("\ntask {t} may run now")),
            _ => text.push_str(&format!("\ntask {t} will not run")),
        }
    }
    let mut reply = Reply::new(text, to_json(&a));
    reply.task_id = a.task_id.clone();
    Ok(reply)
}

async fn pending(client: &Client) -> Result<Reply, ClientError> {
    let list = client.list_approvals(Some("pending")).await?;
    let text = if list.approvals.is_empty() {
        "no pending approvals".to_string()
    } else {
        let mut lines = vec![format!("{} pending:", list.approvals.len())];
        for a in &list.approvals {
            let mut line = format!("{} {}: {}", a.id, a.agent, one_line(&a.action, 60));
            if !a.description.is_empty() {
                line.push_str(&format!(" — {}", one_line(&a.description, 60)));
            }
            lines.push(line);
        }
        lines.push("reply approve or reject (most recent), or approve ID".into());
        lines.join("\n")
    };
    Ok(Reply::new(text, to_json(&list)))
}

async fn costs(client: &Client) -> Result<Reply, ClientError> {
    let r = client.costs(None).await?;
    let mut lines = vec![format!(
        "costs {}: {} tokens · {}{}",
        r.day,
        r.total_tokens,
        usd(r.total_cost_usd),
        r.mesh_usd_cap
            .map(|c| format!(" of {}", usd(c)))
            .unwrap_or_default()
    )];
    for a in &r.agents {
        lines.push(format!(
            "  {}: {} / {} tokens · {}{}",
            a.agent_id,
            a.tokens,
            a.token_cap,
            usd(a.cost_usd),
            if a.capped { " · CAPPED" } else { "" }
        ));
    }
    Ok(Reply::new(lines.join("\n"), to_json(&r)))
}

async fn escalations(client: &Client) -> Result<Reply, ClientError> {
    let list = client.list_escalations(Some("open")).await?;
    let text = if list.escalations.is_empty() {
        "no open escalations".to_string()
    } else {
        let mut lines = vec![format!("{} open:", list.escalations.len())];
        for e in &list.escalations {
            lines.push(format!(
                "{} {} → {}{}: {}",
                e.id,
                e.from_agent.as_deref().unwrap_or("-"),
                e.to_agent,
                e.task_id
                    .as_deref()
                    .map(|t| format!(" (task {t})"))
                    .unwrap_or_default(),
                one_line(&e.reason, 80)
            ));
        }
        lines.join("\n")
    };
    Ok(Reply::new(text, to_json(&list)))
}

async fn summary(client: &Client) -> Result<Reply, ClientError> {
    let s = client.summary(None).await?;
    let mut lines = vec![format!(
        "done {} · failed {} · running {} · queued {}",
        s.done, s.failed, s.running, s.queued
    )];
    for l in &s.recent {
        lines.push(format!(
            "{} {}: {}",
            status_icon(l.status),
            one_line(&l.title, 40),
            one_line(&l.excerpt, 80)
        ));
    }
    Ok(Reply::new(lines.join("\n"), to_json(&s)))
}

/// Wait for a task to reach a final status, via the event stream (replayed
/// from the start of the log, so an already finished task is seen too).
pub async fn wait_task(client: &Client, id: &str, bound: Duration) -> Result<Task, ClientError> {
    let first = client.get_task(id).await?;
    if first.status.is_final() {
        return Ok(first);
    }
    let mut stream = client.stream(StreamQuery {
        task: Some(id.to_string()),
        after: Some(0),
        ..Default::default()
    });
    let wait = async {
        loop {
            match stream.next().await? {
                StreamItem::Event(rec) => match rec.event {
                    Event::TaskCompleted { task }
                    | Event::TaskFailed { task }
                    | Event::TaskCancelled { task } => return Ok(task),
                    Event::TaskUpdated { task, .. } if task.status.is_final() => return Ok(task),
                    _ => {}
                },
                // The replay is gone (event retention): ask the task itself.
                StreamItem::Reset { .. } => {
                    let t = client.get_task(id).await?;
                    if t.status.is_final() {
                        return Ok(t);
                    }
                }
                _ => {}
            }
        }
    };
    match tokio::time::timeout(bound, wait).await {
        Ok(r) => r,
        Err(_) => Err(ClientError::Failed(format!(
            "task {id} did not finish within {} s",
            bound.as_secs()
        ))),
    }
}

/// Fewest and most subtasks a plan may have.
const PLAN_STEPS: std::ops::RangeInclusive<usize> = 2..=5;

/// The subtasks a planning task's output names, 2–5 non-empty strings.
/// Models wrap their answers, so this takes, in order: a JSON array in a
/// fenced code block, the first JSON array anywhere in the text (of strings,
/// or of objects with a `task`/`title`/`description`/`step`/`prompt`
/// string), and, as a fallback, a numbered or bulleted list.
pub fn parse_plan(output: &str) -> Result<Vec<String>, String> {
    let steps = fenced_blocks(output)
        .into_iter()
        .find_map(first_json_array)
        .or_else(|| first_json_array(output))
        .or_else(|| listed_steps(output))
        .ok_or_else(|| {
            "the plan is neither a JSON array of strings nor a numbered list".to_string()
        })?;
    let steps: Vec<String> = steps
        .into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if !PLAN_STEPS.contains(&steps.len()) {
        return Err(format!(
            "the plan has {} subtasks, expected {} to {}",
            steps.len(),
            PLAN_STEPS.start(),
            PLAN_STEPS.end()
        ));
    }
    Ok(steps)
}

/// The contents of the ``` fenced blocks of `text`, in order.
fn fenced_blocks(text: &str) -> Vec<&str> {
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("```") {
        let after = &rest[open + 3..];
        // The info string (e.g. `json`) ends the opening line.
        let body_start = after.find('\n').map_or(after.len(), |i| i + 1);
        let body = &after[body_start..];
        let Some(close) = body.find("```") else {
            break;
        };
        blocks.push(&body[..close]);
        rest = &body[close + 3..];
    }
    blocks
}

/// The first JSON array in `text` that reads as plan steps.
fn first_json_array(text: &str) -> Option<Vec<String>> {
    text.match_indices('[').find_map(|(i, _)| {
        let mut values =
            serde_json::Deserializer::from_str(&text[i..]).into_iter::<Vec<serde_json::Value>>();
        let items = values.next()?.ok()?;
        items.iter().map(step_text).collect::<Option<Vec<_>>>()
    })
}

fn step_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Object(o) => ["task", "title", "description", "step", "prompt"]
            .iter()
            .find_map(|k| o.get(*k).and_then(|v| v.as_str()).map(str::to_string)),
        _ => None,
    }
}

/// Items of the first numbered (`1.`, `2)`) or bulleted (`-`, `*`) list.
fn listed_steps(text: &str) -> Option<Vec<String>> {
    let mut steps = Vec::new();
    for line in text.lines() {
        match list_item(line.trim()) {
            Some(item) => steps.push(item.trim_matches('*').trim().to_string()),
            // A list ends at the first other line once it has begun.
            None if !steps.is_empty() && !line.trim().is_empty() => break,
            None => {}
        }
    }
    (!steps.is_empty()).then_some(steps)
}

fn list_item(line: &str) -> Option<&str> {
    if let Some(rest) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
        return Some(rest);
    }
    let digits = line.find(|c: char| !c.is_ascii_digit())?;
    if digits == 0 || digits > 2 {
        return None;
    }
    let rest = &line[digits..];
    rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") "))
}

async fn auto(client: &Client, goal: &str, opts: &RunOptions) -> Result<Reply, ClientError> {
    let agents = client.list_agents().await?;
    if !agents
        .iter()
        .any(|a| online(a) && a.capabilities.iter().any(|c| c == PLAN_CAPABILITY))
    {
        return Err(ClientError::Failed(format!(
            "no online agent has the `{PLAN_CAPABILITY}` capability to plan the goal \
             (`m3shd up` workers advertise it)"
        )));
    }
    let plan = client
        .create_task(
            &CreateTask {
                prompt: format!("plan {goal}"),
                title: Some(format!("plan: {}", title_of(goal))),
                required_capability: Some(PLAN_CAPABILITY.to_string()),
                ..Default::default()
            },
            key(opts, ":plan").as_deref(),
        )
        .await?;
    let planned = wait_task(client, &plan.id, opts.plan_wait).await?;
    if planned.status != TaskStatus::Done {
        return Err(ClientError::Failed(format!(
            "planning task {} {}: {}",
            planned.id,
            planned.status,
            planned.error.as_deref().unwrap_or("no plan")
        )));
    }
    let steps = parse_plan(planned.output.as_deref().unwrap_or(""))
        .map_err(|e| ClientError::Failed(format!("planning task {}: {e}", planned.id)))?;
    let creates = steps.iter().enumerate().map(|(i, s)| {
        let req = CreateTask {
            prompt: s.clone(),
            title: Some(title_of(s)),
            hold: hold(opts),
            ..Default::default()
        };
        let key = key(opts, &format!(":{i}"));
        async move { client.create_task(&req, key.as_deref()).await }
    });
    let subtasks = futures_util::future::try_join_all(creates).await?;
    let mut lines = vec![format!(
        "auto: {} subtasks for “{}” (plan {})",
        subtasks.len(),
        one_line(goal, 60),
        planned.id
    )];
    for (i, t) in subtasks.iter().enumerate() {
        lines.push(format!("{}. {} {}", i + 1, t.id, one_line(&t.title, 60)));
    }
    lines.push("track them with: tasks".into());
    Ok(Reply {
        text: lines.join("\n"),
        json: json!({"goal": goal, "plan": planned, "tasks": subtasks}),
        task_id: Some(planned.id),
    })
}

async fn chat(client: &Client, text: &str, opts: &RunOptions) -> Result<Reply, ClientError> {
    let agents = client.list_agents().await?;
    let answerer = agents
        .iter()
        .any(|a| online(a) && a.capabilities.iter().any(|c| c == CHAT_CAPABILITY));
    // Events after this id include any answer to the message posted next.
    let after = client.status().await?.last_event_id;
    let msg = client
        .post_message(&PostMessage {
            content: text.to_string(),
            channel: None,
            sender: None,
            reply_to: None,
        })
        .await?;
    let stored = |why: &str| {
        Reply::new(
            format!("stored as message {} ({why})", msg.id),
            json!({"message": msg, "reply": null}),
        )
    };
    if !answerer {
        return Ok(stored("no chat agent is online to answer"));
    }
    let mut stream = client.stream(StreamQuery {
        types: Some("message_posted".into()),
        after: Some(after),
        ..Default::default()
    });
    let wait = async {
        loop {
            if let StreamItem::Event(rec) = stream.next().await?
                && let Event::MessagePosted { message } = rec.event
                && message.reply_to == Some(msg.id)
            {
                return Ok::<Message, ClientError>(message);
            }
        }
    };
    match tokio::time::timeout(opts.chat_wait, wait).await {
        Ok(answer) => {
            let answer = answer?;
            Ok(Reply::new(
                format!("{}: {}", answer.sender, answer.content),
                json!({"message": msg, "reply": answer}),
            ))
        }
        Err(_) => Ok(stored(&format!(
            "no answer within {} s",
            opts.chat_wait.as_secs()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_parse_within_bounds() {
        assert_eq!(parse_plan(r#"["a","b"]"#).unwrap(), ["a", "b"]);
        assert_eq!(
            parse_plan("```json\n[\" a \", \"b\", \"c\"]\n```").unwrap(),
            ["a", "b", "c"]
        );
        assert!(parse_plan(r#"["only one"]"#).is_err());
        assert!(parse_plan(r#"["1","2","3","4","5","6"]"#).is_err());
        assert!(parse_plan(r#"["a", ""]"#).is_err());
        assert!(parse_plan("no plan").is_err());
        assert!(parse_plan("] [").is_err());
        assert!(parse_plan("[1, 2]").is_err());
    }

    #[test]
    fn plans_are_found_in_the_ways_models_answer() {
        // Prose around a fenced block, with brackets in the prose.
        let fenced = "Here is the plan [draft]:\n```json\n[\"Collect logs\", \"Fix it\"]\n```\nGood luck [really].";
        assert_eq!(parse_plan(fenced).unwrap(), ["Collect logs", "Fix it"]);
        // An array after prose that has a bracket of its own.
        let inline = "Steps [v1]: [\"one\", \"two\", \"three\"] - done.";
        assert_eq!(parse_plan(inline).unwrap(), ["one", "two", "three"]);
        // Objects with a task field.
        let objects = r#"[{"task": "read"}, {"title": "write", "why": "x"}]"#;
        assert_eq!(parse_plan(objects).unwrap(), ["read", "write"]);
        // A numbered list, with a heading and a closing remark.
        let numbered =
            "Plan:\n1. Collect the logs\n2) **Find the cause**\n3. Write a fix\n\nThat is all.";
        assert_eq!(
            parse_plan(numbered).unwrap(),
            ["Collect the logs", "Find the cause", "Write a fix"]
        );
        let bullets = "- draft\n- review\n";
        assert_eq!(parse_plan(bullets).unwrap(), ["draft", "review"]);
        assert!(parse_plan("1999. was a year\n").is_err());
    }

    #[test]
    fn lines_and_titles_are_bounded() {
        assert_eq!(one_line("a\nb\tc", 10), "a b c");
        assert_eq!(one_line("héllo wörld", 5), "héll…");
        assert_eq!(title_of("   "), "task");
        assert!(title_of(&"é".repeat(500)).len() <= 200);
    }

    #[tokio::test]
    async fn empty_and_usage_run_nothing() {
        // A hub that does not exist: nothing may be contacted.
        let c = Client::new("http://127.0.0.1:9", "t").unwrap();
        let r = run_command(&c, &Command::Empty).await.unwrap();
        assert!(r.text.contains("status"));
        let r = run_command(
            &c,
            &Command::Usage {
                message: "usage: do TEXT".into(),
            },
        )
        .await
        .unwrap();
        assert!(r.text.starts_with("usage: do TEXT"));
        assert_eq!(r.json["error"]["code"], "usage");
    }
}
