//! Maintenance work for idle agents the operator opted in: handed out, and
//! given way to real work, every sweep interval by the hub's clock
//! (ARCHITECTURE.md, "Maintenance"). A `SweepTrigger` pass runs it too.

use std::sync::Arc;
use std::time::Duration;

use m3shd_hub_core::domain::Hub;
use tokio_util::sync::CancellationToken;

pub async fn pass(hub: &Hub) {
    match hub.maintenance_pass().await {
        Ok(r) if r != Default::default() => tracing::info!(
            created = r.created,
            preempted = r.preempted,
            "maintenance tasks"
        ),
        Ok(_) => {}
        Err(e) => tracing::error!(error = %e, "maintenance pass failed"),
    }
}

pub async fn maintenance_loop(hub: Arc<Hub>, every: Duration, stop: CancellationToken) {
    let hub = &hub;
    crate::periodic::every(every, stop, move || pass(hub)).await;
}
