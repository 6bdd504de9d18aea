//! The offering side: which queued tasks wait long enough to be offered,
//! the grant of one to a peer (before it is offered, so no local agent can
//! take it meanwhile), and the return of what the peer made of it.

use std::time::Duration;

use m3shd_api::{
    AgentId, FederatedLink, Fence, MAX_HOPS, RelayResultAck, RelayTask, RelayedTask, TaskId,
    TaskStatus, Usage,
};

use super::rules::template_refuses;
use super::{peer_agent_id, sign};
use crate::domain::lease::{held_task, record_outcome};
use crate::domain::status::Transition;
use crate::domain::task_change::{change, give_back};
use crate::domain::{Ctx, DomainError, Hub, costs, shift, ucb};
use crate::store::{
    FederatedLinkRow, Queries, QueueScan, StoreError, TaskFederationRow, TaskRecord,
};

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
    /// This relay's result had been applied already (pushed, then polled,
    /// or the other way round): nothing changed.
    Already(TaskStatus),
}

/// A relay outstanding, as the federation pass sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenRelay {
    pub row: TaskFederationRow,
    /// The relay still holds the task (its lease, its fence).
    pub held: bool,
    /// The task was cancelled here while relayed: the peer is told.
    pub cancelled: bool,
}

/// `row` (an outstanding relay) as the federation pass sees it.
pub(super) fn open_relay(
    r: &dyn Queries,
    row: TaskFederationRow,
) -> Result<OpenRelay, DomainError> {
    let view = r.tasks().lease_view(&row.task_id)?;
    let (held, cancelled) = match (&row.relayed_to, row.relay_fence, &view) {
        (Some(peer), Some(fence), Some(v)) => {
            let by_peer = v.state.fence().0 == fence
                && v.state.agent().map(AgentId::as_str) == Some(peer_agent_id(peer).as_str());
            (
                by_peer && v.state.status().is_leased(),
                by_peer && v.state.status() == TaskStatus::Cancelled,
            )
        }
        _ => (false, false),
    };
    Ok(OpenRelay {
        row,
        held,
        cancelled,
    })
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

/// What a peer answered, held to the limits a worker is held to: an output
/// over the limit, or a confidence out of range, makes the attempt a
/// failure (nothing is cut short silently); a long error is shortened,
/// saying so.
fn within_limits(mut r: RelayedTask) -> RelayedTask {
    use m3shd_api::limits::{MAX_MESSAGE_BYTES, MAX_OUTPUT_BYTES};
    let too_long = |s: &Option<String>| s.as_ref().is_some_and(|o| o.len() > MAX_OUTPUT_BYTES);
    let bad_confidence = r
        .confidence
        .is_some_and(|c| !(c.is_finite() && (0.0..=1.0).contains(&c)));
    if too_long(&r.output) || bad_confidence {
        r.status = TaskStatus::Failed;
        r.error = Some(if bad_confidence {
            "the peer's result has a confidence outside 0-1".into()
        } else {
            format!("the peer's output is over {MAX_OUTPUT_BYTES} bytes")
        });
        r.output = None;
        r.confidence = None;
        r.provenance = None;
    }
    if let Some(e) = &r.error
        && e.len() > MAX_MESSAGE_BYTES
    {
        let mut cut = MAX_MESSAGE_BYTES;
        while !e.is_char_boundary(cut) {
            cut -= 1;
        }
        r.error = Some(format!("{}… (cut at {MAX_MESSAGE_BYTES} bytes)", &e[..cut]));
    }
    r
}

/// A peer's provenance link, if it is well formed (what a peer sends is
/// not trusted to be): hub and task names as ids go, hashes and signature
/// as hex SHA-256.
fn link_ok(l: &FederatedLink) -> bool {
    let hex64 = |s: &str| s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit());
    super::rules::hub_name_ok(&l.hub)
        && m3shd_api::ids::is_valid_id(&l.task_id)
        && l.agent_id.len() <= 64
        && !l.agent_id.contains('|')
        && hex64(&l.prev_hash)
        && hex64(&l.output_hash)
        && hex64(&l.signature)
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
                let (hops, visited, template) =
                    fed.map_or((0, Vec::new(), None), |f| (f.hops, f.visited, f.template));
                if hops >= i64::from(MAX_HOPS) || template_refuses(r, template.as_deref())? {
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
            if row.visited.iter().any(|h| h == &peer)
                || row.hops >= i64::from(MAX_HOPS)
                || template_refuses(&*cx.tx, row.template.as_deref())?
            {
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
                from_task_id: Some(id.clone()),
                callback_secret: Some(sign::relay_secret(cx.provenance, &id, fence)),
                template: row.template.clone(),
            };
            row.relayed_to = Some(peer);
            row.peer_hub = None;
            row.peer_task_id = None;
            row.relay_fence = Some(fence);
            row.push = false;
            cx.tx.federation().save_task_federation(&row)?;
            Ok(Some(RelayOffer {
                task_id: id,
                fence,
                offer,
            }))
        })
        .await
    }

    /// The peer took the offer: note its hub and task, whether it will push
    /// the result back, and count the relay in the peer's record.
    pub async fn relay_accepted(
        &self,
        task_id: &str,
        fence: i64,
        peer: &str,
        accepted: &m3shd_api::RelayAccepted,
    ) -> Result<(), DomainError> {
        let (id, peer, accepted) = (task_id.to_string(), peer.to_string(), accepted.clone());
        self.write(move |cx| {
            let mut row = federation_row(cx, &id)?;
            // A fast peer may have pushed the result already (the relay is
            // then settled): its hub and task are noted all the same.
            let settled_here = row.relay_fence.is_none()
                && row.relayed_to.as_deref() == Some(peer.as_str())
                && row.peer_task_id.is_none();
            if row.relay_fence == Some(fence) || settled_here {
                row.peer_hub = Some(accepted.hub);
                row.peer_task_id = Some(accepted.task_id);
                row.push = accepted.push && row.relay_fence.is_some();
                cx.tx.federation().save_task_federation(&row)?;
            }
            cx.tx.federation().count_peer(&peer, 1, 0, 0)?;
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
                give_back(cx, &mut rec, format!("peer {peer} did not take it: {why}"))?;
            }
            clear_relay(cx, &id, fence)
        })
        .await
    }

    /// Apply what the peer made of a relayed task under the relay's fence
    /// (polled, or pushed: one path).
    pub async fn settle_relay(
        &self,
        task_id: &str,
        peer: &str,
        fence: i64,
        result: RelayedTask,
    ) -> Result<Settled, DomainError> {
        let (id, peer) = (task_id.to_string(), peer.to_string());
        self.write(move |cx| settle(cx, &id, &peer, fence, result))
            .await
    }

    /// A result a peer pushed back: `body` as it came, signed in
    /// `signature` under the relay's secret; `pushed` is `body` read.
    /// Applied exactly once; a replay of one that was applied changes
    /// nothing (`applied: false`); one from a relay that lost the task is
    /// refused as late (409 `stale_lease`).
    pub async fn pushed_result(
        &self,
        task_id: &str,
        signature: Option<&str>,
        body: &[u8],
        pushed: m3shd_api::RelayResult,
    ) -> Result<RelayResultAck, DomainError> {
        let secret = sign::relay_secret(&self.provenance, task_id, pushed.fence);
        if !sign::verify(signature, &secret, body) {
            return Err(DomainError::BadSignature(format!(
                "the {} header is not the relay's signature of this body",
                m3shd_api::RELAY_SIGNATURE_HEADER
            )));
        }
        if !pushed.result.status.is_final() {
            return Err(DomainError::Validation(format!(
                "a pushed result must be final (done, failed, cancelled or suspended), not {}",
                pushed.result.status
            )));
        }
        let id = task_id.to_string();
        self.write(move |cx| {
            let rec = cx
                .tx
                .tasks()
                .get(&id)?
                .ok_or_else(|| crate::domain::task_ids::not_found(&id))?;
            let row = federation_row(cx, &id)?;
            let fence = pushed.fence;
            if row.relay_fence != Some(fence) {
                // Settled already under this fence (a replay), or lost to a
                // later grant.
                if rec.state.fence().0 == fence && !rec.state.status().is_leased() {
                    return Ok(RelayResultAck {
                        applied: false,
                        status: rec.state.status(),
                    });
                }
                return Err(DomainError::StaleLease(format!(
                    "task {id} is no longer relayed under lease {fence}; the result is late"
                )));
            }
            let peer = row
                .relayed_to
                .clone()
                .ok_or_else(|| corrupt(format!("task {id} has a relay fence but no peer")))?;
            match settle(cx, &id, &peer, fence, pushed.result)? {
                Settled::Applied(status) => Ok(RelayResultAck {
                    applied: true,
                    status,
                }),
                Settled::Already(status) => Ok(RelayResultAck {
                    applied: false,
                    status,
                }),
                Settled::Late(why) => Err(DomainError::StaleLease(why)),
                Settled::Pending => Err(DomainError::Validation("the result is not final".into())),
            }
        })
        .await
    }
    /// Relays outstanding, whether the relay still holds each task, and
    /// whether it was cancelled here meanwhile.
    pub fn open_relays(&self) -> Result<Vec<OpenRelay>, DomainError> {
        self.read(|r| {
            r.federation()
                .open_relays()?
                .into_iter()
                .map(|row| open_relay(r, row))
                .collect()
        })
    }

    /// The secret of the relay of `task_id` under `fence` (signing a
    /// cancel sent to the peer).
    pub fn relay_secret(&self, task_id: &str, fence: i64) -> String {
        sign::relay_secret(&self.provenance, task_id, fence)
    }

    /// Forget a relay that lost its task and that the peer no longer knows.
    pub async fn drop_relay(&self, task_id: &str, fence: i64) -> Result<(), DomainError> {
        let id = task_id.to_string();
        self.write(move |cx| clear_relay(cx, &id, fence)).await
    }
}

/// Apply a peer's final answer to the task it holds under `fence`.
fn settle(
    cx: &mut Ctx<'_, '_>,
    id: &str,
    peer: &str,
    fence: i64,
    result: RelayedTask,
) -> Result<Settled, DomainError> {
    if !result.status.is_final() {
        return Ok(Settled::Pending);
    }
    let result = within_limits(result);
    if let Some(u) = &result.usage {
        costs::check_usage(u)?;
    }
    let task = TaskId::parse(id).map_err(corrupt)?;
    let agent = AgentId::parse(&peer_agent_id(peer)).map_err(corrupt)?;
    let mut rec = match held_task(cx, &task, &agent, Fence(fence)) {
        Ok(rec) => rec,
        Err(DomainError::StaleLease(why) | DomainError::InvalidTransition(why)) => {
            clear_relay(cx, id, fence)?;
            let now = cx.tx.tasks().get(id)?;
            if let Some(now) = now.filter(|r| {
                r.state.fence().0 == fence
                    && matches!(r.state.status(), TaskStatus::Done | TaskStatus::Failed)
                    && r.state.agent() == Some(&agent)
            }) {
                return Ok(Settled::Already(now.state.status()));
            }
            return Ok(Settled::Late(why));
        }
        Err(e) => return Err(e),
    };
    // A peer that answered before its acceptance was noted is named by
    // what it answered.
    let mut row = federation_row(cx, id)?;
    if row.peer_task_id.is_none() && row.relay_fence == Some(fence) {
        row.peer_hub = Some(result.hub.clone());
        row.peer_task_id = Some(result.task_id.clone());
        cx.tx.federation().save_task_federation(&row)?;
    }
    // The peer's signed link, kept before this hub signs its own result
    // (which chains from it).
    if result.status == TaskStatus::Done
        && let Some(link) = result.provenance.clone().filter(link_ok)
    {
        cx.tx
            .provenance()
            .insert_federated_link(&FederatedLinkRow {
                task_id: id.to_string(),
                peer: peer.to_string(),
                link,
            })?;
    }
    if let Some(u) = &result.usage {
        let u = relayed_usage(peer, u);
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
    cx.tx
        .federation()
        .count_peer(peer, 0, i64::from(ok), i64::from(!ok))?;
    clear_relay(cx, id, fence)?;
    Ok(Settled::Applied(rec.state.status()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(output: &str, confidence: Option<f64>) -> RelayedTask {
        RelayedTask {
            hub: "b".into(),
            task_id: "t".into(),
            status: TaskStatus::Done,
            output: Some(output.into()),
            error: None,
            confidence,
            usage: None,
            provenance: None,
        }
    }

    #[test]
    fn a_peers_answer_is_held_to_a_workers_limits() {
        let fine = answer("ok", Some(0.5));
        assert_eq!(within_limits(fine.clone()), fine);
        let huge = "x".repeat(m3shd_api::limits::MAX_OUTPUT_BYTES + 1);
        let r = within_limits(answer(&huge, None));
        assert_eq!(r.status, TaskStatus::Failed);
        assert!(r.output.is_none());
        assert!(r.error.as_deref().unwrap_or("").contains("over"));
        let r = within_limits(answer("ok", Some(f64::NAN)));
        assert_eq!(r.status, TaskStatus::Failed);
        let mut long = answer("", None);
        long.status = TaskStatus::Failed;
        long.error = Some("é".repeat(m3shd_api::limits::MAX_MESSAGE_BYTES));
        let r = within_limits(long);
        assert!(r.error.as_deref().unwrap_or("").ends_with("bytes)"));
        assert!(r.error.as_deref().unwrap_or("").len() < m3shd_api::limits::MAX_MESSAGE_BYTES + 64);
    }
}
