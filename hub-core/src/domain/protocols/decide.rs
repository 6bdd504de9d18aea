//! The operator's word on a protocol that escalated: accept the result (its
//! dependents run on it) or reject it (they are cancelled). The escalation
//! it raised is resolved with it.

use m3shd_api::{
    DecideProtocol, EscalationStatus, Event, ProtocolState, Task, TaskId, Verdict, limits,
};

use super::super::task_ids::not_found;
use super::super::{DomainError, Hub, validate};
use super::release_dependents;

const MAX_REASON_BYTES: usize = 2_000;

impl Hub {
    pub async fn decide_protocol(
        &self,
        id: &TaskId,
        req: DecideProtocol,
        by: &str,
    ) -> Result<Task, DomainError> {
        if let Some(r) = &req.reason {
            validate::max_bytes("reason", r, MAX_REASON_BYTES)?;
        }
        let (id, by) = (id.as_str().to_string(), by.to_string());
        self.write(move |cx| {
            let mut rec = cx.tx.tasks().get(&id)?.ok_or_else(|| not_found(&id))?;
            let Some(mut out) = rec.task.protocol.clone() else {
                return Err(DomainError::InvalidTransition(format!(
                    "task {id} has no quality protocol to decide"
                )));
            };
            if out.state != ProtocolState::Escalated {
                return Err(DomainError::InvalidTransition(format!(
                    "the protocol of task {id} is {}; only an escalated one waits for a decision",
                    out.state
                )));
            }
            let state = match req.decision {
                Verdict::Accept => ProtocolState::Accepted,
                Verdict::Reject => ProtocolState::Rejected,
            };
            let why = format!(
                "{} by {by}{}; it had escalated: {}",
                match req.decision {
                    Verdict::Accept => "accepted",
                    Verdict::Reject => "rejected",
                },
                req.reason
                    .as_deref()
                    .map(|r| format!(" ({r})"))
                    .unwrap_or_default(),
                out.reason.as_deref().unwrap_or("no reason recorded")
            );
            out.state = state;
            out.reason = Some(why.clone());
            out.updated_at = cx.tx.now();
            rec.task.protocol = Some(out.clone());
            cx.tx.tasks().save(&rec)?;
            cx.tx.emit(Event::ProtocolUpdated {
                task_id: id.clone(),
                protocol: out,
            })?;
            let open = cx.tx.escalations().list(
                Some(EscalationStatus::Open),
                i64::from(limits::MAX_LIST_LIMIT),
            )?;
            for mut e in open
                .into_iter()
                .filter(|e| e.task_id.as_deref() == Some(&id))
            {
                e.status = EscalationStatus::Resolved;
                e.updated_at = cx.tx.now();
                cx.tx.escalations().save(&e)?;
                cx.tx.emit(Event::EscalationUpdated { escalation: e })?;
            }
            release_dependents(cx, &id, state, &why)?;
            Ok(cx
                .tx
                .tasks()
                .get(&id)?
                .ok_or_else(|| not_found(&id))?
                .into_api())
        })
        .await
    }
}
