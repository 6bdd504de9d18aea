//! Task ids: minting a new one, and the error for one that names no task.
//! Below every rule that creates or looks up tasks, so each can use them
//! without reaching into the others.

use rand::Rng;

use super::DomainError;

/// 16 random lowercase hex characters (valid under `ids::is_valid_id`).
pub(crate) fn new_task_id() -> String {
    let bytes: [u8; 8] = rand::rng().random();
    hex::encode(bytes)
}

pub fn not_found(id: &str) -> DomainError {
    DomainError::NotFound(format!("no task `{}`", id.escape_debug()))
}
