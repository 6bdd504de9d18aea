//! The offering side: which queued tasks wait long enough to be offered,
//! the grant of one to a peer (before it is offered, so no local agent can
//! take it meanwhile), and the return of what the peer made of it.

use std::time::Duration;

use m3shd_api::{AgentId, Fence, MAX_HOPS, RelayTask, RelayedTask, TaskId, TaskStatus, Usage};

use super::peer_agent_id;
use crate::domain::lease::{held_task, record_outcome};
use crate::domain::status::Transition;
use crate::domain::task_change::change;
use crate::domain::{Ctx, DomainError, Hub, costs, shift, ucb};
use crate::store::{QueueScan, StoreError, TaskFederationRow, TaskRecord};

/// A queued task that could be offered to a peer.
#[derive(Debug, Clone, PartialEq)]
pub struct RelayCandidate {
    pub task_id: String,
    /// `general` for untyped work.
    pub capability: String,
    /// Hubs it has been on (this one not yet named when it was created here).
    pub visited: Vec<String>,
}

/// A task granted to a peer's entry, and the offer to send it.
#[derive(Debug, Clone, PartialEq)]
pub struct RelayOffer {
    pub task_id: String,
    pub fence: i64,
    pub offer: RelayTask,
}

/// What applying a peer's answer did.
#[derive(Debug, Clone, PartialEq)]
pub enum Settled {
    /// Not final on the peer yet.
    Pending,
    /// Applied here: the task's new status.
    Applied(TaskStatus),
    /// The relay had lost the task (its lease lapsed and it was granted
    /// again, or it was cancelled): the result was refused.
    Late(String),
}

fn corrupt(e: impl std::fmt::Display) -> DomainError {
    DomainError::Store(StoreError::Corrupt(e.to_string()))
}

fn federation_row(cx: &Ctx<'_, '_>, id: &str) -> Result<TaskFederationRow, DomainError> {
    Ok(cx
        .tx
        .federation()
        .task_federation(id)?
        .unwrap_or_else(|| TaskFederationRow::local(id)))
}

/// Give up the relay under `fence` in the task's federation row.
fn clear_relay(cx: &Ctx<'_, '_>, id: &str, fence: i64) -> Result<(), DomainError> {
    let mut row = federation_row(cx, id)?;
    if row.relay_fence == Some(fence) {
        row.relay_fence = None;
        cx.tx.federation().save_task_federation(&row)?;
    }
    Ok(())
}

/// Usage as recorded here: the peer's model, marked as relayed through it.
fn relayed_usage(peer: &str, u: &Usage) -> Usage {
    Usage {
        model: format!("relayed:{peer}/{}", u.model),
        ..u.clone()
    }
}

fn may_relay(rec: &TaskRecord) -> bool {
    rec.state.status() == TaskStatus::Queued
        && rec.task.assign_to.is_none()
        && rec.task.protocol_role.is_none()
}

impl Hub {
    /// Queued tasks of `capabilities` (`general`: untyped) that no local
    /// agent took for `waited`, in dispatch order, at most `limit`.
    pub fn relay_candidates(
        &self,
        capabilities: &[String],
        waited: Duration,
        limit: usize,
    ) -> Result<Vec<RelayCandidate>, DomainError> {
        if capabilities.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let cutoff = shift(self.now(), waited, false);
        self.read(|r| {
            let caps: Vec<&str> = capabilities.iter().map(String::as_str).collect();
            let scan = QueueScan {
                capabilities: &caps,
                agents: &[],
                general: caps.contains(&ucb::GENERAL),
                // Tasks naming an agent are never relayed: none falls through.
                pinned_until: chrono::DateTime::UNIX_EPOCH,
            };
            let mut ids = Vec::new();
            // Bounded: a deep queue of fresh tasks is not walked to its end.
            let mut budget = limit.saturating_mul(8).max(64);
            r.tasks().scan_queued(&scan, &mut |row| {
                budget -= 1;
                if row.assign_to.is_none() {
                    ids.push(row.id);
                }
                budget > 0
            })?;
            let mut out = Vec::new();
            for id in ids {
                let Some(rec) = r.tasks().get(&id)? else {
                    continue;
                };
                if !may_relay(&rec) || rec.task.updated_at > cutoff {
                    continue;
                }
                let fed = r.federation().task_federation(&id)?;
                let (hops, visited) = fed.map_or((0, Vec::new()), |f| (f.hops, f.visited));
                if hops >= i64::from(MAX_HOPS) {
                    continue;
                }
                out.push(RelayCandidate {
                    task_id: id,
                    capability: rec
                        .task
                        .required_capability
                        .clone()
                        .unwrap_or_else(|| ucb::GENERAL.to_string()),
                    visited,
                });
                if out.len() >= limit {
                    break;
                }
            }
            Ok(out)
        })
    }

    /// Grant a queued task to `peer`'s entry (running, under a new fence)
    /// and build the offer (`me`: this hub's name). None when the task is
    /// no longer there to relay.
    pub async fn reserve_relay(
        &self,
        me: &str,
        task_id: &str,
        peer: &str,
    ) -> Result<Option<RelayOffer>, DomainError> {
        let (me, id, peer) = (me.to_string(), task_id.to_string(), peer.to_string());
        self.write(move |cx| {
            let Some(mut rec) = cx.tx.tasks().get(&id)? else {
                return Ok(None);
            };
            let agent = peer_agent_id(&peer);
            if !may_relay(&rec) || cx.tx.agents().get_state(&agent)?.is_none() {
                return Ok(None);
            }
            // What stops dispatch here stops relaying too: a paused queue,
            // the mesh's daily cap, the cap of the peer's entry.
            if crate::domain::queue::paused(&*cx.tx)? {
                return Ok(None);
            }
            let gate = costs::gate(cx)?;
            if gate.mesh_capped || gate.capped.contains(&agent) {
                return Ok(None);
            }
            let mut row = federation_row(cx, &id)?;
            if row.visited.iter().any(|h| h == &peer) || row.hops >= i64::from(MAX_HOPS) {
                return Ok(None);
            }
            let agent = AgentId::parse(&agent).map_err(corrupt)?;
            let lease_until = cx.policy.lease_until(cx.tx.now());
            change(
                cx,
                &mut rec,
                Transition::Assign { agent, lease_until },
                Some(format!("relayed to peer {peer}")),
            )?;
            change(cx, &mut rec, Transition::Start { lease_until }, None)?;
            let fence = rec.state.fence().0;
            let mut visited = row.visited.clone();
            visited.push(me.clone());
            let offer = RelayTask {
                origin_hub: row.origin_hub.clone().unwrap_or_else(|| me.clone()),
                origin_task_id: row.origin_task_id.clone().unwrap_or_else(|| id.clone()),
                from_hub: me,
                fence,
                title: rec.task.title.clone(),
                prompt: rec.task.prompt.clone(),
                required_capability: rec.task.required_capability.clone(),
                max_cost_usd: rec.task.max_cost_usd,
                hops: u32::try_from(row.hops + 1).map_err(corrupt)?,
                visited,
            };
            row.relayed_to = Some(peer);
            row.peer_hub = None;
            row.peer_task_id = None;
            row.relay_fence = Some(fence);
            cx.tx.federation().save_task_federation(&row)?;
            Ok(Some(RelayOffer {
                task_id: id,
                fence,
                offer,
            }))
        })
        .await
    }

    /// The peer took the offer: note its hub and task.
    pub async fn relay_accepted(
        &self,
        task_id: &str,
        fence: i64,
        peer_hub: &str,
        peer_task_id: &str,
    ) -> Result<(), DomainError> {
        let (id, hub, peer_task) = (
            task_id.to_string(),
            peer_hub.to_string(),
            peer_task_id.to_string(),
        );
        self.write(move |cx| {
            let mut row = federation_row(cx, &id)?;
            if row.relay_fence == Some(fence) {
                row.peer_hub = Some(hub);
                row.peer_task_id = Some(peer_task);
                cx.tx.federation().save_task_federation(&row)?;
            }
            Ok(())
        })
        .await
    }

    /// The peer refused the offer or did not answer: the task comes back to
    /// the queue without using up an attempt.
    pub async fn relay_refused(
        &self,
        task_id: &str,
        peer: &str,
        fence: i64,
        why: &str,
    ) -> Result<(), DomainError> {
        let (id, peer, why) = (task_id.to_string(), peer.to_string(), why.to_string());
        self.write(move |cx| {
            let task = TaskId::parse(&id).map_err(corrupt)?;
            let agent = AgentId::parse(&peer_agent_id(&peer)).map_err(corrupt)?;
            if let Ok(mut rec) = held_task(cx, &task, &agent, Fence(fence)) {
                change(
                    cx,
                    &mut rec,
                    Transition::Requeue {
                        refund: true,
                        error: None,
                    },
                    Some(format!("peer {peer} did not take it: {why}")),
                )?;
            }
            clear_relay(cx, &id, fence)
        })
        .await
    }

    /// Apply what the peer made of a relayed task under the relay's fence.
    pub async fn settle_relay(
        &self,
        task_id: &str,
        peer: &str,
        fence: i64,
        result: RelayedTask,
    ) -> Result<Settled, DomainError> {
        if !result.status.is_final() {
            return Ok(Settled::Pending);
        }
        if let Some(u) = &result.usage {
            costs::check_usage(u)?;
        }
        let (id, peer) = (task_id.to_string(), peer.to_string());
        self.write(move |cx| {
            let task = TaskId::parse(&id).map_err(corrupt)?;
            let agent = AgentId::parse(&peer_agent_id(&peer)).map_err(corrupt)?;
            let mut rec = match held_task(cx, &task, &agent, Fence(fence)) {
                Ok(rec) => rec,
                Err(DomainError::StaleLease(why) | DomainError::InvalidTransition(why)) => {
                    clear_relay(cx, &id, fence)?;
                    return Ok(Settled::Late(why));
                }
                Err(e) => return Err(e),
            };
            if let Some(u) = &result.usage {
                let u = relayed_usage(&peer, u);
                costs::add_to_task(&mut rec.task, &u);
                costs::record(cx, &agent, &task, &u)?;
            }
            let cap = rec.task.required_capability.clone();
            let from = format!("peer {peer} (hub {}, task {})", result.hub, result.task_id);
            let ok = result.status == TaskStatus::Done;
            if ok {
                change(
                    cx,
                    &mut rec,
                    Transition::Complete {
                        output: result.output.unwrap_or_default(),
                        confidence: result.confidence,
                    },
                    Some(format!("result relayed from {from}")),
                )?;
            } else {
                let error = format!(
                    "relayed to {from}: {}",
                    result.error.as_deref().unwrap_or(result.status.as_str())
                );
                let transition = if rec.task.attempts < rec.task.max_attempts {
                    Transition::Requeue {
                        refund: false,
                        error: Some(error.clone()),
                    }
                } else {
                    Transition::Fail {
                        error: error.clone(),
                        output: result.output,
                    }
                };
                change(cx, &mut rec, transition, Some(error))?;
            }
            record_outcome(cx, agent.as_str(), cap.as_deref(), ok)?;
            clear_relay(cx, &id, fence)?;
            Ok(Settled::Applied(rec.state.status()))
        })
        .await
    }

    /// Relays outstanding, and whether the relay still holds each task.
    pub fn open_relays(&self) -> Result<Vec<(TaskFederationRow, bool)>, DomainError> {
        self.read(|r| {
            let mut out = Vec::new();
            for row in r.federation().open_relays()? {
                let held = match (&row.relayed_to, row.relay_fence) {
                    (Some(peer), Some(fence)) => {
                        r.tasks().lease_view(&row.task_id)?.is_some_and(|v| {
                            v.state.status().is_leased()
                                && v.state.fence().0 == fence
                                && v.state.agent().map(AgentId::as_str)
                                    == Some(peer_agent_id(peer).as_str())
                        })
                    }
                    _ => false,
                };
                out.push((row, held));
            }
            Ok(out)
        })
    }

    /// Forget a relay that lost its task and that the peer no longer knows.
    pub async fn drop_relay(&self, task_id: &str, fence: i64) -> Result<(), DomainError> {
        let id = task_id.to_string();
        self.write(move |cx| clear_relay(cx, &id, fence)).await
    }
}
