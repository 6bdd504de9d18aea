//! The time the hub judges by: leases, deadlines, sessions, API-key days.
//! Injectable so a test can move past an expiry without waiting for it.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use m3shd_api::Timestamp;

pub trait Clock: Send + Sync {
    fn now(&self) -> Timestamp;
}

/// The wall clock, at the resolution the store keeps (whole microseconds),
/// so a value is identical before and after a round trip through the store.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        let micros = chrono::Utc::now().timestamp_micros();
        chrono::DateTime::from_timestamp_micros(micros).unwrap_or_default()
    }
}

/// A clock that moves only when told to (tests).
#[derive(Debug, Clone)]
pub struct ManualClock(Arc<Mutex<Timestamp>>);

impl ManualClock {
    pub fn new(start: Timestamp) -> ManualClock {
        ManualClock(Arc::new(Mutex::new(start)))
    }

    /// Starting at the wall clock's now.
    pub fn starting_now() -> ManualClock {
        ManualClock::new(SystemClock.now())
    }

    pub fn advance(&self, by: Duration) {
        let mut t = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *t = shift(*t, by, true);
    }

    pub fn set(&self, to: Timestamp) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = to;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// `t` moved forward (or back) by `d`, saturating instead of overflowing
/// (chrono's operators panic on overflow; configuration must never crash us).
pub fn shift(t: Timestamp, d: Duration, forward: bool) -> Timestamp {
    let d = chrono::TimeDelta::from_std(d).unwrap_or(chrono::TimeDelta::MAX);
    let moved = if forward {
        t.checked_add_signed(d)
    } else {
        t.checked_sub_signed(d)
    };
    moved.unwrap_or(if forward {
        chrono::DateTime::<chrono::Utc>::MAX_UTC
    } else {
        chrono::DateTime::<chrono::Utc>::MIN_UTC
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_shifts_saturate_instead_of_panicking() {
        let now = chrono::Utc::now();
        let huge = Duration::from_secs(u64::MAX);
        assert_eq!(
            shift(now, huge, true),
            chrono::DateTime::<chrono::Utc>::MAX_UTC
        );
        assert_eq!(
            shift(now, huge, false),
            chrono::DateTime::<chrono::Utc>::MIN_UTC
        );
        let later = shift(now, Duration::from_secs(30), true);
        assert_eq!(later.signed_duration_since(now).num_seconds(), 30);
    }
}
