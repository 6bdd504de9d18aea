//! `M3SHD_TEST_CLOCK_OFFSET=SECONDS`: for end-to-end tests only. The hub's
//! clock then runs that many seconds ahead of (or, negative, behind) the
//! wall clock, so a test of the real binary can put a due time a moment
//! away, or restart the hub days later, without waiting for it. It moves
//! everything the hub judges by time (leases, sessions, schedules), so the
//! hub says loudly that it is set; never set it on a real hub.

use std::sync::Arc;

use m3shd_api::Timestamp;
use m3shd_hub_core::domain::{Clock, SystemClock};

use crate::error::HubError;

pub const TEST_CLOCK_OFFSET_ENV: &str = "M3SHD_TEST_CLOCK_OFFSET";

/// The wall clock moved by a fixed number of seconds.
#[derive(Debug, Clone, Copy)]
pub struct OffsetClock {
    offset: chrono::TimeDelta,
}

impl Clock for OffsetClock {
    fn now(&self) -> Timestamp {
        let now = SystemClock.now();
        now.checked_add_signed(self.offset).unwrap_or(now)
    }
}

/// The clock the environment asks for, if it asks for one.
pub fn from_env() -> Result<Option<Arc<dyn Clock>>, HubError> {
    let Ok(raw) = std::env::var(TEST_CLOCK_OFFSET_ENV) else {
        return Ok(None);
    };
    let offset = raw
        .trim()
        .parse::<i64>()
        .ok()
        .and_then(chrono::TimeDelta::try_seconds)
        .ok_or_else(|| {
            HubError::Config(format!(
                "{TEST_CLOCK_OFFSET_ENV}={raw:?} is not a whole number of seconds"
            ))
        })?;
    tracing::warn!(
        offset_secs = offset.num_seconds(),
        "{TEST_CLOCK_OFFSET_ENV} is set: the hub's clock is moved off the wall clock (for tests only)"
    );
    Ok(Some(Arc::new(OffsetClock { offset })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_offset_moves_the_wall_clock() {
        let clock = OffsetClock {
            offset: chrono::TimeDelta::seconds(86_400),
        };
        let ahead = clock.now().signed_duration_since(SystemClock.now());
        assert!((86_399..=86_400).contains(&ahead.num_seconds()), "{ahead}");
    }
}
