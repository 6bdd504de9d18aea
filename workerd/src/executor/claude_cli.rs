//! The `claude-cli` executor: runs the `claude` CLI (configurable path and
//! flags; default `--print --dangerously-skip-permissions --output-format
//! stream-json --verbose`) with the prompt on stdin, in its own process
//! group, and reads its stream-json lines: `assistant` messages' text is
//! streamed as output, the final `result` line gives the result text, the
//! token usage and `total_cost_usd`. Cancellation and the timeout kill the
//! whole group; a non-zero exit fails with the tail of stderr. Lines that
//! are not JSON (flags without stream-json) are output as they are. The
//! prompt asks for a final confidence line, reported apart from the output
//! ([`super::confidence`]).

use std::collections::BTreeMap;
use std::time::Duration;

use m3shd_api::{Task, Usage};
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use super::child::{self, Sig, signal_group};
use super::shell::{TERM_GRACE, read_tail};
use super::wire::int;
use super::{ExecError, ExecOutput, Executor, Image, RunFuture};
use crate::aiconfig::AiConfig;
use crate::pricing::{self, Price};
use crate::process_groups::ProcessGroups;
use crate::routing::{RoutingTable, choose_model};

/// Longest stream-json line kept (longer lines are cut).
const MAX_LINE: usize = 8 << 20;

/// Runs `claude` per task.
#[derive(Debug, Clone)]
pub struct ClaudeCliExecutor {
    path: String,
    flags: Vec<String>,
    model: Option<String>,
    routing: Option<RoutingTable>,
    timeout: Option<Duration>,
    prices: BTreeMap<String, Price>,
    groups: Option<ProcessGroups>,
}

impl ClaudeCliExecutor {
    pub fn new(config: &AiConfig) -> ClaudeCliExecutor {
        ClaudeCliExecutor {
            path: config.claude_cli.path.clone(),
            flags: config.claude_cli.flags.clone(),
            model: config.model.clone(),
            routing: config.routing.clone(),
            timeout: (config.timeouts.request_secs > 0)
                .then(|| Duration::from_secs(config.timeouts.request_secs)),
            prices: config.prices.clone(),
            groups: None,
        }
    }

    /// Record each run's process group here while it runs.
    pub fn with_process_groups(mut self, groups: ProcessGroups) -> Self {
        self.groups = Some(groups);
        self
    }
}

/// What the stream-json lines said so far.
#[derive(Default)]
struct Parsed {
    /// Text streamed (assistant messages, or raw lines).
    streamed: String,
    /// The `result` line's text.
    result: Option<String>,
    result_error: bool,
    model: Option<String>,
    input_tokens: i64,
    output_tokens: i64,
    cost_usd: Option<f64>,
    json_lines: u32,
}

impl Parsed {
    /// Digest one line; returns the text to stream.
    fn line(&mut self, line: &str) -> Option<String> {
        let Ok(v) = serde_json::from_str::<Value>(line) else {
            if line.trim().is_empty() && self.json_lines > 0 {
                return None;
            }
            return Some(format!("{line}\n"));
        };
        self.json_lines += 1;
        match v.get("type").and_then(Value::as_str) {
            Some("system") => {
                if let Some(m) = v.get("model").and_then(Value::as_str) {
                    self.model = Some(m.to_string());
                }
                None
            }
            Some("assistant") => {
                let content = v["message"]["content"].as_array()?;
                let text: String = content
                    .iter()
                    .filter(|c| c.get("type").and_then(Value::as_str) == Some("text"))
                    .filter_map(|c| c.get("text").and_then(Value::as_str))
                    .collect();
                (!text.is_empty()).then_some(text)
            }
            Some("result") => {
                self.result = v.get("result").and_then(Value::as_str).map(str::to_string);
                self.result_error = v.get("is_error").and_then(Value::as_bool).unwrap_or(false)
                    || v.get("subtype")
                        .and_then(Value::as_str)
                        .is_some_and(|s| s.starts_with("error"));
                let u = &v["usage"];
                self.input_tokens = int(u, &["input_tokens"]).unwrap_or(0)
                    + int(u, &["cache_creation_input_tokens"]).unwrap_or(0)
                    + int(u, &["cache_read_input_tokens"]).unwrap_or(0);
                self.output_tokens = int(u, &["output_tokens"]).unwrap_or(0);
                self.cost_usd = v
                    .get("total_cost_usd")
                    .or_else(|| v.get("cost_usd"))
                    .and_then(Value::as_f64)
                    .filter(|c| c.is_finite() && *c >= 0.0);
                None
            }
            _ => None,
        }
    }

    fn usage(&self, prices: &BTreeMap<String, Price>, chosen: Option<&str>) -> Option<Usage> {
        let model = chosen
            .map(str::to_string)
            .or_else(|| self.model.clone())
            .unwrap_or_else(|| "claude-cli".to_string());
        if self.json_lines == 0 {
            return None;
        }
        let mut u = Usage {
            model: model.clone(),
            input_tokens: self.input_tokens.max(0),
            output_tokens: self.output_tokens.max(0),
            cost_usd: self.cost_usd,
        };
        if u.cost_usd.is_none() {
            u.cost_usd = pricing::cost(prices, &model, u.input_tokens, u.output_tokens);
        }
        Some(u)
    }
}

enum Stop {
    Cancelled,
    TimedOut,
}

impl ClaudeCliExecutor {
    async fn run_task(
        &self,
        task: &Task,
        out: mpsc::Sender<String>,
        cancel: CancellationToken,
    ) -> Result<ExecOutput, ExecError> {
        let model = choose_model(
            task.model.as_deref(),
            self.routing.as_ref(),
            self.model.as_deref(),
            &task.prompt,
            task.required_capability.as_deref(),
            0.0,
        );
        let mut args = self.flags.clone();
        if let Some(m) = &model {
            args.extend(["--model".to_string(), m.clone()]);
        }
        let spawned = child::spawn(&self.path, &args, task, self.groups.as_ref())
            .map_err(|e| ExecError::permanent(format!("cannot start `{}`: {e}", self.path)))?;
        let (mut child, pgid) = (spawned.child, spawned.pgid);
        let _record = spawned.record;
        if let Some(mut stdin) = child.stdin.take() {
            let prompt = super::confidence::ask(&task.prompt);
            tokio::spawn(async move {
                let _ = stdin.write_all(prompt.as_bytes()).await;
                let _ = stdin.shutdown().await;
            });
        }
        let stderr = child.stderr.take().map(|e| tokio::spawn(read_tail(e)));
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| ExecError::transient("no stdout pipe"))?;
        let mut lines = BufReader::new(stdout);
        let deadline = self.timeout.map(|t| Instant::now() + t);
        let mut parsed = Parsed::default();
        let mut buf = Vec::new();
        let mut stop = None;
        loop {
            buf.clear();
            tokio::select! {
                r = read_line(&mut lines, &mut buf) => match r {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {
                        let line = String::from_utf8_lossy(&buf);
                        let line = line.trim_end_matches(['\n', '\r']);
                        if let Some(text) = parsed.line(line) {
                            parsed.streamed.push_str(&text);
                            let _ = out.send(text).await;
                        }
                    }
                },
                _ = cancel.cancelled() => { stop = Some(Stop::Cancelled); break; }
                _ = sleep_until_opt(deadline) => { stop = Some(Stop::TimedOut); break; }
            }
        }
        let usage = |p: &Parsed| p.usage(&self.prices, model.as_deref());
        if let Some(stop) = stop {
            signal_group(pgid, Sig::Term);
            if tokio::time::timeout(TERM_GRACE, child.wait())
                .await
                .is_err()
            {
                let _ = child.kill().await;
            }
            signal_group(pgid, Sig::Kill);
            let err = match stop {
                Stop::Cancelled => ExecError::cancelled(),
                Stop::TimedOut => ExecError::transient(format!(
                    "claude timed out after {} s",
                    self.timeout.unwrap_or_default().as_secs()
                )),
            };
            return Err(err
                .with_partial(parsed.streamed.clone())
                .with_usage(usage(&parsed)));
        }
        // Stdout is closed: the process is ending (a straggler holding
        // stdout would have kept the loop going).
        let status = tokio::select! {
            s = child.wait() => s,
            _ = cancel.cancelled() => {
                signal_group(pgid, Sig::Kill);
                return Err(ExecError::cancelled().with_partial(parsed.streamed.clone()).with_usage(usage(&parsed)));
            }
        };
        signal_group(pgid, Sig::Kill); // nothing it started may linger
        let stderr_tail = match stderr {
            Some(h) => tokio::time::timeout(Duration::from_secs(1), h)
                .await
                .ok()
                .and_then(Result::ok)
                .unwrap_or_default(),
            None => String::new(),
        };
        let status =
            status.map_err(|e| ExecError::transient(format!("waiting for claude: {e}")))?;
        let u = usage(&parsed);
        if !status.success() {
            let what = match status.code() {
                Some(c) => format!("claude exited with code {c}"),
                None => "claude was killed by a signal".to_string(),
            };
            let message = if stderr_tail.is_empty() {
                what
            } else {
                format!("{what}: {stderr_tail}")
            };
            return Err(ExecError::permanent(message)
                .with_partial(parsed.streamed.clone())
                .with_usage(u));
        }
        if parsed.result_error {
            let msg = parsed
                .result
                .clone()
                .unwrap_or_else(|| "claude reported an error".into());
            return Err(ExecError::permanent(format!("claude: {msg}"))
                .with_partial(parsed.streamed.clone())
                .with_usage(u));
        }
        if parsed.json_lines > 0 && parsed.result.is_none() {
            return Err(ExecError::transient("claude ended without a result line")
                .with_partial(parsed.streamed.clone())
                .with_usage(u));
        }
        let output = parsed.result.as_deref().unwrap_or(&parsed.streamed);
        let (output, confidence) = super::confidence::read(output);
        Ok(ExecOutput {
            output,
            usage: u,
            confidence,
        })
    }
}

/// One line (with its `\n`), at most [`MAX_LINE`] bytes kept.
async fn read_line(
    r: &mut BufReader<tokio::process::ChildStdout>,
    buf: &mut Vec<u8>,
) -> std::io::Result<usize> {
    let n = r.read_until(b'\n', buf).await?;
    if buf.len() > MAX_LINE {
        buf.truncate(MAX_LINE);
    }
    Ok(n)
}

async fn sleep_until_opt(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

impl Executor for ClaudeCliExecutor {
    fn name(&self) -> &'static str {
        "claude-cli"
    }

    fn run<'a>(
        &'a self,
        task: &'a Task,
        _images: &'a [Image],
        out: mpsc::Sender<String>,
        cancel: CancellationToken,
    ) -> RunFuture<'a> {
        Box::pin(self.run_task(task, out, cancel))
    }

    fn reads_context(&self) -> bool {
        true
    }
}
