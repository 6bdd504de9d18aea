//! Self-evolving agents (ARCHITECTURE.md, "Self-evolving agents"). The hub
//! counts each agent's finished tasks per capability over a rolling window
//! (`stats`); for an agent with something to learn from it creates an
//! ordinary task for an agent advertising `evolve`, whose prompt holds the
//! agent's guidelines and performance (`prompt`); when that task is done,
//! its `AMENDMENT:` lines become proposed amendments (`parse`, `record`).
//! Nothing reaches an agent's prompts until the operator applies it; a
//! claim then puts the guidelines in force in front of the prompt
//! (`guidelines`), and a revert takes them out of the next one.

mod guidelines;
mod parse;
mod prompt;
mod record;
mod stats;

use std::collections::HashMap;

use m3shd_api::{
    AgentId, AgentPerformance, AgentStatus, Amendment, AmendmentKind, AmendmentQuery,
    AmendmentStatus, CreateTask, EVOLVE_CAPABILITY, Event, EvolutionProposal, EvolutionReport,
    MAX_AMENDMENT_REASON_CHARS, ProposalStarted, Task, ids, limits,
};

use super::task_insert::NewTask;
use super::tasks::{check_create, insert_new};
use super::{Ctx, DomainError, Hub, agent_ids, validate};
use crate::store::{AmendmentRow, EvolutionRequestRow, Queries};

use guidelines::InForce;
pub(crate) use guidelines::for_prompt as guidelines_for_prompt;
pub(crate) use record::on_final;

/// Evolution tasks are low-priority housekeeping.
const EVOLVE_PRIORITY: i64 = 3;

/// The wire form; `active` from what is in force for its agent.
fn to_wire(r: AmendmentRow, in_force: Option<&InForce>) -> Amendment {
    let active = in_force.is_some_and(|f| f.is_active(&r));
    Amendment {
        id: r.id,
        agent_id: r.agent_id,
        kind: r.kind,
        text: r.text,
        confidence: r.confidence,
        evidence: r.evidence,
        source_task: r.source_task,
        status: r.status,
        target: r.target,
        active,
        created_at: r.created_at,
        updated_at: r.updated_at,
        decided_at: r.decided_at,
        decided_by: r.decided_by,
        reverted_at: r.reverted_at,
        reverted_by: r.reverted_by,
        reason: r.reason,
    }
}

/// The wire forms of `rows`, reading what is in force only for the agents
/// that have applied amendments among them.
fn to_wire_all(q: &dyn Queries, rows: Vec<AmendmentRow>) -> Result<Vec<Amendment>, DomainError> {
    let mut in_force: HashMap<String, InForce> = HashMap::new();
    for r in &rows {
        if r.status == AmendmentStatus::Applied && !in_force.contains_key(&r.agent_id) {
            in_force.insert(r.agent_id.clone(), InForce::read(q, &r.agent_id)?);
        }
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let f = in_force.get(&r.agent_id);
            to_wire(r, f)
        })
        .collect())
}

/// One amendment as it is now, read inside the transaction that changed it.
fn current(q: &dyn Queries, row: AmendmentRow) -> Result<Amendment, DomainError> {
    let f = InForce::read(q, &row.agent_id)?;
    Ok(to_wire(row, Some(&f)))
}

fn not_found(id: &str) -> DomainError {
    DomainError::NotFound(format!("no amendment `{}`", id.escape_debug()))
}

fn get_row(q: &dyn Queries, id: &str) -> Result<AmendmentRow, DomainError> {
    if !ids::is_valid_id(id) {
        return Err(not_found(id));
    }
    q.evolution().amendment(id)?.ok_or_else(|| not_found(id))
}

fn must_be(row: &AmendmentRow, want: AmendmentStatus, to: &str) -> Result<(), DomainError> {
    if row.status == want {
        return Ok(());
    }
    Err(DomainError::InvalidTransition(format!(
        "amendment {} is {}; only a {want} amendment can be {to}",
        row.id, row.status
    )))
}

/// An online agent that runs evolution tasks, or why there is none.
fn evolver(q: &dyn Queries) -> Result<Option<String>, DomainError> {
    Ok(q.agents()
        .list()?
        .into_iter()
        .find(|a| {
            a.stored_status != AgentStatus::Offline
                && a.agent.capabilities.iter().any(|c| c == EVOLVE_CAPABILITY)
        })
        .map(|a| a.agent.id))
}

fn no_evolver() -> String {
    format!(
        "no online agent advertises `{EVOLVE_CAPABILITY}`, so nothing was proposed (start a \
         worker with --capabilities {EVOLVE_CAPABILITY} to opt in)"
    )
}

/// Create the evolution task about `agent` with `performance`, and note it.
fn start(
    cx: &mut Ctx<'_, '_>,
    agent: &str,
    performance: &AgentPerformance,
) -> Result<Task, DomainError> {
    let in_force = InForce::read(&*cx.tx, agent)?;
    let req = CreateTask {
        prompt: prompt::render(performance, &in_force),
        title: Some(prompt::title(agent)),
        required_capability: Some(EVOLVE_CAPABILITY.into()),
        priority: Some(EVOLVE_PRIORITY),
        ..CreateTask::default()
    };
    let title = check_create(&req)?;
    let task = insert_new(
        cx,
        NewTask {
            req,
            title,
            pipeline_id: None,
            continues: None,
        },
        None,
    )?;
    cx.tx.evolution().insert_request(&EvolutionRequestRow {
        task_id: task.id.clone(),
        agent_id: agent.to_string(),
        created_at: cx.tx.now(),
        recorded_at: None,
        recorded: None,
    })?;
    Ok(task)
}

impl Hub {
    /// Amendments, newest first.
    pub fn amendments(&self, q: &AmendmentQuery) -> Result<Vec<Amendment>, DomainError> {
        if let Some(a) = &q.agent {
            validate::agent_id(a)?;
        }
        let limit = q.limit.unwrap_or(100).clamp(1, limits::MAX_LIST_LIMIT);
        self.read(|r| {
            let rows = r
                .evolution()
                .amendments(q.agent.as_deref(), q.status, i64::from(limit))?;
            to_wire_all(r, rows)
        })
    }

    pub fn amendment(&self, id: &str) -> Result<Amendment, DomainError> {
        self.read(|r| {
            let row = get_row(r, id)?;
            to_wire_all(r, vec![row]).map(|mut v| v.remove(0))
        })
    }

    /// `agent`'s finished tasks per capability over the last `days` (7).
    pub fn agent_performance(
        &self,
        agent: &AgentId,
        days: Option<u32>,
    ) -> Result<AgentPerformance, DomainError> {
        let days = stats::window_days(days)?;
        let now = self.now();
        self.read(|r| {
            if r.agents().get_state(agent)?.is_none() {
                return Err(agent_ids::not_found(agent));
            }
            stats::performance(r, agent, days, now)
        })
    }

    /// An evolution task about `agent` now, whatever the schedule: 409 when
    /// no online agent advertises `evolve` or one about `agent` is still
    /// open, 422 when `agent` finished nothing in the window.
    pub async fn propose_evolution(
        &self,
        agent: &AgentId,
    ) -> Result<EvolutionProposal, DomainError> {
        let agent = agent.to_string();
        self.write(move |cx| {
            if cx.tx.agents().get_state(&agent)?.is_none() {
                return Err(agent_ids::not_found(&agent));
            }
            if evolver(&*cx.tx)?.is_none() {
                return Err(DomainError::Conflict(no_evolver()));
            }
            if let Some(open) = cx.tx.evolution().open_request(&agent)? {
                return Err(DomainError::Conflict(format!(
                    "the evolution task {open} about {agent} has not finished yet"
                )));
            }
            let days = stats::window_days(None)?;
            let performance = stats::performance(&*cx.tx, &agent, days, cx.tx.now())?;
            if performance.finished() == 0 {
                return Err(DomainError::Validation(format!(
                    "{agent} finished no task in the last {days} days: nothing to learn from"
                )));
            }
            let task = start(cx, &agent, &performance)?;
            Ok(EvolutionProposal {
                agent_id: agent,
                performance,
                task,
            })
        })
        .await
    }

    /// The scheduled pass: an evolution task for every agent with enough
    /// finished work, a failure, and a failure newer than its last
    /// evolution task; one transaction per agent. With no online agent
    /// advertising `evolve`, nothing is created and the report says so.
    pub async fn evolution_pass(&self) -> Result<EvolutionReport, DomainError> {
        let (evolver, agents) = self.read(|r| {
            let agents: Vec<String> = r.agents().list()?.into_iter().map(|a| a.agent.id).collect();
            Ok((evolver(r)?, agents))
        })?;
        let mut report = EvolutionReport {
            agents: u64::try_from(agents.len()).unwrap_or(u64::MAX),
            ..EvolutionReport::default()
        };
        if evolver.is_none() {
            report.note = Some(no_evolver());
            return Ok(report);
        }
        for agent in agents {
            let started = self
                .write(move |cx| {
                    if cx.tx.evolution().open_request(&agent)?.is_some() {
                        return Ok(None);
                    }
                    let days = stats::window_days(None)?;
                    let p = stats::performance(&*cx.tx, &agent, days, cx.tx.now())?;
                    let last = cx
                        .tx
                        .evolution()
                        .latest_request(&agent)?
                        .map(|r| r.created_at);
                    if !stats::worth_proposing(&p, last) {
                        return Ok(None);
                    }
                    let task = start(cx, &agent, &p)?;
                    Ok(Some(ProposalStarted {
                        agent_id: agent,
                        task_id: task.id,
                    }))
                })
                .await?;
            report.proposed.extend(started);
        }
        Ok(report)
    }

    /// Put a proposed amendment in its agent's prompts. A `remove` must
    /// name a guideline in force (by id or text); it keeps that one out.
    pub async fn apply_amendment(&self, id: &str, by: &str) -> Result<Amendment, DomainError> {
        self.decide(id, by, None).await
    }

    /// `POST /api/agents/{id}/evolve`: apply `id`, which must be `agent`'s.
    pub async fn apply_amendment_of(
        &self,
        agent: &AgentId,
        id: &str,
        by: &str,
    ) -> Result<Amendment, DomainError> {
        self.decide(id, by, Some(agent.to_string())).await
    }

    async fn decide(
        &self,
        id: &str,
        by: &str,
        of_agent: Option<String>,
    ) -> Result<Amendment, DomainError> {
        let (id, by) = (id.to_string(), by.to_string());
        self.write(move |cx| {
            let mut row = get_row(&*cx.tx, &id)?;
            if let Some(agent) = &of_agent
                && &row.agent_id != agent
            {
                return Err(DomainError::NotFound(format!(
                    "no amendment `{id}` for agent {agent}"
                )));
            }
            must_be(&row, AmendmentStatus::Proposed, "applied")?;
            if row.kind == AmendmentKind::Remove {
                let in_force = InForce::read(&*cx.tx, &row.agent_id)?;
                let target = in_force.named_by(&row.text).ok_or_else(|| {
                    DomainError::Conflict(format!(
                        "amendment {id} removes `{}`, which names no guideline in force for {}",
                        row.text, row.agent_id
                    ))
                })?;
                row.target = Some(target.id.clone());
            }
            let now = cx.tx.now();
            row.status = AmendmentStatus::Applied;
            row.decided_at = Some(now);
            row.decided_by = Some(by);
            row.updated_at = now;
            cx.tx.evolution().update_amendment(&row)?;
            let amendment = current(&*cx.tx, row)?;
            cx.tx.emit(Event::EvolutionApplied {
                amendment: amendment.clone(),
            })?;
            Ok(amendment)
        })
        .await
    }

    /// Turn a proposed amendment down, with an optional reason.
    pub async fn reject_amendment(
        &self,
        id: &str,
        by: &str,
        reason: Option<String>,
    ) -> Result<Amendment, DomainError> {
        let reason = reason
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty());
        if let Some(r) = &reason
            && r.chars().count() > MAX_AMENDMENT_REASON_CHARS
        {
            return Err(DomainError::Validation(format!(
                "the reason is at most {MAX_AMENDMENT_REASON_CHARS} characters"
            )));
        }
        let (id, by) = (id.to_string(), by.to_string());
        self.write(move |cx| {
            let mut row = get_row(&*cx.tx, &id)?;
            must_be(&row, AmendmentStatus::Proposed, "rejected")?;
            let now = cx.tx.now();
            row.status = AmendmentStatus::Rejected;
            row.decided_at = Some(now);
            row.decided_by = Some(by);
            row.reason = reason;
            row.updated_at = now;
            cx.tx.evolution().update_amendment(&row)?;
            let amendment = to_wire(row, None);
            cx.tx.emit(Event::EvolutionRejected {
                amendment: amendment.clone(),
            })?;
            Ok(amendment)
        })
        .await
    }

    /// Take an applied amendment back: it is out of the agent's next
    /// prompt (a reverted `remove` lets its guideline back in).
    pub async fn revert_amendment(&self, id: &str, by: &str) -> Result<Amendment, DomainError> {
        let (id, by) = (id.to_string(), by.to_string());
        self.write(move |cx| {
            let mut row = get_row(&*cx.tx, &id)?;
            must_be(&row, AmendmentStatus::Applied, "reverted")?;
            let now = cx.tx.now();
            row.status = AmendmentStatus::Reverted;
            row.reverted_at = Some(now);
            row.reverted_by = Some(by);
            row.updated_at = now;
            cx.tx.evolution().update_amendment(&row)?;
            let amendment = to_wire(row, None);
            cx.tx.emit(Event::EvolutionReverted {
                amendment: amendment.clone(),
            })?;
            Ok(amendment)
        })
        .await
    }
}

#[cfg(test)]
mod tests;
