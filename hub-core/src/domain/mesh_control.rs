//! Mesh control (ARCHITECTURE.md, "Mesh control"): a sentence becomes one
//! operation of a closed set, read by the deterministic parser in
//! `m3shd_api::mesh_phrases` or, when it cannot, by an agent advertising
//! `mesh-control` whose answer is held to the same type; the operation is
//! then checked against the mesh (the agent or task it names must exist)
//! and carried out through the same domain calls the other routes use.
//! Who may carry it out is the transport's decision (the caller's own
//! permissions); nothing here runs unless asked to.

use std::collections::BTreeMap;
use std::time::Duration;

use m3shd_api::mesh_phrases::{self, Reading};
use m3shd_api::{
    Agent, AgentStatus, BudgetScope, Budgets, CreateTask, MESH_CONTROL_CAPABILITY,
    MESH_CONTROL_EXAMPLES, MeshOperation, QueueState, ReadBy, SetBudgets, Task, TaskId, TaskStatus,
    limits, mesh_control,
};
use tokio::sync::broadcast::error::RecvError;

use super::agent_admin::operator_agent;
use super::{DomainError, Hub};

/// A sentence, read.
#[derive(Debug, Clone, PartialEq)]
pub struct MeshPlan {
    pub operation: MeshOperation,
    pub read_by: ReadBy,
    /// The task a model read it in.
    pub model_task: Option<String>,
}

/// What carrying an operation out did.
#[derive(Debug, Clone, Default)]
pub struct MeshExecuted {
    /// One sentence.
    pub outcome: String,
    pub agent: Option<Agent>,
    pub task: Option<Task>,
    pub budgets: Option<Budgets>,
    pub queue: Option<QueueState>,
}

fn not_understood(text: &str, why: &str) -> DomainError {
    DomainError::NotUnderstood(format!(
        "could not read “{}” as a mesh operation: {why}; phrasings that work: {}",
        clip(text, 80),
        MESH_CONTROL_EXAMPLES.join("; ")
    ))
}

fn clip(s: &str, max: usize) -> String {
    let mut out: String = s.chars().take(max).collect();
    if s.chars().count() > max {
        out.push('…');
    }
    out
}

fn can_read_sentences(a: &Agent) -> bool {
    matches!(a.status, AgentStatus::Online | AgentStatus::Busy)
        && a.capabilities.iter().any(|c| c == MESH_CONTROL_CAPABILITY)
}

impl Hub {
    /// The operation `text` means: the parser's reading, else (when
    /// `may_ask_model`) the answer of an online `mesh-control` agent,
    /// waited for at most `wait`. A sentence neither reads is
    /// `NotUnderstood`, with the reason and the phrasings that work.
    pub async fn read_mesh_sentence(
        &self,
        text: &str,
        wait: Duration,
        may_ask_model: bool,
    ) -> Result<MeshPlan, DomainError> {
        if text.trim().is_empty() {
            return Err(DomainError::Validation("text must not be empty".into()));
        }
        if text.len() > mesh_control::MAX_MESH_CONTROL_TEXT_BYTES {
            return Err(DomainError::TooLarge(format!(
                "text is {} bytes; at most {} are accepted",
                text.len(),
                mesh_control::MAX_MESH_CONTROL_TEXT_BYTES
            )));
        }
        match mesh_phrases::read(text) {
            Reading::Operation(operation) => {
                return Ok(MeshPlan {
                    operation,
                    read_by: ReadBy::Parser,
                    model_task: None,
                });
            }
            Reading::Invalid(why) => return Err(DomainError::Validation(why)),
            Reading::Unread => {}
        }
        let agents = self.agents()?;
        if !agents.iter().any(can_read_sentences) {
            return Err(not_understood(
                text,
                &format!(
                    "no phrasing matches, and no online agent advertises `{MESH_CONTROL_CAPABILITY}` to read it"
                ),
            ));
        }
        if !may_ask_model {
            return Err(DomainError::Forbidden(format!(
                "no phrasing matches; reading this sentence takes a task for a \
                 `{MESH_CONTROL_CAPABILITY}` agent, which needs the tasks:write permission"
            )));
        }
        let ids: Vec<String> = agents.into_iter().map(|a| a.id).collect();
        let created = self
            .create_task(
                CreateTask {
                    prompt: mesh_control::model_prompt(text, &ids),
                    title: Some(format!("mesh control: {}", clip(text, 80))),
                    required_capability: Some(MESH_CONTROL_CAPABILITY.to_string()),
                    priority: Some(limits::MAX_PRIORITY),
                    max_attempts: Some(1),
                    ..CreateTask::default()
                },
                None,
            )
            .await?;
        let id = TaskId::parse(&created.task.id)
            .map_err(|e| DomainError::Internal(format!("a new task has a bad id: {e}")))?;
        let Some(done) = self.wait_final(&id, wait).await? else {
            // Nobody is left waiting for it.
            let _ = self.cancel_task(&id).await;
            return Err(not_understood(
                text,
                &format!(
                    "no `{MESH_CONTROL_CAPABILITY}` agent answered within {} s (task {id}, cancelled)",
                    wait.as_secs()
                ),
            ));
        };
        if done.status != TaskStatus::Done {
            return Err(not_understood(
                text,
                &format!(
                    "the `{MESH_CONTROL_CAPABILITY}` task {id} {}: {}",
                    done.status,
                    done.error.as_deref().unwrap_or("no answer")
                ),
            ));
        }
        let operation = mesh_control::from_model_answer(done.output.as_deref().unwrap_or(""))
            .map_err(|why| not_understood(text, &format!("{why} (task {id})")))?;
        Ok(MeshPlan {
            operation,
            read_by: ReadBy::Model,
            model_task: Some(id.to_string()),
        })
    }

    /// Task `id` once it is final, or None when `within` passed first.
    pub async fn wait_final(
        &self,
        id: &TaskId,
        within: Duration,
    ) -> Result<Option<Task>, DomainError> {
        let deadline = tokio::time::Instant::now() + within;
        // Subscribed before the first look, so no change falls in between.
        let mut events = self.store().subscribe();
        loop {
            let task = self.task(id)?;
            if task.status.is_final() {
                return Ok(Some(task));
            }
            loop {
                match tokio::time::timeout_at(deadline, events.recv()).await {
                    Err(_) | Ok(Err(RecvError::Closed)) => return Ok(None),
                    Ok(Err(RecvError::Lagged(_))) => break,
                    Ok(Ok(rec)) if rec.event.task_id() == Some(id.as_str()) => break,
                    Ok(Ok(_)) => {}
                }
            }
        }
    }

    /// An operation checked against the mesh: the agent or task it names
    /// exists (404 naming what does).
    pub fn check_mesh_operation(&self, op: &MeshOperation) -> Result<(), DomainError> {
        if let Some(agent) = op.agent() {
            self.read(|r| operator_agent(r, agent).map(|_| ()))?;
        }
        if let MeshOperation::CancelTask { task } = op {
            let id = TaskId::parse(task).map_err(|_| super::task_not_found(task))?;
            self.task(&id)?;
        }
        Ok(())
    }

    /// Carry `op` out; `by` is who asked (recorded where the domain call
    /// records it).
    pub async fn execute_mesh_operation(
        &self,
        op: &MeshOperation,
        by: &str,
    ) -> Result<MeshExecuted, DomainError> {
        let op = op.clone().normalized().map_err(DomainError::Validation)?;
        self.check_mesh_operation(&op)?;
        Ok(match op {
            MeshOperation::Drain { agent } => {
                let d = self.drain_agent(&agent).await?;
                let requeued = match d.requeued {
                    0 => String::new(),
                    1 => "; 1 task assigned to it went back to the queue".into(),
                    n => format!("; {n} tasks assigned to it went back to the queue"),
                };
                MeshExecuted {
                    outcome: format!(
                        "agent {agent} is drained: it finishes what it runs and gets no new \
                         work{requeued}"
                    ),
                    agent: Some(d.agent),
                    ..Default::default()
                }
            }
            MeshOperation::Undrain { agent } => MeshExecuted {
                outcome: format!("agent {agent} takes work again"),
                agent: Some(self.undrain_agent(&agent).await?),
                ..Default::default()
            },
            MeshOperation::SetSlots { agent, slots } => MeshExecuted {
                outcome: format!("agent {agent} now runs up to {slots} tasks at once"),
                agent: Some(self.set_agent_slots(&agent, slots).await?),
                ..Default::default()
            },
            MeshOperation::SetCapabilities {
                agent,
                capabilities,
            } => MeshExecuted {
                outcome: format!("agent {agent} now takes {}", capabilities.join(", ")),
                agent: Some(self.set_agent_capabilities(&agent, capabilities).await?),
                ..Default::default()
            },
            MeshOperation::PauseQueue => MeshExecuted {
                outcome: "the queue is paused: nothing queued is handed out until it is resumed"
                    .into(),
                queue: Some(self.pause_queue(by).await?),
                ..Default::default()
            },
            MeshOperation::ResumeQueue => MeshExecuted {
                outcome: "the queue hands out work again".into(),
                queue: Some(self.resume_queue(by).await?),
                ..Default::default()
            },
            MeshOperation::CancelTask { task } => {
                let id = TaskId::parse(&task).map_err(|_| super::task_not_found(&task))?;
                MeshExecuted {
                    outcome: format!("task {task} cancelled"),
                    task: Some(self.cancel_task(&id).await?),
                    ..Default::default()
                }
            }
            op @ MeshOperation::SetBudget { .. } => MeshExecuted {
                // "cap agent rex at $5.00 a day" → "agent rex is capped at …"
                outcome: op
                    .summary()
                    .strip_prefix("cap ")
                    .map(|s| s.replacen(" at ", " is capped at ", 1))
                    .unwrap_or_else(|| op.summary()),
                budgets: Some(self.set_budgets(budget_change(&op)).await?),
                ..Default::default()
            },
        })
    }
}

/// The `PUT /api/budgets` change a `set_budget` operation is.
fn budget_change(op: &MeshOperation) -> SetBudgets {
    let mut req = SetBudgets::default();
    let MeshOperation::SetBudget {
        scope,
        agent,
        daily_usd,
        daily_tokens,
    } = op
    else {
        return req;
    };
    match (scope, agent, daily_usd, daily_tokens) {
        (BudgetScope::Mesh, _, usd, _) => req.mesh_daily_usd = Some(*usd),
        (BudgetScope::EveryAgent, _, Some(usd), _) => req.agent_daily_usd = Some(Some(*usd)),
        (BudgetScope::EveryAgent, _, None, tokens) => req.agent_daily_tokens = Some(*tokens),
        (BudgetScope::Agent, Some(a), Some(usd), _) => {
            req.agent_usd_overrides = BTreeMap::from([(a.clone(), Some(*usd))]);
        }
        (BudgetScope::Agent, Some(a), None, tokens) => {
            req.agent_overrides = BTreeMap::from([(a.clone(), *tokens)]);
        }
        (BudgetScope::Agent, None, _, _) => {}
    }
    req
}
