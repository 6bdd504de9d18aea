//! The audit log's rules: what a row holds, how many unauthenticated calls
//! are recorded, how long rows are kept, and who may read them (the route
//! says admin:users).

use std::sync::Mutex;
use std::time::Duration;

use m3shd_api::{ANONYMOUS_ACTOR, AuditEntry, AuditQuery, Timestamp, limits};

use super::{DomainError, Hub};
use crate::store::{AuditRow, Queries};

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
            .write_later("audit row", move |tx| tx.insert_audit(&row));
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
        self.read(|r| {
            Ok(r.audit_entries(
                q.after,
                q.actor.as_deref(),
                q.action.as_deref(),
                i64::from(limit),
            )?)
        })
    }

    /// Delete rows older than `retention` before `now`; returns how many.
    pub async fn prune_audit(
        &self,
        retention: Duration,
        now: Timestamp,
    ) -> Result<usize, DomainError> {
        let before = super::shift(now, retention, false);
        let mut total = 0;
        loop {
            let n = self
                .store
                .write(move |tx| -> Result<usize, DomainError> {
                    Ok(tx.prune_audit(before, PRUNE_CHUNK)?)
                })
                .await?;
            total += n;
            if (n as i64) < PRUNE_CHUNK {
                return Ok(total);
            }
        }
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
    fn targets_are_clipped_on_a_char_boundary() {
        assert_eq!(clip("abc", 10), "abc");
        assert_eq!(clip("aé", 2), "a");
        assert_eq!(clip(&"x".repeat(600), MAX_TARGET_BYTES).len(), 512);
    }
}
