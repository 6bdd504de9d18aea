//! Registration with the hub, and registering again when the hub has
//! forgotten this agent.

use std::sync::atomic::Ordering;
use std::time::Duration;

use m3shd_api::{RegisterAgent, Registered};
use tokio_util::sync::CancellationToken;
use tracing::{info, warn};

use super::backoff::backoff;
use super::sleep_or_stop;
use super::state::{Shared, locked};
use crate::WorkerError;

impl Shared {
    fn register_request(&self) -> RegisterAgent {
        RegisterAgent {
            name: Some(self.cfg.name.clone()),
            machine: self.cfg.machine.clone(),
            capabilities: self.cfg.capabilities.clone(),
            max_concurrent: i64::from(self.cfg.slots),
        }
    }

    fn adopt_timing(&self, reg: &Registered) {
        let hb = Duration::from_millis(reg.heartbeat_interval_ms.max(1));
        let lease = Duration::from_millis(reg.lease_timeout_ms.max(1));
        // Comfortably inside both the interval the hub asks for and the lease.
        let every = (hb * 3 / 4).min(lease / 3).max(Duration::from_millis(50));
        *locked(&self.heartbeat_every) = every;
        self.hub_takes_held_list
            .store(reg.heartbeat_lists_all_held, Ordering::SeqCst);
    }

    /// Register, retrying with backoff while the hub is unreachable.
    /// `Ok(None)` when `stop` fired first. With `fatal`, a refusal (4xx) is
    /// an error; otherwise it is retried too (the token may be fixed).
    pub(super) async fn register(
        &self,
        stop: &CancellationToken,
        fatal: bool,
    ) -> Result<Option<Registered>, WorkerError> {
        let req = self.register_request();
        let mut backoff = backoff(self.cfg.max_backoff);
        loop {
            let r = tokio::select! {
                r = self.client.register(self.agent(), &req) => r,
                _ = stop.cancelled() => return Ok(None),
            };
            match r {
                Ok(reg) => {
                    self.adopt_timing(&reg);
                    self.register_generation.fetch_add(1, Ordering::SeqCst);
                    info!(
                        agent = %self.agent(),
                        heartbeat_ms = reg.heartbeat_interval_ms,
                        lease_ms = reg.lease_timeout_ms,
                        "registered with the hub"
                    );
                    return Ok(Some(reg));
                }
                Err(e) if fatal && !e.is_transient() => {
                    return Err(WorkerError::Register(e));
                }
                Err(e) => {
                    let d = backoff.next_delay();
                    warn!(error = %e, retry_in_ms = m3shd_common::duration::millis(d), "cannot register with the hub");
                    if !sleep_or_stop(d, stop).await {
                        return Ok(None);
                    }
                }
            }
        }
    }

    /// Register again after the hub forgot this agent. Callers racing each
    /// other register once.
    pub(super) async fn reregister(&self, seen_generation: u64, stop: &CancellationToken) {
        let _guard = self.register_lock.lock().await;
        if self.register_generation.load(Ordering::SeqCst) != seen_generation {
            return;
        }
        warn!("the hub does not know this agent any more: registering again");
        let _ = self.register(stop, false).await;
    }
}
