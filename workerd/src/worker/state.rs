//! What the worker's loops share: the configuration and hub client, the
//! executions running now, the results not yet delivered, and the counts
//! that end up in the [`WorkerReport`].

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use m3shd_api::Fence;
use m3shd_client::Client;
use serde::Serialize;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use crate::WorkerConfig;
use crate::executor::Executor;
use crate::outbox::Outbox;

/// What a worker did during one run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct WorkerReport {
    /// Results delivered as `complete` (including ones left over from an earlier run).
    pub completed: u64,
    /// Results delivered as `fail`.
    pub failed: u64,
    /// Tasks handed back to the hub on drain (or because slots were full).
    pub released: u64,
    /// Executions stopped because the task was no longer this worker's.
    pub aborted: u64,
    /// Results the hub refused as obsolete (lease moved on, task cancelled).
    pub obsolete: u64,
    /// Results still in the outbox when the worker stopped.
    pub pending: u64,
}

#[derive(Default)]
pub(super) struct Stats {
    pub(super) completed: AtomicU64,
    pub(super) failed: AtomicU64,
    pub(super) released: AtomicU64,
    pub(super) aborted: AtomicU64,
    pub(super) obsolete: AtomicU64,
}

impl Stats {
    /// The report of a run that leaves `pending` results in the outbox.
    pub(super) fn report(&self, pending: u64) -> WorkerReport {
        WorkerReport {
            completed: self.completed.load(Ordering::Relaxed),
            failed: self.failed.load(Ordering::Relaxed),
            released: self.released.load(Ordering::Relaxed),
            aborted: self.aborted.load(Ordering::Relaxed),
            obsolete: self.obsolete.load(Ordering::Relaxed),
            pending,
        }
    }
}

/// The data behind `m`, also after a thread panicked while holding it:
/// the maps it guards stay consistent between single inserts and removes,
/// so a worker keeps going rather than panicking in every loop after it.
pub(super) fn locked<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

pub(super) fn bump(c: &AtomicU64) {
    c.fetch_add(1, Ordering::Relaxed);
}

/// Why an execution was stopped from outside. The first reason set wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum StopReason {
    /// The hub's heartbeat ack said to stop (cancelled or reassigned).
    Aborted,
    /// A lease call got 409/404: the task is not ours any more.
    Stale,
    /// Shutdown: the drain timeout ran out.
    Drain,
    /// The task ran longer than `task_timeout`.
    TimedOut,
}

/// An execution in progress, as the other loops see it.
#[derive(Clone)]
pub(super) struct Running {
    pub(super) fence: Fence,
    pub(super) cancel: CancellationToken,
    pub(super) reason: Arc<OnceLock<StopReason>>,
}

impl Running {
    pub(super) fn new(fence: Fence) -> Running {
        Running {
            fence,
            cancel: CancellationToken::new(),
            reason: Arc::new(OnceLock::new()),
        }
    }

    pub(super) fn stop(&self, reason: StopReason) {
        let _ = self.reason.set(reason);
        self.cancel.cancel();
    }
}

pub(super) struct Shared {
    pub(super) cfg: WorkerConfig,
    pub(super) client: Client,
    pub(super) executor: Arc<dyn Executor>,
    pub(super) outbox: Outbox,
    pub(super) running: Mutex<HashMap<String, Running>>,
    /// Task ids with a result in the outbox: still reported in heartbeats
    /// so their leases stay alive until delivery.
    pub(super) undelivered: Mutex<HashSet<String>>,
    pub(super) outbox_ready: Notify,
    /// Told when heartbeats reach the hub again after failing, so a claim
    /// loop backing off comes back at once instead of after its backoff.
    pub(super) hub_back: Notify,
    pub(super) claiming: AtomicBool,
    pub(super) stats: Stats,
    pub(super) heartbeat_every: Mutex<Duration>,
    /// The hub takes `Heartbeat::lists_all_held` (from its registration
    /// answer; an older hub refuses the field).
    pub(super) hub_takes_held_list: AtomicBool,
    pub(super) register_lock: tokio::sync::Mutex<u64>,
    pub(super) register_generation: AtomicU64,
}

impl Shared {
    pub(super) fn new(
        cfg: WorkerConfig,
        client: Client,
        executor: Arc<dyn Executor>,
        outbox: Outbox,
    ) -> Shared {
        Shared {
            cfg,
            client,
            executor,
            outbox,
            running: Mutex::new(HashMap::new()),
            undelivered: Mutex::new(HashSet::new()),
            outbox_ready: Notify::new(),
            hub_back: Notify::new(),
            claiming: AtomicBool::new(false),
            stats: Stats::default(),
            heartbeat_every: Mutex::new(Duration::from_secs(5)),
            hub_takes_held_list: AtomicBool::new(false),
            register_lock: tokio::sync::Mutex::new(0),
            register_generation: AtomicU64::new(0),
        }
    }

    pub(super) fn agent(&self) -> &str {
        &self.cfg.agent_id
    }

    pub(super) fn running_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = locked(&self.running).keys().cloned().collect();
        for id in locked(&self.undelivered).iter() {
            if !ids.contains(id) {
                ids.push(id.clone());
            }
        }
        ids.sort();
        ids
    }

    pub(super) fn stop_task(&self, task_id: &str, reason: StopReason) -> bool {
        let entry = locked(&self.running).get(task_id).cloned();
        match entry {
            Some(r) => {
                r.stop(reason);
                true
            }
            None => false,
        }
    }
}
