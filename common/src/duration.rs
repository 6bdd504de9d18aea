//! Durations as people write them in flags and config files: `90` (or
//! `90s`), `30m`, `24h`, `7d`.

use std::time::Duration;

/// Why a text is not a duration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DurationError {
    #[error("`{0}` is not a duration like 30m, 24h or 7d")]
    NotADuration(String),
    #[error("unknown unit `{0}` (use s, m, h or d)")]
    UnknownUnit(String),
    /// Zero, or too long to count.
    #[error("`{0}` is out of range")]
    OutOfRange(String),
}

/// Whole milliseconds, for logs and wire fields; a span past what `u64`
/// holds (half a billion years) reads as the largest value.
pub fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// Seconds in one `s`, `m`, `h` or `d`.
pub fn unit_seconds(unit: &str) -> Option<u64> {
    match unit {
        "s" => Some(1),
        "m" => Some(60),
        "h" => Some(3600),
        "d" => Some(86_400),
        _ => None,
    }
}

/// A whole number and an optional unit (seconds without one). Zero is
/// refused: no setting means "no time at all".
pub fn parse_duration(text: &str) -> Result<Duration, DurationError> {
    let s = text.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (number, unit) = s.split_at(split);
    let n: u64 = number
        .parse()
        .map_err(|_| DurationError::NotADuration(s.to_string()))?;
    let per_unit = match unit {
        "" => 1,
        _ => unit_seconds(unit).ok_or_else(|| DurationError::UnknownUnit(unit.to_string()))?,
    };
    n.checked_mul(per_unit)
        .filter(|secs| *secs > 0)
        .map(Duration::from_secs)
        .ok_or_else(|| DurationError::OutOfRange(s.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_and_bare_seconds() {
        let secs = |s| parse_duration(s).map(|d| d.as_secs());
        assert_eq!(secs("90"), Ok(90));
        assert_eq!(secs(" 90s "), Ok(90));
        assert_eq!(secs("30m"), Ok(1800));
        assert_eq!(secs("24h"), Ok(86_400));
        assert_eq!(secs("7d"), Ok(604_800));
    }

    #[test]
    fn mistakes_are_named() {
        assert_eq!(
            parse_duration("soon").unwrap_err().to_string(),
            "`soon` is not a duration like 30m, 24h or 7d"
        );
        assert_eq!(
            parse_duration("7w").unwrap_err().to_string(),
            "unknown unit `w` (use s, m, h or d)"
        );
        assert!(matches!(
            parse_duration("-1h"),
            Err(DurationError::NotADuration(_))
        ));
        assert!(matches!(
            parse_duration("1.5h"),
            Err(DurationError::UnknownUnit(_))
        ));
        for out in ["0", "0d", "999999999999999999d"] {
            assert_eq!(
                parse_duration(out),
                Err(DurationError::OutOfRange(out.into())),
                "{out}"
            );
        }
    }
}
