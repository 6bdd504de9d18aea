//! One federation pass, every `interval`: heartbeat each peer (its
//! capacity, and whether it takes this hub's token), bring back the results
//! of relayed tasks (polled every pass, or every `poll_every` when the peer
//! pushes them), tell peers about relayed tasks cancelled here, keep the
//! leases of those still running, push back the results of tasks peers
//! relayed here that were not delivered yet, then offer tasks that waited
//! `relay_after` for a local agent to peers that can take them.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use m3shd_api::{AgentId, Heartbeat, PeerStatus, RelayCancel};
use m3shd_hub_core::domain::federation::{OpenRelay, PendingPush, peer_agent_id, sign};
use m3shd_hub_core::domain::{Hub, RelaySettled};
use m3shd_hub_core::store::PeerRow;
use tokio_util::sync::CancellationToken;

use super::client::{self, CallError};
use super::live::{Federation, MAX_SKIPPED, NOTE_EVERY, PeerLive, success_rate};

/// A result nobody took back this long after its task ended is given up
/// (the offering hub polls for it, or took the task back long ago).
const PUSH_GIVE_UP: Duration = Duration::from_secs(24 * 3600);

/// Run passes until `stop`.
pub async fn federation_loop(hub: Arc<Hub>, fed: Arc<Federation>, stop: CancellationToken) {
    crate::periodic::every(fed.interval, stop, || {
        let (hub, fed) = (hub.clone(), fed.clone());
        async move { pass(&hub, &fed).await }
    })
    .await;
}

/// A peer this pass may call: its record and token.
pub(super) struct Reachable {
    pub row: PeerRow,
    pub token: String,
}

pub async fn pass(hub: &Hub, fed: &Federation) {
    let peers = match hub.peers() {
        Ok(p) => p,
        Err(e) => {
            tracing::warn!(error = %e, "federation: cannot read the peers");
            return;
        }
    };
    fed.peers_stored.store(!peers.is_empty(), Ordering::Relaxed);
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
        if heartbeat(hub, fed, &row, &token).await {
            online.insert(row.name.clone(), Reachable { row, token });
        }
    }
    let running = bring_back(hub, fed, &online).await;
    push_back(hub, fed, &online).await;
    for name in online.keys() {
        let Ok(agent) = AgentId::parse(&peer_agent_id(name)) else {
            continue;
        };
        let hb = Heartbeat {
            claiming: false,
            running: running.get(name).cloned().unwrap_or_default(),
            // What a peer holds is settled by the relay's own protocol.
            lists_all_held: false,
        };
        if let Err(e) = hub.heartbeat(&agent, hb).await {
            tracing::warn!(peer = %name, error = %e, "federation: cannot extend the peer's leases");
        }
    }
    relay(hub, fed, &online).await;
}

/// Ask one peer for its capacity; record what it said (the hub name it
/// reports and the round trip also in the store, when they changed or now
/// and then). True when online.
async fn heartbeat(hub: &Hub, fed: &Federation, row: &PeerRow, token: &str) -> bool {
    let started = Instant::now();
    let answer = client::capacity(&fed.http, &row.url, token).await;
    let latency = started.elapsed();
    let mut note: Option<String> = None;
    let online = fed.with_live(|live| {
        let l = live.entry(row.name.clone()).or_default();
        match answer {
            Ok(c) => {
                if l.status != PeerStatus::Online {
                    tracing::info!(peer = %row.name, hub = %c.hub, "federation: peer online");
                }
                if row.hub.as_deref() != Some(c.hub.as_str())
                    || l.noted.is_none_or(|t| t.elapsed() >= NOTE_EVERY)
                {
                    l.noted = Some(Instant::now());
                    note = Some(c.hub.clone());
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
    });
    if let Some(reported) = note
        && let Err(e) = hub
            .note_peer(&row.name, Some(&reported), Some(latency))
            .await
    {
        tracing::warn!(peer = %row.name, error = %e, "federation: cannot note what the peer reported");
    }
    online
}

/// Whether a relay whose peer pushes its result is due a (fallback) poll;
/// one not seen before counts from now.
fn poll_due(fed: &Federation, task: &str) -> bool {
    let mut polled = fed.polled.lock().unwrap_or_else(|e| e.into_inner());
    let since = *polled.entry(task.to_string()).or_insert_with(Instant::now);
    if since.elapsed() >= fed.poll_every {
        polled.insert(task.to_string(), Instant::now());
        true
    } else {
        false
    }
}

/// Tell `p` that the task relayed to it (`peer_task` there) is no longer
/// wanted here (`why`); once it knows (or no longer has it), the relay is
/// forgotten. Best effort: a peer that does not answer is told on the next
/// pass; nothing here waits for it.
pub(super) async fn cancel_on_peer(
    hub: &Hub,
    fed: &Federation,
    p: &Reachable,
    task: &str,
    fence: i64,
    peer_task: &str,
    why: String,
) {
    let req = RelayCancel {
        fence,
        reason: Some(why),
    };
    let Ok(body) = serde_json::to_vec(&req) else {
        return;
    };
    let signature = sign::sign(&hub.relay_secret(task, fence), &body);
    match client::cancel(&fed.http, &p.row.url, &p.token, peer_task, body, &signature).await {
        Ok(there) => {
            tracing::info!(task = %task, peer = %p.row.name, peer_task = %peer_task, peer_status = %there.status, "federation: cancel relayed to the peer");
        }
        Err(e) if e.is_final() => {
            tracing::info!(task = %task, peer = %p.row.name, peer_task = %peer_task, answer = %e, "federation: the peer has nothing to cancel");
        }
        Err(e) => {
            tracing::debug!(task = %task, peer = %p.row.name, error = %e, "federation: cancel not delivered yet");
            return;
        }
    }
    if let Err(e) = hub.drop_relay(task, fence).await {
        tracing::warn!(task = %task, error = %e, "federation: cannot forget a cancelled relay");
    }
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
    {
        let open: HashSet<&str> = relays.iter().map(|r| r.row.task_id.as_str()).collect();
        let mut polled = fed.polled.lock().unwrap_or_else(|e| e.into_inner());
        polled.retain(|t, _| open.contains(t.as_str()));
    }
    for OpenRelay {
        row,
        held,
        cancelled,
    } in relays
    {
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
        if !held {
            // Cancelled here, or taken back (the lease lapsed): the peer's
            // copy is no longer wanted.
            let why = if cancelled {
                format!("cancelled on {}", fed.hub_name)
            } else {
                format!("taken back by {} (the relay's lease lapsed)", fed.hub_name)
            };
            cancel_on_peer(hub, fed, p, &row.task_id, fence, &peer_task, why).await;
            continue;
        }
        if row.push && held && !poll_due(fed, &row.task_id) {
            running.entry(peer).or_default().push(row.task_id.clone());
            continue;
        }
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
                        tracing::info!(task = %row.task_id, peer = %peer, peer_task = %peer_task, peer_status = %status, status = %now, "federation: relayed result applied (polled)");
                    }
                    Ok(RelaySettled::Already(now)) => {
                        tracing::debug!(task = %row.task_id, peer = %peer, status = %now, "federation: relayed result already applied (pushed)");
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

/// Push back the results of tasks peers relayed here that ended and were
/// not delivered yet (the push when they ended failed, or this hub was
/// down); give up on those too old to matter.
async fn push_back(hub: &Hub, fed: &Federation, online: &HashMap<String, Reachable>) {
    let pushes = match hub.pending_pushes(&fed.hub_name, PUSH_GIVE_UP) {
        Ok(p) => p,
        Err(e) => {
            tracing::warn!(error = %e, "federation: cannot read the results to push back");
            return;
        }
    };
    for task in pushes.expired {
        tracing::info!(task = %task, "federation: result never taken back; no longer pushed");
        if let Err(e) = hub.push_done(&task).await {
            tracing::warn!(task = %task, error = %e, "federation: cannot forget a result to push");
        }
    }
    for push in pushes.due {
        let target = fed.with_live(|live| {
            online.values().find(|p| {
                let reported = live.get(&p.row.name).and_then(|l| l.hub.as_deref());
                reported.or(p.row.hub.as_deref()) == Some(push.to_hub.as_str())
            })
        });
        if let Some(p) = target {
            push_one(hub, fed, p, push).await;
        }
    }
}

/// Push one result to the peer `p` (the hub that offered the task).
pub(super) async fn push_one(hub: &Hub, fed: &Federation, p: &Reachable, push: PendingPush) {
    let PendingPush {
        task_id,
        to_task_id,
        body,
        signature,
        ..
    } = push;
    let sent = client::push_result(
        &fed.http,
        &p.row.url,
        &p.token,
        &to_task_id,
        body,
        &signature,
    )
    .await;
    match sent {
        Ok(ack) => {
            tracing::info!(task = %task_id, peer = %p.row.name, peer_task = %to_task_id, applied = ack.applied, status = %ack.status, "federation: result pushed back");
        }
        Err(e) if e.is_final() => {
            tracing::info!(task = %task_id, peer = %p.row.name, peer_task = %to_task_id, answer = %e, "federation: pushed result not taken; the peer no longer wants it");
        }
        Err(e) => {
            tracing::debug!(task = %task_id, peer = %p.row.name, error = %e, "federation: result not pushed yet");
            return;
        }
    }
    if let Err(e) = hub.push_done(&task_id).await {
        tracing::warn!(task = %task_id, error = %e, "federation: cannot note a result pushed back");
    }
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
            let record = &online.get(name)?.row;
            (l.capacity.get(capability).copied().unwrap_or(0) > 0).then(|| {
                (
                    name.as_str(),
                    success_rate(record).unwrap_or(0.5),
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
                Ok(accepted) => {
                    if accepted.push {
                        // Polled as a fallback only, counted from now.
                        fed.polled
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .insert(offer.task_id.clone(), Instant::now());
                    }
                    if let Err(e) = hub
                        .relay_accepted(&offer.task_id, offer.fence, &peer, &accepted)
                        .await
                    {
                        tracing::warn!(task = %offer.task_id, error = %e, "federation: cannot note the peer's task");
                    }
                    tracing::info!(task = %offer.task_id, peer = %peer, peer_task = %accepted.task_id, push = accepted.push, "federation: task relayed");
                    fed.with_live(|live| {
                        let l = live.entry(peer.clone()).or_default();
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

    fn live(hub: &str, caps: &[(&str, i64)], ms: u64) -> PeerLive {
        PeerLive {
            status: PeerStatus::Online,
            hub: Some(hub.into()),
            capacity: caps.iter().map(|(c, n)| (c.to_string(), *n)).collect(),
            latency: Some(std::time::Duration::from_millis(ms)),
            ..PeerLive::default()
        }
    }

    fn reachable(name: &str, ok: i64, bad: i64) -> (String, Reachable) {
        (
            name.to_string(),
            Reachable {
                row: PeerRow {
                    succeeded: ok,
                    failed: bad,
                    ..PeerRow::new(name, "http://127.0.0.1:1", chrono::Utc::now())
                },
                token: "t".into(),
            },
        )
    }

    #[test]
    fn peers_are_ranked_by_success_then_latency_and_never_revisited() {
        let mut l = HashMap::new();
        l.insert("b".to_string(), live("hub-b", &[("x", 1)], 5));
        l.insert("c".to_string(), live("hub-c", &[("x", 2)], 50));
        l.insert("d".to_string(), live("hub-d", &[("x", 1)], 10));
        l.insert("e".to_string(), live("hub-e", &[("y", 4)], 1));
        let online: HashMap<_, _> = [("b", 1, 1), ("c", 3, 0), ("d", 3, 0), ("e", 9, 0)]
            .into_iter()
            .map(|(n, ok, bad)| reachable(n, ok, bad))
            .collect();
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
