//! The hub's rules in plain Rust: the task status machine, dispatch, leases,
//! circuit breakers and reputation. No HTTP types; every change runs inside
//! one store transaction together with the events it produces.

mod agents;
pub mod circuit;
mod dispatch;
mod graph;
mod lease;
mod misc;
pub mod status;
mod sweep;
mod tasks;
pub mod ucb;
mod validate;

use std::sync::Arc;
use std::time::Duration;

use crate::store::{Reader, Store, StoreError, Tx};

pub use sweep::SweepReport;

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
}

impl Policy {
    fn lease_until(&self, now: m3shd_api::Timestamp) -> m3shd_api::Timestamp {
        now + chrono::Duration::from_std(self.lease_timeout).unwrap_or(chrono::Duration::MAX)
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
}

/// The hub's domain service.
pub struct Hub {
    store: Store,
    policy: Policy,
    wake: Arc<dyn Wake>,
}

impl Hub {
    pub fn new(store: Store, policy: Policy, wake: Arc<dyn Wake>) -> Hub {
        Hub {
            store,
            policy,
            wake,
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Give the store back (to close it on shutdown).
    pub fn into_store(self) -> Store {
        self.store
    }

    /// Run one operation in one transaction; dispatch if it made work
    /// assignable; wake the agents that got work once it is committed.
    fn write<T>(
        &self,
        f: impl FnOnce(&mut Ctx<'_, '_>) -> Result<T, DomainError>,
    ) -> Result<T, DomainError> {
        let (value, woken) = self.store.write(|tx| {
            let mut cx = Ctx {
                tx,
                policy: &self.policy,
                woken: Vec::new(),
                dispatch_needed: false,
            };
            let value = f(&mut cx)?;
            if cx.dispatch_needed {
                dispatch::pass(&mut cx)?;
            }
            Ok::<_, DomainError>((value, cx.woken))
        })?;
        for agent in &woken {
            self.wake.task_assigned(agent);
        }
        Ok(value)
    }

    fn read<T>(
        &self,
        f: impl FnOnce(&Reader<'_>) -> Result<T, DomainError>,
    ) -> Result<T, DomainError> {
        self.store.read(f)
    }
}
