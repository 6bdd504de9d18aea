//! The operator's changes to an agent (ARCHITECTURE.md, "Mesh control"):
//! drain and undrain it, set its slots, set its capabilities.
//!
//! A drain is the operator's decision about a machine, so it outlives the
//! worker: the drained agents are kept in a hub setting, and an agent that
//! registers again or comes back from offline while drained comes back
//! `draining`. Slots and capabilities are what the worker advertises; the
//! operator's values hold until the worker registers again (a restart
//! brings its own configuration).

use std::collections::BTreeSet;

use m3shd_api::{Agent, AgentStatus, Event, TaskStatus, limits};

use super::task_change::give_back;
use super::{Ctx, DomainError, Hub, validate};
use crate::store::{AgentRecord, Queries, StoreError};

const DRAINED_KEY: &str = "agents.drained";

fn drained(q: &dyn Queries) -> Result<BTreeSet<String>, StoreError> {
    Ok(match q.settings().get(DRAINED_KEY)? {
        Some(json) => serde_json::from_str(&json)?,
        None => BTreeSet::new(),
    })
}

fn save_drained(cx: &mut Ctx<'_, '_>, set: &BTreeSet<String>) -> Result<(), DomainError> {
    let json = serde_json::to_string(set).map_err(StoreError::from)?;
    cx.tx.settings().set(DRAINED_KEY, &json)?;
    Ok(())
}

/// The stored status of an agent checking in (registering, or heartbeating
/// or claiming after it was offline): `online`, or `draining` while the
/// operator keeps it drained.
pub(crate) fn checked_in_status(q: &dyn Queries, id: &str) -> Result<AgentStatus, StoreError> {
    Ok(if drained(q)?.contains(id) {
        AgentStatus::Draining
    } else {
        AgentStatus::Online
    })
}

/// An agent the operator named that is not there: the message lists the
/// ones that are.
pub(crate) fn unknown_agent(q: &dyn Queries, id: &str) -> Result<DomainError, StoreError> {
    let known: Vec<String> = q.agents().list()?.into_iter().map(|a| a.agent.id).collect();
    let list = if known.is_empty() {
        "none is registered".to_string()
    } else {
        format!("agents: {}", known.join(", "))
    };
    Ok(DomainError::NotFound(format!(
        "no agent `{}` ({list})",
        id.escape_debug()
    )))
}

/// The operator's agent, or a not-found naming the agents there are.
pub(crate) fn operator_agent(q: &dyn Queries, id: &str) -> Result<AgentRecord, DomainError> {
    if validate::agent_id(id).is_ok()
        && let Some(rec) = q.agents().get_state(id)?
    {
        return Ok(rec);
    }
    Err(unknown_agent(q, id)?)
}

fn updated(cx: &mut Ctx<'_, '_>, id: &str) -> Result<Agent, DomainError> {
    let agent = cx
        .tx
        .agents()
        .get(id)?
        .ok_or_else(|| DomainError::NotFound(format!("no agent `{id}`")))?
        .agent;
    cx.tx.emit(Event::AgentUpdated {
        agent: agent.clone(),
    })?;
    Ok(agent)
}

/// An agent after a drain, and how many tasks that were assigned to it but
/// not started went back to the queue.
#[derive(Debug, Clone)]
pub struct Drained {
    pub agent: Agent,
    pub requeued: usize,
}

impl Hub {
    /// No new work for agent `id`: what it runs finishes, what was assigned
    /// to it but not started goes back to the queue. Draining a drained
    /// agent changes nothing.
    pub async fn drain_agent(&self, id: &str) -> Result<Drained, DomainError> {
        let id = id.to_string();
        self.write(move |cx| {
            let mut rec = operator_agent(cx.tx, &id)?;
            let mut set = drained(cx.tx)?;
            if set.insert(id.clone()) {
                save_drained(cx, &set)?;
            }
            if rec.stored_status != AgentStatus::Offline {
                rec.stored_status = AgentStatus::Draining;
                cx.tx.agents().save(&rec)?;
            }
            let mut requeued = 0;
            for mut task in cx.tx.tasks().held_by(&id, Some(TaskStatus::Assigned))? {
                give_back(cx, &mut task, format!("agent {id} is draining"))?;
                requeued += 1;
            }
            Ok(Drained {
                agent: updated(cx, &id)?,
                requeued,
            })
        })
        .await
    }

    /// Agent `id` takes work again (an offline one when it is back).
    pub async fn undrain_agent(&self, id: &str) -> Result<Agent, DomainError> {
        let id = id.to_string();
        self.write(move |cx| {
            let mut rec = operator_agent(cx.tx, &id)?;
            let mut set = drained(cx.tx)?;
            if set.remove(&id) {
                save_drained(cx, &set)?;
            }
            if rec.stored_status == AgentStatus::Draining {
                rec.stored_status = AgentStatus::Online;
                cx.tx.agents().save(&rec)?;
                cx.dispatch_needed = true;
            }
            updated(cx, &id)
        })
        .await
    }

    /// How many tasks agent `id` runs at once (0: none).
    pub async fn set_agent_slots(&self, id: &str, slots: i64) -> Result<Agent, DomainError> {
        if !(0..=limits::MAX_SLOTS).contains(&slots) {
            return Err(DomainError::Validation(format!(
                "slots {slots} is outside 0..={}",
                limits::MAX_SLOTS
            )));
        }
        let id = id.to_string();
        self.write(move |cx| {
            let rec = operator_agent(cx.tx, &id)?;
            cx.tx
                .agents()
                .reconfigure(&id, &rec.agent.capabilities, slots)?;
            cx.dispatch_needed = true;
            updated(cx, &id)
        })
        .await
    }

    /// What agent `id` is given work for (replacing what it advertised).
    pub async fn set_agent_capabilities(
        &self,
        id: &str,
        capabilities: Vec<String>,
    ) -> Result<Agent, DomainError> {
        let mut caps = capabilities;
        for c in &caps {
            validate::capability(c)?;
        }
        caps.sort();
        caps.dedup();
        if caps.is_empty() || caps.len() > limits::MAX_CAPABILITIES {
            return Err(DomainError::Validation(format!(
                "an agent has 1 to {} capabilities",
                limits::MAX_CAPABILITIES
            )));
        }
        let id = id.to_string();
        self.write(move |cx| {
            let rec = operator_agent(cx.tx, &id)?;
            cx.tx
                .agents()
                .reconfigure(&id, &caps, rec.agent.max_concurrent)?;
            cx.dispatch_needed = true;
            updated(cx, &id)
        })
        .await
    }
}
