//! The dispatch pass (ARCHITECTURE.md, "Dispatch"): push-assign queued tasks to agents with a
//! free slot; workers pull them with their claim. It runs inside the
//! transaction that made work assignable, so it must be cheap: it returns at
//! once when nothing is queued or no agent has a free slot, lets SQLite skip
//! tasks no free agent could take, and stops when the slots run out.
//!
//! Who may take a task: an agent advertising its capability; for a task
//! without one, an agent advertising `general` (untyped work never lands on
//! a worker that only does one special thing). A task naming an agent
//! (`assign_to`) goes to that agent whatever it advertises; when that agent
//! is offline, circuit-open, over budget or takes no work, the task waits
//! `assign_wait` for it and then falls through to any agent that may take
//! it, unless it is pinned (`assign_strict`).
//!
//! A paused queue (`domain/queue.rs`) hands out nothing; an agent that is
//! drained is not a candidate (its stored status is `draining`).

use std::collections::{HashMap, HashSet};

use m3shd_api::{AgentId, AgentStatus, CircuitState};

use super::circuit::Breaker;
use super::costs::Gate;
use super::status::Transition;
use super::task_change::change;
use super::ucb::{self, Contender};
use super::{Ctx, DomainError};
use crate::store::{QueueScan, QueuedRow, StoreError};

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
    fn advertises(&self, capability: &str) -> bool {
        self.capabilities.iter().any(|c| c == capability)
    }

    /// Whether this agent may run the task as the one it names.
    fn takes_as_named(&self, row: &QueuedRow) -> bool {
        self.free > 0
            && row.assign_to.as_deref() == Some(self.id.as_str())
            && row
                .required_capability
                .as_deref()
                .is_none_or(|cap| self.advertises(cap))
    }

    /// Whether this agent may run the task without being named for it.
    fn takes_by_capability(&self, row: &QueuedRow) -> bool {
        self.free > 0 && self.advertises(row.required_capability.as_deref().unwrap_or(ucb::GENERAL))
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

/// Where a queued task goes in this pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Choice {
    /// To the agent at this index, as routing says.
    To(usize),
    /// To the agent at this index, although the task names another one
    /// that cannot take work.
    FellThrough(usize),
}

/// The best of the agents `eligible` admits: UCB reputation for the task's
/// capability, ties by load.
fn best(
    slots: &[Slot],
    reps: &Reputations,
    row: &QueuedRow,
    eligible: impl Fn(&Slot) -> bool,
) -> Option<usize> {
    let capability = row.required_capability.as_deref().unwrap_or(ucb::GENERAL);
    let mut best: Option<(usize, Contender<'_>)> = None;
    for (i, s) in slots.iter().enumerate().filter(|(_, s)| eligible(s)) {
        let c = Contender {
            id: &s.id,
            score: reps.score(&s.id, capability),
            load: s.held as f64 / s.max_concurrent.max(1) as f64,
        };
        match &best {
            Some((_, b)) if !ucb::better(&c, b) => {}
            _ => best = Some((i, c)),
        }
    }
    best.map(|(i, _)| i)
}

/// Where a queued task should go, if anywhere. `able` holds the agents that
/// take work at all right now (free slots or not).
fn choose(
    slots: &[Slot],
    reps: &Reputations,
    able: &HashSet<String>,
    row: &QueuedRow,
) -> Option<Choice> {
    match row.assign_to.as_deref() {
        None => best(slots, reps, row, |s| s.takes_by_capability(row)).map(Choice::To),
        Some(named) => {
            if let Some(i) = slots.iter().position(|s| s.takes_as_named(row)) {
                return Some(Choice::To(i));
            }
            // A named agent that is merely busy is waited for.
            if !row.may_fall_through || able.contains(named) {
                return None;
            }
            best(slots, reps, row, |s| s.takes_by_capability(row)).map(Choice::FellThrough)
        }
    }
}

/// Why `named` cannot take work, for the event of a task that fell through.
fn unavailable_because(cx: &Ctx<'_, '_>, gate: &Gate, named: &str) -> Result<String, DomainError> {
    let why = match cx.tx.agents().get_state(named)? {
        None => "is not registered",
        Some(r) if r.stored_status == AgentStatus::Offline => "is offline",
        Some(r) if r.agent.circuit == CircuitState::Open => "has its circuit open",
        Some(_) if gate.capped.contains(named) => "reached its daily budget",
        Some(r) if r.agent.max_concurrent == 0 => "takes no tasks (0 slots)",
        Some(_) => "is not taking work",
    };
    Ok(why.to_string())
}

pub(crate) fn pass(cx: &mut Ctx<'_, '_>) -> Result<(), DomainError> {
    if !cx.tx.tasks().any_queued()? || super::queue::paused(cx.tx)? {
        return Ok(());
    }
    let gate = super::costs::gate(cx)?;
    if gate.mesh_capped {
        return Ok(());
    }
    let candidates: Vec<_> = cx
        .tx
        .agents()
        .dispatch_candidates()?
        .into_iter()
        .filter(|c| !gate.capped.contains(&c.id) && c.max_concurrent > 0)
        .collect();
    let able: HashSet<String> = candidates.iter().map(|c| c.id.clone()).collect();
    let mut slots: Vec<Slot> = candidates
        .into_iter()
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
    for r in cx.tx.agents().reputations()? {
        *reps.totals.entry(r.capability.clone()).or_default() += r.successes + r.failures;
        reps.by_agent
            .insert((r.agent_id, r.capability), (r.successes, r.failures));
    }

    // Let SQLite skip tasks that name a capability or agent no free slot has.
    // (Owned: the walk below updates the slots as it goes.)
    let mut owned_caps: Vec<String> = slots
        .iter()
        .flat_map(|s| s.capabilities.iter().cloned())
        .collect();
    owned_caps.sort_unstable();
    owned_caps.dedup();
    let owned_ids: Vec<String> = slots.iter().map(|s| s.id.clone()).collect();
    let caps: Vec<&str> = owned_caps.iter().map(String::as_str).collect();
    let ids: Vec<&str> = owned_ids.iter().map(String::as_str).collect();
    let scan = QueueScan {
        capabilities: &caps,
        agents: &ids,
        general: caps.contains(&ucb::GENERAL),
        pinned_until: super::shift(cx.tx.now(), cx.policy.assign_wait, false),
    };

    let mut remaining: i64 = slots.iter().map(|s| s.free).sum();
    // (task, agent index, the agent it named when it fell through)
    let mut picks: Vec<(String, usize, Option<String>)> = Vec::new();
    cx.tx.tasks().scan_queued(&scan, &mut |row| {
        let i = match choose(&slots, &reps, &able, &row) {
            Some(Choice::To(i)) => {
                picks.push((row.id, i, None));
                i
            }
            Some(Choice::FellThrough(i)) => {
                picks.push((row.id, i, row.assign_to));
                i
            }
            None => return true,
        };
        slots[i].free -= 1;
        slots[i].held += 1;
        remaining -= 1;
        remaining > 0
    })?;

    let lease_until = cx.policy.lease_until(cx.tx.now());
    for (task_id, i, named) in picks {
        let Some(mut rec) = cx.tx.tasks().get(&task_id)? else {
            continue;
        };
        // Slots come from stored agents, whose ids were checked on the way in.
        let agent = AgentId::parse(&slots[i].id).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let reason = match named {
            Some(named) => {
                let why = unavailable_because(cx, &gate, &named)?;
                let waited = cx.policy.assign_wait.as_secs_f64();
                // f64 Display: "30", "0.5".
                tracing::info!(task = %task_id, named = %named, to = %agent, why = %why, "assign_to fell through");
                Some(format!(
                    "{named} {why}; waited {waited} s for it, so {agent} took the task"
                ))
            }
            None => None,
        };
        change(
            cx,
            &mut rec,
            Transition::Assign {
                agent: agent.clone(),
                lease_until,
            },
            reason,
        )?;
        cx.woken.push(agent.into());
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
            may_fall_through: false,
        }
    }

    fn waited(cap: Option<&str>, to: &str) -> QueuedRow {
        QueuedRow {
            may_fall_through: true,
            ..row(cap, Some(to))
        }
    }

    fn able(ids: &[&str]) -> HashSet<String> {
        ids.iter().map(|s| s.to_string()).collect()
    }

    fn pick(slots: &[Slot], row: &QueuedRow) -> Option<Choice> {
        let ids: Vec<&str> = slots.iter().map(|s| s.id.as_str()).collect();
        choose(slots, &Reputations::default(), &able(&ids), row)
    }

    #[test]
    fn routes_by_capability_and_assign_to() {
        let slots = vec![slot("a", &["code"], 2, 0), slot("b", &["research"], 2, 0)];
        assert_eq!(
            pick(&slots, &row(Some("research"), None)),
            Some(Choice::To(1))
        );
        assert_eq!(pick(&slots, &row(Some("art"), None)), None);
        assert_eq!(pick(&slots, &row(None, Some("b"))), Some(Choice::To(1)));
        assert_eq!(pick(&slots, &row(Some("code"), Some("b"))), None);
        assert_eq!(pick(&slots, &row(None, Some("zed"))), None);
    }

    #[test]
    fn untyped_work_goes_only_to_agents_that_take_general_work() {
        let shell = slot("shelly", &["upper"], 4, 0);
        let general = slot("plain", &["general", "text"], 4, 3);
        assert_eq!(pick(&[shell], &row(None, None)), None);
        let shell = slot("shelly", &["upper"], 4, 0);
        assert_eq!(
            pick(&[shell, general], &row(None, None)),
            Some(Choice::To(1)),
            "the busier general agent, never the idle shell worker"
        );
        // Naming an agent is the submitter's choice, whatever it advertises.
        let shell = slot("shelly", &["upper"], 4, 0);
        assert_eq!(
            pick(&[shell], &row(None, Some("shelly"))),
            Some(Choice::To(0))
        );
    }

    #[test]
    fn a_named_agent_that_cannot_take_work_is_fallen_through_after_the_wait() {
        let slots = vec![
            slot("b", &["research"], 2, 0),
            slot("c", &["general"], 2, 0),
        ];
        let reps = Reputations::default();
        // rex is not among the agents taking work (offline, open, capped).
        let others = able(&["b", "c"]);
        assert_eq!(
            choose(&slots, &reps, &others, &row(Some("research"), Some("rex"))),
            None,
            "before the wait (or when pinned) the task waits for rex"
        );
        assert_eq!(
            choose(&slots, &reps, &others, &waited(Some("research"), "rex")),
            Some(Choice::FellThrough(0))
        );
        assert_eq!(
            choose(&slots, &reps, &others, &waited(None, "rex")),
            Some(Choice::FellThrough(1)),
            "untyped work falls through to a general agent"
        );
        assert_eq!(
            choose(&slots, &reps, &others, &waited(Some("art"), "rex")),
            None,
            "and never to an agent without the capability"
        );
        // rex takes work but its slots are full: it is waited for.
        let with_rex = able(&["b", "c", "rex"]);
        assert_eq!(
            choose(&slots, &reps, &with_rex, &waited(Some("research"), "rex")),
            None
        );
    }

    #[test]
    fn equal_reputation_goes_to_the_less_loaded() {
        let slots = vec![slot("a", &["general"], 4, 3), slot("b", &["general"], 4, 1)];
        assert_eq!(pick(&slots, &row(None, None)), Some(Choice::To(1)));
    }

    #[test]
    fn better_reputation_wins_over_load() {
        let slots = vec![slot("a", &["x"], 4, 3), slot("b", &["x"], 4, 0)];
        let mut reps = Reputations::default();
        reps.by_agent.insert(("a".into(), "x".into()), (20, 0));
        reps.by_agent.insert(("b".into(), "x".into()), (0, 20));
        reps.totals.insert("x".into(), 40);
        assert_eq!(
            choose(&slots, &reps, &able(&["a", "b"]), &row(Some("x"), None)),
            Some(Choice::To(0))
        );
    }

    #[test]
    fn a_full_agent_is_never_chosen() {
        let slots = vec![slot("a", &["general"], 1, 1)];
        assert_eq!(pick(&slots, &row(None, Some("a"))), None);
        assert_eq!(pick(&slots, &row(None, None)), None);
    }
}
