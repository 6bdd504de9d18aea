//! The dispatch pass (seed §08): push-assign queued tasks to agents with a
//! free slot; workers pull them with their claim. It runs inside the
//! transaction that made work assignable, so it must be cheap: it returns at
//! once when nothing is queued or no agent has a free slot, lets SQLite skip
//! tasks no free agent could take, and stops when the slots run out.

use std::collections::HashMap;

use super::circuit::Breaker;
use super::status::Transition;
use super::tasks::change;
use super::ucb::{self, Contender};
use super::{Ctx, DomainError};
use crate::store::{Queries, QueuedRow};

/// An agent with room, as the pass tracks it.
struct Slot {
    id: String,
    capabilities: Vec<String>,
    max_concurrent: i64,
    held: i64,
    /// Tasks it may still take in this pass (slots and circuit permitting).
    free: i64,
}

impl Slot {
    fn can_take(&self, row: &QueuedRow) -> bool {
        self.free > 0
            && row
                .required_capability
                .as_ref()
                .is_none_or(|cap| self.capabilities.iter().any(|c| c == cap))
            && row.assign_to.as_ref().is_none_or(|a| *a == self.id)
    }
}

/// Successes/failures per (agent, capability), and trials per capability.
#[derive(Default)]
struct Reputations {
    by_agent: HashMap<(String, String), (i64, i64)>,
    totals: HashMap<String, i64>,
}

impl Reputations {
    fn score(&self, agent: &str, capability: &str) -> f64 {
        let (s, f) = self
            .by_agent
            .get(&(agent.to_string(), capability.to_string()))
            .copied()
            .unwrap_or((0, 0));
        let total = self.totals.get(capability).copied().unwrap_or(0);
        ucb::score(s, f, total)
    }
}

/// The index of the agent a queued task should go to, if any can take it.
fn choose(slots: &[Slot], reps: &Reputations, row: &QueuedRow) -> Option<usize> {
    let capability = row.required_capability.as_deref().unwrap_or(ucb::GENERAL);
    let contenders = slots
        .iter()
        .enumerate()
        .filter(|(_, s)| s.can_take(row))
        .map(|(i, s)| {
            (
                i,
                Contender {
                    id: &s.id,
                    score: reps.score(&s.id, capability),
                    load: s.held as f64 / s.max_concurrent.max(1) as f64,
                },
            )
        });
    let mut best: Option<(usize, Contender<'_>)> = None;
    for (i, c) in contenders {
        match &best {
            Some((_, b)) if !ucb::better(&c, b) => {}
            _ => best = Some((i, c)),
        }
    }
    best.map(|(i, _)| i)
}

pub(crate) fn pass(cx: &mut Ctx<'_, '_>) -> Result<(), DomainError> {
    if !cx.tx.any_queued()? {
        return Ok(());
    }
    let gate = super::costs::gate(cx)?;
    if gate.mesh_capped {
        return Ok(());
    }
    let mut slots: Vec<Slot> = cx
        .tx
        .dispatch_candidates()?
        .into_iter()
        .filter(|c| !gate.capped.contains(&c.id))
        .filter_map(|c| {
            let free = Breaker::admits(c.circuit, c.max_concurrent - c.held, c.held);
            (free > 0).then_some(Slot {
                id: c.id,
                capabilities: c.capabilities,
                max_concurrent: c.max_concurrent,
                held: c.held,
                free,
            })
        })
        .collect();
    if slots.is_empty() {
        return Ok(());
    }
    let mut reps = Reputations::default();
    for r in cx.tx.reputations()? {
        *reps.totals.entry(r.capability.clone()).or_default() += r.successes + r.failures;
        reps.by_agent
            .insert((r.agent_id, r.capability), (r.successes, r.failures));
    }

    // Let SQLite skip tasks that name a capability or agent no free slot has.
    let mut caps: Vec<&str> = slots
        .iter()
        .flat_map(|s| s.capabilities.iter().map(String::as_str))
        .collect();
    caps.sort_unstable();
    caps.dedup();
    let caps_json = serde_json::to_string(&caps).map_err(crate::store::StoreError::from)?;
    let ids: Vec<&str> = slots.iter().map(|s| s.id.as_str()).collect();
    let ids_json = serde_json::to_string(&ids).map_err(crate::store::StoreError::from)?;

    let mut remaining: i64 = slots.iter().map(|s| s.free).sum();
    let mut picks: Vec<(String, usize)> = Vec::new();
    cx.tx.scan_queued(&caps_json, &ids_json, |row| {
        if let Some(i) = choose(&slots, &reps, &row) {
            slots[i].free -= 1;
            slots[i].held += 1;
            remaining -= 1;
            picks.push((row.id, i));
        }
        remaining > 0
    })?;

    let lease_until = cx.policy.lease_until(cx.tx.now());
    for (task_id, i) in picks {
        let Some(mut rec) = cx.tx.task(&task_id)? else {
            continue;
        };
        let agent = slots[i].id.clone();
        change(
            cx,
            &mut rec,
            Transition::Assign {
                agent: agent.clone(),
                lease_until,
            },
            None,
        )?;
        cx.woken.push(agent);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(id: &str, caps: &[&str], max: i64, held: i64) -> Slot {
        Slot {
            id: id.into(),
            capabilities: caps.iter().map(|c| c.to_string()).collect(),
            max_concurrent: max,
            held,
            free: max - held,
        }
    }

    fn row(cap: Option<&str>, to: Option<&str>) -> QueuedRow {
        QueuedRow {
            id: "t".into(),
            required_capability: cap.map(Into::into),
            assign_to: to.map(Into::into),
        }
    }

    #[test]
    fn routes_by_capability_and_assign_to() {
        let slots = vec![slot("a", &["code"], 2, 0), slot("b", &["research"], 2, 0)];
        let reps = Reputations::default();
        assert_eq!(choose(&slots, &reps, &row(Some("research"), None)), Some(1));
        assert_eq!(choose(&slots, &reps, &row(Some("art"), None)), None);
        assert_eq!(choose(&slots, &reps, &row(None, Some("b"))), Some(1));
        assert_eq!(choose(&slots, &reps, &row(Some("code"), Some("b"))), None);
        assert_eq!(choose(&slots, &reps, &row(None, Some("zed"))), None);
    }

    #[test]
    fn equal_reputation_goes_to_the_less_loaded() {
        let slots = vec![slot("a", &[], 4, 3), slot("b", &[], 4, 1)];
        assert_eq!(
            choose(&slots, &Reputations::default(), &row(None, None)),
            Some(1)
        );
    }

    #[test]
    fn better_reputation_wins_over_load() {
        let slots = vec![slot("a", &["x"], 4, 3), slot("b", &["x"], 4, 0)];
        let mut reps = Reputations::default();
        reps.by_agent.insert(("a".into(), "x".into()), (20, 0));
        reps.by_agent.insert(("b".into(), "x".into()), (0, 20));
        reps.totals.insert("x".into(), 40);
        assert_eq!(choose(&slots, &reps, &row(Some("x"), None)), Some(0));
    }

    #[test]
    fn a_full_agent_is_never_chosen() {
        let slots = vec![slot("a", &[], 1, 1)];
        assert_eq!(
            choose(&slots, &Reputations::default(), &row(None, Some("a"))),
            None
        );
    }
}
