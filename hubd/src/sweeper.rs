//! The sweeper: what the hub does because time passed. Silent agents go
//! offline, lapsed leases go back to the queue, approvals expire, overdue
//! tasks rise in urgency, old events and audit rows are deleted. Every
//! judgment is made by the hub's clock; the loops only pace the work in
//! real time, and a `SweepTrigger` runs a pass on demand.

use std::sync::Arc;
use std::time::Duration;

use m3shd_hub_core::domain::{EventRetention, Hub};
use tokio::sync::{Notify, watch};
use tokio_util::sync::CancellationToken;

/// How often the sweeper deletes audit rows past their retention (at
/// start, then this often: rows expire by the day, so more often would only
/// add writes).
const AUDIT_PRUNE_EVERY: Duration = Duration::from_secs(10 * 60);

/// What the sweeper deletes for age or volume.
pub struct Retention {
    pub audit: Option<Duration>,
    pub events: EventRetention,
    /// How often the event log is trimmed (at start, then this often).
    pub events_every: Duration,
}

/// Runs every sweep once, now, and waits for it: with a clock that moves
/// only when told to (tests), what the sweeps judge changes only when the
/// clock is moved, so a test moves it and then asks for a pass.
#[derive(Clone, Default)]
pub struct SweepTrigger {
    inner: Arc<Trigger>,
}

#[derive(Default)]
struct Trigger {
    wake: Notify,
    /// On-demand passes started and finished, in order.
    passes: watch::Sender<(u64, u64)>,
}

impl SweepTrigger {
    /// Run a full pass (liveness and leases, approvals, retention,
    /// deadlines, due schedules, maintenance work) that starts after this call, and return
    /// once it is done.
    /// Only a serving hub runs it.
    pub async fn run_now(&self) {
        let mut passes = self.inner.passes.subscribe();
        let next = passes.borrow().0 + 1;
        self.inner.wake.notify_one();
        // The sender lives as long as `self`: this cannot fail.
        let _ = passes.wait_for(|&(_, finished)| finished >= next).await;
    }
}

pub async fn sweep_loop(
    hub: Arc<Hub>,
    every: Duration,
    keep: Retention,
    trigger: SweepTrigger,
    stop: CancellationToken,
) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut last_prune: Option<tokio::time::Instant> = None;
    let mut last_event_prune: Option<tokio::time::Instant> = None;
    loop {
        let on_demand = tokio::select! {
            _ = stop.cancelled() => return,
            _ = tick.tick() => false,
            _ = trigger.inner.wake.notified() => true,
        };
        if on_demand {
            trigger.inner.passes.send_modify(|p| p.0 += 1);
        }
        sweep(&hub).await;
        if on_demand || last_event_prune.is_none_or(|t| t.elapsed() >= keep.events_every) {
            last_event_prune = Some(tokio::time::Instant::now());
            prune_events(&hub, keep.events).await;
        }
        if let Some(age) = keep.audit
            && (on_demand || last_prune.is_none_or(|t| t.elapsed() >= AUDIT_PRUNE_EVERY))
        {
            last_prune = Some(tokio::time::Instant::now());
            prune_audit(&hub, age).await;
        }
        if on_demand {
            deadlines(&hub).await;
            crate::scheduler::fire_due(&hub).await;
            crate::maintenance::pass(&hub).await;
            trigger.inner.passes.send_modify(|p| p.1 += 1);
        }
    }
}

/// Liveness, leases and circuits; then approvals past their time.
async fn sweep(hub: &Hub) {
    match hub.sweep().await {
        Ok(r) if r != Default::default() => tracing::info!(
            agents_offline = r.agents_offline,
            leases_requeued = r.leases_requeued,
            tasks_failed = r.tasks_failed,
            circuits_half_open = r.circuits_half_open,
            "sweep"
        ),
        Ok(_) => {}
        Err(e) => tracing::error!(error = %e, "sweep failed"),
    }
    if let Err(e) = hub.expire_approvals().await {
        tracing::error!(error = %e, "approval expiry failed");
    }
}

async fn prune_events(hub: &Hub, keep: EventRetention) {
    match hub.prune_events(keep).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(events = n, "event log: old events deleted"),
        Err(e) => tracing::error!(error = %e, "event retention sweep failed"),
    }
}

async fn prune_audit(hub: &Hub, age: Duration) {
    match hub.prune_audit(age).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(rows = n, "audit log: old rows deleted"),
        Err(e) => tracing::error!(error = %e, "audit retention sweep failed"),
    }
}

async fn deadlines(hub: &Hub) {
    match hub.deadline_pass().await {
        Ok(0) => {}
        Ok(n) => tracing::info!(tasks = n, "deadlines: urgency raised"),
        Err(e) => tracing::error!(error = %e, "deadline pass failed"),
    }
}

/// Raise the urgency of overdue tasks every `every` (60 s in production).
pub async fn deadline_loop(hub: Arc<Hub>, every: Duration, stop: CancellationToken) {
    let hub = &hub;
    crate::periodic::every(every, stop, move || deadlines(hub)).await;
}
