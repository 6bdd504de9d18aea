//! Planning tasks on model executors. `auto GOAL` submits `plan GOAL` with
//! the `plan` capability and splits the answer into subtasks; the builtin
//! executor answers that with a JSON array by itself, a model only when it
//! is told to. This wrapper tells it: a planning task reaches the model as
//! an explicit instruction to answer with a JSON array of 2–5 strings.
//! Every other task passes through untouched. The model executor under it
//! asks for a final confidence line and takes it off the answer, so the
//! output stays a bare JSON array and the confidence passes through.

use std::borrow::Cow;
use std::sync::Arc;

use m3shd_api::{PLAN_CAPABILITY, Task};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::{Executor, Image, RunFuture};

/// Wraps a model executor; see the module docs.
pub struct Planner {
    inner: Arc<dyn Executor>,
}

impl Planner {
    pub fn new(inner: Arc<dyn Executor>) -> Planner {
        Planner { inner }
    }
}

/// The prompt a model gets for a planning task, None for any other task.
pub fn instructed(task: &Task) -> Option<String> {
    if task.required_capability.as_deref() != Some(PLAN_CAPABILITY) {
        return None;
    }
    let prompt = task.prompt.trim();
    let goal = prompt.strip_prefix("plan ").unwrap_or(prompt).trim();
    Some(format!(
        "You are the planner of a mesh of agents. Split the goal below into 2 to 5 \
         subtasks, in the order they should run. Each subtask is one self-contained \
         instruction another agent can carry out without seeing the others.\n\n\
         Answer with only a JSON array of 2 to 5 strings, one per subtask, and nothing \
         else but the confidence line asked for at the end: no heading, no explanation, \
         no numbering. For example:\n\
         [\"Collect the error reports of the last release\", \"Find the cause of the \
         crash\", \"Write a fix with a test\"]\n\n\
         Goal: {goal}"
    ))
}

/// The task as the model should see it.
fn for_model(task: &Task) -> Cow<'_, Task> {
    match instructed(task) {
        Some(prompt) => Cow::Owned(Task {
            prompt,
            ..task.clone()
        }),
        None => Cow::Borrowed(task),
    }
}

impl Executor for Planner {
    fn name(&self) -> &'static str {
        self.inner.name()
    }

    // A wrapper passes on everything its model can take: the trait's
    // defaults would silently drop the shared context and the images.
    fn reads_context(&self) -> bool {
        self.inner.reads_context()
    }

    fn reads_images(&self) -> bool {
        self.inner.reads_images()
    }

    fn run<'a>(
        &'a self,
        task: &'a Task,
        images: &'a [Image],
        out: mpsc::Sender<String>,
        cancel: CancellationToken,
    ) -> RunFuture<'a> {
        Box::pin(async move { self.inner.run(&for_model(task), images, out, cancel).await })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(prompt: &str, cap: Option<&str>) -> Task {
        Task {
            required_capability: cap.map(Into::into),
            ..Task::queued("t", prompt, chrono::Utc::now())
        }
    }

    #[test]
    fn only_planning_tasks_get_the_instruction() {
        let p = instructed(&task("plan ship the release", Some("plan"))).expect("a plan");
        assert!(p.contains("only a JSON array of 2 to 5 strings"), "{p}");
        assert!(p.ends_with("Goal: ship the release"), "{p}");
        assert_eq!(instructed(&task("plan ship it", None)), None);
        assert_eq!(instructed(&task("summarize x", Some("text"))), None);
    }
}
