//! Asking the peer that produced a relayed result to verify its own chain
//! (`GET /api/tasks/{id}/provenance/peer`): this hub cannot check a peer's
//! signature (it has not the peer's key), so it asks the peer, and checks
//! that the link the peer vouches for is the one this hub chained from.

use m3shd_api::{PeerProvenance, ProvenanceReport};
use m3shd_hub_core::domain::{DomainError, Hub};

use super::client;
use super::live::Federation;

/// The verdict on the peer's link of task `id`.
pub async fn ask_peer(
    hub: &Hub,
    fed: &Federation,
    id: &str,
) -> Result<PeerProvenance, DomainError> {
    let f = hub.federated_link(id)?.ok_or_else(|| {
        DomainError::NotFound(format!(
            "task {id} has no result relayed back from a peer with a signed link"
        ))
    })?;
    let mut out = PeerProvenance {
        task_id: id.to_string(),
        peer: f.peer.clone(),
        link: f.link.clone(),
        verified: false,
        reason: None,
        report: None,
    };
    let peer = hub.peers()?.into_iter().find(|p| p.name == f.peer);
    let token = hub.peer_token(&f.peer)?;
    let (Some(peer), Some(token)) = (peer, token) else {
        out.reason = Some(format!("peer {} is no longer configured here", f.peer));
        return Ok(out);
    };
    match client::provenance(&fed.http, &peer.url, &token, &f.link.task_id).await {
        Ok(report) => {
            out.reason = verdict(&f.link, &report);
            out.verified = out.reason.is_none();
            out.report = Some(report);
        }
        Err(e) => out.reason = Some(format!("peer {} did not verify: {e}", f.peer)),
    }
    Ok(out)
}

/// None when the peer's chain verifies and ends in the link kept here.
fn verdict(link: &m3shd_api::FederatedLink, report: &ProvenanceReport) -> Option<String> {
    if !report.verified {
        return Some(format!(
            "the peer's chain does not verify: {}",
            report.reason.as_deref().unwrap_or("no reason given")
        ));
    }
    let Some(last) = report.chain.last().filter(|l| l.task_id == link.task_id) else {
        return Some("the peer's answer is not about the task relayed to it".into());
    };
    if last.signature != link.signature || last.output_hash != link.output_hash {
        return Some(
            "the peer's chain verifies, but its link is not the one it returned with the result"
                .into(),
        );
    }
    None
}
