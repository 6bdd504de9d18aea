//! How much of the event log the hub keeps: events past an age and all but
//! the newest so many are deleted, oldest first, in small batches. A client
//! that asks to replay from before the oldest event kept is told to reload
//! (the stream's `reset`), so deleting never leaves a silent gap.

use std::fmt;
use std::time::Duration;

use super::{DomainError, Hub};

/// Events deleted per write (one pass never holds the writer for long).
const PRUNE_CHUNK: i64 = 5_000;

/// `--event-retention`: an age, a count, both (whichever deletes more), or
/// neither (keep every event).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventRetention {
    pub max_age: Option<Duration>,
    pub max_events: Option<u64>,
}

impl EventRetention {
    /// Keep every event.
    pub const FOREVER: EventRetention = EventRetention {
        max_age: None,
        max_events: None,
    };

    pub fn is_forever(&self) -> bool {
        *self == Self::FOREVER
    }

    /// `30d`, `100000`, `30d,100000`, or `off` (also `0`).
    pub fn parse(s: &str) -> Result<EventRetention, String> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("off") || t == "0" {
            return Ok(Self::FOREVER);
        }
        let mut r = Self::FOREVER;
        for part in t.split(',').map(str::trim) {
            let split = part
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(part.len());
            let (num, unit) = part.split_at(split);
            let n: u64 = num.parse().map_err(|_| {
                format!("`{part}` is neither an age like 7d nor a number of events like 100000")
            })?;
            if n == 0 {
                return Err(format!("`{part}`: use `off` to keep every event"));
            }
            if unit.is_empty() {
                if r.max_events.replace(n).is_some() {
                    return Err(format!("`{s}` names two counts"));
                }
                continue;
            }
            let Some(secs) = m3shd_common::duration::unit_seconds(unit) else {
                return Err(format!(
                    "unknown unit `{unit}` in `{part}` (use s, m, h or d)"
                ));
            };
            let age = Duration::from_secs(n.saturating_mul(secs));
            if r.max_age.replace(age).is_some() {
                return Err(format!("`{s}` names two ages"));
            }
        }
        Ok(r)
    }
}

impl Default for EventRetention {
    /// A month, and at most 100,000 events.
    fn default() -> Self {
        EventRetention {
            max_age: Some(Duration::from_secs(30 * 86_400)),
            max_events: Some(100_000),
        }
    }
}

/// The largest unit that shows `d` exactly.
fn age_text(d: Duration) -> String {
    let s = d.as_secs();
    for (unit, secs) in [("d", 86_400), ("h", 3600), ("m", 60)] {
        if s.is_multiple_of(secs) {
            return format!("{}{unit}", s / secs);
        }
    }
    format!("{s}s")
}

impl fmt::Display for EventRetention {
    /// The form `parse` reads back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.max_age, self.max_events) {
            (None, None) => f.write_str("off"),
            (Some(a), None) => f.write_str(&age_text(a)),
            (None, Some(n)) => write!(f, "{n}"),
            (Some(a), Some(n)) => write!(f, "{},{n}", age_text(a)),
        }
    }
}

/// One page of the stored log, read in one snapshot with where the log
/// starts and ends, so a reader can tell a gap from the end.
#[derive(Debug, Clone, Default)]
pub struct EventPage {
    /// Every event from this id on is still stored.
    pub oldest_kept: i64,
    /// The newest event id.
    pub head: i64,
    pub events: Vec<m3shd_api::EventRecord>,
}

impl Hub {
    /// Delete the events `retention` no longer keeps as of `now`; returns
    /// how many went.
    pub async fn prune_events(&self, retention: EventRetention) -> Result<usize, DomainError> {
        if retention.is_forever() {
            return Ok(0);
        }
        let now = self.now();
        let older_than = retention.max_age.map(|a| super::shift(now, a, false));
        let keep = retention
            .max_events
            .map(|n| i64::try_from(n).unwrap_or(i64::MAX));
        // Found on a snapshot: the walk over old rows never holds the writer.
        // (The store's prune keeps the newest event whatever the bound.)
        let bound = self.read(|r| Ok(r.events().retention_bound(older_than, keep)?))?;
        self.delete_in_chunks(PRUNE_CHUNK, move |tx, chunk| {
            tx.events().prune(bound, chunk)
        })
        .await
    }

    /// One page of stored events after `after` (for SSE replay), unfiltered
    /// by type so the caller can track ids it has seen.
    pub fn event_page(
        &self,
        after: i64,
        task: Option<&str>,
        limit: i64,
    ) -> Result<EventPage, DomainError> {
        self.read(|r| {
            Ok(EventPage {
                oldest_kept: r.events().oldest_id()?,
                head: r.events().last_id()?,
                events: r.events().after(after, task, limit)?,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retention_reads_ages_counts_both_and_off() {
        let day = Duration::from_secs(86_400);
        let p = |s: &str| EventRetention::parse(s);
        assert_eq!(p("7d").unwrap().max_age, Some(7 * day));
        assert_eq!(p("7d").unwrap().max_events, None);
        assert_eq!(p("100000").unwrap().max_events, Some(100_000));
        let both = p(" 12h , 5000 ").unwrap();
        assert_eq!(both.max_age, Some(Duration::from_secs(12 * 3600)));
        assert_eq!(both.max_events, Some(5000));
        assert!(p("off").unwrap().is_forever());
        assert!(p("0").unwrap().is_forever());
        for bad in ["", "7w", "x", "7d,8d", "5,6", "0d", "-3", "7d,"] {
            assert!(p(bad).is_err(), "{bad} accepted");
        }
        for text in ["off", "7d", "90m", "45s", "100000", "30d,100000"] {
            assert_eq!(p(text).unwrap().to_string(), text);
        }
        assert_eq!(EventRetention::default().to_string(), "30d,100000");
    }
}
