//! Tool calls (ARCHITECTURE.md, "Plugins and tool calls"): a wrapper around any executor. When the output
//! holds `[TOOL_CALL] {"tool": …, "input": …} [/TOOL_CALL]` blocks, each is
//! run through the hub's `/api/plugins/{tool}/invoke` and the results are
//! appended as `[TOOL_RESULT name] … [/TOOL_RESULT]` blocks. A model
//! executor is then run again on a follow-up prompt (the original prompt,
//! its previous output and the results), up to `max_rounds` rounds; other
//! executors get the results appended once. Usage is summed over rounds.

use std::sync::Arc;

use m3shd_api::{InvokePlugin, TOOL_RESULT_CLOSE, Task, Usage, parse_tool_calls};
use m3shd_client::Client;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::{ExecError, ExecOutput, Executor, Image, RunFuture};

/// Characters of one tool result put into a follow-up prompt at most.
const MAX_RESULT_CHARS: usize = 16_000;

/// Runs plugins for a worker (the hub in production, a fake in tests).
pub struct ToolLoop {
    inner: Arc<dyn Executor>,
    hub: Client,
    agent_id: String,
    max_rounds: u32,
    /// Run the executor again with the results (model backends).
    continues: bool,
}

impl ToolLoop {
    pub fn new(
        inner: Arc<dyn Executor>,
        hub: Client,
        agent_id: impl Into<String>,
        max_rounds: u32,
        continues: bool,
    ) -> ToolLoop {
        ToolLoop {
            inner,
            hub,
            agent_id: agent_id.into(),
            max_rounds,
            continues,
        }
    }

    /// The `[TOOL_RESULT …]` blocks for the tool calls in `output`.
    async fn results(&self, task: &Task, output: &str) -> Option<String> {
        let calls = parse_tool_calls(output);
        if calls.is_empty() {
            return None;
        }
        let mut blocks = String::new();
        for call in calls {
            let req = InvokePlugin {
                input: with_own_agent(&call.tool, call.input, &self.agent_id),
                task_id: Some(task.id.clone()),
                agent_id: Some(self.agent_id.clone()),
            };
            let body = match self.hub.invoke_plugin(&call.tool, &req).await {
                Ok(r) => match r.error {
                    Some(e) => serde_json::json!({"error": e}).to_string(),
                    None => r.output.to_string(),
                },
                Err(e) => serde_json::json!({"error": e.to_string()}).to_string(),
            };
            let body: String = body.chars().take(MAX_RESULT_CHARS).collect();
            // A result can never close its block early.
            let body = body.replace(TOOL_RESULT_CLOSE, "[/TOOL_RESULT\u{200b}]");
            blocks.push_str(&format!(
                "\n[TOOL_RESULT {}] {body} {TOOL_RESULT_CLOSE}",
                call.tool
            ));
        }
        Some(blocks)
    }
}

/// A model asking `memory_enhance` about "my memories" rarely knows its
/// agent id: the worker fills in its own when the call names none.
fn with_own_agent(tool: &str, mut input: serde_json::Value, agent_id: &str) -> serde_json::Value {
    if tool == "memory_enhance"
        && let Some(obj) = input.as_object_mut()
        && !obj.contains_key("agent")
    {
        obj.insert("agent".into(), agent_id.into());
    }
    input
}

fn add_usage(total: &mut Option<Usage>, more: Option<Usage>) {
    let Some(more) = more else { return };
    match total {
        None => *total = Some(more),
        Some(t) => {
            t.input_tokens += more.input_tokens;
            t.output_tokens += more.output_tokens;
            t.cost_usd = match (t.cost_usd, more.cost_usd) {
                (Some(a), Some(b)) => Some(a + b),
                (a, b) => a.or(b),
            };
        }
    }
}

/// The prompt of the next round.
fn follow_up(prompt: &str, transcript: &str) -> String {
    format!(
        "{prompt}\n\nYour previous output, with the results of the tools it called:\n\n\
         {transcript}\n\nContinue the task using these results. Call more tools only if needed."
    )
}

impl Executor for ToolLoop {
    fn name(&self) -> &'static str {
        self.inner.name()
    }

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
        Box::pin(async move {
            let mut usage = None;
            // The last round's answer is the one the confidence is about.
            let mut confidence;
            let mut transcript = String::new();
            let mut round_task = task.clone();
            let mut round = 0u32;
            loop {
                let r = match self
                    .inner
                    .run(&round_task, images, out.clone(), cancel.clone())
                    .await
                {
                    Ok(r) => r,
                    Err(mut e) => {
                        add_usage(&mut usage, e.usage.take());
                        let partial = format!(
                            "{transcript}{}",
                            e.partial_output.take().unwrap_or_default()
                        );
                        return Err(e.with_partial(partial).with_usage(usage));
                    }
                };
                // Later rounds spend from what this one left of the limit.
                if let Some(c) = r.usage.as_ref().and_then(|u| u.cost_usd) {
                    round_task.cost_usd = Some(round_task.cost_usd.unwrap_or(0.0) + c);
                }
                add_usage(&mut usage, r.usage);
                confidence = r.confidence;
                transcript.push_str(&r.output);
                if round >= self.max_rounds || cancel.is_cancelled() {
                    break;
                }
                let Some(results) = self.results(task, &r.output).await else {
                    break;
                };
                round += 1;
                let _ = out.send(results.clone()).await;
                transcript.push_str(&results);
                if !self.continues {
                    break;
                }
                transcript.push('\n');
                round_task.prompt = follow_up(&task.prompt, &transcript);
            }
            if cancel.is_cancelled() {
                return Err(ExecError::cancelled()
                    .with_partial(transcript)
                    .with_usage(usage));
            }
            Ok(ExecOutput {
                output: transcript,
                usage,
                confidence,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_sums_over_rounds() {
        let u = |i, o, c| Usage {
            model: "m".into(),
            input_tokens: i,
            output_tokens: o,
            cost_usd: c,
        };
        let mut total = None;
        add_usage(&mut total, Some(u(1, 2, Some(0.5))));
        add_usage(&mut total, None);
        add_usage(&mut total, Some(u(10, 20, Some(0.25))));
        assert_eq!(total, Some(u(11, 22, Some(0.75))));
    }
}
