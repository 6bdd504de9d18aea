//! Federation relay: two hubs that are each other's peers, and tasks
//! created on the first (the origin) that only a probe worker on the second
//! can take, one after another. Each is offered to the peer as soon as a
//! federation pass sees it, runs there, and comes back pushed: the figure
//! is create → done on the origin, as a caller of the origin sees it.

use std::time::{Duration, Instant};

use m3shd_api::{AddPeer, CreateTokenRequest, PeerStatus, Role};
use serde::Serialize;

use super::e2e::sequential;
use super::percentile;
use super::probe::Probes;
use crate::{Client, ClientError};

/// How long the two hubs may take to see each other.
const PEERING: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, Serialize)]
pub struct RelayFigures {
    pub tasks: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    pub mean_ms: f64,
    /// Tasks the origin relayed (its record of the peer).
    pub relayed: u64,
}

/// One hub of the pair: its client and where the other reaches it.
pub struct RelayHub<'a> {
    pub client: &'a Client,
    pub url: &'a str,
}

/// Make `origin` and `peer` each other's peers (with `federation` tokens
/// each mints for the other), then relay `tasks` tasks from the origin.
pub async fn relay(
    origin: RelayHub<'_>,
    peer: RelayHub<'_>,
    tasks: usize,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<RelayFigures, ClientError> {
    if tasks == 0 {
        return Err(ClientError::Config("tasks must be at least 1".into()));
    }
    progress("peering the two hubs…");
    introduce(origin.client, "bench-peer", &peer).await?;
    introduce(peer.client, "bench-origin", &origin).await?;
    let probes = Probes::start(peer.client, "bench-relay", 1, 1, Duration::ZERO).await?;
    let outcome = async {
        let capability = probes.task("").required_capability.unwrap_or_default();
        wait_peered(origin.client, peer.client, &capability).await?;
        progress(&format!("{tasks} tasks relayed one after another…"));
        sequential(origin.client, &probes, tasks).await
    }
    .await;
    probes.stop().await;
    let mut lat = outcome?;
    lat.sort_by(f64::total_cmp);
    let relayed = origin
        .client
        .peers()
        .await?
        .iter()
        .find(|p| p.name == "bench-peer")
        .map_or(0, |p| p.relayed);
    #[allow(clippy::cast_precision_loss)] // a few hundred samples
    let mean_ms = lat.iter().sum::<f64>() / lat.len() as f64;
    Ok(RelayFigures {
        tasks,
        p50_ms: percentile(&lat, 0.50),
        p99_ms: percentile(&lat, 0.99),
        max_ms: lat.last().copied().unwrap_or(0.0),
        mean_ms,
        relayed,
    })
}

/// `to` becomes a peer of `on`, named `name`, with a token `to` minted.
async fn introduce(on: &Client, name: &str, to: &RelayHub<'_>) -> Result<(), ClientError> {
    let token = to
        .client
        .create_token(&CreateTokenRequest {
            agent_id: format!("{name}-of"),
            role: Some(Role::Federation),
            permissions: None,
        })
        .await?
        .token;
    on.add_peer(&AddPeer {
        name: name.into(),
        url: to.url.into(),
        token,
    })
    .await?;
    Ok(())
}

/// Until the origin sees the peer's room for `capability` and the peer
/// knows the origin's name (so it pushes results back).
async fn wait_peered(origin: &Client, peer: &Client, capability: &str) -> Result<(), ClientError> {
    let started = Instant::now();
    loop {
        let room = origin.peers().await?.iter().any(|p| {
            p.status == PeerStatus::Online && p.capacity.get(capability).copied().unwrap_or(0) > 0
        });
        let named = peer.peers().await?.iter().any(|p| p.hub.is_some());
        if room && named {
            return Ok(());
        }
        if started.elapsed() > PEERING {
            return Err(ClientError::Failed(format!(
                "the two hubs did not see each other within {} s",
                PEERING.as_secs()
            )));
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
