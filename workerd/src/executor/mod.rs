//! Executors: the backends that turn a task's prompt into output.
//!
//! One trait, several backends, chosen per worker by `--executor`. An
//! executor streams pieces of output through `out` as they are produced and
//! returns the whole output at the end. It must stop promptly when `cancel`
//! fires (the worker also stops waiting for it).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use m3shd_api::Task;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::config::{ExecutorKind, WorkerConfig};

pub mod builtin;
pub mod shell;

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
}

impl ExecError {
    /// A failure that another attempt would repeat.
    pub fn permanent(message: impl Into<String>) -> Self {
        ExecError {
            message: message.into(),
            retryable: false,
            partial_output: None,
        }
    }

    /// A failure another attempt may not hit.
    pub fn transient(message: impl Into<String>) -> Self {
        ExecError {
            message: message.into(),
            retryable: true,
            partial_output: None,
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
}

/// A boxed, sendable future, so executors can live behind `dyn Executor`.
pub type ExecFuture<'a> = Pin<Box<dyn Future<Output = Result<String, ExecError>> + Send + 'a>>;

/// A backend that executes tasks.
pub trait Executor: Send + Sync + 'static {
    /// Short name for logs (`builtin`, `shell`, ...).
    fn name(&self) -> &'static str;

    /// Execute `task`: send output pieces to `out` as they appear (a closed
    /// channel is not an error) and return the whole output. Return soon
    /// after `cancel` fires.
    fn execute<'a>(
        &'a self,
        task: &'a Task,
        out: mpsc::Sender<String>,
        cancel: CancellationToken,
    ) -> ExecFuture<'a>;
}

/// Build the executor a worker's config asks for.
pub fn from_config(config: &WorkerConfig) -> Result<Arc<dyn Executor>, crate::WorkerError> {
    match config.executor {
        ExecutorKind::Builtin => Ok(Arc::new(BuiltinExecutor::new())),
        ExecutorKind::Shell => {
            let command = config
                .command
                .clone()
                .filter(|c| !c.trim().is_empty())
                .ok_or_else(|| {
                    crate::WorkerError::Config("--executor shell needs --command".into())
                })?;
            // The worker enforces `task_timeout` for every executor.
            Ok(Arc::new(ShellExecutor::new(command, None)))
        }
    }
}
