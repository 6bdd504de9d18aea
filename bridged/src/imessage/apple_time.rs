//! Message dates in chat.db count from Apple's epoch, 2001-01-01 UTC: in
//! seconds before macOS 10.13 (High Sierra), in nanoseconds since.

use m3shd_api::Timestamp;

/// 2001-01-01T00:00:00Z as a Unix time.
pub const APPLE_EPOCH_UNIX: i64 = 978_307_200;
/// A value this large cannot be seconds (that would be after the year
/// 5000), so it is nanoseconds.
const NANOSECONDS_FROM: i64 = 100_000_000_000;

/// The time of a chat.db date; `None` for 0 (unset) or out of range.
pub fn from_apple(raw: i64) -> Option<Timestamp> {
    if raw == 0 {
        return None;
    }
    let (secs, nanos) = if raw.unsigned_abs() >= NANOSECONDS_FROM.unsigned_abs() {
        (raw.div_euclid(1_000_000_000), raw.rem_euclid(1_000_000_000))
    } else {
        (raw, 0)
    };
    // rem_euclid keeps the nanoseconds in [0, 1e9), which u32 holds.
    let nanos = u32::try_from(nanos).ok()?;
    chrono::DateTime::from_timestamp(APPLE_EPOCH_UNIX.checked_add(secs)?, nanos)
}

/// A time as chat.db stores it since High Sierra (nanoseconds).
pub fn to_apple_nanos(t: Timestamp) -> i64 {
    (t.timestamp() - APPLE_EPOCH_UNIX)
        .saturating_mul(1_000_000_000)
        .saturating_add(i64::from(t.timestamp_subsec_nanos()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn seconds_and_nanoseconds_both_convert() {
        // 2016-06-01T12:00:00Z, as Sierra stored it (seconds)...
        assert_eq!(from_apple(486_475_200), Some(utc("2016-06-01T12:00:00Z")));
        // ...and 2023-03-14T15:09:26.5Z as Ventura stores it (nanoseconds).
        assert_eq!(
            from_apple(700_499_366_500_000_000),
            Some(utc("2023-03-14T15:09:26.5Z"))
        );
        assert_eq!(from_apple(0), None);
        assert_eq!(from_apple(i64::MAX).map(|_| ()), Some(()));
        let t = utc("2024-11-23T08:30:00.123456789Z");
        assert_eq!(from_apple(to_apple_nanos(t)), Some(t));
    }
}
