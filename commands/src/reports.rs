//! The commands that report or decide: status, tasks, pending approvals,
//! costs, escalations, the summary, approve/reject and retry.

use m3shd_api::*;
use m3shd_client::{Client, ClientError};

use crate::reply::{Reply, created, to_json};
use crate::text::{one_line, status_icon, usd};

/// How many tasks `tasks` lists (ARCHITECTURE.md, "Operator commands": the 10 most recent).
pub const TASKS_LIMIT: u32 = 10;

/// An agent that can take work now.
pub(crate) fn online(a: &Agent) -> bool {
    matches!(a.status, AgentStatus::Online | AgentStatus::Busy)
}

pub(crate) async fn retry(client: &Client, id: &str) -> Result<Reply, ClientError> {
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

pub(crate) async fn status(client: &Client) -> Result<Reply, ClientError> {
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
    let parts: Vec<String> = TaskStatus::ALL
        .iter()
        .map(|st| format!("{st} {}", s.tasks.get(st).copied().unwrap_or(0)))
        .collect();
    lines.push(format!("tasks: {}", parts.join(" · ")));
    if s.queue_paused {
        lines.push("queue: paused (nothing queued is handed out)".into());
    }
    Ok(Reply::new(lines.join("\n"), to_json(&s)))
}

pub(crate) async fn tasks(client: &Client) -> Result<Reply, ClientError> {
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

pub(crate) async fn decide(
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

pub(crate) async fn pending(client: &Client) -> Result<Reply, ClientError> {
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

pub(crate) async fn costs(client: &Client) -> Result<Reply, ClientError> {
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

pub(crate) async fn escalations(client: &Client) -> Result<Reply, ClientError> {
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

pub(crate) async fn summary(client: &Client) -> Result<Reply, ClientError> {
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
