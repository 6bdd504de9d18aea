//! Login throttling (ARCHITECTURE.md, "Security model"), three windows deep. A failed login
//! counts against its (address, user name) pair, its address and the whole
//! hub; once any of them is full, the next attempt is refused with 429
//! before a password is even looked at — the right password included.
//!
//! - 5 failures in 5 minutes for one user name from one address: a typo
//!   locks out that name from that address, not everyone on 127.0.0.1.
//! - 20 in 5 minutes from one address, whatever the names: guessing
//!   across accounts is bounded too.
//! - 100 in a minute across the hub: many addresses at once (a botnet, or
//!   IPv6) cannot make it hash passwords without end.
//!
//! A success clears its (address, user name) window only: a guesser who
//! knows one account's password cannot reset the windows of others. Each
//! attempt holds a slot in all three windows while its password is checked,
//! so a burst of parallel guesses cannot slip past. Time is the hub's clock.

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Duration;

use m3shd_api::Timestamp;

/// At most `failures` in any `window`.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub failures: usize,
    pub window: Duration,
}

pub const PER_USER: Limit = Limit {
    failures: 5,
    window: Duration::from_secs(5 * 60),
};
pub const PER_ADDRESS: Limit = Limit {
    failures: 20,
    window: Duration::from_secs(5 * 60),
};
pub const HUB_WIDE: Limit = Limit {
    failures: 100,
    window: Duration::from_secs(60),
};
/// Past this many tracked keys, stale ones are swept on insert.
const SWEEP_AT: usize = 4096;

/// Which window refused an attempt, and how long until it has room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    User(Duration),
    Address(Duration),
    HubWide(Duration),
}

impl Refusal {
    pub fn retry_after(self) -> Duration {
        match self {
            Refusal::User(d) | Refusal::Address(d) | Refusal::HubWide(d) => d,
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            Refusal::User(_) => {
                "too many failed logins for this user from this address; try again later"
            }
            Refusal::Address(_) => "too many failed logins from this address; try again later",
            Refusal::HubWide(_) => "too many failed logins on this hub right now; try again later",
        }
    }
}

fn age(now: Timestamp, then: Timestamp) -> Duration {
    (now - then).to_std().unwrap_or_default()
}

/// Failure times per key, oldest first.
struct Windows<K> {
    limit: Limit,
    map: HashMap<K, VecDeque<Timestamp>>,
}

impl<K: Hash + Eq + Clone> Windows<K> {
    fn new(limit: Limit) -> Self {
        Windows {
            limit,
            map: HashMap::new(),
        }
    }

    /// How long until `key` has room, or `None` when it has room now.
    fn full(&mut self, key: &K, now: Timestamp) -> Option<Duration> {
        let window = self.limit.window;
        if self.map.len() >= SWEEP_AT {
            self.map
                .retain(|_, q| q.back().is_some_and(|t| age(now, *t) < window));
        }
        let q = self.map.get_mut(key)?;
        while q.front().is_some_and(|t| age(now, *t) >= window) {
            q.pop_front();
        }
        let oldest = *q.front()?;
        (q.len() >= self.limit.failures).then(|| window.saturating_sub(age(now, oldest)))
    }

    fn push(&mut self, key: K, at: Timestamp) {
        self.map.entry(key).or_default().push_back(at);
    }

    /// Give back one slot taken at `at`.
    fn release(&mut self, key: &K, at: Timestamp) {
        if let Some(q) = self.map.get_mut(key) {
            if let Some(pos) = q.iter().rposition(|t| *t == at) {
                q.remove(pos);
            }
            if q.is_empty() {
                self.map.remove(key);
            }
        }
    }

    fn clear(&mut self, key: &K) {
        self.map.remove(key);
    }
}

struct State {
    user: Windows<(IpAddr, String)>,
    address: Windows<IpAddr>,
    hub: Windows<()>,
}

/// One attempt's hold on a slot in each of its windows.
#[must_use = "settle the attempt with failed(), succeeded() or abandoned()"]
pub struct Attempt {
    ip: IpAddr,
    user: String,
    at: Timestamp,
}

pub struct LoginLimiter {
    state: Mutex<State>,
}

impl Default for LoginLimiter {
    fn default() -> Self {
        LoginLimiter::new(PER_USER, PER_ADDRESS, HUB_WIDE)
    }
}

impl LoginLimiter {
    pub fn new(per_user: Limit, per_address: Limit, hub_wide: Limit) -> LoginLimiter {
        LoginLimiter {
            state: Mutex::new(State {
                user: Windows::new(per_user),
                address: Windows::new(per_address),
                hub: Windows::new(hub_wide),
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // Plain counters: a poisoned lock still holds usable ones.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Take a slot for a login as `user` from `ip`, or say which window is
    /// full and for how long. Names that are not valid user names share one
    /// window per address (they match no account, and cannot grow the map).
    pub fn begin(&self, ip: IpAddr, user: &str, now: Timestamp) -> Result<Attempt, Refusal> {
        let user = if m3shd_api::check_username(user).is_ok() {
            user.to_string()
        } else {
            String::new()
        };
        let mut s = self.lock();
        let pair = (ip, user);
        if let Some(wait) = s.user.full(&pair, now) {
            return Err(Refusal::User(wait));
        }
        if let Some(wait) = s.address.full(&ip, now) {
            return Err(Refusal::Address(wait));
        }
        if let Some(wait) = s.hub.full(&(), now) {
            return Err(Refusal::HubWide(wait));
        }
        s.user.push(pair.clone(), now);
        s.address.push(ip, now);
        s.hub.push((), now);
        Ok(Attempt {
            ip,
            user: pair.1,
            at: now,
        })
    }

    /// The password was wrong: the attempt's slots stay taken.
    pub fn failed(&self, attempt: Attempt) {
        drop(attempt);
    }

    /// The login succeeded: its slots are freed and this user's failures
    /// from this address are forgotten.
    pub fn succeeded(&self, attempt: Attempt) {
        let mut s = self.lock();
        s.user.clear(&(attempt.ip, attempt.user));
        s.address.release(&attempt.ip, attempt.at);
        s.hub.release(&(), attempt.at);
    }

    /// A failed login another hub sharing the database saw: it counts in
    /// this hub's windows as well (no slot was held here for it).
    pub fn absorb(&self, ip: IpAddr, user: &str, at: Timestamp) {
        let user = if m3shd_api::check_username(user).is_ok() {
            user.to_string()
        } else {
            String::new()
        };
        let mut s = self.lock();
        s.user.push((ip, user), at);
        s.address.push(ip, at);
        s.hub.push((), at);
    }

    /// No password was judged (the hub was busy or failed): free the slots.
    pub fn abandoned(&self, attempt: Attempt) {
        let mut s = self.lock();
        s.user.release(&(attempt.ip, attempt.user), attempt.at);
        s.address.release(&attempt.ip, attempt.at);
        s.hub.release(&(), attempt.at);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: i64) -> Timestamp {
        chrono::DateTime::from_timestamp(1_800_000_000 + secs, 0).unwrap()
    }

    #[test]
    fn failures_seen_by_another_hub_fill_the_windows_here() {
        let l = LoginLimiter::default();
        for _ in 0..PER_USER.failures {
            l.absorb(ip("10.0.0.1"), "ada", at(0));
        }
        assert!(matches!(
            l.begin(ip("10.0.0.1"), "ada", at(1)),
            Err(Refusal::User(_))
        ));
        assert!(l.begin(ip("10.0.0.1"), "bob", at(1)).is_ok());
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn fail(l: &LoginLimiter, from: &str, user: &str, t: i64) -> Result<(), Refusal> {
        l.begin(ip(from), user, at(t)).map(|a| l.failed(a))
    }

    #[test]
    fn five_failures_lock_out_one_name_from_one_address_for_the_window() {
        let l = LoginLimiter::default();
        for i in 0..5 {
            fail(&l, "127.0.0.1", "bob", i).expect("allowed");
        }
        let refused = l
            .begin(ip("127.0.0.1"), "bob", at(10))
            .err()
            .expect("refused");
        assert_eq!(
            refused,
            Refusal::User(PER_USER.window - Duration::from_secs(10))
        );
        // Another name from the same address, and the name from elsewhere, go on.
        let ok = l
            .begin(ip("127.0.0.1"), "root", at(10))
            .expect("root allowed");
        l.succeeded(ok);
        let ok = l
            .begin(ip("127.0.0.2"), "bob", at(10))
            .expect("bob elsewhere");
        l.succeeded(ok);
        assert!(
            l.begin(ip("127.0.0.1"), "bob", at(11)).is_err(),
            "still locked"
        );
        // After the window the oldest failure no longer counts.
        assert!(l.begin(ip("127.0.0.1"), "bob", at(301)).is_ok());
    }

    #[test]
    fn a_success_clears_that_users_failures_only() {
        let l = LoginLimiter::default();
        for i in 0..4 {
            fail(&l, "127.0.0.1", "bob", i).unwrap();
            fail(&l, "127.0.0.1", "carol", i).unwrap();
        }
        let ok = l.begin(ip("127.0.0.1"), "bob", at(5)).unwrap();
        l.succeeded(ok);
        for i in 0..4 {
            fail(&l, "127.0.0.1", "bob", 6 + i).expect("bob starts over");
        }
        fail(&l, "127.0.0.1", "carol", 6).expect("carol's fifth");
        assert!(matches!(
            fail(&l, "127.0.0.1", "carol", 7),
            Err(Refusal::User(_))
        ));
    }

    #[test]
    fn an_address_guessing_across_names_hits_its_ceiling() {
        let l = LoginLimiter::default();
        for i in 0..PER_ADDRESS.failures {
            fail(&l, "10.0.0.1", &format!("user{i}"), 0).expect("under the ceiling");
        }
        assert!(matches!(
            l.begin(ip("10.0.0.1"), "fresh", at(1)),
            Err(Refusal::Address(_))
        ));
        assert!(l.begin(ip("10.0.0.2"), "fresh", at(1)).is_ok());
    }

    #[test]
    fn many_addresses_hit_the_hub_wide_rate() {
        let l = LoginLimiter::default();
        for i in 0..HUB_WIDE.failures {
            fail(&l, &format!("10.1.{}.{}", i / 200, i % 200 + 1), "root", 0).expect("under");
        }
        let refused = l
            .begin(ip("192.168.1.9"), "root", at(30))
            .err()
            .expect("refused");
        assert_eq!(refused, Refusal::HubWide(Duration::from_secs(30)));
        assert!(l.begin(ip("192.168.1.9"), "root", at(60)).is_ok());
    }

    #[test]
    fn parallel_attempts_hold_slots_until_settled() {
        let l = LoginLimiter::default();
        let a = ip("10.0.0.1");
        let held: Vec<Attempt> = (0..5)
            .map(|_| l.begin(a, "bob", at(0)).expect("slot"))
            .collect();
        assert!(
            l.begin(a, "bob", at(0)).is_err(),
            "a sixth in flight is refused"
        );
        for h in held {
            l.abandoned(h);
        }
        assert!(l.begin(a, "bob", at(0)).is_ok());
    }

    #[test]
    fn junk_names_share_one_window() {
        let l = LoginLimiter::default();
        for i in 0..5 {
            fail(&l, "10.0.0.1", &format!("NOT A NAME {i}"), 0).unwrap();
        }
        assert!(matches!(
            l.begin(ip("10.0.0.1"), "ALSO NOT", at(1)),
            Err(Refusal::User(_))
        ));
    }
}
