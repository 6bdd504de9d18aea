//! The demo's rate limit: at most 30 requests in any minute per client
//! address (a sliding window of request times), judged by the hub's clock.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Duration;

use m3shd_api::Timestamp;

pub const PER_MINUTE: usize = 30;
const WINDOW: Duration = Duration::from_secs(60);
/// Addresses remembered at most; past it the idle ones are forgotten.
const MAX_ADDRESSES: usize = 10_000;

#[derive(Default)]
pub struct DemoLimiter {
    seen: Mutex<HashMap<IpAddr, VecDeque<Timestamp>>>,
}

impl DemoLimiter {
    /// Count a request from `ip` at `now`: `Err(retry_after)` once the
    /// address has made [`PER_MINUTE`] in the last minute.
    pub fn check(&self, ip: IpAddr, now: Timestamp) -> Result<(), Duration> {
        let window = chrono::Duration::from_std(WINDOW).unwrap_or_default();
        let cutoff = now - window;
        // Only counts are kept: a poisoned lock still holds usable ones.
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        if seen.len() >= MAX_ADDRESSES {
            seen.retain(|_, times| times.back().is_some_and(|t| *t > cutoff));
        }
        let times = seen.entry(ip).or_default();
        while times.front().is_some_and(|t| *t <= cutoff) {
            times.pop_front();
        }
        if times.len() >= PER_MINUTE {
            let oldest = times.front().copied().unwrap_or(now);
            let wait = (oldest + window - now)
                .to_std()
                .unwrap_or(Duration::from_secs(1));
            return Err(wait);
        }
        times.push_back(now);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_thirty_first_request_in_a_minute_waits_for_the_first_to_age_out() {
        let limiter = DemoLimiter::default();
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        let other: IpAddr = "192.0.2.2".parse().unwrap();
        let t0 = chrono::Utc::now();
        for i in 0..PER_MINUTE {
            let at = t0 + chrono::Duration::seconds(i64::try_from(i).unwrap());
            assert!(limiter.check(ip, at).is_ok(), "request {i}");
        }
        let wait = limiter
            .check(ip, t0 + chrono::Duration::seconds(30))
            .unwrap_err();
        assert_eq!(wait, Duration::from_secs(30));
        assert!(limiter.check(other, t0).is_ok());
        assert!(
            limiter
                .check(ip, t0 + chrono::Duration::seconds(61))
                .is_ok()
        );
    }
}
