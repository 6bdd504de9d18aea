//! The Log view's lines: one per hub event, its text written once, when
//! the event arrives.

use m3shd_api::{Event, ProtocolOutcome, Timestamp, ValidationReceipt};

/// One line of the Log view, formatted when the event arrives.
#[derive(Debug, Clone, PartialEq)]
pub struct LogLine {
    pub id: i64,
    pub ts: Timestamp,
    pub kind: &'static str,
    pub text: String,
}

/// One-line description of an event for the Log view.
pub fn describe(event: &Event) -> String {
    match event {
        Event::TaskCreated { task } => format!("{} created: {}", task.id, task.title),
        Event::TaskUpdated { task, from, reason } => format!(
            "{} {} → {}{}",
            task.id,
            from,
            task.status,
            reason
                .as_ref()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default()
        ),
        Event::TaskOutput { task_id, chunk, .. } => {
            format!("{task_id} output {} bytes", chunk.len())
        }
        Event::TaskCompleted { task } => format!(
            "{} done by {}",
            task.id,
            task.assigned_to.as_deref().unwrap_or("?")
        ),
        Event::TaskFailed { task } => format!(
            "{} failed: {}",
            task.id,
            task.error.as_deref().unwrap_or("")
        ),
        Event::TaskCancelled { task } => format!("{} cancelled", task.id),
        Event::AgentOnline { agent } => format!("{} online", agent.id),
        Event::AgentOffline { agent, reason } => format!("{} offline: {reason}", agent.id),
        Event::AgentUpdated { agent } => format!("{} {}", agent.id, agent.status),
        Event::QueueUpdated { queue } => match (&queue.paused, &queue.paused_by) {
            (true, Some(by)) => format!("queue paused by {by}"),
            (true, None) => "queue paused".into(),
            (false, _) => "queue resumed".into(),
        },
        Event::EscalationRaised {
            task_id,
            agent_id,
            reason,
        } => format!(
            "escalation {}{}: {reason}",
            task_id.as_deref().unwrap_or(""),
            agent_id.as_deref().unwrap_or("")
        ),
        Event::TaskHandoff {
            suspended,
            continuation,
        } => format!("{} handed off to {}", suspended.id, continuation.id),
        Event::PipelineCreated {
            pipeline_id,
            name,
            task_ids,
        } => format!("pipeline {pipeline_id} {name} ({} steps)", task_ids.len()),
        Event::ApprovalRequested { approval } => {
            format!("approval {} requested: {}", approval.id, approval.action)
        }
        Event::ApprovalDecided { approval } => {
            format!("approval {} {}", approval.id, approval.status)
        }
        Event::EscalationCreated { escalation } => {
            format!("escalation {}: {}", escalation.id, escalation.reason)
        }
        Event::EscalationUpdated { escalation } => {
            format!("escalation {} {}", escalation.id, escalation.status)
        }
        Event::CostRecorded { entry } => format!(
            "{} spent {} tokens ({})",
            entry.agent_id,
            entry.input_tokens + entry.output_tokens,
            entry.model
        ),
        Event::BudgetExceeded { agent_id, reason } => format!(
            "budget exceeded {}: {reason}",
            agent_id.as_deref().unwrap_or("mesh")
        ),
        Event::ContextSet { entry } => format!("context {} set", entry.key),
        Event::ContextDeleted { key } => format!("context {key} deleted"),
        Event::MessagePosted { message } => format!("{}: {}", message.sender, message.content),
        // Reads as a sentence: "<step> verifies <subject>: <title>".
        Event::ProtocolStep {
            task_id,
            role,
            step,
        } => format!("{} {role} {task_id}: {}", step.id, step.title),
        Event::ProtocolUpdated { task_id, protocol } => protocol_line(task_id, protocol),
        Event::ValidationRecorded { receipt } => validation_line(receipt),
        other => other.kind().replace('_', " "),
    }
}

/// `<task> protocol <state> · <stage> · score <x>: <reason>`.
fn protocol_line(task_id: &str, p: &ProtocolOutcome) -> String {
    let mut line = format!("{task_id} protocol {}", p.state);
    if let Some(stage) = p.stage {
        line.push_str(&format!(" · {stage}"));
    }
    if let Some(score) = p.score {
        line.push_str(&format!(" · score {score:.2}"));
    }
    if let Some(reason) = &p.reason {
        line.push_str(&format!(": {reason}"));
    }
    line
}

/// `<task> validated by <validator>: <verdict> · <reason> · produced by
/// <agent>` (and the producing task when it is a revision or synthesis).
fn validation_line(r: &ValidationReceipt) -> String {
    let mut line = format!(
        "{} validated by {}: {} · {} · produced by {}",
        r.task_id, r.validator, r.verdict, r.reason, r.producer
    );
    if r.result_task != r.task_id {
        line.push_str(&format!(" in {}", r.result_task));
    }
    line
}
