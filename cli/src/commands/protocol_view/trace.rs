//! `task trace`: task → result → steps → receipts → credits.

use m3shd_api::{TaskStatus, TaskTrace, ValidationReceipt, Verdict};
use m3shd_commands::status_icon;

use super::{WIDTH, outcome_summary, prefix, unit, when, wrap};
use crate::output::short;

fn receipt(r: &ValidationReceipt) -> String {
    let verdict = match r.verdict {
        Verdict::Accept => "✓ accept",
        Verdict::Reject => "✗ reject",
    };
    let mut out = format!(
        "  {verdict} by {} in task {}\n",
        r.validator, r.validation_task
    );
    out.push_str(&format!(
        "      result {} by {} · sha256 {}\n",
        r.result_task,
        r.producer,
        prefix(&r.result_hash, 16)
    ));
    out.push_str(&format!(
        "      signature {} · {}\n",
        prefix(&r.signature, 16),
        when(r.created_at)
    ));
    if !r.reason.trim().is_empty() {
        out.push_str(&wrap(&r.reason, 6, WIDTH));
    }
    out
}

/// Task → result (hash and producer) → each protocol step → the
/// validators' receipts → the credits they earned.
pub fn trace(t: &TaskTrace) -> String {
    let mut out = format!(
        "task {} · {} · {} {}\n",
        t.task_id,
        short(&t.title, 40),
        status_icon(t.status),
        t.status
    );
    match (&t.result_hash, &t.producer) {
        (Some(h), Some(p)) => out.push_str(&format!("result: sha256 {} by {p}\n", prefix(h, 16))),
        (Some(h), None) => out.push_str(&format!("result: sha256 {}\n", prefix(h, 16))),
        (None, _) if t.status == TaskStatus::Done => out.push_str("result: no hash recorded\n"),
        (None, _) => out.push_str("result: none yet\n"),
    }
    if let Some(p) = &t.protocol {
        let mut line = format!("protocol: {}", outcome_summary(p));
        if let Some(r) = &p.result_task {
            line.push_str(&format!(" · result {r}"));
        }
        out.push_str(&short(&line, WIDTH));
        out.push('\n');
    }
    if t.steps.is_empty() {
        out.push_str("steps: none\n");
    } else {
        out.push_str("steps:\n");
    }
    let id_w = t
        .steps
        .iter()
        .map(|s| s.task_id.chars().count())
        .max()
        .unwrap_or(0)
        .min(16);
    let agent_w = t
        .steps
        .iter()
        .map(|s| s.agent_id.as_deref().unwrap_or("-").chars().count())
        .max()
        .unwrap_or(1)
        .clamp(1, 12);
    for s in &t.steps {
        let mut detail = Vec::new();
        if let Some(v) = s.verdict {
            detail.push(v.to_string());
        }
        if let Some(x) = s.score {
            detail.push(format!("score {}", unit(x)));
        }
        if let Some(x) = s.confidence {
            detail.push(format!("confidence {}", unit(x)));
        }
        let line = format!(
            "  {:<11} {:<11} {:<id_w$} {:<agent_w$} {}",
            format!("{} {}", status_icon(s.status), s.status),
            s.role.as_str(),
            short(&s.task_id, id_w),
            short(s.agent_id.as_deref().unwrap_or("-"), agent_w),
            detail.join(" · ")
        );
        out.push_str(&short(line.trim_end(), WIDTH));
        out.push('\n');
        if let Some(n) = s.note.as_deref().filter(|n| !n.trim().is_empty()) {
            out.push_str(&wrap(n, 6, WIDTH));
        }
    }
    if t.receipts.is_empty() {
        out.push_str("receipts: none\n");
    } else {
        out.push_str("receipts:\n");
        for r in &t.receipts {
            out.push_str(&receipt(r));
        }
    }
    if t.credits.is_empty() {
        out.push_str("credits: none\n");
    } else {
        out.push_str("credits:\n");
        for c in &t.credits {
            // A revision or synthesis earns its own agent credit.
            let of = if c.task_id == t.task_id {
                String::new()
            } else {
                format!(" for {}", c.task_id)
            };
            out.push_str(&format!(
                "  +{:.2} {}{of} · validation {} · {}\n",
                c.credits,
                c.agent_id,
                c.validation_task,
                when(c.created_at)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use m3shd_api::{Credit, ProtocolRole, ProtocolStage, ProtocolState, TraceStep};

    use super::super::tests::{at, outcome};
    use super::*;

    #[test]
    fn the_trace_goes_from_task_to_credit() {
        let mut p = outcome(ProtocolState::Accepted);
        p.stage = Some(ProtocolStage::Validation);
        p.result_task = Some("t1".into());
        let t = TaskTrace {
            task_id: "t1".into(),
            title: "Sum the invoices".into(),
            status: TaskStatus::Done,
            producer: Some("alpha".into()),
            result_hash: Some(
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into(),
            ),
            protocol: Some(p),
            steps: vec![
                TraceStep {
                    task_id: "c1".into(),
                    role: ProtocolRole::Challenges,
                    status: TaskStatus::Done,
                    agent_id: Some("beta".into()),
                    verdict: None,
                    score: Some(0.2),
                    confidence: None,
                    note: Some("not material".into()),
                },
                TraceStep {
                    task_id: "v1".into(),
                    role: ProtocolRole::Validates,
                    status: TaskStatus::Done,
                    agent_id: Some("gamma".into()),
                    verdict: Some(Verdict::Accept),
                    score: None,
                    confidence: Some(0.95),
                    note: None,
                },
            ],
            receipts: vec![ValidationReceipt {
                task_id: "t1".into(),
                result_hash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
                    .into(),
                result_task: "t1".into(),
                producer: "alpha".into(),
                validation_task: "v1".into(),
                validator: "gamma".into(),
                verdict: Verdict::Accept,
                reason: "totals match the invoices".into(),
                signature: "5d41402abc4b2a76b9719d911017c592".into(),
                created_at: at(),
            }],
            credits: vec![Credit {
                agent_id: "alpha".into(),
                task_id: "t1".into(),
                credits: 1.0,
                validation_task: "v1".into(),
                created_at: at(),
            }],
        };
        let expected = "\
task t1 · Sum the invoices · ✓ done
result: sha256 9f86d081884c7d65… by alpha
protocol: accepted at validation · result t1
steps:
  ✓ done      challenges  c1 beta  score 0.20
      not material
  ✓ done      validates   v1 gamma accept · confidence 0.95
receipts:
  ✓ accept by gamma in task v1
      result t1 by alpha · sha256 9f86d081884c7d65…
      signature 5d41402abc4b2a76… · 2026-12-06 11:12 UTC
      totals match the invoices
credits:
  +1.00 alpha · validation v1 · 2026-12-06 11:12 UTC
";
        let text = trace(&t);
        assert_eq!(text, expected);
        for line in text.lines() {
            assert!(line.chars().count() <= WIDTH, "too wide: {line}");
        }
    }

    #[test]
    fn an_unfinished_task_has_nothing_to_trace_yet() {
        let t = TaskTrace {
            task_id: "t2".into(),
            title: "x".into(),
            status: TaskStatus::Running,
            producer: Some("alpha".into()),
            result_hash: None,
            protocol: None,
            steps: vec![],
            receipts: vec![],
            credits: vec![],
        };
        assert_eq!(
            trace(&t),
            "task t2 · x · ▶ running\nresult: none yet\nsteps: none\nreceipts: none\ncredits: none\n"
        );
    }
}
