//! Reputation-based ranking (ARCHITECTURE.md, "Dispatch"): an Upper Confidence Bound over each
//! agent's per-capability successes and failures, so proven agents are
//! preferred while untried ones still get explored.

/// The capability name reputations of tasks without one are kept under.
pub const GENERAL: &str = m3shd_api::GENERAL_CAPABILITY;

/// UCB1 with a Beta(1,1) prior: mean (s+1)/(n+2) plus exploration
/// sqrt(2·ln(N+2)/(n+2)), where n = s+f for this agent and N the trials of
/// this capability across all agents. A new agent (s=f=0) starts at a
/// neutral 0.5 mean with maximal exploration bonus.
pub fn score(successes: i64, failures: i64, total_trials: i64) -> f64 {
    let s = successes.max(0) as f64;
    let n = (successes.max(0) + failures.max(0)) as f64;
    let total = total_trials.max(0) as f64;
    let mean = (s + 1.0) / (n + 2.0);
    let explore = (2.0 * (total + 2.0).ln() / (n + 2.0)).sqrt();
    mean + explore
}

/// One agent competing for a task.
#[derive(Debug, Clone, PartialEq)]
pub struct Contender<'a> {
    pub id: &'a str,
    pub score: f64,
    /// held / max_concurrent.
    pub load: f64,
}

/// Whether `a` should be preferred over `b`: higher score, then lower load,
/// then the smaller id (so the choice is deterministic).
pub fn better(a: &Contender<'_>, b: &Contender<'_>) -> bool {
    // Scores within a hair are a tie: float noise must not beat load.
    const EPS: f64 = 1e-9;
    if (a.score - b.score).abs() > EPS {
        return a.score > b.score;
    }
    if (a.load - b.load).abs() > EPS {
        return a.load < b.load;
    }
    a.id < b.id
}

/// The best contender, if any.
pub fn best<'a>(contenders: impl IntoIterator<Item = Contender<'a>>) -> Option<Contender<'a>> {
    contenders.into_iter().fold(None, |acc, c| match acc {
        Some(b) if !better(&c, &b) => Some(b),
        _ => Some(c),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(id: &str, score: f64, load: f64) -> Contender<'_> {
        Contender { id, score, load }
    }

    #[test]
    fn neutral_prior_for_new_agents() {
        // No history anywhere: mean 0.5 plus the exploration term.
        let s = score(0, 0, 0);
        let expected = 0.5 + (2.0 * 2f64.ln() / 2.0).sqrt();
        assert!((s - expected).abs() < 1e-12);
        // Two new agents tie exactly.
        assert_eq!(score(0, 0, 10), score(0, 0, 10));
    }

    #[test]
    fn success_beats_failure_at_equal_trials() {
        assert!(score(9, 1, 20) > score(1, 9, 20));
        assert!(score(10, 0, 20) > score(5, 5, 20));
    }

    #[test]
    fn an_untried_agent_is_explored_against_a_mediocre_one() {
        // 50 trials at 50%: the new agent's bonus outweighs it.
        assert!(score(0, 0, 50) > score(25, 25, 50));
    }

    #[test]
    fn a_failing_agent_loses_to_a_new_one() {
        assert!(score(0, 0, 10) > score(0, 10, 10));
    }

    #[test]
    fn ties_break_by_load_then_id() {
        let winner = best([c("b", 1.0, 0.5), c("a", 1.0, 0.5), c("c", 1.0, 0.0)]).expect("one");
        assert_eq!(winner.id, "c");
        let winner = best([c("b", 1.0, 0.5), c("a", 1.0, 0.5)]).expect("one");
        assert_eq!(winner.id, "a");
        let winner = best([c("b", 2.0, 1.0), c("a", 1.0, 0.0)]).expect("one");
        assert_eq!(winner.id, "b");
        assert!(best(std::iter::empty()).is_none());
    }
}
