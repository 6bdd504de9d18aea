//! Agent lifecycle: register, heartbeat, claim, deregister.

use m3shd_api::{
    Agent, AgentId, AgentStatus, Claimed, Event, Heartbeat, HeartbeatAck, Lease, RegisterAgent,
    Registered, TaskStatus, limits,
};

use super::agent_ids::not_found;
use super::status::Transition;
use super::task_change::{change, give_back};
use super::{Ctx, DomainError, Hub, dispatch, validate};
use crate::store::AgentRecord;

const MAX_LABEL_BYTES: usize = 200;

/// What a claim's caller knows about the agent's work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// Nothing: look before writing (most claims find nothing).
    Unknown,
    /// Work was just assigned to it (its wake-up fired).
    Assigned,
}

fn check_register(req: &RegisterAgent) -> Result<Vec<String>, DomainError> {
    if let Some(n) = &req.name {
        validate::max_bytes("name", n, MAX_LABEL_BYTES)?;
    }
    if let Some(m) = &req.machine {
        validate::max_bytes("machine", m, MAX_LABEL_BYTES)?;
    }
    // 0 is an agent that only dispatches (a phone app): it never gets work.
    if !(0..=limits::MAX_SLOTS).contains(&req.max_concurrent) {
        return Err(DomainError::Validation(format!(
            "max_concurrent {} is outside 0..={}",
            req.max_concurrent,
            limits::MAX_SLOTS
        )));
    }
    if req.capabilities.len() > limits::MAX_CAPABILITIES {
        return Err(DomainError::Validation(format!(
            "at most {} capabilities",
            limits::MAX_CAPABILITIES
        )));
    }
    let mut caps = req.capabilities.clone();
    for c in &caps {
        validate::capability(c)?;
    }
    caps.sort();
    caps.dedup();
    Ok(caps)
}

impl Hub {
    pub async fn register_agent(
        &self,
        id: &AgentId,
        req: RegisterAgent,
    ) -> Result<Registered, DomainError> {
        let caps = check_register(&req)?;
        let id = id.clone();
        let agent = self
            .write(move |cx| {
                let id = id.as_str();
                let name = req
                    .name
                    .as_deref()
                    .filter(|n| !n.trim().is_empty())
                    .unwrap_or(id);
                cx.tx.agents().upsert(
                    id,
                    name,
                    req.machine.as_deref(),
                    &caps,
                    req.max_concurrent,
                )?;
                // A drained agent stays drained across its restarts.
                let status = super::agent_admin::checked_in_status(cx.tx, id)?;
                if status != AgentStatus::Online {
                    let mut rec = cx.tx.agents().get_state(id)?.ok_or_else(|| not_found(id))?;
                    rec.stored_status = status;
                    cx.tx.agents().save(&rec)?;
                }
                let rec = cx.tx.agents().get(id)?.ok_or_else(|| not_found(id))?;
                cx.tx.emit(Event::AgentOnline {
                    agent: rec.agent.clone(),
                })?;
                cx.dispatch_needed = true;
                Ok(rec.agent)
            })
            .await?;
        Ok(Registered {
            agent,
            heartbeat_interval_ms: millis(self.policy.heartbeat_interval),
            heartbeat_lists_all_held: true,
            lease_timeout_ms: millis(self.policy.lease_timeout),
        })
    }

    pub async fn heartbeat(
        &self,
        id: &AgentId,
        hb: Heartbeat,
    ) -> Result<HeartbeatAck, DomainError> {
        let id = id.clone();
        let restart = self
            .handed_over_before_restart()
            .filter(|_| hb.lists_all_held);
        self.write(move |cx| {
            let id = id.as_str();
            let mut rec = cx.tx.agents().get_state(id)?.ok_or_else(|| not_found(id))?;
            let now = cx.tx.now();
            if let Some(cutoff) = restart {
                super::unreceived::give_back_unreceived(cx, id, &hb.running, cutoff)?;
            }
            let extended =
                cx.tx
                    .tasks()
                    .extend_leases(id, &hb.running, cx.policy.lease_until(now))?;
            let mut abort = Vec::new();
            for task_id in &hb.running {
                let held = match cx.tx.tasks().lease_view(task_id)? {
                    Some(v) => {
                        v.state.status().is_leased()
                            && v.state.agent().map(m3shd_api::AgentId::as_str) == Some(id)
                    }
                    None => false,
                };
                if !held {
                    abort.push(task_id.clone());
                }
            }
            let came_back = rec.stored_status == AgentStatus::Offline;
            let started_claiming = hb.claiming && !rec.claiming;
            rec.agent.last_heartbeat = Some(now);
            rec.claiming = hb.claiming;
            if came_back {
                rec.stored_status = super::agent_admin::checked_in_status(cx.tx, id)?;
            }
            cx.tx.agents().save(&rec)?;
            if came_back && let Some(fresh) = cx.tx.agents().get(id)? {
                cx.tx.emit(Event::AgentOnline { agent: fresh.agent })?;
            }
            cx.dispatch_needed |= came_back || started_claiming;
            Ok(HeartbeatAck { extended, abort })
        })
        .await
    }

    /// Hand the agent the tasks assigned to it (now `running`), with leases:
    /// at most `free_slots` of them when the worker says how many it can
    /// start, so a worker is never handed more than it has room for (the
    /// rest stay assigned to it for its next claim). Returns at once;
    /// waiting for work is the transport's job.
    pub async fn claim(
        &self,
        id: &AgentId,
        free_slots: Option<u32>,
    ) -> Result<Vec<Claimed>, DomainError> {
        self.claim_after(id, free_slots, Expect::Unknown).await
    }

    /// `claim`, told what the caller expects: a claim woken because work
    /// was assigned to the agent skips the idle check and goes straight to
    /// the write that hands the work over. (After any write, SQLite makes a
    /// reader re-read its pages, so that check costs as much as the
    /// hand-over itself; a wake-up that finds nothing costs one empty
    /// write.)
    pub async fn claim_after(
        &self,
        id: &AgentId,
        free_slots: Option<u32>,
        expect: Expect,
    ) -> Result<Vec<Claimed>, DomainError> {
        if free_slots == Some(0) {
            return Err(DomainError::Validation(
                "free_slots must be at least 1: a worker without a free slot does not claim".into(),
            ));
        }
        let take = free_slots.map_or(usize::MAX, |n| n as usize);
        // The common idle case (nothing assigned, nothing to update) needs
        // no write: answer it from a read snapshot.
        let idle = expect == Expect::Unknown
            && self.read(|r| {
                let rec = r.agents().get_state(id)?.ok_or_else(|| not_found(id))?;
                let ready = rec.claiming && rec.stored_status != AgentStatus::Offline;
                Ok(ready && !r.tasks().holds_assigned(id)?)
            })?;
        if idle {
            return Ok(Vec::new());
        }
        let id = id.to_string();
        self.write(move |cx| {
            let id = id.as_str();
            let mut rec = cx.tx.agents().get_state(id)?.ok_or_else(|| not_found(id))?;
            let now = cx.tx.now();
            let came_back = rec.stored_status == AgentStatus::Offline;
            if came_back || !rec.claiming {
                // A claim is proof the claim loop runs.
                rec.claiming = true;
                if came_back {
                    rec.stored_status = super::agent_admin::checked_in_status(cx.tx, id)?;
                    rec.agent.last_heartbeat = Some(now);
                }
                cx.tx.agents().save(&rec)?;
                if came_back && let Some(fresh) = cx.tx.agents().get(id)? {
                    cx.tx.emit(Event::AgentOnline { agent: fresh.agent })?;
                }
                dispatch::pass(cx)?;
            }
            hand_over(cx, id, &mut rec, take)
        })
        .await
    }

    /// The agent leaves: what it holds goes back to the queue (without
    /// using up an attempt) and it is marked offline.
    pub async fn deregister_agent(&self, id: &AgentId) -> Result<Agent, DomainError> {
        let id = id.clone();
        self.write(move |cx| {
            let id = id.as_str();
            let mut rec = cx.tx.agents().get_state(id)?.ok_or_else(|| not_found(id))?;
            for mut task in cx.tx.tasks().held_by(id, None)? {
                give_back(cx, &mut task, format!("agent {id} deregistered"))?;
            }
            rec.stored_status = AgentStatus::Offline;
            rec.claiming = false;
            cx.tx.agents().save(&rec)?;
            let agent = cx.tx.agents().get(id)?.ok_or_else(|| not_found(id))?.agent;
            cx.tx.emit(Event::AgentOffline {
                agent: agent.clone(),
                reason: "deregistered".into(),
            })?;
            Ok(agent)
        })
        .await
    }

    pub fn agent(&self, id: &AgentId) -> Result<Agent, DomainError> {
        self.read(|r| {
            r.agents()
                .get(id)?
                .map(|a| a.agent)
                .ok_or_else(|| not_found(id))
        })
    }

    /// The mesh's agents, without the entries federation peers' relayed
    /// tasks are held by (`peers`: with them).
    pub fn agents(&self) -> Result<Vec<Agent>, DomainError> {
        self.agents_listed(false)
    }

    pub fn agents_listed(&self, peers: bool) -> Result<Vec<Agent>, DomainError> {
        self.read(|r| {
            let entries = if peers {
                Default::default()
            } else {
                super::federation::peer_entries(r)?
            };
            Ok(r.agents()
                .list()?
                .into_iter()
                .map(|a| a.agent)
                .filter(|a| !entries.contains(&a.id))
                .collect())
        })
    }
}

/// Start the tasks assigned to agent `id` (at most `take`) and build what its
/// claim hands over: the prompt with the agent's memories, world model and
/// guidelines in front, the shared context and the attachments. Runs in the
/// claim's own write, or in the write that assigned the work when the claim
/// is already waiting (`waiting_claims.rs`).
pub(crate) fn hand_over(
    cx: &mut Ctx<'_, '_>,
    id: &str,
    rec: &mut AgentRecord,
    take: usize,
) -> Result<Vec<Claimed>, DomainError> {
    let now = cx.tx.now();
    let lease_until = cx.policy.lease_until(now);
    let mut claims = Vec::new();
    // Read once per claim, and only when there is work to hand out.
    let mut context = None;
    let mut guidelines: Option<Option<String>> = None;
    let assigned = cx.tx.tasks().held_by(id, Some(TaskStatus::Assigned))?;
    for mut task in assigned.into_iter().take(take) {
        // The agent's relevant memories go in front of the prompt it
        // is handed; the stored prompt stays as submitted, the task
        // records which keys were injected.
        let injected = super::memory::for_prompt(&*cx.tx, id, &task.task.prompt)?;
        task.task.injected_memories = injected
            .as_ref()
            .map(|(_, keys)| keys.clone())
            .unwrap_or_default();
        // So do the known entities it names (ARCHITECTURE.md, "World model").
        let world = super::world::block_for(&*cx.tx, &task.task)?;
        change(cx, &mut task, Transition::Start { lease_until }, None)?;
        let fence = task.state.fence();
        let mut delivered = task.into_api();
        // Input a peer relayed is delimited as such (ARCHITECTURE.md, "Federation").
        super::federation::delimit_claimed(&*cx.tx, &mut delivered)?;
        // Memories first, then the world model, then the prompt.
        if let Some(block) = world {
            delivered.prompt.insert_str(0, &block);
        }
        if let Some((block, _)) = injected {
            delivered.prompt.insert_str(0, &block);
        }
        // The guidelines the operator applied for this agent go in
        // front of everything (ARCHITECTURE.md, "Self-evolving agents").
        if guidelines.is_none() {
            guidelines = Some(super::evolution::guidelines_for_prompt(&*cx.tx, id)?);
        }
        if let Some(Some(block)) = &guidelines {
            delivered.prompt.insert_str(0, block);
        }
        if context.is_none() {
            context = Some(m3shd_api::context_for_prompt(cx.tx.context().list()?));
        }
        claims.push(Claimed {
            lease: Lease {
                task_id: delivered.id.clone(),
                fence,
                expires_at: lease_until,
            },
            attachments: cx.tx.attachments().list(&delivered.id)?,
            context: context.clone().unwrap_or_default(),
            task: delivered,
        });
    }
    if !claims.is_empty() && super::progress_stale(rec.agent.last_progress, now) {
        rec.agent.last_progress = Some(now);
        cx.tx.agents().save(rec)?;
    }
    Ok(claims)
}

fn millis(d: std::time::Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}
