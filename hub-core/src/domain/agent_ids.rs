//! The answer for an id that names no agent, shared by every operation that
//! looks an agent up (kept apart so those modules need not import `agents`).

use super::DomainError;

/// The answer for an agent that is not registered (or a string that could
/// not name one).
pub fn not_found(id: &str) -> DomainError {
    DomainError::NotFound(format!("no agent `{}`; register first", id.escape_debug()))
}
