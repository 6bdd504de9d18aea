//! Which backend a worker executes its tasks with, and what each one
//! advertises by default.

use clap::ValueEnum;
use serde::{Deserialize, Serialize};

/// Which backend executes the tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExecutorKind {
    /// Deterministic local jobs (echo, text_stats, keywords, chunk,
    /// summarize, sleep, fail); needs no API key.
    Builtin,
    /// A configured command (`--command`), prompt on stdin, stdout streamed.
    Shell,
    /// The Anthropic Messages API (streaming, usage, cost).
    Anthropic,
    /// Any OpenAI-compatible chat-completions endpoint (see `--profile`).
    Openai,
    /// The `claude` CLI as a subprocess (stream-json).
    ClaudeCli,
}

/// What a builtin worker advertises when it is not told (`m3shd up` uses
/// the same): every kind of job the builtin executor does.
pub const BUILTIN_CAPABILITIES: [&str; 5] = ["general", "text", "analysis", "plan", "chat"];

/// What a model worker advertises when it is not told.
pub const MODEL_CAPABILITIES: [&str; 3] = ["general", "plan", "chat"];

impl ExecutorKind {
    /// A model backend (an API or the `claude` CLI).
    pub fn is_model(self) -> bool {
        matches!(
            self,
            ExecutorKind::Anthropic | ExecutorKind::Openai | ExecutorKind::ClaudeCli
        )
    }

    /// The capabilities a worker advertises when none are configured. A
    /// shell worker runs one particular command, so it advertises nothing
    /// (not even `general`) unless told: it only gets tasks naming it or a
    /// capability it was given.
    pub fn default_capabilities(self) -> &'static [&'static str] {
        match self {
            ExecutorKind::Builtin => &BUILTIN_CAPABILITIES,
            ExecutorKind::Anthropic | ExecutorKind::Openai | ExecutorKind::ClaudeCli => {
                &MODEL_CAPABILITIES
            }
            ExecutorKind::Shell => &[],
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ExecutorKind::Builtin => "builtin",
            ExecutorKind::Shell => "shell",
            ExecutorKind::Anthropic => "anthropic",
            ExecutorKind::Openai => "openai",
            ExecutorKind::ClaudeCli => "claude-cli",
        }
    }
}
