//! Each loop of the bridge runs under a supervisor (ARCHITECTURE.md, "Supervision and the durable queues"): when it
//! fails or panics it is started again after a pause, up to a budget; a
//! loop that keeps failing ends the process with an error so that launchd
//! (or systemd) starts a fresh one.

use std::future::Future;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::BridgeError;

#[derive(Debug, Clone, Copy)]
pub struct Restart {
    /// Pause before a restart (seed: 5 s).
    pub delay: Duration,
    /// Restarts allowed before giving up (seed: 10).
    pub max: u32,
}

impl Default for Restart {
    fn default() -> Self {
        Restart {
            delay: Duration::from_secs(5),
            max: 10,
        }
    }
}

/// Run `make()`'s loop until `shutdown`; restart it when it stops early.
pub async fn supervise<F, Fut>(
    name: &'static str,
    policy: Restart,
    shutdown: CancellationToken,
    mut make: F,
) -> Result<(), BridgeError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<(), BridgeError>> + Send + 'static,
{
    let mut restarts = 0u32;
    loop {
        let why = match tokio::spawn(make()).await {
            Ok(Ok(())) if shutdown.is_cancelled() => return Ok(()),
            // The hub refuses the token: restarting would be refused too.
            Ok(Err(e @ BridgeError::Auth(_))) => {
                tracing::error!(task = name, error = %e, "the hub no longer accepts this bridge's token; stopping");
                return Err(e);
            }
            Ok(Ok(())) => "stopped without being asked to".to_string(),
            Ok(Err(e)) => e.to_string(),
            Err(join) if join.is_panic() => "panicked".to_string(),
            Err(join) => join.to_string(),
        };
        if shutdown.is_cancelled() {
            return Ok(());
        }
        if restarts >= policy.max {
            tracing::error!(task = name, restarts, error = %why, "giving up on this loop");
            return Err(BridgeError::GaveUp {
                task: name,
                restarts,
                last: why,
            });
        }
        restarts += 1;
        tracing::warn!(
            task = name,
            restart = restarts,
            of = policy.max,
            in_ms = m3shd_common::duration::millis(policy.delay),
            error = %why,
            "loop failed; restarting"
        );
        tokio::select! {
            _ = shutdown.cancelled() => return Ok(()),
            _ = tokio::time::sleep(policy.delay) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU32, Ordering};

    fn fast(max: u32) -> Restart {
        Restart {
            delay: Duration::from_millis(1),
            max,
        }
    }

    #[tokio::test]
    async fn a_refused_token_stops_the_loop_without_restarts() {
        let runs = Arc::new(AtomicU32::new(0));
        let r = runs.clone();
        let result = supervise("test", fast(10), CancellationToken::new(), move || {
            r.fetch_add(1, Ordering::SeqCst);
            async { Err(BridgeError::Auth("revoked".into())) }
        })
        .await;
        assert!(matches!(result, Err(BridgeError::Auth(_))), "{result:?}");
        assert_eq!(runs.load(Ordering::SeqCst), 1, "no restart");
    }

    #[tokio::test]
    async fn a_failing_loop_is_restarted_until_it_holds() {
        let runs = Arc::new(AtomicU32::new(0));
        let stop = CancellationToken::new();
        let (r, s) = (runs.clone(), stop.clone());
        let result = supervise("test", fast(10), stop.clone(), move || {
            let (r, s) = (r.clone(), s.clone());
            async move {
                let n = r.fetch_add(1, Ordering::SeqCst) + 1;
                match n {
                    1 => Err(BridgeError::Io("first run fails".into())),
                    2 => panic!("second run panics"),
                    _ => {
                        s.cancel();
                        Ok(())
                    }
                }
            }
        })
        .await;
        assert!(result.is_ok());
        assert_eq!(runs.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn the_restart_budget_is_finite() {
        let runs = Arc::new(AtomicU32::new(0));
        let r = runs.clone();
        let result = supervise("test", fast(3), CancellationToken::new(), move || {
            let r = r.clone();
            async move {
                r.fetch_add(1, Ordering::SeqCst);
                Err(BridgeError::Io("always".into()))
            }
        })
        .await;
        match result {
            Err(BridgeError::GaveUp { restarts, .. }) => assert_eq!(restarts, 3),
            other => panic!("{other:?}"),
        }
        assert_eq!(runs.load(Ordering::SeqCst), 4, "one run and three restarts");
    }
}
