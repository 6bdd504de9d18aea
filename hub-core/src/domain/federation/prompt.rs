//! Federated input in the prompt an agent is handed: delimited, named by
//! the hub it came from, so an agent can tell it from this hub's operators.

use m3shd_api::{Task, Trust, delimit_federated};

use crate::domain::DomainError;
use crate::store::Queries;

/// Wrap the prompt of a federated task (before the memories and guidelines
/// go in front of it, which are this hub's own words). The stored prompt
/// stays as the peer sent it.
pub(crate) fn delimit_claimed(q: &dyn Queries, task: &mut Task) -> Result<(), DomainError> {
    if let Some(row) = q.federation().task_federation(&task.id)?
        && row.trust == Trust::Federated
    {
        let hub = row.origin_hub.as_deref().unwrap_or("a peer");
        task.prompt = delimit_federated(hub, &task.prompt);
    }
    Ok(())
}
