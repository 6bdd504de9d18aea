//! The scheduler: fires the schedules that are due by the hub's clock.
//! It looks every sweep interval (a second at most, so a due time fires
//! within about a second of coming), and once right at start, which is
//! when a due time missed while the hub was down fires (once). A
//! `SweepTrigger` pass fires them too, for tests that move the clock.

use std::sync::Arc;
use std::time::Duration;

use m3shd_hub_core::domain::Hub;
use tokio_util::sync::CancellationToken;

/// Create the default schedules the first time a data dir is served.
pub async fn seed_defaults(hub: &Hub) {
    match hub.seed_default_schedules().await {
        Ok(true) => tracing::info!(
            "created the default schedules this data dir did not have yet (of daily-blog, \
             memory-consolidation, agent-evolution); `m3shd schedule list` shows them"
        ),
        Ok(false) => {}
        Err(e) => tracing::error!(error = %e, "cannot create the default schedules"),
    }
}

/// Fire what is due now.
pub async fn fire_due(hub: &Hub) {
    match hub.fire_due_schedules().await {
        Ok(r) if r.fired > 0 => tracing::info!(
            fired = r.fired,
            tasks = r.tasks,
            failed = r.failed,
            "schedules fired"
        ),
        Ok(_) => {}
        Err(e) => tracing::error!(error = %e, "schedule pass failed"),
    }
}

/// Fire due schedules at start, then every `every`.
pub async fn schedule_loop(hub: Arc<Hub>, every: Duration, stop: CancellationToken) {
    let hub = &hub;
    crate::periodic::every(every, stop, move || fire_due(hub)).await;
}
