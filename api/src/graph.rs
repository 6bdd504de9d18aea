//! Task graphs: dependencies, pipelines and handoffs.

use serde::{Deserialize, Serialize};

use crate::{Fence, Task, TaskStatus, Timestamp};

/// `PUT /api/tasks/{id}/dependencies`: replace the parents of a task that
/// has not started. A cycle is refused with 409 `dependency_cycle`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SetDependencies {
    pub depends_on: Vec<String>,
}

/// One step of `POST /api/pipelines`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PipelineStep {
    /// Unique within the pipeline; other steps name it in `depends_on`.
    pub name: String,
    pub prompt: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capability: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assign_to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<i64>,
    /// Absent: depends on the previous step. `[]`: a root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depends_on: Option<Vec<String>>,
}

/// `POST /api/pipelines`: the whole graph is created atomically.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CreatePipeline {
    pub name: String,
    pub steps: Vec<PipelineStep>,
}

/// A task of a pipeline, with its step name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PipelineTask {
    pub name: String,
    pub id: String,
    pub status: TaskStatus,
    /// Step names this step waits for.
    pub depends_on: Vec<String>,
    pub task: Task,
}

/// A pipeline as `POST /api/pipelines` and `GET /api/pipelines/{id}` return it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Pipeline {
    pub id: String,
    pub name: String,
    pub status: PipelineStatus,
    pub created_at: Timestamp,
    pub tasks: Vec<PipelineTask>,
}

/// Where a pipeline stands: `running` until every task is final; then
/// `done` if all are done, else `failed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PipelineStatus {
    Running,
    Done,
    Failed,
}

impl PipelineStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PipelineStatus::Running => "running",
            PipelineStatus::Done => "done",
            PipelineStatus::Failed => "failed",
        }
    }
}

impl std::fmt::Display for PipelineStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `GET /api/pipelines` → `{"pipelines": [...]}` newest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PipelineList {
    pub pipelines: Vec<Pipeline>,
}

/// `POST /api/tasks/{id}/handoff` (lease holder only): suspend the task
/// with its partial output and continue it elsewhere.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Handoff {
    pub fence: Fence,
    /// At most 32 KB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partial_output: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Reply to a handoff: the suspended original and its continuation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HandoffResult {
    pub suspended: Task,
    pub continuation: Task,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipeline_statuses_are_the_strings_clients_compare() {
        for (status, text) in [
            (PipelineStatus::Running, "running"),
            (PipelineStatus::Done, "done"),
            (PipelineStatus::Failed, "failed"),
        ] {
            let json = serde_json::to_string(&status).unwrap();
            assert_eq!(json, format!("\"{text}\""));
            assert_eq!(status.to_string(), text);
            assert_eq!(
                serde_json::from_str::<PipelineStatus>(&json).unwrap(),
                status
            );
        }
    }
}
