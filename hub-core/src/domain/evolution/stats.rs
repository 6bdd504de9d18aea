//! An agent's performance over a rolling window: its finished tasks (done
//! or failed, as their last holder) per capability, and its latest
//! failures. Read from an index of finished tasks, never row by row
//! through the history.

use m3shd_api::{
    AgentPerformance, CapabilityPerformance, DEFAULT_EVOLUTION_WINDOW_DAYS, FailureNote,
    MAX_EVOLUTION_WINDOW_DAYS, Timestamp,
};

use super::super::DomainError;
use super::super::ucb::GENERAL;
use crate::store::{FailedRow, FinishedTally, Queries};

/// Failures a performance summary quotes at most.
pub const RECENT_FAILURES: i64 = 5;
/// Characters of a failure's error quoted at most.
const ERROR_CHARS: usize = 200;
/// What makes an agent worth a proposal on a schedule: this many finished
/// tasks in the window…
pub const MIN_FINISHED: u64 = 5;
/// …of which at least this many failed.
pub const MIN_FAILED: u64 = 1;

/// The window asked for, checked: 1–90 days, 7 by default.
pub fn window_days(days: Option<u32>) -> Result<u32, DomainError> {
    let d = days.unwrap_or(DEFAULT_EVOLUTION_WINDOW_DAYS);
    if (1..=MAX_EVOLUTION_WINDOW_DAYS).contains(&d) {
        Ok(d)
    } else {
        Err(DomainError::Validation(format!(
            "days must be 1-{MAX_EVOLUTION_WINDOW_DAYS}, not {d}"
        )))
    }
}

/// One line, cut short.
fn quote(error: Option<&str>) -> String {
    let one_line = error
        .unwrap_or("(no error given)")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if one_line.chars().count() <= ERROR_CHARS {
        return one_line;
    }
    let mut s: String = one_line.chars().take(ERROR_CHARS - 1).collect();
    s.push('…');
    s
}

fn capability(c: Option<String>) -> String {
    c.unwrap_or_else(|| GENERAL.to_string())
}

/// The performance from what the store counted. Untyped work counts as
/// `general`, merged with tasks that asked for it by name.
pub fn summarise(
    agent: &str,
    days: u32,
    since: Timestamp,
    tallies: Vec<FinishedTally>,
    failures: Vec<FailedRow>,
) -> AgentPerformance {
    let mut by_capability: Vec<CapabilityPerformance> = Vec::new();
    for t in tallies {
        let name = capability(t.capability);
        match by_capability.iter_mut().find(|c| c.capability == name) {
            Some(c) => {
                c.succeeded += t.done;
                c.failed += t.failed;
            }
            None => by_capability.push(CapabilityPerformance {
                capability: name,
                succeeded: t.done,
                failed: t.failed,
            }),
        }
    }
    by_capability.sort_by(|a, b| a.capability.cmp(&b.capability));
    AgentPerformance {
        agent_id: agent.to_string(),
        window_days: days,
        since,
        succeeded: by_capability.iter().map(|c| c.succeeded).sum(),
        failed: by_capability.iter().map(|c| c.failed).sum(),
        by_capability,
        recent_failures: failures
            .into_iter()
            .map(|f| FailureNote {
                error: quote(f.error.as_deref()),
                task_id: f.task_id,
                capability: capability(f.capability),
                finished_at: f.finished_at,
            })
            .collect(),
    }
}

/// `agent`'s performance over the `days` before `now`.
pub fn performance(
    q: &dyn Queries,
    agent: &str,
    days: u32,
    now: Timestamp,
) -> Result<AgentPerformance, DomainError> {
    let since = now - chrono::Duration::days(i64::from(days));
    let tallies = q.evolution().finished_tallies(agent, since)?;
    let failures = q
        .evolution()
        .recent_failures(agent, since, RECENT_FAILURES)?;
    Ok(summarise(agent, days, since, tallies, failures))
}

/// Whether a scheduled pass should ask for amendments: enough finished
/// work, some of it failed, and a failure newer than the agent's last
/// evolution task (the same failures are not proposed from twice).
pub fn worth_proposing(p: &AgentPerformance, last_request: Option<Timestamp>) -> bool {
    let newest_failure = p.recent_failures.first().map(|f| f.finished_at);
    p.finished() >= MIN_FINISHED
        && p.failed >= MIN_FAILED
        && match (newest_failure, last_request) {
            (Some(f), Some(r)) => f > r,
            (Some(_), None) => true,
            (None, _) => false,
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(n: i64) -> Timestamp {
        chrono::DateTime::from_timestamp(1_800_000_000 + n, 0).unwrap_or_default()
    }

    fn tally(cap: Option<&str>, done: u64, failed: u64) -> FinishedTally {
        FinishedTally {
            capability: cap.map(Into::into),
            done,
            failed,
        }
    }

    fn failure(id: &str, at: i64, error: Option<&str>) -> FailedRow {
        FailedRow {
            task_id: id.into(),
            capability: Some("research".into()),
            error: error.map(Into::into),
            finished_at: t(at),
        }
    }

    #[test]
    fn counts_are_per_capability_with_untyped_work_as_general() {
        let p = summarise(
            "rex",
            7,
            t(0),
            vec![
                tally(None, 2, 1),
                tally(Some("research"), 4, 2),
                tally(Some("general"), 1, 0),
            ],
            vec![failure("f1", 50, Some("timed out\n  contacting   the API"))],
        );
        assert_eq!((p.succeeded, p.failed, p.finished()), (7, 3, 10));
        let caps: Vec<(&str, u64, u64)> = p
            .by_capability
            .iter()
            .map(|c| (c.capability.as_str(), c.succeeded, c.failed))
            .collect();
        assert_eq!(caps, [("general", 3, 1), ("research", 4, 2)]);
        assert_eq!(p.recent_failures[0].error, "timed out contacting the API");
        assert_eq!(p.recent_failures[0].capability, "research");
    }

    #[test]
    fn long_errors_are_quoted_short() {
        let long = "x".repeat(1_000);
        let p = summarise("a", 7, t(0), vec![], vec![failure("f", 1, Some(&long))]);
        assert_eq!(p.recent_failures[0].error.chars().count(), ERROR_CHARS);
        let p = summarise("a", 7, t(0), vec![], vec![failure("f", 1, None)]);
        assert_eq!(p.recent_failures[0].error, "(no error given)");
    }

    #[test]
    fn a_proposal_needs_enough_work_a_failure_and_something_new() {
        let with = |done, failed, newest: Option<i64>| {
            let failures = newest.map(|n| failure("f", n, None)).into_iter().collect();
            summarise("a", 7, t(0), vec![tally(Some("c"), done, failed)], failures)
        };
        assert!(worth_proposing(&with(4, 1, Some(10)), None));
        assert!(!worth_proposing(&with(3, 1, Some(10)), None), "too little");
        assert!(!worth_proposing(&with(9, 0, None), None), "nothing failed");
        assert!(worth_proposing(&with(4, 1, Some(10)), Some(t(5))));
        assert!(
            !worth_proposing(&with(4, 1, Some(10)), Some(t(10))),
            "already proposed from"
        );
    }

    #[test]
    fn windows_are_bounded() {
        assert_eq!(window_days(None).ok(), Some(7));
        assert_eq!(window_days(Some(30)).ok(), Some(30));
        assert!(window_days(Some(0)).is_err());
        assert!(window_days(Some(91)).is_err());
    }
}
