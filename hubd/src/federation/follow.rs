//! Federation follows the committed event stream so nothing waits for the
//! next pass: a federated task that ends here has its result pushed back
//! to the hub that offered it at once, and a relayed task cancelled here
//! has the peer told at once. Both are retried by the pass when they do
//! not get through (a peer down, this hub restarted), so a lagging or
//! missed event costs only time.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use m3shd_api::{Event, EventRecord};
use m3shd_hub_core::domain::Hub;
use m3shd_hub_core::domain::federation::AfterEnd;
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;

use super::live::Federation;
use super::pass::{Reachable, cancel_on_peer, push_one};

/// Follow `events` until `stop`.
pub async fn follow_events(
    hub: Arc<Hub>,
    fed: Arc<Federation>,
    mut events: broadcast::Receiver<Arc<EventRecord>>,
    stop: CancellationToken,
) {
    loop {
        let rec = tokio::select! {
            _ = stop.cancelled() => return,
            r = events.recv() => r,
        };
        let task = match rec {
            Ok(rec) => match &rec.event {
                Event::TaskCompleted { task }
                | Event::TaskFailed { task }
                | Event::TaskCancelled { task } => task.id.clone(),
                Event::TaskUpdated { task, .. } if task.status.is_final() => task.id.clone(),
                _ => continue,
            },
            Err(broadcast::error::RecvError::Lagged(_)) => continue,
            Err(broadcast::error::RecvError::Closed) => return,
        };
        // Nobody to push a result to or cancel on: no lookup per task (a
        // peer added since the last pass is caught by the next one).
        if !fed.peers_stored.load(Ordering::Relaxed) {
            continue;
        }
        // Off the event loop: a slow peer holds up only its own call.
        let (hub, fed) = (hub.clone(), fed.clone());
        tokio::spawn(async move { ended(&hub, &fed, &task).await });
    }
}

/// The stored peers this hub can call, by name (without heartbeats: a call
/// that fails is retried by the pass).
fn callable(hub: &Hub) -> HashMap<String, Reachable> {
    let Ok(rows) = hub.peers() else {
        return HashMap::new();
    };
    rows.into_iter()
        .filter_map(|row| {
            let token = hub.peer_token(&row.name).ok().flatten()?;
            Some((row.name.clone(), Reachable { row, token }))
        })
        .collect()
}

/// Task `id` ended here.
async fn ended(hub: &Hub, fed: &Federation, id: &str) {
    match hub.after_end(&fed.hub_name, id) {
        Ok(None) => {}
        Ok(Some(AfterEnd::Push(push))) => {
            let peers = callable(hub);
            let target = fed.with_live(|live| {
                peers.into_values().find(|p| {
                    let reported = live.get(&p.row.name).and_then(|l| l.hub.clone());
                    reported.or(p.row.hub.clone()).as_deref() == Some(push.to_hub.as_str())
                })
            });
            if let Some(p) = target {
                push_one(hub, fed, &p, push).await;
            }
        }
        Ok(Some(AfterEnd::CancelOnPeer(relay))) => {
            let (Some(peer), Some(fence), Some(peer_task)) = (
                relay.row.relayed_to.as_deref(),
                relay.row.relay_fence,
                relay.row.peer_task_id.as_deref(),
            ) else {
                return;
            };
            if let Some(p) = callable(hub).get(peer) {
                let why = format!("cancelled on {}", fed.hub_name);
                cancel_on_peer(hub, fed, p, id, fence, peer_task, why).await;
            }
        }
        Err(e) => {
            tracing::warn!(task = %id, error = %e, "federation: cannot read what follows a task's end");
        }
    }
}
