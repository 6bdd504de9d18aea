//! Escalations along a chain: a failing agent's problem goes to the next
//! agent the operator configured for it, and by default to `operator`.

use m3shd_api::{Escalation, EscalationStatus, Event, UpdateEscalation, limits};

use super::{Ctx, DomainError, Hub};

/// Who an escalation from `from` goes to.
pub fn next_in_chain(chain: &[(String, String)], from: Option<&str>) -> String {
    from.and_then(|f| chain.iter().find(|(a, _)| a == f).map(|(_, b)| b.clone()))
        .unwrap_or_else(|| "operator".to_string())
}

/// Record an escalation and announce it (the old `EscalationRaised` and the
/// new `EscalationCreated`).
pub(crate) fn raise(
    cx: &mut Ctx<'_, '_>,
    task_id: Option<&str>,
    from_agent: Option<&str>,
    reason: String,
) -> Result<Escalation, DomainError> {
    let now = cx.tx.now();
    let e = Escalation {
        id: format!("es-{}", super::task_ids::new_task_id()),
        from_agent: from_agent.map(str::to_string),
        to_agent: next_in_chain(&cx.policy.escalation_chain, from_agent),
        task_id: task_id.map(str::to_string),
        reason: reason.clone(),
        status: EscalationStatus::Open,
        created_at: now,
        updated_at: now,
    };
    cx.tx.escalations().insert(&e)?;
    cx.tx.emit(Event::EscalationRaised {
        task_id: e.task_id.clone(),
        agent_id: e.from_agent.clone(),
        reason,
    })?;
    cx.tx.emit(Event::EscalationCreated {
        escalation: e.clone(),
    })?;
    Ok(e)
}

fn rank(s: EscalationStatus) -> u8 {
    match s {
        EscalationStatus::Open => 0,
        EscalationStatus::Acknowledged => 1,
        EscalationStatus::Resolved => 2,
    }
}

impl Hub {
    pub fn escalations(
        &self,
        status: Option<EscalationStatus>,
        limit: Option<u32>,
    ) -> Result<Vec<Escalation>, DomainError> {
        let limit = limit
            .unwrap_or(limits::DEFAULT_LIST_LIMIT)
            .clamp(1, limits::MAX_LIST_LIMIT);
        self.read(|r| Ok(r.escalations().list(status, i64::from(limit))?))
    }

    /// open → acknowledged → resolved (skipping ahead is fine; going back
    /// or standing still is not).
    pub async fn update_escalation(
        &self,
        id: &str,
        req: UpdateEscalation,
    ) -> Result<Escalation, DomainError> {
        if id.is_empty() || id.len() > 100 {
            return Err(DomainError::NotFound(format!(
                "no escalation `{}`",
                id.escape_debug()
            )));
        }
        let id = id.to_string();
        self.write(move |cx| {
            let mut e = cx.tx.escalations().get(&id)?.ok_or_else(|| {
                DomainError::NotFound(format!("no escalation `{}`", id.escape_debug()))
            })?;
            if rank(req.status) <= rank(e.status) {
                return Err(DomainError::InvalidTransition(format!(
                    "escalation {id} is {}; cannot move it to {}",
                    crate::store::escalation_status_str(e.status),
                    crate::store::escalation_status_str(req.status)
                )));
            }
            e.status = req.status;
            e.updated_at = cx.tx.now();
            cx.tx.escalations().save(&e)?;
            cx.tx.emit(Event::EscalationUpdated {
                escalation: e.clone(),
            })?;
            Ok(e)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chain_lookup_defaults_to_operator() {
        let chain = vec![("a".to_string(), "b".to_string())];
        assert_eq!(next_in_chain(&chain, Some("a")), "b");
        assert_eq!(next_in_chain(&chain, Some("b")), "operator");
        assert_eq!(next_in_chain(&chain, None), "operator");
    }
}
