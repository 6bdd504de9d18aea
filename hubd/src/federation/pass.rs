//! One federation pass, every `interval`: heartbeat each peer (its
//! capacity, and whether it takes this hub's token), bring back the results
//! of relayed tasks, keep the leases of those still running, then offer
//! tasks that waited `relay_after` for a local agent to peers that can
//! take them.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Instant;

use m3shd_api::{AgentId, Heartbeat, PeerStatus, RelayAccepted};
use m3shd_hub_core::domain::federation::peer_agent_id;
use m3shd_hub_core::domain::{Hub, RelaySettled};
use m3shd_hub_core::store::PeerRow;
use tokio_util::sync::CancellationToken;

use super::client::{self, CallError};
use super::live::{Federation, MAX_SKIPPED, PeerLive};

/// Run passes until `stop`.
pub async fn federation_loop(hub: Arc<Hub>, fed: Arc<Federation>, stop: CancellationToken) {
    crate::periodic::every(fed.interval, stop, || {
        let (hub, fed) = (hub.clone(), fed.clone());
        async move { pass(&hub, &fed).await }
    })
    .await;
}

/// A peer this pass may call: its record and token.
struct Reachable {
    row: PeerRow,
    token: String,
}

pub async fn pass(hub: &Hub, fed: &Federation) {
    let peers = match hub.peers() {
        Ok(p) => p,
        Err(e) => {
            tracing::warn!(error = %e, "federation: cannot read the peers");
            return;
        }
    };
    if peers.is_empty() {
        return;
    }
    let mut online: HashMap<String, Reachable> = HashMap::new();
    for row in peers {
        let token = match hub.peer_token(&row.name) {
            Ok(Some(t)) => t,
            Ok(None) => continue,
            Err(e) => {
                tracing::warn!(peer = %row.name, error = %e, "federation: cannot open the peer's token");
                continue;
            }
        };
        if heartbeat(fed, &row, &token).await {
            online.insert(row.name.clone(), Reachable { row, token });
        }
    }
    let running = bring_back(hub, fed, &online).await;
    for name in online.keys() {
        let Ok(agent) = AgentId::parse(&peer_agent_id(name)) else {
            continue;
        };
        let hb = Heartbeat {
            claiming: false,
            running: running.get(name).cloned().unwrap_or_default(),
        };
        if let Err(e) = hub.heartbeat(&agent, hb).await {
            tracing::warn!(peer = %name, error = %e, "federation: cannot extend the peer's leases");
        }
    }
    relay(hub, fed, &online).await;
}

/// Ask one peer for its capacity; record what it said. True when online.
async fn heartbeat(fed: &Federation, row: &PeerRow, token: &str) -> bool {
    let started = Instant::now();
    let answer = client::capacity(&fed.http, &row.url, token).await;
    let latency = started.elapsed();
    fed.with_live(|live| {
        let l = live.entry(row.name.clone()).or_default();
        match answer {
            Ok(c) => {
                if l.status != PeerStatus::Online {
                    tracing::info!(peer = %row.name, hub = %c.hub, "federation: peer online");
                }
                l.status = PeerStatus::Online;
                l.hub = Some(c.hub);
                l.capacity = c.capacity;
                l.latency = Some(latency);
                l.last_seen = Some(chrono::Utc::now());
                l.error = None;
                true
            }
            Err(e) => {
                let status = match &e {
                    CallError::Refused(_) => PeerStatus::Refused,
                    _ => PeerStatus::Unreachable,
                };
                if l.status != status {
                    tracing::warn!(peer = %row.name, error = %e, "federation: peer {status}");
                }
                l.status = status;
                l.capacity.clear();
                l.error = Some(e.to_string());
                false
            }
        }
    })
}

/// Poll the peers for the tasks relayed to them and apply what finished;
/// returns, per peer, the tasks still running there (their leases are
/// extended).
async fn bring_back(
    hub: &Hub,
    fed: &Federation,
    online: &HashMap<String, Reachable>,
) -> HashMap<String, Vec<String>> {
    let mut running: HashMap<String, Vec<String>> = HashMap::new();
    let relays = match hub.open_relays() {
        Ok(r) => r,
        Err(e) => {
            tracing::warn!(error = %e, "federation: cannot read the open relays");
            return running;
        }
    };
    for (row, held) in relays {
        let (Some(peer), Some(fence)) = (row.relayed_to.clone(), row.relay_fence) else {
            continue;
        };
        // A peer that is down is not asked; its leases lapse and the
        // sweeper takes its tasks back.
        let Some(p) = online.get(&peer) else { continue };
        let Some(peer_task) = row.peer_task_id.clone() else {
            // Granted but never confirmed (the hub stopped in between).
            let outcome = if held {
                hub.relay_refused(&row.task_id, &peer, fence, "the offer was not confirmed")
                    .await
            } else {
                hub.drop_relay(&row.task_id, fence).await
            };
            if let Err(e) = outcome {
                tracing::warn!(task = %row.task_id, error = %e, "federation: cannot take a task back");
            }
            continue;
        };
        match client::relayed(&fed.http, &p.row.url, &p.token, &peer_task).await {
            Ok(result) if !result.status.is_final() => {
                if held {
                    running.entry(peer).or_default().push(row.task_id.clone());
                }
            }
            Ok(result) => {
                let status = result.status;
                match hub.settle_relay(&row.task_id, &peer, fence, result).await {
                    Ok(RelaySettled::Applied(now)) => {
                        tracing::info!(task = %row.task_id, peer = %peer, peer_task = %peer_task, peer_status = %status, status = %now, "federation: relayed result applied");
                        fed.with_live(|live| {
                            let l = live.entry(peer.clone()).or_default();
                            if status == m3shd_api::TaskStatus::Done {
                                l.succeeded += 1;
                            } else {
                                l.failed += 1;
                            }
                        });
                    }
                    Ok(RelaySettled::Late(why)) => {
                        tracing::warn!(task = %row.task_id, peer = %peer, peer_task = %peer_task, why = %why, "federation: late result from a peer rejected");
                    }
                    Ok(RelaySettled::Pending) => {}
                    Err(e) => {
                        tracing::warn!(task = %row.task_id, peer = %peer, error = %e, "federation: cannot apply a relayed result");
                    }
                }
            }
            Err(CallError::NotFound) => {
                let outcome = if held {
                    hub.relay_refused(&row.task_id, &peer, fence, "the peer lost the task")
                        .await
                } else {
                    hub.drop_relay(&row.task_id, fence).await
                };
                if let Err(e) = outcome {
                    tracing::warn!(task = %row.task_id, error = %e, "federation: cannot settle a lost relay");
                }
            }
            Err(e) => {
                tracing::debug!(task = %row.task_id, peer = %peer, error = %e, "federation: no answer about a relayed task");
            }
        }
    }
    running
}

/// Peers in the order they are offered a task of `capability`: with room
/// for it, not already on its path, best success rate then lowest latency.
fn ranked<'a>(
    live: &HashMap<String, PeerLive>,
    online: &'a HashMap<String, Reachable>,
    capability: &str,
    visited: &[String],
    me: &str,
) -> Vec<&'a str> {
    let mut fit: Vec<(&'a str, f64, u128)> = online
        .keys()
        .filter_map(|name| {
            let l = live.get(name)?;
            let hub = l.hub.as_deref()?;
            if hub == me || visited.iter().any(|v| v == hub) {
                return None;
            }
            (l.capacity.get(capability).copied().unwrap_or(0) > 0).then(|| {
                (
                    name.as_str(),
                    l.success_rate().unwrap_or(0.5),
                    l.latency.map_or(u128::MAX, |d| d.as_micros()),
                )
            })
        })
        .collect();
    fit.sort_by(|a, b| {
        b.1.partial_cmp(&a.1)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.2.cmp(&b.2))
            .then(a.0.cmp(b.0))
    });
    fit.into_iter().map(|(n, _, _)| n).collect()
}

/// Offer the tasks that waited long enough to the peers that can take them.
async fn relay(hub: &Hub, fed: &Federation, online: &HashMap<String, Reachable>) {
    let free: BTreeMap<String, i64> = fed.with_live(|live| {
        let mut free: BTreeMap<String, i64> = BTreeMap::new();
        for name in online.keys() {
            if let Some(l) = live.get(name) {
                for (cap, n) in &l.capacity {
                    *free.entry(cap.clone()).or_default() += n.max(&0);
                }
            }
        }
        free
    });
    let caps: Vec<String> = free
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(c, _)| c.clone())
        .collect();
    let limit = usize::try_from(free.values().sum::<i64>()).unwrap_or(0);
    let candidates = match hub.relay_candidates(&caps, fed.relay_after, limit) {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!(error = %e, "federation: cannot read the tasks waiting to be relayed");
            return;
        }
    };
    for c in candidates {
        let order: Vec<String> = fed.with_live(|live| {
            ranked(live, online, &c.capability, &c.visited, &fed.hub_name)
                .into_iter()
                .map(str::to_string)
                .collect()
        });
        for peer in order {
            let skip = (c.task_id.clone(), peer.clone());
            if fed
                .skipped
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .contains(&skip)
            {
                continue;
            }
            let Some(p) = online.get(&peer) else { continue };
            let offer = match hub.reserve_relay(&fed.hub_name, &c.task_id, &peer).await {
                Ok(Some(o)) => o,
                Ok(None) => break,
                Err(e) => {
                    tracing::warn!(task = %c.task_id, error = %e, "federation: cannot grant a task to a peer");
                    break;
                }
            };
            match client::offer(&fed.http, &p.row.url, &p.token, &offer.offer).await {
                Ok(RelayAccepted {
                    hub: peer_hub,
                    task_id,
                    ..
                }) => {
                    if let Err(e) = hub
                        .relay_accepted(&offer.task_id, offer.fence, &peer_hub, &task_id)
                        .await
                    {
                        tracing::warn!(task = %offer.task_id, error = %e, "federation: cannot note the peer's task");
                    }
                    tracing::info!(task = %offer.task_id, peer = %peer, peer_task = %task_id, "federation: task relayed");
                    fed.with_live(|live| {
                        let l = live.entry(peer.clone()).or_default();
                        l.relayed += 1;
                        if let Some(n) = l.capacity.get_mut(&c.capability) {
                            *n -= 1;
                        }
                    });
                    break;
                }
                Err(e) => {
                    tracing::info!(task = %offer.task_id, peer = %peer, error = %e, "federation: peer did not take the task; skipped for it");
                    {
                        let mut skipped = fed.skipped.lock().unwrap_or_else(|e| e.into_inner());
                        if skipped.len() >= MAX_SKIPPED {
                            skipped.clear();
                        }
                        skipped.insert(skip);
                    }
                    if let Err(e) = hub
                        .relay_refused(&offer.task_id, &peer, offer.fence, &e.to_string())
                        .await
                    {
                        tracing::warn!(task = %offer.task_id, error = %e, "federation: cannot take a task back");
                        break;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn live(hub: &str, caps: &[(&str, i64)], ok: u64, bad: u64, ms: u64) -> PeerLive {
        PeerLive {
            status: PeerStatus::Online,
            hub: Some(hub.into()),
            capacity: caps.iter().map(|(c, n)| (c.to_string(), *n)).collect(),
            succeeded: ok,
            failed: bad,
            latency: Some(std::time::Duration::from_millis(ms)),
            ..PeerLive::default()
        }
    }

    fn reachable(name: &str) -> (String, Reachable) {
        (
            name.to_string(),
            Reachable {
                row: PeerRow {
                    name: name.into(),
                    url: "http://127.0.0.1:1".into(),
                    created_at: chrono::Utc::now(),
                },
                token: "t".into(),
            },
        )
    }

    #[test]
    fn peers_are_ranked_by_success_then_latency_and_never_revisited() {
        let mut l = HashMap::new();
        l.insert("b".to_string(), live("hub-b", &[("x", 1)], 1, 1, 5));
        l.insert("c".to_string(), live("hub-c", &[("x", 2)], 3, 0, 50));
        l.insert("d".to_string(), live("hub-d", &[("x", 1)], 3, 0, 10));
        l.insert("e".to_string(), live("hub-e", &[("y", 4)], 9, 0, 1));
        let online: HashMap<_, _> = ["b", "c", "d", "e"].into_iter().map(reachable).collect();
        assert_eq!(ranked(&l, &online, "x", &[], "hub-a"), vec!["d", "c", "b"]);
        let visited = vec!["hub-a".to_string(), "hub-d".to_string()];
        assert_eq!(
            ranked(&l, &online, "x", &visited, "hub-c"),
            vec!["b"],
            "neither a hub on the path nor this hub itself"
        );
        assert!(ranked(&l, &online, "z", &[], "hub-a").is_empty());
    }
}
