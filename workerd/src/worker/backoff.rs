//! The worker's retry pacing against the hub: the shared capped exponential
//! backoff, with jitter so workers that lost the hub together do not all
//! come back at the same moment.

use std::time::Duration;

use m3shd_common::backoff::Backoff;

/// First pause after a failure talking to the hub.
pub(super) const MIN_BACKOFF: Duration = Duration::from_millis(250);

pub(super) fn backoff(max: Duration) -> Backoff {
    Backoff::new(MIN_BACKOFF.min(max), max).with_jitter()
}
