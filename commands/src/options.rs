//! How a command runs: how long the commands that wait may wait, and how
//! the tasks it creates are made.

use std::time::Duration;

/// Bounds of the commands that wait.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// How long `chat` waits for an answer before replying that the
    /// message was stored.
    pub chat_wait: Duration,
    /// How long `auto` waits for its planning task.
    pub plan_wait: Duration,
    /// Makes the tasks a command creates idempotent: running the same
    /// command again with the same key (a retry after a lost answer) finds
    /// the tasks of the first run instead of creating new ones.
    pub idempotency_key: Option<String>,
    /// Create the tasks held (they do not dispatch): the caller releases
    /// them once it has attached its files.
    pub hold: bool,
    /// Queue `@AGENT text` even when the hub knows no such agent (it waits
    /// until one registers under that name). Off: a typo is refused with
    /// the known agents listed.
    pub allow_unknown_agent: bool,
}

impl RunOptions {
    /// The idempotency key of one task a command creates (`suffix` tells
    /// the tasks of one command apart).
    pub(crate) fn key(&self, suffix: &str) -> Option<String> {
        self.idempotency_key
            .as_ref()
            .map(|k| format!("{k}{suffix}"))
    }

    pub(crate) fn hold(&self) -> Option<bool> {
        self.hold.then_some(true)
    }
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            chat_wait: Duration::from_secs(30),
            plan_wait: Duration::from_secs(120),
            idempotency_key: None,
            hold: false,
            allow_unknown_agent: false,
        }
    }
}
