//! Slow background upkeep: API-key usage written from memory, and sessions
//! that ended long ago deleted. (The nightly memory consolidation is a
//! schedule, `memory-consolidation`, that the operator sees and can change.)

use std::sync::Arc;
use std::time::Duration;

use m3shd_hub_core::domain::Hub;
use tokio_util::sync::CancellationToken;

/// How often sessions that ended long ago are deleted.
const SESSION_PURGE_INTERVAL: Duration = Duration::from_secs(300);

/// Write API-key usage every `every`; now and then delete dead sessions.
pub async fn credentials_loop(hub: Arc<Hub>, every: Duration, stop: CancellationToken) {
    let every = every.max(Duration::from_millis(10));
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut last_purge = tokio::time::Instant::now();
    loop {
        tokio::select! {
            _ = stop.cancelled() => return,
            _ = tick.tick() => {}
        }
        if let Err(e) = hub.flush_key_usage().await {
            tracing::error!(error = %e, "cannot write API key usage");
        }
        if last_purge.elapsed() >= SESSION_PURGE_INTERVAL {
            last_purge = tokio::time::Instant::now();
            match hub.purge_sessions().await {
                Ok(0) => {}
                Ok(n) => tracing::info!(sessions = n, "ended sessions purged"),
                Err(e) => tracing::error!(error = %e, "session purge failed"),
            }
        }
    }
}
