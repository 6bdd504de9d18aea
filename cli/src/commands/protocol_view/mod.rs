//! How quality protocols read on a terminal (ARCHITECTURE.md, "Quality
//! protocols"): a task's protocol lines, the graph, the vote, the trace and
//! the ledger. Pure: the commands and the MCP tools print what these return.

mod graph;
mod ledger;
mod trace;
mod votes;

use m3shd_api::{ProtocolOutcome, ProtocolRequest, ProtocolState, Task, Timestamp};

pub use graph::graph;
pub use ledger::ledger;
pub use trace::trace;
pub use votes::votes;

/// Width the graph, the vote and the trace are laid out for.
pub const WIDTH: usize = 80;

/// A 0–1 value with two decimals.
fn unit(x: f64) -> String {
    format!("{x:.2}")
}

fn when(t: Timestamp) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// Words of `text` in lines of at most `width` characters, each line after
/// `indent` spaces (a word longer than a line keeps a line of its own).
fn wrap(text: &str, indent: usize, width: usize) -> String {
    let room = width.saturating_sub(indent).max(20);
    let pad = " ".repeat(indent);
    let mut out = String::new();
    for para in text.lines() {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let wanted = line.chars().count() + 1 + word.chars().count();
            if !line.is_empty() && wanted > room {
                out.push_str(&pad);
                out.push_str(&line);
                out.push('\n');
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// The first `n` characters of a hash or signature, marked as cut.
fn prefix(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

/// What a request asks for, in a few words: `challenge (threshold 0.40),
/// vote (quorum 5)`; empty when it asks for nothing.
pub fn request_summary(r: &ProtocolRequest) -> String {
    let mut parts = Vec::new();
    if let Some(c) = r.confidence_threshold {
        parts.push(if c > 0.0 {
            format!("verification below confidence {}", unit(c))
        } else {
            "no verification".to_string()
        });
    }
    if r.requires_debate == Some(true) {
        parts.push("debate".to_string());
    }
    if r.challenge == Some(true) {
        parts.push(match r.challenge_threshold {
            Some(t) => format!("challenge (threshold {})", unit(t)),
            None => "challenge".to_string(),
        });
    }
    if r.requires_vote == Some(true) {
        parts.push(match r.quorum {
            Some(q) => format!("vote (quorum {q})"),
            None => "vote".to_string(),
        });
    }
    if let Some(v) = &r.validator_capability {
        parts.push(format!("validation by `{v}` agents"));
    }
    parts.join(", ")
}

/// `running (challenge)`, `accepted at validation`, `stopped`.
pub fn outcome_summary(p: &ProtocolOutcome) -> String {
    match (p.state, p.stage) {
        (ProtocolState::Running, Some(stage)) => format!("running ({stage})"),
        (state, Some(stage)) => format!("{state} at {stage}"),
        (state, None) => state.to_string(),
    }
}

/// The protocol lines of `task show`, aligned with its other fields: the
/// step's role and subject, or the subject's protocol (only what is there).
pub fn task_lines(t: &Task) -> Vec<String> {
    let mut lines = Vec::new();
    match (t.protocol_role, &t.protocol_of) {
        (Some(role), Some(of)) => lines.push(format!("step of:     {of} ({role})")),
        (Some(role), None) => lines.push(format!("step:        {role}")),
        (None, Some(of)) => lines.push(format!("step of:     {of}")),
        (None, None) => {}
    }
    if let Some(c) = t.confidence {
        lines.push(format!("confidence:  {}", unit(c)));
    }
    let Some(p) = &t.protocol else {
        return lines;
    };
    lines.push(format!("protocol:    {}", outcome_summary(p)));
    let asked = request_summary(&p.request);
    if !asked.is_empty() {
        lines.push(format!("asked for:   {asked}"));
    }
    if let Some(r) = &p.result_task {
        let which = if *r == t.id { "this task" } else { r.as_str() };
        let what = if p.state == ProtocolState::Accepted {
            "the accepted result"
        } else {
            "the result so far"
        };
        lines.push(format!("result:      {which} ({what})"));
    }
    if let Some(s) = p.score {
        lines.push(format!("score:       {}", unit(s)));
    }
    if let Some(r) = &p.reason {
        lines.push(format!("reason:      {}", r.trim()));
    }
    if let Some(c) = &p.critique {
        lines.push(format!("critique:\n{}", wrap(c, 2, WIDTH).trim_end()));
    }
    lines
}

/// How the protocol of a finished task ended, for `--wait` (None: the task
/// has none, or it is still running).
pub fn ending_line(t: &Task) -> Option<String> {
    let p = t.protocol.as_ref()?;
    if !p.state.is_final() {
        return None;
    }
    let mut line = format!("protocol {}", outcome_summary(p));
    if let Some(r) = &p.reason {
        line.push_str(": ");
        line.push_str(r.trim());
    }
    if p.state == ProtocolState::Escalated {
        line.push_str("; an escalation waits for you (`m3shd escalations`)");
    } else if p.state != ProtocolState::Accepted {
        line.push_str(&format!("; see `m3shd task graph {}`", t.id));
    }
    Some(line)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    pub fn at() -> Timestamp {
        chrono::DateTime::parse_from_rfc3339("2026-12-06T11:12:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc)
    }

    pub fn outcome(state: ProtocolState) -> ProtocolOutcome {
        ProtocolOutcome {
            request: ProtocolRequest::default(),
            state,
            stage: None,
            result_task: None,
            critique: None,
            score: None,
            reason: None,
            updated_at: at(),
        }
    }

    #[test]
    fn requests_read_as_a_few_words() {
        assert_eq!(request_summary(&ProtocolRequest::default()), "");
        let r = ProtocolRequest {
            confidence_threshold: Some(0.8),
            challenge: Some(true),
            challenge_threshold: Some(0.4),
            requires_debate: Some(true),
            requires_vote: Some(true),
            quorum: Some(5),
            validator_capability: Some("security".into()),
        };
        assert_eq!(
            request_summary(&r),
            "verification below confidence 0.80, debate, challenge (threshold 0.40), \
             vote (quorum 5), validation by `security` agents"
        );
        let off = ProtocolRequest {
            confidence_threshold: Some(0.0),
            challenge: Some(false),
            ..Default::default()
        };
        assert_eq!(request_summary(&off), "no verification");
    }

    #[test]
    fn a_step_names_its_role_and_subject() {
        let mut t = Task::queued("s1", "p", at());
        assert!(task_lines(&t).is_empty(), "a plain task shows nothing");
        t.protocol_role = Some(m3shd_api::ProtocolRole::Verifies);
        t.protocol_of = Some("t1".into());
        t.confidence = Some(0.9);
        assert_eq!(
            task_lines(&t),
            ["step of:     t1 (verifies)", "confidence:  0.90"]
        );
    }

    #[test]
    fn a_subject_shows_its_protocol_and_only_what_is_there() {
        let mut t = Task::queued("t1", "p", at());
        let mut p = outcome(ProtocolState::Running);
        p.stage = Some(m3shd_api::ProtocolStage::Challenge);
        p.request.challenge = Some(true);
        p.result_task = Some("t1".into());
        t.protocol = Some(p.clone());
        assert_eq!(
            task_lines(&t),
            [
                "protocol:    running (challenge)",
                "asked for:   challenge",
                "result:      this task (the result so far)",
            ]
        );
        p.state = ProtocolState::Accepted;
        p.result_task = Some("r2".into());
        p.score = Some(0.62);
        p.reason = Some("the critique was material; revised".into());
        p.critique = Some("The second step\nis wrong.".into());
        t.protocol = Some(p);
        assert_eq!(
            task_lines(&t),
            [
                "protocol:    accepted at challenge",
                "asked for:   challenge",
                "result:      r2 (the accepted result)",
                "score:       0.62",
                "reason:      the critique was material; revised",
                "critique:\n  The second step\n  is wrong.",
            ]
        );
    }

    #[test]
    fn the_ending_says_how_the_protocol_decided() {
        let mut t = Task::queued("t1", "p", at());
        assert_eq!(ending_line(&t), None);
        t.protocol = Some(outcome(ProtocolState::Running));
        assert_eq!(ending_line(&t), None, "not decided yet");
        let mut p = outcome(ProtocolState::Accepted);
        p.stage = Some(m3shd_api::ProtocolStage::Validation);
        t.protocol = Some(p.clone());
        assert_eq!(ending_line(&t).unwrap(), "protocol accepted at validation");
        p.state = ProtocolState::Rejected;
        p.stage = Some(m3shd_api::ProtocolStage::Vote);
        p.reason = Some("2 of 3 voters rejected".into());
        t.protocol = Some(p.clone());
        assert_eq!(
            ending_line(&t).unwrap(),
            "protocol rejected at vote: 2 of 3 voters rejected; see `m3shd task graph t1`"
        );
        p.state = ProtocolState::Escalated;
        p.reason = Some("tied".into());
        t.protocol = Some(p);
        assert_eq!(
            ending_line(&t).unwrap(),
            "protocol escalated at vote: tied; an escalation waits for you (`m3shd escalations`)"
        );
    }

    #[test]
    fn wrapping_keeps_lines_and_indents() {
        let text = "one two three four five six seven eight nine ten eleven twelve";
        let w = wrap(text, 4, 28);
        for line in w.lines() {
            assert!(line.starts_with("    "));
            assert!(line.chars().count() <= 28, "{line}");
        }
        assert_eq!(
            w.split_whitespace().collect::<Vec<_>>().join(" "),
            text,
            "no word lost"
        );
        assert_eq!(wrap("a\nb", 2, 80), "  a\n  b\n");
    }
}
