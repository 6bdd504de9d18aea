//! When a schedule is due: a cron expression (parsed by `croner`) read in
//! an IANA time zone (`chrono-tz`), so `0 7 * * *` in Europe/Berlin is 07:00
//! Berlin time in winter and in summer alike.

use chrono::Utc;
use chrono_tz::Tz;
use croner::Cron;
use croner::parser::{CronParser, Seconds, Year};
use m3shd_api::Timestamp;

use super::super::{DomainError, validate};

/// A cron expression longer than this is not one anybody writes.
const MAX_CRON_BYTES: usize = 200;

/// A parsed cron expression and the zone it is read in.
#[derive(Debug, Clone)]
pub struct CronSpec {
    cron: Cron,
    tz: Tz,
}

impl CronSpec {
    /// Five fields (minute hour day-of-month month day-of-week) or an alias
    /// (`@daily`, `@hourly`, …): minute granularity, since every fire may
    /// create a task. `tz` is an IANA name (`Europe/Berlin`, `UTC`).
    pub fn parse(cron: &str, tz: &str) -> Result<CronSpec, DomainError> {
        validate::max_bytes("cron", cron, MAX_CRON_BYTES)?;
        let parsed = CronParser::builder()
            .seconds(Seconds::Disallowed)
            .year(Year::Disallowed)
            .build()
            .parse(cron.trim())
            .map_err(|e| {
                DomainError::Validation(format!(
                    "cron `{}` is not a five-field cron expression: {e}",
                    cron.escape_debug()
                ))
            })?;
        let tz = tz.trim().parse::<Tz>().map_err(|_| {
            DomainError::Validation(format!(
                "unknown time zone `{}` (an IANA name such as Europe/Berlin, or UTC)",
                tz.escape_debug()
            ))
        })?;
        Ok(CronSpec { cron: parsed, tz })
    }

    /// The zone's canonical name.
    pub fn tz_name(&self) -> &'static str {
        self.tz.name()
    }

    /// The first due time strictly after `t`; none if it is never due again.
    pub fn next_after(&self, t: Timestamp) -> Option<Timestamp> {
        self.cron
            .find_next_occurrence(&t.with_timezone(&self.tz), false)
            .ok()
            .map(|next| next.with_timezone(&Utc))
    }

    /// The calendar day of `t` in the schedule's zone, `YYYY-MM-DD`.
    pub fn day_of(&self, t: Timestamp) -> String {
        t.with_timezone(&self.tz).format("%Y-%m-%d").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> Timestamp {
        chrono::DateTime::parse_from_rfc3339(s)
            .expect("time")
            .with_timezone(&Utc)
    }

    fn next(cron: &str, tz: &str, after: &str) -> Timestamp {
        CronSpec::parse(cron, tz)
            .expect("parse")
            .next_after(utc(after))
            .expect("due again")
    }

    #[test]
    fn the_next_due_time_is_strictly_later() {
        assert_eq!(
            next("0 7 * * *", "UTC", "2026-03-01T06:59:59Z"),
            utc("2026-03-01T07:00:00Z")
        );
        // Exactly at a due time: that one has come; the next is tomorrow.
        assert_eq!(
            next("0 7 * * *", "UTC", "2026-03-01T07:00:00Z"),
            utc("2026-03-02T07:00:00Z")
        );
        assert_eq!(
            next("* * * * *", "UTC", "2026-03-01T07:00:00.000001Z"),
            utc("2026-03-01T07:01:00Z")
        );
        assert_eq!(
            next("@hourly", "UTC", "2026-03-01T07:30:00Z"),
            utc("2026-03-01T08:00:00Z")
        );
    }

    #[test]
    fn a_zone_keeps_the_local_hour_across_daylight_saving() {
        // 07:00 in Berlin is 06:00 UTC in winter and 05:00 UTC in summer.
        assert_eq!(
            next("0 7 * * *", "Europe/Berlin", "2026-01-15T12:00:00Z"),
            utc("2026-01-16T06:00:00Z")
        );
        assert_eq!(
            next("0 7 * * *", "Europe/Berlin", "2026-07-15T12:00:00Z"),
            utc("2026-07-16T05:00:00Z")
        );
        // The night the clocks go forward (29 March 2026, 02:00 → 03:00).
        assert_eq!(
            next("0 7 * * *", "Europe/Berlin", "2026-03-28T12:00:00Z"),
            utc("2026-03-29T05:00:00Z")
        );
        let spec = CronSpec::parse("0 7 * * *", " Europe/Berlin ").expect("parse");
        assert_eq!(spec.tz_name(), "Europe/Berlin");
        assert_eq!(spec.day_of(utc("2026-07-15T23:30:00Z")), "2026-07-16");
    }

    #[test]
    fn the_readme_examples_parse() {
        assert_eq!(
            next("*/30 9-17 * * 1-5", "UTC", "2026-03-06T17:30:00Z"),
            utc("2026-03-09T09:00:00Z"),
            "Friday evening to Monday morning"
        );
        assert!(CronSpec::parse("@daily", "Europe/Berlin").is_ok());
    }

    #[test]
    fn bad_expressions_and_zones_are_refused() {
        for bad in [
            "",
            "* * * *",
            "0 0 7 * * *",
            "61 * * * *",
            "0 7 * * * 2027",
            "tomorrow",
        ] {
            let err = CronSpec::parse(bad, "UTC").expect_err(bad);
            assert!(matches!(err, DomainError::Validation(_)), "{bad}: {err}");
        }
        let err = CronSpec::parse("0 7 * * *", "Mars/Olympus").expect_err("zone");
        assert!(err.to_string().contains("unknown time zone"), "{err}");
        let long = "1,".repeat(200) + " * * * *";
        assert!(CronSpec::parse(&long, "UTC").is_err());
    }

    #[test]
    fn an_impossible_date_is_never_due() {
        let spec = CronSpec::parse("0 0 30 2 *", "UTC").expect("parses");
        assert_eq!(spec.next_after(utc("2026-01-01T00:00:00Z")), None);
    }
}
