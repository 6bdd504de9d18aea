//! Federation (ARCHITECTURE.md, "Federation"): peers, a task a peer offers
//! this hub, the relay of a queued task to a peer and the return of its
//! result. The HTTP calls between hubs are the transport's (`hubd`); the
//! rules of what may be relayed, accepted and applied are here.
//!
//! A peer is held to account like an agent: it has an agent entry
//! (`peer-NAME`, no capabilities, no slots, so the dispatcher never picks
//! it), a relayed task is granted to that entry with a lease and a fence
//! like any other, the peer's heartbeats extend it, a lapsed lease requeues
//! it here (the next grant raises the fence), and the peer's result is
//! applied under the fence of the relay, so a late result from a peer that
//! lost the task is refused and nothing is applied twice.

mod accept;
mod callback;
mod peers;
mod prompt;
mod relay;
mod rules;
pub mod sign;

pub use callback::{AfterEnd, PendingPush, Pushes};
pub(crate) use prompt::delimit_claimed;
pub use relay::{OpenRelay, RelayCandidate, RelayOffer, Settled};

/// The agent entry a peer's relayed tasks are held by.
pub fn peer_agent_id(peer: &str) -> String {
    format!("peer-{peer}")
}

/// The agent entries of this hub's peers: no agents of this mesh, so
/// left out where agents are listed or counted (shown with the peers).
pub(crate) fn peer_entries(
    q: &dyn crate::store::Queries,
) -> Result<std::collections::HashSet<String>, crate::store::StoreError> {
    Ok(q.federation()
        .peers()?
        .iter()
        .map(|p| peer_agent_id(&p.name))
        .collect())
}

/// Longest peer name: `peer-` and the name must be an id.
pub const MAX_PEER_NAME: usize = 59;
