//! Executors: the backends that turn a task's prompt into output.
//!
//! One trait, several backends, chosen per worker by `--executor`. An
//! executor streams pieces of output through `out` as they are produced and
//! returns the whole output at the end. It must stop promptly when `cancel`
//! fires (the worker also stops waiting for it).
//!
//! Model backends (`anthropic`, `openai`, `claude-cli`) also report what an
//! execution spent ([`Usage`]), on success and on failure alike, and ask
//! their model how sure it is ([`confidence`]); the builtin executor reports
//! the confidence it is configured with; the shell executor none.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use m3shd_api::{Task, Usage};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::config::{ExecutorKind, WorkerConfig};

pub mod anthropic;
pub mod budget;
pub mod builtin;
pub mod child;
pub mod claude_cli;
pub mod confidence;
pub mod errors;
pub mod model;
pub mod openai;
pub mod planner;
pub mod roles;
pub mod shell;
pub mod sse;
pub mod tools;
pub mod wire;

pub use builtin::BuiltinExecutor;
pub use shell::ShellExecutor;

/// Why an execution did not produce output.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct ExecError {
    pub message: String,
    /// A transient failure (worth another attempt, possibly elsewhere).
    pub retryable: bool,
    /// Output produced before the failure.
    pub partial_output: Option<String>,
    /// What the failed run spent (model backends only).
    pub usage: Option<Usage>,
}

impl ExecError {
    /// A failure that another attempt would repeat.
    pub fn permanent(message: impl Into<String>) -> Self {
        ExecError {
            message: message.into(),
            retryable: false,
            partial_output: None,
            usage: None,
        }
    }

    /// A failure another attempt may not hit.
    pub fn transient(message: impl Into<String>) -> Self {
        ExecError {
            message: message.into(),
            retryable: true,
            partial_output: None,
            usage: None,
        }
    }

    /// The execution was cancelled.
    pub fn cancelled() -> Self {
        ExecError::transient("cancelled")
    }

    pub fn with_partial(mut self, partial: impl Into<String>) -> Self {
        let p = partial.into();
        self.partial_output = (!p.is_empty()).then_some(p);
        self
    }

    pub fn with_usage(mut self, usage: Option<Usage>) -> Self {
        self.usage = usage;
        self
    }
}

/// What a successful execution produced.
#[derive(Debug, Clone, PartialEq)]
pub struct ExecOutput {
    pub output: String,
    /// Tokens and cost (model backends only).
    pub usage: Option<Usage>,
    /// How sure the executor is that the output is correct and complete
    /// (0..=1); None when it does not say.
    pub confidence: Option<f64>,
}

impl From<String> for ExecOutput {
    fn from(output: String) -> Self {
        ExecOutput {
            output,
            usage: None,
            confidence: None,
        }
    }
}

/// An image attached to the task, for backends that show images to a model.
#[derive(Clone, PartialEq)]
pub struct Image {
    pub filename: String,
    /// As the hub found it in the bytes (`image/png`, ...).
    pub mime: String,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for Image {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Image")
            .field("filename", &self.filename)
            .field("mime", &self.mime)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

/// A boxed, sendable future of an execution, so executors can live behind
/// `dyn Executor`.
pub type RunFuture<'a> = Pin<Box<dyn Future<Output = Result<ExecOutput, ExecError>> + Send + 'a>>;

/// A backend that executes tasks.
pub trait Executor: Send + Sync + 'static {
    /// Short name for logs (`builtin`, `shell`, ...).
    fn name(&self) -> &'static str;

    /// Execute `task`: send output pieces to `out` as they appear (a closed
    /// channel is not an error) and return the whole output, with what the
    /// run spent when the backend knows. Return soon after `cancel` fires.
    /// `images` are the task's images, fetched only for a backend that
    /// [`reads_images`](Executor::reads_images) (empty otherwise).
    fn run<'a>(
        &'a self,
        task: &'a Task,
        images: &'a [Image],
        out: mpsc::Sender<String>,
        cancel: CancellationToken,
    ) -> RunFuture<'a>;

    /// Whether the shared context belongs in front of this backend's
    /// prompts (backends that prompt a model; a shell command or a builtin
    /// job would take it for input).
    fn reads_context(&self) -> bool {
        false
    }

    /// Whether this backend shows a task's images to its model; the worker
    /// then fetches them and hands them to [`Executor::run`].
    fn reads_images(&self) -> bool {
        false
    }
}

/// The executor a worker's config asks for, wrapped so that tool calls in
/// its output are run through the hub's plugins (unless
/// `max_tool_rounds` is 0), and, for a model, so that planning tasks come
/// with their answer format.
pub fn with_tools(
    config: &WorkerConfig,
    hub: m3shd_client::Client,
) -> Result<Arc<dyn Executor>, crate::WorkerError> {
    let inner = from_config(config)?;
    let model = config.executor.is_model();
    let inner: Arc<dyn Executor> = if config.max_tool_rounds == 0 {
        inner
    } else {
        Arc::new(tools::ToolLoop::new(
            inner,
            hub,
            config.agent_id.clone(),
            config.max_tool_rounds,
            model,
        ))
    };
    Ok(if model {
        Arc::new(planner::Planner::new(inner))
    } else {
        inner
    })
}

/// Build the executor a worker's config asks for.
pub fn from_config(config: &WorkerConfig) -> Result<Arc<dyn Executor>, crate::WorkerError> {
    match config.executor {
        ExecutorKind::Builtin => Ok(Arc::new(BuiltinExecutor::with_confidence(
            config.builtin_confidence,
        ))),
        ExecutorKind::Shell => {
            let command = config
                .command
                .clone()
                .filter(|c| !c.trim().is_empty())
                .ok_or_else(|| {
                    crate::WorkerError::Config("--executor shell needs --command".into())
                })?;
            // The worker enforces `task_timeout` for every executor.
            Ok(Arc::new(
                ShellExecutor::new(command, None).with_process_groups(groups(config)),
            ))
        }
        ExecutorKind::Anthropic | ExecutorKind::Openai => {
            let env = |k: &str| std::env::var(k).ok();
            let keys = crate::apikey::KeyLookup::new(&env, config.secrets_dir.as_deref());
            let exec = model::ModelExecutor::new(&config.ai, config.slots, &keys)
                .map_err(crate::WorkerError::Config)?;
            Ok(Arc::new(exec))
        }
        ExecutorKind::ClaudeCli => Ok(Arc::new(
            claude_cli::ClaudeCliExecutor::new(&config.ai).with_process_groups(groups(config)),
        )),
    }
}

fn groups(config: &WorkerConfig) -> crate::process_groups::ProcessGroups {
    crate::process_groups::ProcessGroups::new(&config.state_dir)
}
