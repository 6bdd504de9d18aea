//! Login throttling (seed 002 §03): 5 failed logins in 5 minutes from one
//! client IP and the next attempt is refused with 429 before the password
//! is even looked at — the right password included.
//!
//! A success does not clear the count: a guesser who knows one account's
//! password must not be able to reset the window for the others. Each
//! attempt holds a slot while its password is checked, so a burst of
//! parallel guesses cannot all slip past the limit.
//!
//! Behind a reverse proxy every client has the proxy's address and shares
//! one window; the hub does not trust X-Forwarded-For (anyone can send it).

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const MAX_FAILURES: usize = 5;
pub const WINDOW: Duration = Duration::from_secs(5 * 60);
/// Past this many tracked addresses, stale ones are swept on insert.
const SWEEP_AT: usize = 4096;

/// One attempt's hold on a slot in its address's window.
#[must_use = "settle the attempt with failed() or succeeded()"]
pub struct Attempt {
    ip: IpAddr,
    at: Instant,
}

#[derive(Default)]
pub struct LoginLimiter {
    failures: Mutex<HashMap<IpAddr, VecDeque<Instant>>>,
}

impl LoginLimiter {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<IpAddr, VecDeque<Instant>>> {
        self.failures.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Take a slot for an attempt from `ip`, or say how long until one frees.
    pub fn begin(&self, ip: IpAddr, now: Instant) -> Result<Attempt, Duration> {
        let mut map = self.lock();
        if map.len() >= SWEEP_AT {
            map.retain(|_, q| q.back().is_some_and(|t| now.duration_since(*t) < WINDOW));
        }
        let q = map.entry(ip).or_default();
        while q.front().is_some_and(|t| now.duration_since(*t) >= WINDOW) {
            q.pop_front();
        }
        if q.len() >= MAX_FAILURES {
            let oldest = q.front().copied().unwrap_or(now);
            return Err(WINDOW.saturating_sub(now.duration_since(oldest)));
        }
        q.push_back(now);
        Ok(Attempt { ip, at: now })
    }

    /// The attempt failed: its slot stays taken for the window.
    pub fn failed(&self, attempt: Attempt) {
        drop(attempt);
    }

    /// The attempt succeeded (or never checked a password): free its slot.
    pub fn succeeded(&self, attempt: Attempt) {
        let mut map = self.lock();
        if let Some(q) = map.get_mut(&attempt.ip) {
            if let Some(pos) = q.iter().rposition(|t| *t == attempt.at) {
                q.remove(pos);
            }
            if q.is_empty() {
                map.remove(&attempt.ip);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_lock_an_address_out_for_the_window_and_others_not() {
        let l = LoginLimiter::default();
        let a: IpAddr = "127.0.0.1".parse().unwrap();
        let b: IpAddr = "127.0.0.2".parse().unwrap();
        let t0 = Instant::now();
        for i in 0..5 {
            let at = l.begin(a, t0 + Duration::from_secs(i)).expect("allowed");
            l.failed(at);
        }
        let wait = l
            .begin(a, t0 + Duration::from_secs(10))
            .err()
            .expect("refused");
        assert_eq!(wait, WINDOW - Duration::from_secs(10));
        // Another address is not affected, and its success clears nothing of a's.
        let ok = l.begin(b, t0).expect("b allowed");
        l.succeeded(ok);
        assert!(l.begin(a, t0 + Duration::from_secs(11)).is_err());
        // After the window the oldest failure no longer counts.
        let later = t0 + WINDOW + Duration::from_secs(1);
        assert!(l.begin(a, later).is_ok());
    }

    #[test]
    fn parallel_attempts_hold_slots_until_settled() {
        let l = LoginLimiter::default();
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let t = Instant::now();
        let held: Vec<Attempt> = (0..5).map(|_| l.begin(a, t).expect("slot")).collect();
        assert!(l.begin(a, t).is_err(), "a sixth in flight is refused");
        for h in held {
            l.succeeded(h);
        }
        assert!(l.begin(a, t).is_ok());
    }
}
