//! A finished evolution task: its output's amendment lines become proposed
//! amendments, in the transaction that records the result. Hooked into
//! `tasks::change` for every task that reaches a final status, as the
//! quality protocols are; it costs one lookup for tasks of the `evolve`
//! capability and nothing for the others.

use m3shd_api::{AmendmentStatus, EVOLVE_CAPABILITY, Event, TaskStatus};

use super::parse::{self, normalized};
use super::to_wire;
use crate::domain::task_ids::new_task_id;
use crate::domain::{Ctx, DomainError};
use crate::store::{AmendmentRow, TaskRecord};

/// Read a done evolution task's output once; a failed or cancelled one
/// proposes nothing (a retry that succeeds is read then).
pub(crate) fn on_final(cx: &mut Ctx<'_, '_>, rec: &TaskRecord) -> Result<(), DomainError> {
    if rec.state.status() != TaskStatus::Done
        || rec.task.required_capability.as_deref() != Some(EVOLVE_CAPABILITY)
    {
        return Ok(());
    }
    let Some(request) = cx.tx.evolution().request(&rec.task.id)? else {
        return Ok(());
    };
    if request.recorded_at.is_some() {
        return Ok(());
    }
    let agent = request.agent_id;
    // What the agent already has, or is already asked about, is not
    // proposed again.
    let mut known: Vec<(m3shd_api::AmendmentKind, String)> = Vec::new();
    for status in [AmendmentStatus::Proposed, AmendmentStatus::Applied] {
        for a in cx.tx.evolution().amendments_in(&agent, status)? {
            known.push((a.kind, normalized(&a.text)));
        }
    }
    let now = cx.tx.now();
    let mut recorded = 0i64;
    for p in parse::amendments(rec.task.output.as_deref().unwrap_or_default()) {
        let key = (p.kind, normalized(&p.text));
        if known.contains(&key) {
            continue;
        }
        known.push(key);
        let row = AmendmentRow {
            id: format!("am-{}", new_task_id()),
            agent_id: agent.clone(),
            kind: p.kind,
            text: p.text,
            confidence: p.confidence,
            evidence: p.evidence,
            source_task: rec.task.id.clone(),
            status: AmendmentStatus::Proposed,
            target: None,
            created_at: now,
            updated_at: now,
            decided_at: None,
            decided_by: None,
            reverted_at: None,
            reverted_by: None,
            reason: None,
        };
        cx.tx.evolution().insert_amendment(&row)?;
        cx.tx.emit(Event::EvolutionProposed {
            amendment: to_wire(row, None),
        })?;
        recorded += 1;
    }
    cx.tx
        .evolution()
        .record_request(&rec.task.id, now, recorded)?;
    Ok(())
}
