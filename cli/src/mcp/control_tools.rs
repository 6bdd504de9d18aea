//! Control tools: approvals, pipelines, templates.

use std::collections::BTreeMap;

use m3shd_api::{CreatePipeline, Decision, DispatchTemplate, Pipeline, PipelineStep, limits};
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::CallToolResult;
use rmcp::{tool, tool_router};
use schemars::JsonSchema;
use serde::Deserialize;

use super::reply::one_line;
use super::server::MeshServer;

#[derive(Debug, Deserialize, JsonSchema)]
pub struct ApprovalsArgs {
    /// `pending` (default), `approved`, `rejected`, `expired`, or `all`.
    #[serde(default)]
    pub status: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct DecideArgs {
    /// `approve` or `reject`.
    pub decision: Decision,
    /// The approval id (see list_approvals); absent: the most recent
    /// pending request.
    #[serde(default)]
    pub id: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct PipelineArgs {
    /// A name for the pipeline.
    pub name: String,
    /// The steps, in order. Each runs after the steps it depends on, with
    /// their outputs in front of its prompt.
    pub steps: Vec<StepArgs>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct StepArgs {
    /// Unique within the pipeline; other steps name it in depends_on.
    pub name: String,
    /// What this step does.
    pub prompt: String,
    /// Only an agent advertising this capability may run the step.
    #[serde(default)]
    pub capability: Option<String>,
    /// Ask for this agent.
    #[serde(default)]
    pub agent: Option<String>,
    /// 0 (lowest) to 10 (highest).
    #[serde(default)]
    #[schemars(range(min = limits::MIN_PRIORITY, max = limits::MAX_PRIORITY))]
    pub priority: Option<i64>,
    /// Names of the steps this one waits for. Absent: the previous step;
    /// `[]`: none (it starts at once).
    #[serde(default)]
    pub depends_on: Option<Vec<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct PipelineId {
    /// The pipeline id (as run_pipeline returns it).
    pub id: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct TemplateArgs {
    /// The template's name or id (see list_templates).
    pub template: String,
    /// Values for the template's `{variable}` placeholders.
    #[serde(default)]
    pub variables: BTreeMap<String, String>,
    /// 0 (lowest) to 10 (highest); default: the template's.
    #[serde(default)]
    #[schemars(range(min = limits::MIN_PRIORITY, max = limits::MAX_PRIORITY))]
    pub priority: Option<i64>,
    /// Ask for this agent.
    #[serde(default)]
    pub agent: Option<String>,
    /// Ask AI executors for this model instead of the template's.
    #[serde(default)]
    pub model: Option<String>,
}

#[tool_router(router = control_tools, vis = "pub(super)")]
impl MeshServer {
    /// Approval requests (tasks held for an operator's yes or no).
    #[tool]
    async fn list_approvals(&self, Parameters(a): Parameters<ApprovalsArgs>) -> CallToolResult {
        let status = match a.status.as_deref() {
            None => Some("pending"),
            Some("all") => None,
            Some(s) => Some(s),
        };
        self.answer(self.client.list_approvals(status).await, |l| {
            if l.approvals.is_empty() {
                return "no approval requests".into();
            }
            l.approvals
                .iter()
                .map(|a| {
                    format!(
                        "{} {} {} wants to {}: {}{}",
                        a.id,
                        a.status,
                        a.agent,
                        a.action,
                        one_line(&a.description, 100),
                        a.task_id
                            .as_deref()
                            .map(|t| format!(" (task {t})"))
                            .unwrap_or_default()
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
    }

    /// Approve or reject an approval request; a held task then runs or is
    /// cancelled.
    #[tool]
    async fn decide_approval(&self, Parameters(a): Parameters<DecideArgs>) -> CallToolResult {
        let decided = self
            .client
            .decide_approval(a.id.as_deref(), a.decision)
            .await;
        self.answer(decided, |ap| format!("approval {} {}", ap.id, ap.status))
    }

    /// Run a pipeline: several tasks as one graph, each step getting its
    /// parents' outputs. Returns the pipeline with a task id per step.
    #[tool]
    async fn run_pipeline(&self, Parameters(a): Parameters<PipelineArgs>) -> CallToolResult {
        let req = CreatePipeline {
            name: a.name,
            steps: a
                .steps
                .into_iter()
                .map(|s| PipelineStep {
                    name: s.name,
                    prompt: s.prompt,
                    capability: s.capability,
                    assign_to: s.agent,
                    priority: s.priority,
                    depends_on: s.depends_on,
                })
                .collect(),
        };
        self.answer(self.client.create_pipeline(&req).await, describe_pipeline)
    }

    /// A pipeline with the status of each of its steps.
    #[tool]
    async fn get_pipeline(&self, Parameters(a): Parameters<PipelineId>) -> CallToolResult {
        self.answer(self.client.get_pipeline(&a.id).await, describe_pipeline)
    }

    /// The task templates and the variables each one needs.
    #[tool]
    async fn list_templates(&self) -> CallToolResult {
        self.answer(self.client.list_templates().await, |l| {
            if l.templates.is_empty() {
                return "no templates".into();
            }
            l.templates
                .iter()
                .map(|t| {
                    format!(
                        "{} ({}): {}; variables: {}",
                        t.name,
                        t.id,
                        one_line(&t.description, 80),
                        t.variables.join(", ")
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
    }

    /// Create a task from a template, filling in its variables.
    #[tool]
    async fn dispatch_template(&self, Parameters(a): Parameters<TemplateArgs>) -> CallToolResult {
        let req = DispatchTemplate {
            variables: a.variables,
            priority: a.priority,
            assign_to: a.agent,
            model: a.model,
        };
        self.answer(
            self.client.dispatch_template(&a.template, &req).await,
            |t| {
                format!(
                    "task {} queued ({}): {}",
                    t.id,
                    t.status,
                    one_line(&t.title, 80)
                )
            },
        )
    }
}

fn describe_pipeline(p: &Pipeline) -> String {
    let mut lines = vec![format!("pipeline {} {} ({})", p.id, p.status, p.name)];
    for t in &p.tasks {
        lines.push(format!(
            "  {} {} task {}{}",
            t.name,
            t.status,
            t.id,
            if t.depends_on.is_empty() {
                String::new()
            } else {
                format!(" after {}", t.depends_on.join(", "))
            }
        ));
    }
    lines.join("\n")
}
