//! The audit log's rules: what a row holds, how many unauthenticated calls
//! are recorded, which routine worker calls are only counted, how long rows
//! are kept, and who may read them (the route says admin:users).

use std::sync::Mutex;
use std::time::Duration;

use m3shd_api::{
    ANONYMOUS_ACTOR, AuditCount, AuditCountQuery, AuditEntry, AuditQuery, AuditScope, Timestamp,
    WORKER_PROTOCOL_ACTIONS, is_worker_protocol, limits,
};

use super::{DomainError, Hub};
use crate::store::{AuditFilter, AuditRow};

/// Calls without a valid credential recorded per minute at most. Anyone can
/// send those, so without a cap they could fill the disk; past it they are
/// counted in a log line instead.
pub const ANONYMOUS_PER_MINUTE: u32 = 10;

/// Rows deleted per retention statement (one sweep never holds the writer
/// for long).
const PRUNE_CHUNK: i64 = 5_000;

/// The longest target kept (a path is ids and fixed words; anything longer
/// is noise an attacker chose).
const MAX_TARGET_BYTES: usize = 512;

/// One call as the transport saw it.
#[derive(Debug, Clone)]
pub struct AuditRecord {
    pub at: Timestamp,
    /// The caller's label; None when the call had no valid credential.
    pub actor: Option<String>,
    pub action: String,
    pub target: String,
    pub status: u16,
    pub payload_sha256: String,
    /// The agent a worker-protocol call was made for (its path or its
    /// `X-M3shd-Agent`), which its count is kept under.
    pub agent: Option<String>,
}

/// Hours of counts `GET /api/admin/audit/counts` shows by default, and at most.
const DEFAULT_COUNT_HOURS: u32 = 24;
const MAX_COUNT_HOURS: u32 = 90 * 24;

/// The start of `t`'s hour.
fn hour_of(t: Timestamp) -> Timestamp {
    let secs = t.timestamp().div_euclid(3600) * 3600;
    chrono::DateTime::from_timestamp(secs, 0).unwrap_or(t)
}

/// The per-minute budget of unauthenticated rows.
#[derive(Debug, Default)]
pub struct AnonymousCap {
    /// (minute since the epoch, rows recorded in it, rows dropped in it)
    window: Mutex<(i64, u32, u64)>,
}

impl AnonymousCap {
    /// Whether one more unauthenticated row fits in `now`'s minute.
    fn admit(&self, now: Timestamp) -> bool {
        let minute = now.timestamp().div_euclid(60);
        // The counter is plain data; a poisoned lock still holds a usable one.
        let mut w = self.window.lock().unwrap_or_else(|e| e.into_inner());
        if w.0 != minute {
            if w.2 > 0 {
                tracing::warn!(
                    dropped = w.2,
                    "audit: unauthenticated calls over the cap went unrecorded last minute"
                );
            }
            *w = (minute, 0, 0);
        }
        if w.1 < ANONYMOUS_PER_MINUTE {
            w.1 += 1;
            return true;
        }
        if w.2 == 0 {
            tracing::warn!(
                cap = ANONYMOUS_PER_MINUTE,
                "audit: more unauthenticated calls than the per-minute cap; counting the rest"
            );
        }
        w.2 += 1;
        false
    }
}

/// Cut at a char boundary at most `max` bytes in.
fn clip(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

impl Hub {
    /// Append a row for a call. Never waits for the disk: the row commits
    /// with the next write batch (within 50 ms on an idle hub).
    pub fn record_audit(&self, rec: AuditRecord) {
        // Routine worker calls are counted, not logged, unless asked for; a
        // refusal of who is calling is worth a row all the same.
        let routine = !self.audit_worker_protocol
            && rec.actor.is_some()
            && !matches!(rec.status, 401 | 403)
            && is_worker_protocol(&rec.action);
        if routine {
            let hour = hour_of(rec.at);
            let agent = rec
                .agent
                .or(rec.actor)
                .unwrap_or_else(|| ANONYMOUS_ACTOR.to_string());
            let failed = rec.status >= 400;
            self.store.write_later("audit count", move |tx| {
                tx.audit().count(hour, &agent, &rec.action, failed)
            });
            return;
        }
        let actor = match rec.actor {
            Some(a) => a,
            None if self.audit_cap.admit(rec.at) => ANONYMOUS_ACTOR.to_string(),
            None => return,
        };
        let row = AuditRow {
            at: rec.at,
            actor,
            action: rec.action,
            target: clip(&rec.target, MAX_TARGET_BYTES).to_string(),
            status: rec.status,
            payload_sha256: rec.payload_sha256,
        };
        self.store
            .write_later("audit row", move |tx| tx.audit().insert(&row));
    }

    pub fn audit_entries(&self, q: &AuditQuery) -> Result<Vec<AuditEntry>, DomainError> {
        for (name, v) in [("actor", &q.actor), ("action", &q.action)] {
            if let Some(v) = v
                && (v.is_empty() || v.len() > 200)
            {
                return Err(DomainError::Validation(format!(
                    "{name} must be 1-200 characters"
                )));
            }
        }
        if q.after.is_some_and(|a| a < 0) {
            return Err(DomainError::Validation(
                "after must be an audit entry id (0 or more)".into(),
            ));
        }
        let limit = q
            .limit
            .unwrap_or(limits::DEFAULT_LIST_LIMIT)
            .clamp(1, limits::MAX_LIST_LIMIT);
        let filter = AuditFilter {
            actor: q.actor.as_deref(),
            action: q.action.as_deref(),
            except_actions: match q.scope.unwrap_or_default() {
                AuditScope::All => &[],
                AuditScope::Operator => WORKER_PROTOCOL_ACTIONS,
            },
        };
        self.read(|r| Ok(r.audit().list(q.after, filter, i64::from(limit))?))
    }

    /// Worker-protocol call counts of the last `q.hours`, newest first.
    pub fn audit_counts(&self, q: &AuditCountQuery) -> Result<Vec<AuditCount>, DomainError> {
        let now = self.now();
        if let Some(a) = &q.agent {
            super::validate::agent_id(a)?;
        }
        let hours = q.hours.unwrap_or(DEFAULT_COUNT_HOURS);
        if !(1..=MAX_COUNT_HOURS).contains(&hours) {
            return Err(DomainError::Validation(format!(
                "hours must be 1-{MAX_COUNT_HOURS}"
            )));
        }
        let back = Duration::from_secs(u64::from(hours - 1) * 3600);
        let since = super::shift(hour_of(now), back, false);
        let limit = i64::from(limits::MAX_LIST_LIMIT) * 10;
        self.read(|r| Ok(r.audit().counts(since, q.agent.as_deref(), limit)?))
    }

    /// Delete rows older than `retention` before `now`; returns how many.
    pub async fn prune_audit(&self, retention: Duration) -> Result<usize, DomainError> {
        let before = super::shift(self.now(), retention, false);
        self.delete_in_chunks(PRUNE_CHUNK, move |tx, chunk| {
            tx.audit().prune(before, chunk)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_anonymous_cap_resets_each_minute() {
        let cap = AnonymousCap::default();
        let t0 = chrono::DateTime::from_timestamp(6_000, 0).unwrap_or_default();
        let admitted = (0..ANONYMOUS_PER_MINUTE + 5)
            .filter(|_| cap.admit(t0))
            .count();
        assert_eq!(admitted, ANONYMOUS_PER_MINUTE as usize);
        let next = t0 + chrono::Duration::seconds(60);
        assert!(cap.admit(next), "a new minute has a fresh budget");
    }

    #[test]
    fn counts_go_by_the_hour() {
        let t = chrono::DateTime::from_timestamp(7_200 + 1_799, 5).unwrap_or_default();
        assert_eq!(hour_of(t).timestamp(), 7_200);
    }

    #[test]
    fn targets_are_clipped_on_a_char_boundary() {
        assert_eq!(clip("abc", 10), "abc");
        assert_eq!(clip("aé", 2), "a");
        assert_eq!(clip(&"x".repeat(600), MAX_TARGET_BYTES).len(), 512);
    }
}
