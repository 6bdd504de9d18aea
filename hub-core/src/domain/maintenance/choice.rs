//! Which maintenance task an idle agent gets next, if any: the kinds in
//! order of value, each behind its cooldown (ARCHITECTURE.md, "Maintenance").

use std::collections::BTreeMap;
use std::time::Duration;

use m3shd_api::Timestamp;

/// A kind of maintenance task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Re-check a recent result that came back with low confidence.
    Reverify,
    /// Review the agent's memories for stale entries.
    MemoryAudit,
    /// Report on the agent's machine.
    HealthCheck,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Reverify => "reverify",
            Kind::MemoryAudit => "memory-audit",
            Kind::HealthCheck => "health-check",
        }
    }

    /// How long after one task of this kind the agent may get another.
    pub fn cooldown(self) -> Duration {
        match self {
            Kind::Reverify => Duration::from_secs(3600),
            Kind::MemoryAudit => Duration::from_secs(24 * 3600),
            Kind::HealthCheck => Duration::from_secs(6 * 3600),
        }
    }
}

/// A result is re-checked at most once in this long (by whichever agent):
/// it is a candidate only for a day after it finished anyway.
pub const REVERIFY_SOURCE_COOLDOWN: Duration = Duration::from_secs(24 * 3600);

/// Results below this confidence are worth re-checking.
pub const REVERIFY_BELOW: f64 = 0.7;

/// The cooldown key of re-checking one source task.
pub fn source_key(task_id: &str) -> String {
    format!("reverify:{task_id}")
}

/// Whether `key` was last used at least `cooldown` before `now`.
pub fn cooled(
    last: &BTreeMap<String, Timestamp>,
    key: &str,
    cooldown: Duration,
    now: Timestamp,
) -> bool {
    last.get(key).is_none_or(|t| {
        now.signed_duration_since(*t)
            .to_std()
            .is_ok_and(|since| since >= cooldown)
    })
}

/// What the hub knows when it picks.
#[derive(Debug, Default)]
pub struct Facts<'a> {
    /// When each kind (and each re-checked source) was last handed out to
    /// this agent.
    pub last: BTreeMap<String, Timestamp>,
    /// Source tasks re-checked anywhere in the mesh, and when.
    pub reverified: &'a [(String, Timestamp)],
    /// Low-confidence results of the last day, newest first.
    pub low_confidence: &'a [String],
    pub has_memories: bool,
}

/// The next maintenance task for the agent: its kind and, for a re-check,
/// the task to re-check. None when every kind is cooling down or has
/// nothing to work on.
pub fn choose(facts: &Facts<'_>, now: Timestamp) -> Option<(Kind, Option<String>)> {
    let ready = |k: Kind| cooled(&facts.last, k.as_str(), k.cooldown(), now);
    if ready(Kind::Reverify) {
        let recent: BTreeMap<String, Timestamp> = facts
            .reverified
            .iter()
            .map(|(id, at)| (source_key(id), *at))
            .collect();
        let source = facts
            .low_confidence
            .iter()
            .find(|id| cooled(&recent, &source_key(id), REVERIFY_SOURCE_COOLDOWN, now));
        if let Some(id) = source {
            return Some((Kind::Reverify, Some(id.clone())));
        }
    }
    if facts.has_memories && ready(Kind::MemoryAudit) {
        return Some((Kind::MemoryAudit, None));
    }
    ready(Kind::HealthCheck).then_some((Kind::HealthCheck, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: i64) -> Timestamp {
        chrono::DateTime::from_timestamp(1_800_000_000 + secs, 0).expect("time")
    }

    const HOUR: i64 = 3600;

    #[test]
    fn a_fresh_agent_without_memories_or_doubtful_results_gets_a_health_check() {
        let facts = Facts::default();
        assert_eq!(choose(&facts, at(0)), Some((Kind::HealthCheck, None)));
    }

    #[test]
    fn a_doubtful_result_comes_first_then_memories_then_the_machine() {
        let low = vec!["t-1".to_string()];
        let mut facts = Facts {
            low_confidence: &low,
            has_memories: true,
            ..Facts::default()
        };
        assert_eq!(
            choose(&facts, at(0)),
            Some((Kind::Reverify, Some("t-1".into())))
        );
        facts.last.insert("reverify".into(), at(0));
        assert_eq!(choose(&facts, at(60)), Some((Kind::MemoryAudit, None)));
        facts.last.insert("memory-audit".into(), at(60));
        assert_eq!(choose(&facts, at(120)), Some((Kind::HealthCheck, None)));
        facts.last.insert("health-check".into(), at(120));
        assert_eq!(choose(&facts, at(180)), None, "everything cools down");
    }

    #[test]
    fn each_kind_comes_back_after_its_own_cooldown() {
        let mut facts = Facts {
            has_memories: true,
            ..Facts::default()
        };
        facts.last.insert("memory-audit".into(), at(0));
        facts.last.insert("health-check".into(), at(0));
        assert_eq!(choose(&facts, at(6 * HOUR - 1)), None);
        assert_eq!(
            choose(&facts, at(6 * HOUR)),
            Some((Kind::HealthCheck, None))
        );
        facts.last.insert("health-check".into(), at(6 * HOUR));
        assert_eq!(
            choose(&facts, at(24 * HOUR)),
            Some((Kind::MemoryAudit, None))
        );
    }

    #[test]
    fn a_result_is_rechecked_once_and_the_next_doubtful_one_is_taken() {
        let low = vec!["t-new".to_string(), "t-old".to_string()];
        let done = vec![("t-new".to_string(), at(0))];
        let facts = Facts {
            low_confidence: &low,
            reverified: &done,
            ..Facts::default()
        };
        assert_eq!(
            choose(&facts, at(2 * HOUR)),
            Some((Kind::Reverify, Some("t-old".into())))
        );
        let both = vec![("t-new".to_string(), at(0)), ("t-old".to_string(), at(0))];
        let facts = Facts {
            low_confidence: &low,
            reverified: &both,
            ..Facts::default()
        };
        assert_eq!(
            choose(&facts, at(2 * HOUR)),
            Some((Kind::HealthCheck, None)),
            "nothing left to re-check"
        );
    }

    #[test]
    fn a_clock_that_went_back_keeps_the_cooldown() {
        let mut facts = Facts::default();
        facts.last.insert("health-check".into(), at(HOUR));
        assert_eq!(choose(&facts, at(0)), None);
    }
}
