//! The taking side's half of a relay's return: the result of a federated
//! task pushed back to the hub that offered it (signed under the relay's
//! secret, kept sealed until delivered), and a cancel from that hub
//! (signed under the same secret) carried out here.

use std::time::Duration;

use m3shd_api::{RelayCancel, RelayResult, RelayedTask, TaskId};

use super::accept::{federated_row, relayed};
use super::relay::{OpenRelay, open_relay};
use super::sign;
use crate::domain::status::Transition;
use crate::domain::task_change::change;
use crate::domain::task_ids::not_found;
use crate::domain::{DomainError, Hub, shift};
use crate::store::{Queries, TaskFederationRow};

/// A result to push: where, what, and the signature over it.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingPush {
    /// The federated task here.
    pub task_id: String,
    /// The hub that offered it (by the name it reports).
    pub to_hub: String,
    /// The task's id there.
    pub to_task_id: String,
    /// The body to send and its signature header.
    pub body: Vec<u8>,
    pub signature: String,
}

/// What the push pass has to do.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pushes {
    pub due: Vec<PendingPush>,
    /// Results nobody took in time: their secrets are dropped (the offering
    /// hub polls, or has long since taken the task back).
    pub expired: Vec<String>,
}

fn push_of(
    q: &dyn Queries,
    me: &str,
    row: &TaskFederationRow,
) -> Result<Option<PendingPush>, DomainError> {
    let (Some(to_hub), Some(to_task_id), Some(fence)) = (
        row.visited.last(),
        row.return_task_id.clone(),
        row.return_fence,
    ) else {
        return Ok(None);
    };
    let Some(secret) = q.federation().callback_secret(&row.task_id)? else {
        return Ok(None);
    };
    let result = relayed(q, me, &row.task_id)?;
    if !result.status.is_final() {
        return Ok(None);
    }
    let body = serde_json::to_vec(&RelayResult { fence, result })
        .map_err(|e| DomainError::Internal(format!("cannot write a result to push: {e}")))?;
    Ok(Some(PendingPush {
        task_id: row.task_id.clone(),
        to_hub: to_hub.clone(),
        to_task_id,
        signature: sign::sign(&secret, &body),
        body,
    }))
}

/// What federation does when a task ends here.
#[derive(Debug, Clone, PartialEq)]
pub enum AfterEnd {
    /// It came from a peer: its result goes back.
    Push(PendingPush),
    /// It was relayed to a peer and cancelled here: the peer is told.
    CancelOnPeer(OpenRelay),
}

impl Hub {
    /// What, if anything, follows task `id` ending here (`me`: this hub's
    /// name). One point read: most tasks never crossed a hub and have no
    /// federation row, and this runs for every task that ends.
    pub fn after_end(&self, me: &str, id: &str) -> Result<Option<AfterEnd>, DomainError> {
        self.read(|r| {
            let Some(row) = r.federation().task_federation(id)? else {
                return Ok(None);
            };
            if row.return_fence.is_some() {
                return Ok(push_of(r, me, &row)?.map(AfterEnd::Push));
            }
            if row.relay_fence.is_none() {
                return Ok(None);
            }
            let relay = open_relay(r, row)?;
            Ok(relay.cancelled.then_some(AfterEnd::CancelOnPeer(relay)))
        })
    }

    /// Every result still to be pushed back that is ready, and those that
    /// waited longer than `give_up` since their task ended.
    pub fn pending_pushes(&self, me: &str, give_up: Duration) -> Result<Pushes, DomainError> {
        let cutoff = shift(self.now(), give_up, false);
        self.read(|r| {
            let mut out = Pushes::default();
            for row in r.federation().pending_callbacks()? {
                let ended = r
                    .tasks()
                    .lease_view(&row.task_id)?
                    .and_then(|v| v.state.finished_at());
                match ended {
                    Some(at) if at < cutoff => out.expired.push(row.task_id),
                    Some(_) => out.due.extend(push_of(r, me, &row)?),
                    None => {}
                }
            }
            Ok(out)
        })
    }

    /// The result of `id` reached the offering hub (or never will): forget
    /// its secret.
    pub async fn push_done(&self, id: &str) -> Result<(), DomainError> {
        let id = id.to_string();
        self.write(move |cx| Ok(cx.tx.federation().set_callback_secret(&id, None)?))
            .await
    }

    /// The offering hub cancelled federated task `id` (`body` as it came,
    /// signed in `signature`; `req` is `body` read): cancel it here too.
    /// Answers how the task stands.
    pub async fn cancel_relayed(
        &self,
        me: &str,
        id: &str,
        signature: Option<&str>,
        body: &[u8],
        req: RelayCancel,
    ) -> Result<RelayedTask, DomainError> {
        let row = self.read(|r| federated_row(r, id))?;
        let secret = self.read(|r| Ok(r.federation().callback_secret(id)?))?;
        let proven = secret
            .as_deref()
            .is_some_and(|s| sign::verify(signature, s, body));
        if !proven {
            // Delivered already (the secret is gone) and final: nothing to
            // cancel, and nothing said beyond what a poll says.
            let now = self.read(|r| relayed(r, me, id))?;
            if secret.is_none() && now.status.is_final() {
                return Ok(now);
            }
            return Err(DomainError::BadSignature(format!(
                "the {} header is not the relay's signature of this body",
                m3shd_api::RELAY_SIGNATURE_HEADER
            )));
        }
        if row.return_fence != Some(req.fence) {
            return Err(DomainError::StaleLease(format!(
                "task {id} was offered under another lease; this cancel is not for it"
            )));
        }
        let task = TaskId::parse(id).map_err(|_| not_found(id))?;
        let why = format!(
            "cancelled by the hub that offered it ({}){}",
            row.visited.last().map_or("a peer", String::as_str),
            req.reason
                .as_deref()
                .map(|r| format!(": {}", r.chars().take(200).collect::<String>()))
                .unwrap_or_default()
        );
        let me = me.to_string();
        self.write(move |cx| {
            let mut rec = cx.tx.tasks().get(&task)?.ok_or_else(|| not_found(&task))?;
            if !rec.state.status().is_final() {
                change(cx, &mut rec, Transition::Cancel, Some(why))?;
            }
            relayed(&*cx.tx, &me, &task)
        })
        .await
    }
}
