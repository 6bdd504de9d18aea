//! The receiving side: a task a peer offers becomes a normal local task
//! (trust `federated`, its origin and path kept beside it) that runs under
//! this hub's leases; the peer reads how it stands; capacity is reported.

use std::collections::BTreeMap;

use m3shd_api::{
    CircuitState, CreateTask, FederatedLink, MAX_HOPS, ProvenanceReport, RelayAccepted, RelayTask,
    RelayedTask, TaskFederation, TaskStatus, Trust, ids,
};
use sha2::{Digest, Sha256};

use super::rules::{hub_name_ok, template_refuses};
use super::sign;
use crate::domain::task_ids::not_found;
use crate::domain::task_insert::NewTask;
use crate::domain::tasks::{check_create, insert_new};
use crate::domain::{DomainError, Hub};
use crate::store::{Queries, StoreError, TaskFederationRow};

/// How many hubs a visited list may name (origin plus [`MAX_HOPS`]).
const MAX_VISITED: usize = MAX_HOPS as usize + 1;

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
    if !ids::is_valid_id(&req.origin_task_id)
        || req
            .from_task_id
            .as_deref()
            .is_some_and(|t| !ids::is_valid_id(t))
    {
        return Err(DomainError::Validation(
            "origin_task_id and from_task_id must be task ids".into(),
        ));
    }
    if req
        .callback_secret
        .as_deref()
        .is_some_and(|s| !sign::secret_ok(s))
    {
        return Err(DomainError::Validation(format!(
            "callback_secret must be {} hex digits",
            sign::SECRET_HEX
        )));
    }
    if req
        .template
        .as_deref()
        .is_some_and(|t| !ids::is_valid_name(t))
    {
        return Err(DomainError::Validation(
            "template must be a template name (1-64 characters of [a-z0-9_.-])".into(),
        ));
    }
    Ok(())
}

/// Whether this hub can push a result back to `hub`: it has a peer entry
/// whose reported hub name is that one.
fn can_push_to(q: &dyn Queries, hub: &str) -> Result<bool, StoreError> {
    Ok(q.federation()
        .peers()?
        .iter()
        .any(|p| p.hub.as_deref() == Some(hub)))
}

/// A federated task's row; not found for any other task.
pub(super) fn federated_row(q: &dyn Queries, id: &str) -> Result<TaskFederationRow, DomainError> {
    q.federation()
        .task_federation(id)?
        .filter(|f| f.trust == Trust::Federated)
        .ok_or_else(|| not_found(id))
}

/// A federated task as the hub that offered it reads it.
pub(super) fn relayed(q: &dyn Queries, me: &str, id: &str) -> Result<RelayedTask, DomainError> {
    federated_row(q, id)?;
    let task = q.tasks().get(id)?.ok_or_else(|| not_found(id))?.into_api();
    let mut out = RelayedTask::of(me, &task);
    if task.status == TaskStatus::Done
        && let Some(l) = q.provenance().link(id)?
    {
        out.provenance = Some(FederatedLink {
            hub: me.to_string(),
            task_id: l.task_id,
            agent_id: l.agent_id,
            signed_at: l.signed_at,
            prev_hash: l.prev_hash,
            output_hash: l.output_hash,
            signature: l.signature,
        });
    }
    Ok(out)
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
                let push = can_push_to(&*cx.tx, &req.from_hub)?
                    && cx
                        .tx
                        .federation()
                        .callback_secret(&found.task.id)?
                        .is_some();
                return Ok(RelayAccepted {
                    hub: me,
                    task_id: found.task.id,
                    replayed: true,
                    push,
                });
            }
            if template_refuses(&*cx.tx, req.template.as_deref())? {
                return Err(DomainError::FederatedInputRefused(format!(
                    "template {} on this hub ({me}) refuses federated input",
                    req.template.as_deref().unwrap_or_default()
                )));
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
                    template: req.template,
                    return_task_id: req.from_task_id.clone(),
                    return_fence: Some(req.fence),
                    ..TaskFederationRow::local(&task.id)
                })?;
            // Where the result goes back needs the offering hub's task id.
            let secret = req.callback_secret.filter(|_| req.from_task_id.is_some());
            if let Some(secret) = &secret {
                cx.tx
                    .federation()
                    .set_callback_secret(&task.id, Some(secret))?;
            }
            let push = secret.is_some() && can_push_to(&*cx.tx, &req.from_hub)?;
            Ok(RelayAccepted {
                hub: me,
                task_id: task.id,
                replayed: false,
                push,
            })
        })
        .await
    }

    /// How a task a peer offered stands (only federated tasks are shown),
    /// with this hub's signed link when it is done.
    pub fn relayed_task(&self, me: &str, id: &str) -> Result<RelayedTask, DomainError> {
        self.read(|r| relayed(r, me, id))
    }

    /// The link a peer signed for the result of task `id` it returned.
    pub fn federated_link(
        &self,
        id: &str,
    ) -> Result<Option<crate::store::FederatedLinkRow>, DomainError> {
        self.read(|r| Ok(r.provenance().federated_link(id)?))
    }

    /// A federated task's provenance chain, verified under this hub's key
    /// (for the hub that relayed it here).
    pub fn relayed_provenance(&self, id: &str) -> Result<ProvenanceReport, DomainError> {
        let key = self.provenance.clone();
        self.read(|r| {
            federated_row(r, id)?;
            crate::domain::provenance::verify(&key, r, id)
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
                template: f.template,
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
            from_task_id: None,
            callback_secret: None,
            template: None,
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
        let mut bad = offer(&["a"], 1);
        bad.callback_secret = Some("not hex".into());
        assert!(matches!(
            check_offer("b", &bad),
            Err(DomainError::Validation(_))
        ));
        let mut bad = offer(&["a"], 1);
        bad.template = Some("Not A Name".into());
        assert!(matches!(
            check_offer("b", &bad),
            Err(DomainError::Validation(_))
        ));
        let mut bad = offer(&["a"], 1);
        bad.from_task_id = Some("../x".into());
        assert!(matches!(
            check_offer("b", &bad),
            Err(DomainError::Validation(_))
        ));
    }
}
