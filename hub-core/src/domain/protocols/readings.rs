//! What the hub reads back from a step's output, and the pure decisions
//! taken on it (ARCHITECTURE.md, "Quality protocols").

use m3shd_api::{
    ProtocolState, REASON_TAG, SCORE_TAG, VERDICT_TAG, VOTE_TAG, Verdict, tagged_value, unit_value,
};

/// A challenger's critique: its text without the score line, and the score.
pub fn critique(output: &str) -> (String, Option<f64>) {
    let score = tagged_value(output, SCORE_TAG).and_then(unit_value);
    let text: Vec<&str> = output
        .lines()
        .filter(|l| !l.trim_start().to_ascii_uppercase().starts_with(SCORE_TAG))
        .collect();
    (text.join("\n").trim().to_string(), score)
}

/// A voter's verdict and rationale (the text before the vote line).
pub fn vote(output: &str) -> (Option<Verdict>, String) {
    let verdict = tagged_value(output, VOTE_TAG).and_then(|v| v.parse().ok());
    let rationale: Vec<&str> = output
        .lines()
        .filter(|l| !l.trim_start().to_ascii_uppercase().starts_with(VOTE_TAG))
        .collect();
    (verdict, rationale.join("\n").trim().to_string())
}

/// A validator's verdict and reason (the `REASON:` line, or the whole text).
pub fn validation(output: &str) -> (Option<Verdict>, String) {
    let verdict = tagged_value(output, VERDICT_TAG).and_then(|v| v.parse().ok());
    let reason = match tagged_value(output, REASON_TAG) {
        Some(r) if !r.is_empty() => r.to_string(),
        _ => output.trim().to_string(),
    };
    (verdict, reason)
}

/// How many points a synthesis says it kept from the answer of task `id`
/// (`KEPT FROM <id>: N point(s)`), if it says.
pub fn kept_from(synthesis: &str, id: &str) -> Option<u32> {
    tagged_value(synthesis, &format!("KEPT FROM {id}"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// How a vote ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Tally {
    pub accepts: u32,
    pub rejects: u32,
    /// None: the result passes this stage.
    pub decision: Option<(ProtocolState, String)>,
}

/// Count the verdicts of the voters that answered. Fewer answers than the
/// quorum, or a tie, goes to the operator; a majority decides otherwise.
pub fn tally(verdicts: &[Option<Verdict>], quorum: u32, roster: usize) -> Tally {
    let count = |v: Verdict| {
        u32::try_from(verdicts.iter().filter(|x| **x == Some(v)).count()).unwrap_or(u32::MAX)
    };
    let (accepts, rejects) = (count(Verdict::Accept), count(Verdict::Reject));
    let answered = accepts.saturating_add(rejects);
    let decision = if answered < quorum {
        Some((
            ProtocolState::Escalated,
            format!("only {answered} of {roster} voters gave a verdict; the quorum is {quorum}"),
        ))
    } else if accepts == rejects {
        Some((
            ProtocolState::Escalated,
            format!("the vote tied {accepts}–{rejects}"),
        ))
    } else if rejects > accepts {
        Some((
            ProtocolState::Rejected,
            format!("rejected by vote, {rejects}–{accepts}"),
        ))
    } else {
        None
    };
    Tally {
        accepts,
        rejects,
        decision,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Verdict::{Accept as A, Reject as R};

    #[test]
    fn majority_quorum_and_ties() {
        assert_eq!(tally(&[Some(A), Some(A), Some(R)], 3, 3).decision, None);
        let rejected = tally(&[Some(R), Some(R), Some(A)], 3, 3);
        assert_eq!(
            rejected.decision.map(|d| d.0),
            Some(ProtocolState::Rejected)
        );
        let tie = tally(&[Some(A), Some(R), Some(A), Some(R)], 3, 4);
        assert_eq!(tie.decision.map(|d| d.1), Some("the vote tied 2–2".into()));
        // A voter that vanished does not count towards the quorum.
        let short = tally(&[Some(A), Some(A), None], 3, 3);
        assert_eq!(short.decision.map(|d| d.0), Some(ProtocolState::Escalated));
    }

    #[test]
    fn step_outputs_are_read() {
        assert_eq!(
            critique("too vague\nSCORE: 0.8"),
            ("too vague".to_string(), Some(0.8))
        );
        assert_eq!(
            vote("fine.\nVOTE: accept"),
            (Some(Verdict::Accept), "fine.".to_string())
        );
        assert_eq!(
            validation("VERDICT: reject\nREASON: empty"),
            (Some(Verdict::Reject), "empty".to_string())
        );
        assert_eq!(validation("no idea").0, None);
        let synth = "merged\nKEPT FROM t1: 2 points\nKEPT FROM t2: 0 points";
        assert_eq!(
            (kept_from(synth, "t1"), kept_from(synth, "t2")),
            (Some(2), Some(0))
        );
        assert_eq!(kept_from(synth, "t3"), None);
    }
}
