//! `task votes`: the roster, the votes, the tally.

use m3shd_api::{Verdict, Vote, VoteReport};

use super::{WIDTH, wrap};
use crate::output::short;

/// One vote's verdict column: what it said, or why it has not.
fn verdict_label(v: &Vote) -> String {
    match v.verdict {
        Some(Verdict::Accept) => "✓ accept".into(),
        Some(Verdict::Reject) => "✗ reject".into(),
        None if v.status.is_final() => "- no vote".into(),
        None => "… waiting".into(),
    }
}

/// The roster, each vote with its verdict and rationale, the tally and the
/// outcome.
pub fn votes(v: &VoteReport) -> String {
    let mut out = format!("vote on task {} · quorum {}\n", v.task_id, v.quorum);
    if v.roster.is_empty() {
        out.push_str("roster: nobody\n");
    } else {
        out.push_str(&wrap(&format!("roster: {}", v.roster.join(", ")), 0, WIDTH));
    }
    if v.votes.is_empty() {
        out.push_str("no votes yet\n");
    }
    let agent_w = v
        .votes
        .iter()
        .map(|x| x.agent_id.chars().count())
        .max()
        .unwrap_or(1)
        .clamp(1, 16);
    for x in &v.votes {
        let mut line = format!(
            "  {:<9} {:<agent_w$} {}",
            verdict_label(x),
            short(&x.agent_id, agent_w),
            x.task_id
        );
        if x.verdict.is_none() {
            line.push_str(&format!(" ({})", x.status));
        }
        out.push_str(line.trim_end());
        out.push('\n');
        if let Some(r) = x.rationale.as_deref().filter(|r| !r.trim().is_empty()) {
            out.push_str(&wrap(r, 6, WIDTH));
        }
    }
    let outcome = match v.outcome {
        Some(o) => o.to_string(),
        None => "open (votes outstanding)".to_string(),
    };
    out.push_str(&format!(
        "tally: {} accept, {} reject · outcome: {outcome}\n",
        v.accepts, v.rejects
    ));
    out
}

#[cfg(test)]
mod tests {
    use m3shd_api::{ProtocolState, TaskStatus};

    use super::*;

    fn vote(agent: &str, status: TaskStatus, verdict: Option<Verdict>, why: &str) -> Vote {
        Vote {
            agent_id: agent.into(),
            task_id: format!("v-{agent}"),
            status,
            verdict,
            rationale: (!why.is_empty()).then(|| why.to_string()),
        }
    }

    #[test]
    fn the_vote_shows_roster_verdicts_rationales_and_tally() {
        let report = VoteReport {
            task_id: "t1".into(),
            quorum: 3,
            roster: vec![
                "alpha".into(),
                "beta".into(),
                "gamma".into(),
                "delta".into(),
            ],
            votes: vec![
                vote(
                    "alpha",
                    TaskStatus::Done,
                    Some(Verdict::Accept),
                    "The answer covers every case the prompt names and the numbers add up.",
                ),
                vote(
                    "beta",
                    TaskStatus::Done,
                    Some(Verdict::Reject),
                    "Step 2 is wrong.",
                ),
                vote("gamma", TaskStatus::Running, None, ""),
                vote("delta", TaskStatus::Failed, None, ""),
            ],
            accepts: 1,
            rejects: 1,
            outcome: None,
        };
        let expected = "\
vote on task t1 · quorum 3
roster: alpha, beta, gamma, delta
  ✓ accept  alpha v-alpha
      The answer covers every case the prompt names and the numbers add up.
  ✗ reject  beta  v-beta
      Step 2 is wrong.
  … waiting gamma v-gamma (running)
  - no vote delta v-delta (failed)
tally: 1 accept, 1 reject · outcome: open (votes outstanding)
";
        assert_eq!(votes(&report), expected);
        let decided = VoteReport {
            votes: vec![],
            accepts: 3,
            rejects: 0,
            outcome: Some(ProtocolState::Accepted),
            ..report
        };
        let text = votes(&decided);
        assert!(text.contains("no votes yet\n"), "{text}");
        assert!(text.ends_with("tally: 3 accept, 0 reject · outcome: accepted\n"));
    }
}
