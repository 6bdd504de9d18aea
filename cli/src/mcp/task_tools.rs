//! Task tools: dispatch, get, wait, list, cancel, retry.

use std::time::Duration;

use m3shd_api::{CreateTask, MAX_QUORUM, ProtocolRequest, Task, TaskQuery, TaskStatus, limits};
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::CallToolResult;
use rmcp::service::RequestContext;
use rmcp::{RoleServer, tool, tool_router};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::reply::{self, clip, one_line};
use super::server::MeshServer;
use super::wait::{Waited, wait};

#[derive(Debug, Deserialize, JsonSchema)]
pub struct DispatchArgs {
    /// What to do, in plain words. Builtin workers understand `echo TEXT`,
    /// `summarize TEXT`, `keywords N TEXT`, `stats TEXT` and `chunk N TEXT`;
    /// model workers take any prompt.
    pub prompt: String,
    /// A short title (default: the start of the prompt).
    #[serde(default)]
    pub title: Option<String>,
    /// Only an agent advertising this capability may run the task (e.g.
    /// `text`, `research`). Without one it is general work.
    #[serde(default)]
    pub capability: Option<String>,
    /// Ask for this agent by id (see list_agents). If it cannot take the
    /// task for a while, another capable agent does.
    #[serde(default)]
    pub agent: Option<String>,
    /// 0 (lowest) to 10 (highest); default 5.
    #[serde(default)]
    #[schemars(range(min = limits::MIN_PRIORITY, max = limits::MAX_PRIORITY))]
    pub priority: Option<i64>,
    /// Ids of tasks that must be done first; their outputs are put in front
    /// of this task's prompt.
    #[serde(default)]
    pub depends_on: Vec<String>,
    /// Ask AI executors for this model (a model name, or `small`,
    /// `standard`, `large`).
    #[serde(default)]
    pub model: Option<String>,
    /// Hold the task until an operator approves it (see decide_approval).
    #[serde(default)]
    pub requires_approval: bool,
    /// Refuse to spend more than this many US dollars on the task.
    #[serde(default)]
    #[schemars(range(min = 0.0))]
    pub max_cost_usd: Option<f64>,
    /// Makes a retried call safe: the same key returns the same task
    /// instead of creating another.
    #[serde(default)]
    pub idempotency_key: Option<String>,
    /// Quality protocol: when the result reports a confidence below this
    /// (0–1; default 0.7, 0 turns it off), another capable agent answers
    /// again.
    #[serde(default)]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub confidence_threshold: Option<f64>,
    /// Quality protocol: another agent critiques the result with a score;
    /// a material critique goes back to the original agent for a revision.
    #[serde(default)]
    pub challenge: bool,
    /// A critique scoring above this (0–1, default 0.5) is material; needs
    /// challenge.
    #[serde(default)]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub challenge_threshold: Option<f64>,
    /// Quality protocol: two agents answer independently, then one answer
    /// is synthesised from both (not with agent).
    #[serde(default, alias = "requires_debate")]
    pub debate: bool,
    /// Quality protocol: the other capable agents vote to accept or reject
    /// the result (see task_votes).
    #[serde(default, alias = "requires_vote")]
    pub vote: bool,
    /// Votes needed for a decision (1–15, default 3); needs vote.
    #[serde(default)]
    #[schemars(range(min = 1, max = MAX_QUORUM))]
    pub quorum: Option<u32>,
    /// Quality protocol: agents with this capability validate the result;
    /// a validated result earns its agent credit (see ledger, task_trace).
    #[serde(default, alias = "validator_capability")]
    pub validator: Option<String>,
}

impl DispatchArgs {
    /// The quality protocols asked for; a switch left off is left out.
    fn protocol(&self) -> ProtocolRequest {
        ProtocolRequest {
            confidence_threshold: self.confidence_threshold,
            challenge: self.challenge.then_some(true),
            challenge_threshold: self.challenge_threshold,
            requires_debate: self.debate.then_some(true),
            requires_vote: self.vote.then_some(true),
            quorum: self.quorum,
            validator_capability: self.validator.clone(),
        }
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct TaskId {
    /// The task id (as dispatch_task or list_tasks return it).
    pub id: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct WaitArgs {
    /// The task id.
    pub id: String,
    /// Give up waiting after this many seconds (default 120, at most 3600);
    /// the task keeps running and can be waited for again.
    #[serde(default)]
    #[schemars(range(min = 0, max = MAX_WAIT))]
    pub timeout_secs: Option<u64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct ListArgs {
    /// Only tasks in this status.
    #[serde(default)]
    pub status: Option<TaskStatus>,
    /// Only tasks held by this agent.
    #[serde(default)]
    pub agent: Option<String>,
    /// At most this many, newest first (default 20, at most 500).
    #[serde(default)]
    #[schemars(range(min = 1, max = limits::MAX_LIST_LIMIT))]
    pub limit: Option<u32>,
    /// The next page: tasks older than this task id (the last one shown).
    #[serde(default)]
    pub before: Option<String>,
}

/// What wait_task answers.
#[derive(Debug, Serialize)]
struct WaitResult {
    /// False when the wait ran out before the task finished.
    finished: bool,
    task: Task,
}

const DEFAULT_WAIT: u64 = 120;
const MAX_WAIT: u64 = 3600;

#[tool_router(router = task_tools, vis = "pub(super)")]
impl MeshServer {
    /// Submit a task to the mesh. The hub routes it to a capable agent;
    /// returns the task with its id. Use wait_task to get its result.
    /// Quality protocols (challenge, debate, vote, validator) add steps by
    /// other agents after it finishes; see task_graph for them.
    #[tool]
    async fn dispatch_task(&self, Parameters(a): Parameters<DispatchArgs>) -> CallToolResult {
        let protocol = a.protocol();
        let mut req = CreateTask {
            prompt: a.prompt,
            title: a.title,
            required_capability: a.capability,
            assign_to: a.agent,
            priority: a.priority,
            depends_on: (!a.depends_on.is_empty()).then_some(a.depends_on),
            model: a.model,
            requires_approval: a.requires_approval.then_some(true),
            max_cost_usd: a.max_cost_usd,
            ..Default::default()
        };
        req.set_protocol_request(protocol);
        let created = self
            .client
            .create_task(&req, a.idempotency_key.as_deref())
            .await;
        self.answer(created, |t| {
            format!(
                "task {} queued ({}): {}",
                t.id,
                t.status,
                one_line(&t.title, 80)
            )
        })
    }

    /// One task: status, agent, attempts, output or error.
    #[tool]
    async fn get_task(&self, Parameters(a): Parameters<TaskId>) -> CallToolResult {
        self.answer(self.client.get_task(&a.id).await, describe)
    }

    /// Wait until a task is done, failed or cancelled, and return it with
    /// its output. Sends progress notifications while it runs. If the
    /// timeout passes first, returns the task as it is with finished=false.
    #[tool]
    async fn wait_task(
        &self,
        Parameters(a): Parameters<WaitArgs>,
        ctx: RequestContext<RoleServer>,
    ) -> CallToolResult {
        let bound = Duration::from_secs(a.timeout_secs.unwrap_or(DEFAULT_WAIT).min(MAX_WAIT));
        match wait(&self.client, &a.id, bound, &ctx).await {
            Ok(Waited::Finished(task)) => reply::ok(
                describe(&task),
                &WaitResult {
                    finished: true,
                    task,
                },
            ),
            Ok(Waited::StillOpen(task)) => {
                let text = format!(
                    "task {} is still {} after {} s; call wait_task again to keep waiting",
                    task.id,
                    task.status,
                    bound.as_secs()
                );
                reply::ok(
                    text,
                    &WaitResult {
                        finished: false,
                        task,
                    },
                )
            }
            Err(e) => self.failed(&e),
        }
    }

    /// Recent tasks, newest first, optionally by status or agent.
    #[tool]
    async fn list_tasks(&self, Parameters(a): Parameters<ListArgs>) -> CallToolResult {
        let q = TaskQuery {
            status: a.status,
            assigned_to: a.agent,
            limit: Some(a.limit.unwrap_or(20)),
            before: a.before,
        };
        let listed = self
            .client
            .list_tasks(&q)
            .await
            .map(|tasks| m3shd_api::TaskList { tasks });
        self.answer(listed, |l| {
            if l.tasks.is_empty() {
                return "no tasks".into();
            }
            l.tasks
                .iter()
                .map(|t| {
                    format!(
                        "{} {} {}: {}",
                        t.id,
                        t.status,
                        t.assigned_to.as_deref().unwrap_or("-"),
                        one_line(&t.title, 60)
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
    }

    /// Cancel a task that has not finished.
    #[tool]
    async fn cancel_task(&self, Parameters(a): Parameters<TaskId>) -> CallToolResult {
        self.answer(self.client.cancel_task(&a.id).await, |t| {
            format!("task {} {}", t.id, t.status)
        })
    }

    /// Run a failed or cancelled task again from scratch (its attempts are
    /// given back).
    #[tool]
    async fn retry_task(&self, Parameters(a): Parameters<TaskId>) -> CallToolResult {
        self.answer(self.client.retry_task(&a.id).await, |t| {
            format!("task {} is {} again", t.id, t.status)
        })
    }
}

/// A task in a few lines: what it is, where it is, what came out.
pub fn describe(t: &Task) -> String {
    let mut lines = vec![format!(
        "task {} {} (attempt {}/{}{}): {}",
        t.id,
        t.status,
        t.attempts,
        t.max_attempts,
        t.assigned_to
            .as_deref()
            .map(|a| format!(", agent {a}"))
            .unwrap_or_default(),
        one_line(&t.title, 80)
    )];
    if let Some(e) = &t.error {
        lines.push(format!("error: {e}"));
    }
    if let (Some(role), Some(of)) = (t.protocol_role, &t.protocol_of) {
        lines.push(format!("quality protocol step: {role} task {of}"));
    }
    if let Some(p) = &t.protocol {
        let mut line = format!(
            "quality protocol: {}",
            crate::commands::protocol_view::outcome_summary(p)
        );
        if let Some(r) = p.result_task.as_deref().filter(|r| *r != t.id) {
            line.push_str(&format!(
                "; the result is task {r}'s output (see task_graph)"
            ));
        }
        lines.push(line);
    }
    if let Some(o) = &t.output {
        lines.push(format!("output:\n{}", clip(o, 6_000)));
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protocol_fields_reach_the_request_under_either_name() {
        let a: DispatchArgs = serde_json::from_value(serde_json::json!({
            "prompt": "sum the invoices",
            "challenge": true,
            "challenge_threshold": 0.4,
            "requires_vote": true,
            "quorum": 5,
            "validator_capability": "audit",
        }))
        .unwrap();
        let r = a.protocol();
        assert_eq!(r.challenge, Some(true));
        assert_eq!(r.challenge_threshold, Some(0.4));
        assert_eq!(r.requires_vote, Some(true));
        assert_eq!(r.quorum, Some(5));
        assert_eq!(r.requires_debate, None, "a switch left off is left out");
        assert_eq!(r.validator_capability.as_deref(), Some("audit"));
        let plain: DispatchArgs =
            serde_json::from_value(serde_json::json!({"prompt": "echo hi", "debate": true}))
                .unwrap();
        assert_eq!(plain.protocol().requires_debate, Some(true));
        assert!(
            serde_json::from_value::<DispatchArgs>(serde_json::json!({"prompt": "x"}))
                .unwrap()
                .protocol()
                .is_empty()
        );
    }
}
