//! Stopping on a signal: a daemon drains on the first SIGINT (Ctrl-C in a
//! terminal) or SIGTERM (a service manager, `kill`).

use std::fmt;

/// The signal that asked the process to stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopSignal {
    Interrupt,
    Terminate,
}

impl StopSignal {
    /// `SIGINT` or `SIGTERM`, as the logs name it.
    pub fn name(self) -> &'static str {
        match self {
            StopSignal::Interrupt => "SIGINT",
            StopSignal::Terminate => "SIGTERM",
        }
    }
}

impl fmt::Display for StopSignal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Resolves on the first SIGINT or SIGTERM. A signal that cannot be
/// watched is logged and left out, so the other one still stops the
/// process.
pub async fn stop_signal() -> StopSignal {
    let interrupt = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::warn!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => StopSignal::Interrupt,
        _ = terminate => StopSignal::Terminate,
    }
}

#[cfg(all(test, unix))]
mod tests {
    use std::time::Duration;

    use super::*;

    #[tokio::test]
    async fn sigterm_is_told_apart_from_ctrl_c() {
        let stop = stop_signal();
        tokio::pin!(stop);
        // One poll installs the handlers; only then may the signal come,
        // or its default action would end the test process.
        assert!(
            tokio::time::timeout(Duration::ZERO, &mut stop)
                .await
                .is_err()
        );
        rustix::process::kill_process(rustix::process::getpid(), rustix::process::Signal::TERM)
            .unwrap();
        let got = tokio::time::timeout(Duration::from_secs(10), stop).await;
        assert_eq!(got.unwrap(), StopSignal::Terminate);
        assert_eq!(StopSignal::Terminate.to_string(), "SIGTERM");
    }
}
