//! Per-key admission for third-party API keys: a per-minute rate limit
//! (governor's GCRA, one limiter per key since each key has its own quota)
//! and a daily cap counted per UTC day.
//!
//! Counting costs no write per request: requests are counted in memory and
//! a background task writes the increments every few seconds and at
//! shutdown. The cap is checked against what was on disk when the key was
//! first seen today plus everything counted since, so a restart does not
//! reset it (at most the increments of the last flush interval are lost if
//! the hub is killed without a shutdown).

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use governor::clock::Clock as _;
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use m3shd_api::Timestamp;

use crate::store::ApiKeyRow;

/// Why a request was refused and when to try again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    RateLimited { retry_after: Duration },
    DailyCap { retry_after: Duration },
}

#[derive(Debug, Clone, Copy)]
struct DayCount {
    /// What the database held for this day when the key was first seen.
    base: u64,
    /// Requests admitted since.
    count: u64,
    /// How many of `count` are written.
    flushed: u64,
    last_used: Timestamp,
}

/// A batch of increments to write: key id, day, requests, last use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Increment {
    pub key_id: String,
    pub day: String,
    pub n: u64,
    pub last_used: Timestamp,
}

#[derive(Default)]
struct State {
    limiters: HashMap<String, (u32, DefaultDirectRateLimiter)>,
    days: HashMap<(String, String), DayCount>,
}

pub struct KeyMeter {
    state: Mutex<State>,
    /// How many hubs share the database (and so each key's rate): each
    /// admits its share of the per-minute rate.
    share: AtomicU32,
}

impl Default for KeyMeter {
    fn default() -> Self {
        KeyMeter {
            state: Mutex::default(),
            share: AtomicU32::new(1),
        }
    }
}

/// `YYYY-MM-DD` (UTC): the unit of a daily cap.
pub fn day_of(t: Timestamp) -> String {
    t.format("%Y-%m-%d").to_string()
}

/// Time left until the next UTC midnight (at least a second).
fn until_midnight(now: Timestamp) -> Duration {
    let next = now
        .date_naive()
        .succ_opt()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc());
    next.and_then(|n| n.signed_duration_since(now).to_std().ok())
        .unwrap_or(Duration::from_secs(1))
        .max(Duration::from_secs(1))
}

impl KeyMeter {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // Counters stay usable after a panic elsewhere; losing them would
        // lift every cap.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Count one request by `key` at `now`, or refuse it. The cap is
    /// checked first so a capped key does not also use up its minute.
    pub fn admit(&self, key: &ApiKeyRow, now: Timestamp) -> Result<(), Refusal> {
        let info = &key.info;
        let day = day_of(now);
        let mut guard = self.lock();
        let State { limiters, days } = &mut *guard;
        let entry = days
            .entry((info.id.clone(), day.clone()))
            .or_insert_with(|| DayCount {
                base: if key.usage_day == day {
                    info.usage_today
                } else {
                    0
                },
                count: 0,
                flushed: 0,
                last_used: now,
            });
        if entry.base + entry.count >= u64::from(info.daily_cap) {
            return Err(Refusal::DailyCap {
                retry_after: until_midnight(now),
            });
        }
        let rate = (info.rate_limit_per_minute / self.share.load(Ordering::Relaxed)).max(1);
        let stale = limiters.get(&info.id).is_none_or(|(r, _)| *r != rate);
        if stale {
            let per_minute = NonZeroU32::new(rate).unwrap_or(NonZeroU32::MIN);
            limiters.insert(
                info.id.clone(),
                (rate, RateLimiter::direct(Quota::per_minute(per_minute))),
            );
        }
        if let Some((_, limiter)) = limiters.get(&info.id)
            && let Err(not_until) = limiter.check()
        {
            let wait = not_until.wait_time_from(limiter.clock().now());
            return Err(Refusal::RateLimited {
                retry_after: wait.max(Duration::from_secs(1)),
            });
        }
        entry.count += 1;
        entry.last_used = entry.last_used.max(now);
        Ok(())
    }

    /// Requests counted but not yet written.
    pub fn unflushed(&self) -> Vec<Increment> {
        let mut out: Vec<Increment> = self
            .lock()
            .days
            .iter()
            .filter(|(_, c)| c.count > c.flushed)
            .map(|((key_id, day), c)| Increment {
                key_id: key_id.clone(),
                day: day.clone(),
                n: c.count - c.flushed,
                last_used: c.last_used,
            })
            .collect();
        // Oldest day first, so a later day's write starts the fresh count.
        out.sort_by(|a, b| (&a.day, &a.key_id).cmp(&(&b.day, &b.key_id)));
        out
    }

    /// Note that `batch` is written; drop the counts of past days that are
    /// fully written.
    pub fn flushed(&self, batch: &[Increment], today: &str) {
        let mut st = self.lock();
        for inc in batch {
            if let Some(c) = st.days.get_mut(&(inc.key_id.clone(), inc.day.clone())) {
                c.flushed += inc.n;
            }
        }
        st.days
            .retain(|(_, day), c| day.as_str() >= today || c.count > c.flushed);
    }

    /// `n` hubs share the database: admit a `1/n` share of each key's
    /// per-minute rate here (at least one request a minute).
    pub fn set_share(&self, n: u32) {
        self.share.store(n.max(1), Ordering::Relaxed);
    }

    /// How many hubs share the rates (see `set_share`).
    pub fn share(&self) -> u32 {
        self.share.load(Ordering::Relaxed)
    }

    /// Take in what the database holds for today after a flush (`stored`):
    /// other hubs sharing it count the same keys, so the cap is checked
    /// against everyone's requests, not only this hub's.
    pub fn rebase(&self, stored: &[ApiKeyRow], today: &str) {
        let mut st = self.lock();
        for row in stored.iter().filter(|r| r.usage_day == today) {
            if let Some(c) = st.days.get_mut(&(row.info.id.clone(), today.to_string())) {
                c.base = row.info.usage_today.saturating_sub(c.flushed);
            }
        }
    }

    /// What a listing shows: today's count and the total including what is
    /// not yet written, and the latest use.
    pub fn usage(&self, key: &ApiKeyRow, now: Timestamp) -> (u64, u64, Option<Timestamp>) {
        let info = &key.info;
        let day = day_of(now);
        let st = self.lock();
        let stored_today = if key.usage_day == day {
            info.usage_today
        } else {
            0
        };
        let mut today = stored_today;
        let mut total = info.usage_total;
        let mut last = info.last_used_at;
        for ((id, d), c) in &st.days {
            if id != &info.id {
                continue;
            }
            total += c.count - c.flushed;
            if *d == day {
                today = c.base + c.count;
            }
            last = Some(last.map_or(c.last_used, |l| l.max(c.last_used)));
        }
        (today, total, last)
    }

    /// A revoked key needs no limiter any more (its unwritten counts stay).
    pub fn forget(&self, key_id: &str) {
        self.lock().limiters.remove(key_id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use m3shd_api::{ApiKeyInfo, PermissionSet};

    fn key(rate: u32, cap: u32, day: &str, today: u64) -> ApiKeyRow {
        let now = chrono::Utc::now();
        ApiKeyRow {
            info: ApiKeyInfo {
                id: "key-1".into(),
                name: "ci".into(),
                role: None,
                permissions: PermissionSet::EMPTY,
                rate_limit_per_minute: rate,
                daily_cap: cap,
                usage_today: today,
                usage_total: today,
                last_used_at: None,
                created_at: now,
                created_by: "operator".into(),
                revoked_at: None,
            },
            usage_day: day.into(),
        }
    }

    fn at(s: &str) -> Timestamp {
        chrono::DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    #[test]
    fn the_minute_limit_refuses_the_request_after_the_burst() {
        let m = KeyMeter::default();
        let k = key(3, 1000, "", 0);
        let now = at("2026-11-27T10:00:00Z");
        for _ in 0..3 {
            assert_eq!(m.admit(&k, now), Ok(()));
        }
        match m.admit(&k, now) {
            Err(Refusal::RateLimited { retry_after }) => {
                assert!(retry_after >= Duration::from_secs(1));
                assert!(retry_after <= Duration::from_secs(20));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn with_two_hubs_each_admits_half_the_rate() {
        let m = KeyMeter::default();
        m.set_share(2);
        let now = at("2026-03-01T10:00:00Z");
        let k = key(4, 100, "2026-03-01", 0);
        m.admit(&k, now).expect("1");
        m.admit(&k, now).expect("2");
        assert!(matches!(m.admit(&k, now), Err(Refusal::RateLimited { .. })));
    }

    #[test]
    fn the_cap_counts_what_other_hubs_wrote_once_flushed() {
        let m = KeyMeter::default();
        let now = at("2026-03-01T10:00:00Z");
        let k = key(100, 10, "2026-03-01", 0);
        for _ in 0..3 {
            m.admit(&k, now).expect("admitted");
        }
        let batch = m.unflushed();
        m.flushed(&batch, "2026-03-01");
        // The database now holds our 3 and another hub's 6.
        m.rebase(&[key(100, 10, "2026-03-01", 9)], "2026-03-01");
        m.admit(&k, now).expect("the 10th");
        assert!(matches!(m.admit(&k, now), Err(Refusal::DailyCap { .. })));
        assert_eq!(m.usage(&key(100, 10, "2026-03-01", 9), now).0, 10);
    }

    #[test]
    fn the_daily_cap_counts_what_was_stored_and_resets_at_midnight() {
        let m = KeyMeter::default();
        let now = at("2026-11-27T23:59:00Z");
        // 3 of 5 used before a restart.
        let k = key(1000, 5, "2026-11-27", 3);
        assert_eq!(m.admit(&k, now), Ok(()));
        assert_eq!(m.admit(&k, now), Ok(()));
        assert_eq!(
            m.admit(&k, now),
            Err(Refusal::DailyCap {
                retry_after: Duration::from_secs(60)
            })
        );
        assert_eq!(m.usage(&k, now).0, 5);
        let batch = m.unflushed();
        assert_eq!(batch.len(), 1);
        assert_eq!(batch[0].n, 2);
        m.flushed(&batch, "2026-11-27");
        assert!(m.unflushed().is_empty());
        // A new UTC day starts from zero.
        let tomorrow = at("2026-11-28T00:00:01Z");
        assert_eq!(m.admit(&k, tomorrow), Ok(()));
        assert_eq!(m.usage(&k, tomorrow).0, 1);
        let batch = m.unflushed();
        assert_eq!(batch[0].day, "2026-11-28");
        m.flushed(&batch, "2026-11-28");
        assert_eq!(
            m.lock().days.len(),
            1,
            "yesterday's written count is dropped"
        );
    }
}
