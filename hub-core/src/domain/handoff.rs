//! Handoff (ARCHITECTURE.md, "The task state machine"): the lease holder suspends a task with its partial
//! output; a continuation at bumped priority carries on, and the suspended
//! task's children wait for the continuation instead.

use m3shd_api::{AgentId, CreateTask, Event, Handoff, HandoffResult, TaskId, limits};

use super::status::Transition;
use super::task_change::change;
use super::task_insert::NewTask;
use super::tasks::insert_new;
use super::{DomainError, Hub, lease::held_task, validate};

/// The most partial output a handoff carries.
pub const MAX_PARTIAL_BYTES: usize = 32 * 1024;

/// The continuation's prompt.
pub fn continuation_prompt(partial: &str, original: &str) -> String {
    format!("CONTINUE FROM PREVIOUS AGENT'S PARTIAL WORK:\n{partial}\n\nORIGINAL TASK:\n{original}")
}

impl Hub {
    pub async fn handoff(
        &self,
        id: &TaskId,
        agent: &AgentId,
        req: Handoff,
    ) -> Result<HandoffResult, DomainError> {
        if let Some(p) = &req.partial_output {
            validate::max_bytes("partial_output", p, MAX_PARTIAL_BYTES)?;
        }
        if let Some(r) = &req.reason {
            validate::max_bytes("reason", r, 4096)?;
        }
        let (id, agent) = (id.clone(), agent.clone());
        self.write(move |cx| {
            let mut rec = held_task(cx, &id, &agent, req.fence)?;
            let partial = req.partial_output.clone().unwrap_or_default();
            let reason = req
                .reason
                .clone()
                .unwrap_or_else(|| format!("handed off by agent {agent}"));
            change(
                cx,
                &mut rec,
                Transition::Suspend {
                    output: Some(partial.clone()),
                },
                Some(reason),
            )?;
            let t = &rec.task;
            let create = CreateTask {
                prompt: continuation_prompt(&partial, &t.prompt),
                required_capability: t.required_capability.clone(),
                priority: Some((t.priority + 1).min(limits::MAX_PRIORITY)),
                max_attempts: Some(t.max_attempts),
                deadline: t.deadline,
                max_cost_usd: t.max_cost_usd,
                model: t.model.clone(),
                ..CreateTask::default()
            };
            let title = format!("{} (continued)", t.title)
                .chars()
                .take(limits::MAX_TITLE_BYTES / 4)
                .collect();
            let continuation = insert_new(
                cx,
                NewTask {
                    req: create,
                    title,
                    pipeline_id: t.pipeline_id.clone(),
                    continues: Some(id.to_string()),
                },
                None,
            )?;
            cx.tx.tasks().repoint_children(&id, &continuation.id)?;
            let suspended = cx
                .tx
                .tasks()
                .get(&id)?
                .map(crate::store::TaskRecord::into_api)
                .unwrap_or(rec.into_api());
            cx.tx.emit(Event::TaskHandoff {
                suspended: Box::new(suspended.clone()),
                continuation: Box::new(continuation.clone()),
            })?;
            Ok(HandoffResult {
                suspended,
                continuation,
            })
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuation_prompt_format() {
        assert_eq!(
            continuation_prompt("half", "do it"),
            "CONTINUE FROM PREVIOUS AGENT'S PARTIAL WORK:\nhalf\n\nORIGINAL TASK:\ndo it"
        );
    }
}
