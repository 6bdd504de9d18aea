//! The hub's rules in plain Rust: the task status machine, dispatch, leases,
//! circuit breakers and reputation. No HTTP types; every change runs inside
//! one store transaction together with the events it produces.

mod agent_admin;
mod agent_ids;
mod agents;
mod analytics;
mod api_keys;
mod approvals;
mod attachments;
mod audit;
mod benchmark;
mod chat;
pub mod circuit;
mod costs;
mod credentials;
pub mod dag;
mod deadlines;
mod dispatch;
mod escalations;
mod evolution;
pub mod federation;
mod graph;
mod handoff;
mod hold;
pub mod identity;
pub mod key_meter;
mod lease;
mod maintenance;
pub mod memory;
mod mesh_control;
mod misc;
mod password;
mod pipelines;
mod plugins;
mod protocols;
pub mod provenance;
mod queue;
mod replicas;
mod retention;
mod retry;
mod schedules;
pub mod status;
mod sweep;
mod task_change;
mod task_final;
mod task_ids;
mod task_insert;
mod tasks;
mod templates;
mod token_cache;
pub mod ucb;
mod unreceived;
pub mod users;
mod validate;
mod voice;
mod waiting_claims;
pub mod webhooks;
pub mod world;

use std::sync::Arc;
use std::time::Duration;

use crate::store::{Queries, Store, StoreError, Tx};

pub(crate) use crate::clock::shift;
pub use crate::clock::{Clock, ManualClock, SystemClock};
pub use agent_admin::Drained;
pub use agent_ids::not_found as agent_not_found;
pub use agents::Expect as ClaimExpect;
pub use audit::{ANONYMOUS_PER_MINUTE, AuditRecord};
pub use federation::Settled as RelaySettled;
pub use maintenance::{MaintenanceReport, PREEMPTED as MAINTENANCE_PREEMPTED};
pub use mesh_control::{MeshExecuted, MeshPlan};
pub use provenance::ProvenanceKey;
pub use retention::{EventPage, EventRetention};
pub use schedules::{
    AGENT_EVOLUTION_SCHEDULE, CronSpec, DAILY_BLOG, DAILY_BLOG_SCHEDULE, FireReport,
    MEMORY_CONSOLIDATION_SCHEDULE,
};
pub use sweep::SweepReport;
pub use task_ids::not_found as task_not_found;
pub use validate::invalid_agent_id;
pub use voice::VoiceRefusal;
pub use waiting_claims::ClaimWait;

/// Told after a commit that an agent has new work, so its waiting claim can
/// return at once. Implemented by the transport (which owns the waiters).
pub trait Wake: Send + Sync {
    fn task_assigned(&self, agent_id: &str);
}

/// A `Wake` that wakes nobody (tests, tools).
pub struct NoWake;

impl Wake for NoWake {
    fn task_assigned(&self, _agent_id: &str) {}
}

#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    #[error("{0}")]
    NotFound(String),
    /// Well-formed but semantically invalid input.
    #[error("{0}")]
    Validation(String),
    /// A body or field over its limit.
    #[error("{0}")]
    TooLarge(String),
    /// The task's status does not allow this.
    #[error("{0}")]
    InvalidTransition(String),
    /// The caller does not hold the current lease.
    #[error("{0}")]
    StaleLease(String),
    #[error("{0}")]
    Conflict(String),
    /// Dependencies that would form a cycle.
    #[error("{0}")]
    Cycle(String),
    /// A vote or debate needs more capable agents than the mesh has.
    #[error("{0}")]
    QuorumUnreachable(String),
    /// Protocol flags that contradict each other or the task.
    #[error("{0}")]
    ProtocolConflict(String),
    /// A federated task offered to a hub it has already visited.
    #[error("{0}")]
    FederationLoop(String),
    /// A federated task past the most hops allowed.
    #[error("{0}")]
    HopLimit(String),
    /// A federated offer naming a template that refuses federated input.
    #[error("{0}")]
    FederatedInputRefused(String),
    /// A signed call between hubs whose signature does not verify.
    #[error("{0}")]
    BadSignature(String),
    /// A sentence that could not be read as an operation.
    #[error("{0}")]
    NotUnderstood(String),
    /// Authenticated, but not allowed to do this.
    #[error("{0}")]
    Forbidden(String),
    /// Credentials that do not check out (a failed login).
    #[error("{0}")]
    Unauthorized(String),
    /// Over a rate limit or quota; worth retrying after `retry_after`.
    #[error("{message}")]
    RateLimited {
        message: String,
        retry_after: Duration,
    },
    /// The hub failed in a way that is not the caller's doing.
    #[error("{0}")]
    Internal(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The timing and thresholds the rules depend on.
#[derive(Debug, Clone)]
pub struct Policy {
    pub lease_timeout: Duration,
    pub heartbeat_interval: Duration,
    pub offline_after: Duration,
    pub circuit_threshold: i64,
    pub circuit_cooldown: Duration,
    /// Escalation chain: agent → who its escalations go to (default
    /// `operator`).
    pub escalation_chain: Vec<(String, String)>,
    /// How long a task waits for an unavailable agent it names before
    /// another capable agent may take it.
    pub assign_wait: Duration,
}

#[cfg(test)]
impl Policy {
    /// The tests' policy: leases and liveness of `lease`, everything else
    /// as a hub starts by default.
    pub(crate) fn for_tests(lease: Duration) -> Policy {
        Policy {
            lease_timeout: lease,
            heartbeat_interval: Duration::from_secs(10),
            offline_after: lease,
            circuit_threshold: 3,
            circuit_cooldown: Duration::from_secs(60),
            escalation_chain: Vec::new(),
            assign_wait: Duration::from_secs(30),
        }
    }
}

#[cfg(test)]
impl Hub {
    /// Register `agent` with the `general` capability and `slots` slots.
    pub(crate) async fn register_general(&self, agent: &str, slots: i64) {
        let id = m3shd_api::AgentId::parse(agent).expect("agent id");
        self.register_agent(
            &id,
            m3shd_api::RegisterAgent {
                name: None,
                machine: None,
                capabilities: vec!["general".into()],
                max_concurrent: slots,
            },
        )
        .await
        .expect("register");
    }

    /// Create a task with just `prompt`; its id.
    pub(crate) async fn create_prompt(&self, prompt: &str) -> m3shd_api::TaskId {
        let task = self
            .create_task(
                m3shd_api::CreateTask {
                    prompt: prompt.into(),
                    ..m3shd_api::CreateTask::default()
                },
                None,
            )
            .await
            .expect("create");
        m3shd_api::TaskId::parse(&task.task.id).expect("task id")
    }
}

/// `last_progress` is kept to this resolution: writing it on every claim
/// and result would add an agent-row update to the hottest paths.
pub(crate) const PROGRESS_RESOLUTION: chrono::Duration = chrono::Duration::seconds(1);

/// Whether a progress timestamp is old enough to be worth rewriting.
pub(crate) fn progress_stale(
    last: Option<m3shd_api::Timestamp>,
    now: m3shd_api::Timestamp,
) -> bool {
    last.is_none_or(|t| now.signed_duration_since(t) >= PROGRESS_RESOLUTION)
}

impl Policy {
    fn lease_until(&self, now: m3shd_api::Timestamp) -> m3shd_api::Timestamp {
        shift(now, self.lease_timeout, true)
    }

    /// How long after the hub starts serving it waits before expiring
    /// leases or marking agents offline: a worker that was fine when the hub
    /// stopped needs one heartbeat to check in, and a lease it held must
    /// have had the chance to be extended by that heartbeat.
    pub fn start_grace(&self) -> Duration {
        (self.lease_timeout + self.heartbeat_interval).max(self.offline_after)
    }
}

/// The state of one domain operation inside its transaction.
pub(crate) struct Ctx<'a, 'c> {
    pub tx: &'a mut Tx<'c>,
    pub policy: &'a Policy,
    /// Agents given work in this transaction (woken after the commit).
    pub woken: Vec<String>,
    /// Set when something became assignable (a task queued, a slot freed,
    /// an agent became available): a dispatch pass runs before the commit.
    pub dispatch_needed: bool,
    /// Signs task results (provenance).
    pub provenance: &'a ProvenanceKey,
    /// What a final status sets off; always `task_final::follow`, passed
    /// in so that `change` sits below the rules it sets off.
    pub on_final: task_change::OnFinal,
}

/// The hub's domain service.
pub struct Hub {
    store: Store,
    policy: Arc<Policy>,
    wake: Arc<dyn Wake>,
    /// The store's clock: what leases, sessions, deadlines and API-key
    /// days are judged by.
    clock: Arc<dyn Clock>,
    session_ttl: Duration,
    keys: key_meter::KeyMeter,
    flush_lock: tokio::sync::Mutex<()>,
    provenance: Arc<ProvenanceKey>,
    audit_cap: audit::AnonymousCap,
    /// Before this the sweep neither expires leases nor marks agents
    /// offline: time the hub itself was down is nobody's fault, so leases
    /// and liveness are judged from the moment it serves again.
    judge_from: m3shd_api::Timestamp,
    /// When this process started serving: a task started before it was
    /// handed over by a process that is gone (`unreceived.rs`).
    serving_since: m3shd_api::Timestamp,
    /// Log every worker-protocol call instead of counting them.
    audit_worker_protocol: bool,
    /// Bounds the password hashes (and their memory) running at once.
    hashing: password::Hashing,
    /// Verified deliveries per webhook and minute.
    webhook_limit: webhooks::Limiter,
    /// Agent tokens looked up in the last few seconds.
    agent_tokens_seen: token_cache::TokenCache,
    /// This hub's name among the replicas sharing its database (none when
    /// it has the database to itself).
    replica: Option<String>,
    /// Claims waiting for work, handed it in the write that assigns it.
    waiting: Arc<waiting_claims::WaitingClaims>,
}

impl Hub {
    /// A hub that signs results with a random key of its own; a server
    /// sets the persistent one with [`Hub::with_provenance_key`].
    pub fn new(store: Store, policy: Policy, wake: Arc<dyn Wake>) -> Hub {
        // Built right before it serves (see `serve`), so "now" is the
        // moment the hub starts answering again.
        let clock = store.clock().clone();
        let serving_since = clock.now();
        let judge_from = shift(serving_since, policy.start_grace(), true);
        Hub {
            store,
            policy: Arc::new(policy),
            wake,
            clock,
            session_ttl: users::DEFAULT_SESSION_TTL,
            keys: key_meter::KeyMeter::default(),
            flush_lock: tokio::sync::Mutex::new(()),
            provenance: Arc::new(ProvenanceKey::random()),
            audit_cap: audit::AnonymousCap::default(),
            judge_from,
            serving_since,
            audit_worker_protocol: false,
            hashing: password::Hashing::default(),
            webhook_limit: webhooks::Limiter::default(),
            agent_tokens_seen: token_cache::TokenCache::default(),
            replica: None,
            waiting: Arc::default(),
        }
    }

    /// This hub shares its database with other hubs (replicas): what the
    /// store could change behind its back is cached for a second at most.
    pub fn with_shared_store(mut self, shared: bool) -> Hub {
        if shared {
            self.agent_tokens_seen = token_cache::TokenCache::shared();
            let id: u64 = rand::random();
            self.replica = Some(format!("replica-{id:016x}"));
        }
        self
    }

    /// Give every heartbeat, claim, stream chunk and result its own audit
    /// row instead of a count per agent and hour.
    pub fn with_audit_worker_protocol(mut self, on: bool) -> Hub {
        self.audit_worker_protocol = on;
        self
    }

    /// How long a login session lasts.
    pub fn with_session_ttl(mut self, ttl: Duration) -> Hub {
        self.session_ttl = ttl;
        self
    }

    /// Sign and verify results with `key`.
    pub fn with_provenance_key(mut self, key: ProvenanceKey) -> Hub {
        self.provenance = Arc::new(key);
        self
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The time by the hub's clock.
    pub fn now(&self) -> m3shd_api::Timestamp {
        self.clock.now()
    }

    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Give the store back (to close it on shutdown).
    pub fn into_store(self) -> Store {
        self.store
    }

    /// Run one operation atomically; dispatch if it made work assignable;
    /// wake the agents that got work once it is committed.
    async fn write<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Ctx<'_, '_>) -> Result<T, DomainError> + Send + 'static,
    ) -> Result<T, DomainError> {
        let policy = self.policy.clone();
        let key = self.provenance.clone();
        let waiting = self.waiting.clone();
        let (value, woken, handed) = self
            .store
            .write(move |tx| {
                let mut cx = Ctx {
                    tx,
                    policy: &policy,
                    woken: Vec::new(),
                    dispatch_needed: false,
                    provenance: &key,
                    on_final: task_final::follow,
                };
                let value = f(&mut cx)?;
                if cx.dispatch_needed {
                    dispatch::pass(&mut cx)?;
                }
                let handed = waiting_claims::hand_to_waiting(&mut cx, &waiting)?;
                Ok::<_, DomainError>((value, cx.woken, handed))
            })
            .await?;
        for agent in &woken {
            self.wake.task_assigned(agent);
        }
        self.deliver_handed(handed).await;
        Ok(value)
    }

    /// Run `delete` (at most `chunk` rows a write) until it deletes fewer:
    /// one retention pass never holds the writer for long. Returns how many
    /// rows went.
    async fn delete_in_chunks(
        &self,
        chunk: i64,
        delete: impl Fn(&mut Tx<'_>, i64) -> Result<usize, StoreError> + Clone + Send + 'static,
    ) -> Result<usize, DomainError> {
        let mut total = 0;
        loop {
            let d = delete.clone();
            let n = self
                .store
                .write(move |tx| -> Result<usize, DomainError> { Ok(d(tx, chunk)?) })
                .await?;
            total += n;
            if m3shd_common::num::to_i64(n) < chunk {
                return Ok(total);
            }
        }
    }

    fn read<T>(
        &self,
        f: impl FnOnce(&dyn Queries) -> Result<T, DomainError>,
    ) -> Result<T, DomainError> {
        self.store.read(f)
    }
}
