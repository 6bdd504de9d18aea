//! Maintenance work for idle agents (ARCHITECTURE.md, "Maintenance"): an
//! agent its operator opted in gets, when it has a free slot and nothing
//! in the queue it could take, one low-priority task pinned to it — a
//! re-check of a doubtful result, a memory audit or a health check — each
//! kind behind its cooldown and all of them under the agent's daily cap.
//! Real work always wins: a maintenance task still open when work the
//! agent could take is queued is cancelled.
//!
//! The setting and what was handed out live in the hub's settings (one
//! JSON value), so the feature needs no tables of its own.

mod choice;
mod prompts;

use std::collections::{BTreeMap, HashSet};
use std::time::Duration;

use m3shd_api::{
    AgentStatus, CircuitState, CreateTask, DEFAULT_MAINTENANCE_DAILY_CAP_USD, Maintenance,
    SetMaintenance, TaskStatus, Timestamp,
};
use serde::{Deserialize, Serialize};

use self::choice::{Facts, Kind, REVERIFY_BELOW, REVERIFY_SOURCE_COOLDOWN};
use super::costs::day_of;
use super::task_insert::NewTask;
use super::tasks::{check_create, insert_new};
use super::{Ctx, DomainError, Hub, graph, ucb};
use crate::store::{AgentRecord, Queries, QueueScan, StoreError};

const SETTINGS_KEY: &str = "maintenance";
/// Maintenance tasks sit below every default-priority task.
const PRIORITY: i64 = 0;
/// The reason a maintenance task gives way to real work.
pub const PREEMPTED: &str = "preempted by real work";
/// How long what was handed out is remembered (the spend of today and the
/// cooldowns need at most a day).
const KEEP: Duration = Duration::from_secs(2 * 24 * 3600);
/// How many recently finished tasks are looked through for a result to
/// re-check.
const RECENT: i64 = 200;

/// One maintenance task as the hub remembers it.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Handed {
    id: String,
    kind: String,
    at: Timestamp,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct AgentSetting {
    enabled: bool,
    daily_cap_usd: f64,
    /// When each kind was last handed to this agent.
    #[serde(default)]
    last: BTreeMap<String, Timestamp>,
    #[serde(default)]
    tasks: Vec<Handed>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Stored {
    #[serde(default)]
    agents: BTreeMap<String, AgentSetting>,
    /// Results re-checked anywhere in the mesh, and when.
    #[serde(default)]
    reverified: BTreeMap<String, Timestamp>,
}

fn load(q: &dyn Queries) -> Result<Stored, StoreError> {
    Ok(match q.settings().get(SETTINGS_KEY)? {
        Some(json) => serde_json::from_str(&json)?,
        None => Stored::default(),
    })
}

fn save(cx: &Ctx<'_, '_>, s: &Stored) -> Result<(), StoreError> {
    let json = serde_json::to_string(s)?;
    cx.tx.settings().set(SETTINGS_KEY, &json)
}

fn older_than(t: Timestamp, now: Timestamp, d: Duration) -> bool {
    now.signed_duration_since(t)
        .to_std()
        .is_ok_and(|since| since >= d)
}

/// What one pass did (for logs and tests).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct MaintenanceReport {
    pub created: usize,
    pub preempted: usize,
}

/// The agent's setting as the API shows it.
fn view(
    q: &dyn Queries,
    agent: &str,
    s: &Stored,
    now: Timestamp,
) -> Result<Maintenance, DomainError> {
    let setting = s.agents.get(agent).cloned().unwrap_or(AgentSetting {
        daily_cap_usd: DEFAULT_MAINTENANCE_DAILY_CAP_USD,
        ..AgentSetting::default()
    });
    let mut open = Vec::new();
    for h in &setting.tasks {
        if q.tasks().status(&h.id)?.is_some_and(|st| !st.is_final()) {
            open.push(h.id.clone());
        }
    }
    Ok(Maintenance {
        agent_id: agent.to_string(),
        enabled: setting.enabled,
        daily_cap_usd: setting.daily_cap_usd,
        spent_today_usd: spent_today(q, &setting, now)?,
        last: setting.last,
        open_tasks: open,
    })
}

/// What this agent's maintenance tasks handed out today cost.
fn spent_today(q: &dyn Queries, s: &AgentSetting, now: Timestamp) -> Result<f64, StoreError> {
    let today = day_of(now);
    let mut sum = 0.0;
    for h in s.tasks.iter().filter(|h| day_of(h.at) == today) {
        if let Some(rec) = q.tasks().get(&h.id)? {
            sum += rec.task.cost_usd.unwrap_or(0.0);
        }
    }
    Ok(sum)
}

impl Hub {
    pub fn maintenance(&self, agent: &str) -> Result<Maintenance, DomainError> {
        let now = self.now();
        self.read(|q| {
            if q.agents().get(agent)?.is_none() {
                return Err(super::agent_not_found(agent));
            }
            view(q, agent, &load(q)?, now)
        })
    }

    /// Turn maintenance on or off for an agent; answers the setting.
    pub async fn set_maintenance(
        &self,
        agent: &str,
        req: SetMaintenance,
    ) -> Result<Maintenance, DomainError> {
        if let Some(c) = req.daily_cap_usd
            && !(c.is_finite() && c >= 0.0)
        {
            return Err(DomainError::Validation(
                "daily_cap_usd must be a non-negative number".into(),
            ));
        }
        let agent = agent.to_string();
        self.write(move |cx| {
            if cx.tx.agents().get(&agent)?.is_none() {
                return Err(super::agent_not_found(&agent));
            }
            let mut s = load(cx.tx)?;
            let entry = s.agents.entry(agent.clone()).or_insert(AgentSetting {
                daily_cap_usd: DEFAULT_MAINTENANCE_DAILY_CAP_USD,
                ..AgentSetting::default()
            });
            entry.enabled = req.enabled;
            if let Some(c) = req.daily_cap_usd {
                entry.daily_cap_usd = c;
            }
            save(cx, &s)?;
            view(cx.tx, &agent, &s, cx.tx.now())
        })
        .await
    }

    /// Hand idle opted-in agents their maintenance task; cancel the ones
    /// real work is waiting behind.
    pub async fn maintenance_pass(&self) -> Result<MaintenanceReport, DomainError> {
        // Nothing to do (the common case) costs one read, no write: no
        // agent opted in, and none turned off with a task still open.
        let work = self.read(|q| {
            for a in load(q)?.agents.values() {
                if a.enabled {
                    return Ok(true);
                }
                for h in &a.tasks {
                    if q.tasks().status(&h.id)?.is_some_and(|st| !st.is_final()) {
                        return Ok(true);
                    }
                }
            }
            Ok(false)
        })?;
        if !work {
            return Ok(MaintenanceReport::default());
        }
        self.write(pass).await
    }
}

fn pass(cx: &mut Ctx<'_, '_>) -> Result<MaintenanceReport, DomainError> {
    let mut report = MaintenanceReport::default();
    let mut s = load(cx.tx)?;
    let before = serde_json::to_string(&s).map_err(StoreError::from)?;
    let now = cx.tx.now();
    let handed: HashSet<String> = s
        .agents
        .values()
        .flat_map(|a| a.tasks.iter().map(|h| h.id.clone()))
        .collect();
    let gate = super::costs::gate(cx)?;
    let agents: Vec<String> = s.agents.keys().cloned().collect();
    for agent in agents {
        let Some(rec) = cx.tx.agents().get(&agent)? else {
            continue;
        };
        let mut open = Vec::new();
        if let Some(setting) = s.agents.get_mut(&agent) {
            let mut kept = Vec::new();
            for h in std::mem::take(&mut setting.tasks) {
                let status = cx.tx.tasks().status(&h.id)?;
                let is_open = status.is_some_and(|st| !st.is_final());
                if is_open {
                    open.push(h.id.clone());
                }
                if is_open || (status.is_some() && !older_than(h.at, now, KEEP)) {
                    kept.push(h);
                }
            }
            setting.tasks = kept;
        }
        let waiting = real_work_waiting(cx, &rec, &handed, now)?;
        if waiting {
            for id in &open {
                if let Some(mut t) = cx.tx.tasks().get(id)?
                    && !t.state.status().is_final()
                {
                    graph::cancel_with(cx, &mut t, PREEMPTED.to_string())?;
                    report.preempted += 1;
                }
            }
            cx.dispatch_needed |= !open.is_empty();
            continue;
        }
        let Some(setting) = s.agents.get(&agent) else {
            continue;
        };
        if !setting.enabled
            || !open.is_empty()
            || !takes_work(&rec)
            || gate.mesh_capped
            || gate.capped.contains(&agent)
            || spent_today(cx.tx, setting, now)? >= setting.daily_cap_usd
        {
            continue;
        }
        let Some((kind, source)) = next_kind(cx, &agent, setting, &s.reverified, now)? else {
            continue;
        };
        let Some(prompt) = prompt_for(cx, &agent, kind, source.as_deref(), now)? else {
            continue;
        };
        let id = create(cx, &agent, kind, prompt)?;
        report.created += 1;
        if let Some(src) = source {
            s.reverified.insert(src, now);
        }
        if let Some(setting) = s.agents.get_mut(&agent) {
            setting.last.insert(kind.as_str().to_string(), now);
            setting.tasks.push(Handed {
                id,
                kind: kind.as_str().to_string(),
                at: now,
            });
        }
    }
    s.reverified
        .retain(|_, at| !older_than(*at, now, REVERIFY_SOURCE_COOLDOWN));
    // Most passes change nothing: they need not write the setting back.
    if serde_json::to_string(&s).map_err(StoreError::from)? != before {
        save(cx, &s)?;
    }
    Ok(report)
}

/// Online, claiming, circuit closed, with a free slot.
fn takes_work(rec: &AgentRecord) -> bool {
    rec.stored_status == AgentStatus::Online
        && rec.claiming
        && rec.agent.circuit == CircuitState::Closed
        && rec.agent.active_tasks < rec.agent.max_concurrent
}

/// Whether a queued task other than a maintenance task is one this agent
/// could take: one naming it, or one its capabilities fit (naming nobody,
/// or naming an agent it may fall through from).
fn real_work_waiting(
    cx: &Ctx<'_, '_>,
    rec: &AgentRecord,
    maintenance: &HashSet<String>,
    now: Timestamp,
) -> Result<bool, DomainError> {
    if !cx.tx.tasks().any_queued()? {
        return Ok(false);
    }
    let me = rec.agent.id.as_str();
    let caps: Vec<&str> = rec.agent.capabilities.iter().map(String::as_str).collect();
    let advertises = |cap: Option<&str>| caps.contains(&cap.unwrap_or(ucb::GENERAL));
    let scan = QueueScan {
        capabilities: &caps,
        agents: &[me],
        general: caps.contains(&ucb::GENERAL),
        pinned_until: super::shift(now, cx.policy.assign_wait, false),
    };
    let mut found = false;
    cx.tx.tasks().scan_queued(&scan, &mut |row| {
        if maintenance.contains(&row.id) {
            return true;
        }
        let cap = row.required_capability.as_deref();
        found = match row.assign_to.as_deref() {
            Some(named) if named == me => cap.is_none_or(|c| caps.contains(&c)),
            Some(_) => row.may_fall_through && advertises(cap),
            None => advertises(cap),
        };
        !found
    })?;
    Ok(found)
}

fn next_kind(
    cx: &Ctx<'_, '_>,
    agent: &str,
    setting: &AgentSetting,
    reverified: &BTreeMap<String, Timestamp>,
    now: Timestamp,
) -> Result<Option<(Kind, Option<String>)>, DomainError> {
    let day_ago = super::shift(now, Duration::from_secs(24 * 3600), false);
    let low_confidence: Vec<String> = cx
        .tx
        .tasks()
        .recently_finished(RECENT)?
        .into_iter()
        .filter(|t| {
            t.state.status() == TaskStatus::Done
                && t.task.confidence.is_some_and(|c| c < REVERIFY_BELOW)
                && t.state.finished_at().is_some_and(|f| f >= day_ago)
                && !t.task.title.starts_with("maintenance: ")
        })
        .map(|t| t.task.id)
        .collect();
    let reverified: Vec<(String, Timestamp)> =
        reverified.iter().map(|(k, v)| (k.clone(), *v)).collect();
    let facts = Facts {
        last: setting.last.clone(),
        reverified: &reverified,
        low_confidence: &low_confidence,
        has_memories: cx.tx.memories().any(agent)?,
    };
    Ok(choice::choose(&facts, now))
}

fn prompt_for(
    cx: &Ctx<'_, '_>,
    agent: &str,
    kind: Kind,
    source: Option<&str>,
    now: Timestamp,
) -> Result<Option<String>, DomainError> {
    Ok(match kind {
        Kind::MemoryAudit => Some(prompts::memory_audit(&cx.tx.memories().all_of(agent)?, now)),
        Kind::Reverify => match source {
            Some(id) => cx.tx.tasks().get(id)?.map(|t| prompts::reverify(&t.task)),
            None => None,
        },
        Kind::HealthCheck => Some(prompts::health_check()),
    })
}

fn create(
    cx: &mut Ctx<'_, '_>,
    agent: &str,
    kind: Kind,
    prompt: String,
) -> Result<String, DomainError> {
    let req = CreateTask {
        prompt,
        title: Some(format!("maintenance: {}", kind.as_str())),
        assign_to: Some(agent.to_string()),
        assign_strict: Some(true),
        priority: Some(PRIORITY),
        max_attempts: Some(1),
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
    Ok(task.id)
}
