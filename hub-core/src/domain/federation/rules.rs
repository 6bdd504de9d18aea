//! Rules both sides of a relay apply: which hub names are well formed, and
//! which templates keep their tasks and their input on this hub.

use m3shd_api::FederatedInput;

use crate::store::{Queries, StoreError};

/// A hub name as it may travel in a visited list.
pub(super) fn hub_name_ok(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Whether the template a task was made from refuses federated input: its
/// tasks stay here (a relayed result is a peer's output, federated input to
/// whatever reads it; ARCHITECTURE.md, "Federation").
pub(super) fn template_refuses(
    q: &dyn Queries,
    template: Option<&str>,
) -> Result<bool, StoreError> {
    let Some(name) = template else {
        return Ok(false);
    };
    Ok(q.templates()
        .get(name)?
        .is_some_and(|t| t.name == name && t.federated_input == FederatedInput::Refuse))
}
