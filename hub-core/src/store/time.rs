//! Timestamps are stored as integer unix microseconds: compact, indexable,
//! free of text-format ambiguity, and fine enough to measure dispatch
//! latency. The wire shows them as RFC 3339.

use m3shd_api::Timestamp;

pub fn to_micros(t: Timestamp) -> i64 {
    t.timestamp_micros()
}

/// Out-of-range values (only possible in a corrupted file) clamp to the epoch
/// rather than failing a whole listing.
pub fn from_micros(us: i64) -> Timestamp {
    chrono::DateTime::from_timestamp_micros(us).unwrap_or_default()
}
