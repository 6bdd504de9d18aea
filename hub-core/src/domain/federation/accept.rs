//! The receiving side: a task a peer offers becomes a normal local task
//! (trust `federated`, its origin and path kept beside it) that runs under
//! this hub's leases; the peer reads how it stands; capacity is reported.

use std::collections::BTreeMap;

use m3shd_api::{
    CircuitState, CreateTask, MAX_HOPS, RelayAccepted, RelayTask, RelayedTask, TaskFederation,
    Trust, ids,
};
use sha2::{Digest, Sha256};

use crate::domain::task_ids::not_found;
use crate::domain::task_insert::NewTask;
use crate::domain::tasks::{check_create, insert_new};
use crate::domain::{DomainError, Hub};
use crate::store::TaskFederationRow;

/// How many hubs a visited list may name (origin plus [`MAX_HOPS`]).
const MAX_VISITED: usize = MAX_HOPS as usize + 1;

fn hub_name_ok(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Whether `me` may take this offer at all.
pub(super) fn check_offer(me: &str, req: &RelayTask) -> Result<(), DomainError> {
    if req.visited.iter().any(|h| h == me) || req.origin_hub == me {
        return Err(DomainError::FederationLoop(format!(
            "this hub ({me}) has already seen the task; it is not taken twice"
        )));
    }
    if req.hops == 0 || req.hops > MAX_HOPS {
        return Err(DomainError::HopLimit(format!(
            "a task travels at most {MAX_HOPS} hops (this one says {})",
            req.hops
        )));
    }
    if req.visited.len() > MAX_VISITED
        || !req.visited.iter().all(|h| hub_name_ok(h))
        || !hub_name_ok(&req.origin_hub)
        || !hub_name_ok(&req.from_hub)
        || req.visited.first() != Some(&req.origin_hub)
        || req.visited.last() != Some(&req.from_hub)
    {
        return Err(DomainError::Validation(
            "visited must name the hubs the task went through, origin first and the \
             offering hub last (hub names: letters, digits, - _ .)"
                .into(),
        ));
    }
    if !ids::is_valid_id(&req.origin_task_id) {
        return Err(DomainError::Validation(
            "origin_task_id is not a task id".into(),
        ));
    }
    Ok(())
}

/// The same offer (hub, task, grant) is one task here.
fn offer_key(req: &RelayTask) -> String {
    let mut h = Sha256::new();
    h.update(req.from_hub.as_bytes());
    h.update([0]);
    h.update(req.origin_task_id.as_bytes());
    h.update([0]);
    h.update(req.fence.to_le_bytes());
    format!("federation:{}", hex::encode(h.finalize()))
}

impl Hub {
    /// Take a task a peer offers (`me`: this hub's name).
    pub async fn accept_relay(
        &self,
        me: &str,
        req: RelayTask,
    ) -> Result<RelayAccepted, DomainError> {
        check_offer(me, &req)?;
        let create = CreateTask {
            prompt: req.prompt.clone(),
            title: Some(req.title.clone()),
            required_capability: req.required_capability.clone(),
            max_cost_usd: req.max_cost_usd,
            ..Default::default()
        };
        let title = check_create(&create)?;
        let key = offer_key(&req);
        let me = me.to_string();
        self.write(move |cx| {
            if let Some(found) = cx.tx.tasks().by_idempotency_key(&key)? {
                return Ok(RelayAccepted {
                    hub: me,
                    task_id: found.task.id,
                    replayed: true,
                });
            }
            let task = insert_new(
                cx,
                NewTask {
                    req: create,
                    title,
                    pipeline_id: None,
                    continues: None,
                },
                Some(&key),
            )?;
            cx.tx
                .federation()
                .save_task_federation(&TaskFederationRow {
                    trust: Trust::Federated,
                    origin_hub: Some(req.origin_hub),
                    origin_task_id: Some(req.origin_task_id),
                    hops: i64::from(req.hops),
                    visited: req.visited,
                    ..TaskFederationRow::local(&task.id)
                })?;
            Ok(RelayAccepted {
                hub: me,
                task_id: task.id,
                replayed: false,
            })
        })
        .await
    }

    /// How a task a peer offered stands (only federated tasks are shown).
    pub fn relayed_task(&self, me: &str, id: &str) -> Result<RelayedTask, DomainError> {
        self.read(|r| {
            let federated = r
                .federation()
                .task_federation(id)?
                .is_some_and(|f| f.trust == Trust::Federated);
            let task = r.tasks().get(id)?.filter(|_| federated);
            let task = task.ok_or_else(|| not_found(id))?;
            Ok(RelayedTask::of(me, &task.into_api()))
        })
    }

    /// Where a task came from and where it was relayed.
    pub fn task_federation(&self, id: &str) -> Result<TaskFederation, DomainError> {
        self.read(|r| {
            if r.tasks().status(id)?.is_none() {
                return Err(not_found(id));
            }
            let f = r
                .federation()
                .task_federation(id)?
                .unwrap_or_else(|| TaskFederationRow::local(id));
            Ok(TaskFederation {
                task_id: f.task_id,
                trust: f.trust,
                origin_hub: f.origin_hub,
                origin_task_id: f.origin_task_id,
                hops: u32::try_from(f.hops).unwrap_or(0),
                visited: f.visited,
                relayed_to: f.relayed_to,
                peer_hub: f.peer_hub,
                peer_task_id: f.peer_task_id,
                relay_fence: f.relay_fence,
            })
        })
    }

    /// Free slots per capability among agents that take work now (circuit
    /// not open), for a peer deciding whether to offer.
    pub fn federation_capacity(&self) -> Result<BTreeMap<String, i64>, DomainError> {
        self.read(|r| {
            let mut free: BTreeMap<String, i64> = BTreeMap::new();
            for c in r.agents().dispatch_candidates()? {
                if c.circuit == CircuitState::Open {
                    continue;
                }
                let room = (c.max_concurrent - c.held).max(0);
                for cap in &c.capabilities {
                    *free.entry(cap.clone()).or_default() += room;
                }
            }
            Ok(free)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offer(visited: &[&str], hops: u32) -> RelayTask {
        RelayTask {
            origin_hub: visited[0].into(),
            origin_task_id: "t-1".into(),
            from_hub: visited[visited.len() - 1].into(),
            fence: 1,
            title: "t".into(),
            prompt: "p".into(),
            required_capability: None,
            max_cost_usd: None,
            hops,
            visited: visited.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn a_hub_never_takes_a_task_it_has_seen_or_past_the_hop_limit() {
        assert!(check_offer("b", &offer(&["a"], 1)).is_ok());
        assert!(matches!(
            check_offer("a", &offer(&["a", "b", "c"], 3)),
            Err(DomainError::FederationLoop(_))
        ));
        assert!(matches!(
            check_offer("e", &offer(&["a", "b", "c", "d"], 4)),
            Err(DomainError::HopLimit(_))
        ));
        assert!(matches!(
            check_offer("b", &offer(&["a"], 0)),
            Err(DomainError::HopLimit(_))
        ));
        let mut forged = offer(&["a", "c"], 2);
        forged.from_hub = "x".into();
        assert!(matches!(
            check_offer("b", &forged),
            Err(DomainError::Validation(_))
        ));
    }
}
