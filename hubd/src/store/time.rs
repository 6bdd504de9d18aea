//! Timestamps are stored as integer unix milliseconds: compact, indexable and
//! free of text-format ambiguity. The wire shows them as RFC 3339.

use m3shd_api::Timestamp;

pub fn to_millis(t: Timestamp) -> i64 {
    t.timestamp_millis()
}

/// Out-of-range values (only possible in a corrupted file) clamp to the epoch
/// rather than failing a whole listing.
pub fn from_millis(ms: i64) -> Timestamp {
    chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// Now, truncated to what the store keeps, so a value returned before and
/// after a round trip through the database is identical.
pub fn now_millis() -> Timestamp {
    from_millis(chrono::Utc::now().timestamp_millis())
}
