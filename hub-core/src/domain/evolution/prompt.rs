//! The prompt of an evolution task: the agent's guidelines in force, its
//! performance, and the line format the hub reads amendments back in.

use std::fmt::Write;

use m3shd_api::{AgentPerformance, AmendmentKind, MAX_AMENDMENTS_PER_PROPOSAL, limits};

use super::guidelines::InForce;

/// The task's title.
pub fn title(agent: &str) -> String {
    format!("evolve: guidelines of {agent}")
}

fn percent(done: u64, failed: u64) -> String {
    let all = done + failed;
    if all == 0 {
        return "-".into();
    }
    // Counts far below 2^52: exact as f64.
    #[allow(clippy::cast_precision_loss)]
    let rate = done as f64 * 100.0 / all as f64;
    format!("{rate:.0}%")
}

/// Bytes the current guidelines take at most (the most recent are shown).
const GUIDELINES_BYTES: usize = 2_500;
/// Capabilities listed at most (the busiest).
const CAPABILITIES: usize = 20;
/// Bytes the failures take at most.
const FAILURES_BYTES: usize = 1_500;

/// The lines that fit `budget` bytes, taken from the end (the newest),
/// shown in their order.
fn newest_that_fit(lines: Vec<String>, budget: usize) -> Vec<String> {
    let mut kept = Vec::new();
    let mut used = 0;
    for l in lines.into_iter().rev() {
        if used + l.len() > budget {
            break;
        }
        used += l.len();
        kept.push(l);
    }
    kept.reverse();
    kept
}

/// The whole prompt for `p.agent_id`, within the hub's prompt limit: the
/// instructions first, then as much of the data as fits.
pub fn render(p: &AgentPerformance, in_force: &InForce) -> String {
    let agent = &p.agent_id;
    let kinds: Vec<&str> = AmendmentKind::ALL.iter().map(|k| k.as_str()).collect();
    let mut s = String::new();
    let _ = write!(
        s,
        "Review how agent `{agent}` has been doing and propose amendments to the guidelines \
         it is given with every task. The operator reviews each amendment; nothing changes \
         until they apply it.\n\n\
         Answer with at most {MAX_AMENDMENTS_PER_PROPOSAL} amendments, one per line, exactly \
         in this form (other lines are ignored):\n\
         AMENDMENT: {} | CONFIDENCE 0.0-1.0 | guideline text | evidence\n\
         - add: new guidance for a failure mode\n\
         - reinforce: strengthen guidance that correlates with success\n\
         - restrict: narrow the scope of a problematic pattern\n\
         - remove: stop a current guideline that correlates with failure (its id or exact \
         text as the guideline text)\n\
         Keep each guideline to one short imperative sentence; give as evidence the figures \
         or task ids it rests on.\n",
        kinds.join("|")
    );
    let _ = writeln!(s, "\nCURRENT GUIDELINES (id, kind, text):");
    let guidelines: Vec<String> = in_force
        .guidelines()
        .map(|g| format!("- {} ({}): {}\n", g.id, g.kind, g.text))
        .collect();
    if guidelines.is_empty() {
        let _ = writeln!(s, "- none yet");
    }
    s.extend(newest_that_fit(guidelines, GUIDELINES_BYTES));
    let _ = writeln!(
        s,
        "\nPERFORMANCE over the last {} days (since {}):",
        p.window_days,
        p.since.format("%Y-%m-%d %H:%M UTC")
    );
    let _ = writeln!(
        s,
        "- overall: {} finished, {} succeeded, {} failed (success {})",
        p.finished(),
        p.succeeded,
        p.failed,
        percent(p.succeeded, p.failed)
    );
    let mut caps: Vec<_> = p.by_capability.iter().collect();
    caps.sort_by_key(|c| std::cmp::Reverse(c.succeeded + c.failed));
    for c in caps.into_iter().take(CAPABILITIES) {
        let _ = writeln!(
            s,
            "- capability {}: {} succeeded, {} failed (success {})",
            c.capability,
            c.succeeded,
            c.failed,
            percent(c.succeeded, c.failed)
        );
    }
    if !p.recent_failures.is_empty() {
        let _ = writeln!(s, "\nRECENT FAILURES (newest first):");
        let mut used = 0;
        for f in &p.recent_failures {
            let l = format!("- task {} ({}): {}\n", f.task_id, f.capability, f.error);
            if used + l.len() > FAILURES_BYTES {
                break;
            }
            used += l.len();
            s.push_str(&l);
        }
    }
    if s.len() > limits::MAX_PROMPT_BYTES {
        let mut cut = limits::MAX_PROMPT_BYTES;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
    }
    s
}

#[cfg(test)]
mod tests {
    use m3shd_api::{CapabilityPerformance, FailureNote};

    use super::*;

    #[test]
    fn the_prompt_holds_guidelines_figures_failures_and_the_format() {
        let at = chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
        let p = AgentPerformance {
            agent_id: "rex".into(),
            window_days: 7,
            since: at,
            succeeded: 6,
            failed: 2,
            by_capability: vec![CapabilityPerformance {
                capability: "research".into(),
                succeeded: 6,
                failed: 2,
            }],
            recent_failures: vec![FailureNote {
                task_id: "t1".into(),
                capability: "research".into(),
                error: "no sources".into(),
                finished_at: at,
            }],
        };
        let text = render(&p, &InForce::of(Vec::new()));
        assert!(text.contains("agent `rex`"), "{text}");
        assert!(text.contains("- none yet"), "{text}");
        assert!(
            text.contains("- overall: 8 finished, 6 succeeded, 2 failed (success 75%)"),
            "{text}"
        );
        assert!(text.contains("- capability research: 6 succeeded, 2 failed"));
        assert!(text.contains("- task t1 (research): no sources"));
        assert!(text.contains(
            "AMENDMENT: add|reinforce|restrict|remove | CONFIDENCE 0.0-1.0 | guideline text | evidence"
        ));
        // The format line itself is no amendment.
        assert!(super::super::parse::amendments(&text).is_empty());
    }

    #[test]
    fn the_prompt_stays_within_the_limit_however_much_there_is() {
        use crate::store::AmendmentRow;
        use m3shd_api::AmendmentStatus;
        let at = chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
        let wide = "é".repeat(500);
        let applied: Vec<AmendmentRow> = (0..40)
            .map(|i| AmendmentRow {
                id: format!("am-{i}"),
                agent_id: "rex".into(),
                kind: AmendmentKind::Add,
                text: format!("{i} {wide}"),
                confidence: 0.5,
                evidence: String::new(),
                source_task: "t".into(),
                status: AmendmentStatus::Applied,
                target: None,
                created_at: at,
                updated_at: at,
                decided_at: Some(at),
                decided_by: None,
                reverted_at: None,
                reverted_by: None,
                reason: None,
            })
            .collect();
        let p = AgentPerformance {
            agent_id: "rex".into(),
            window_days: 7,
            since: at,
            succeeded: 0,
            failed: 0,
            by_capability: (0..32)
                .map(|i| CapabilityPerformance {
                    capability: format!("{i}{}", "c".repeat(60)),
                    succeeded: 1,
                    failed: 1,
                })
                .collect(),
            recent_failures: (0..5)
                .map(|i| FailureNote {
                    task_id: format!("t{i}"),
                    capability: "c".into(),
                    error: "€".repeat(200),
                    finished_at: at,
                })
                .collect(),
        };
        let text = render(&p, &InForce::of(applied));
        assert!(text.len() <= limits::MAX_PROMPT_BYTES, "{}", text.len());
        assert!(
            text.contains("- am-39 (add): 39"),
            "the newest guideline is shown"
        );
        assert!(!text.contains("- am-0 (add)"));
    }
}
