//! The builtin executor's protocol steps (ARCHITECTURE.md, "Quality
//! protocols"): deterministic answers in the line format the hub reads
//! back, so a mesh of builtin agents runs every protocol without a model.
//!
//! The hub builds a step's prompt as an instruction, `TASK:` and the
//! subject's prompt, then the step's inputs as output blocks
//! ([`m3shd_api::output_block`]). The subject's prompt may carry output
//! blocks of its own parents, so a step's inputs are always the LAST
//! blocks of its prompt.

use m3shd_api::{
    ProtocolRole, REASON_TAG, SCORE_TAG, VERDICT_TAG, VOTE_TAG, Verdict, parent_outputs,
    strip_injected_blocks,
};

use super::ExecError;

/// A critique with an issue scores above any sensible challenge threshold;
/// one without stays below.
pub const MATERIAL_SCORE: f64 = 0.9;
pub const IMMATERIAL_SCORE: f64 = 0.2;

/// What a revision says when no line of the result survives.
pub const NOTHING_LEFT: &str = "revised: nothing usable remained of the answer";

/// The output of the step `role` for `prompt`. `verifies` and `debates`
/// are not steps of their own here: their prompt is the subject's, run as
/// an ordinary job.
pub fn run(role: ProtocolRole, prompt: &str) -> Result<String, ExecError> {
    let prompt = strip_injected_blocks(prompt);
    match role {
        ProtocolRole::Challenges => {
            let [(id, result)] = inputs(role, prompt, "the result to critique")?;
            Ok(challenge(id, result))
        }
        ProtocolRole::Revises => {
            let [(_, result), _critique] = inputs(role, prompt, "the result and its critique")?;
            Ok(revise(result))
        }
        ProtocolRole::Synthesises => {
            let [a, b] = inputs(role, prompt, "the two answers of the debate")?;
            Ok(synthesise(a, b))
        }
        ProtocolRole::Votes => {
            let [(_, result)] = inputs(role, prompt, "the result to vote on")?;
            Ok(vote(result))
        }
        ProtocolRole::Validates => {
            let [(_, result)] = inputs(role, prompt, "the result to validate")?;
            Ok(validate(result))
        }
        ProtocolRole::Verifies | ProtocolRole::Debates => Err(ExecError::permanent(format!(
            "a `{role}` step is the subject's prompt itself, not a step job"
        ))),
    }
}

/// The last `N` output blocks of `prompt`: (task id, output).
fn inputs<'a, const N: usize>(
    role: ProtocolRole,
    prompt: &'a str,
    what: &str,
) -> Result<[(&'a str, &'a str); N], ExecError> {
    let blocks = parent_outputs(prompt);
    let found = blocks.len();
    blocks
        .get(found.saturating_sub(N)..)
        .and_then(|last| <[(&str, &str); N]>::try_from(last).ok())
        .ok_or_else(|| {
            ExecError::permanent(format!(
                "a `{role}` step needs {what} appended to its prompt as {N} output block(s); \
                 found {found}"
            ))
        })
}

/// Whether a line is marked as unfinished.
fn unfinished(line: &str) -> bool {
    let l = line.to_ascii_uppercase();
    l.contains("TODO") || l.contains("FIXME")
}

fn challenge(id: &str, result: &str) -> String {
    let mut issues: Vec<String> = result
        .lines()
        .enumerate()
        .filter(|(_, l)| unfinished(l))
        .map(|(i, l)| format!("- line {} is unfinished: {}", i + 1, l.trim()))
        .collect();
    if result.trim().is_empty() {
        issues.push("- the result is empty".to_string());
    }
    let mut out = format!("Critique of the result of task {id}:\n");
    let score = if issues.is_empty() {
        out.push_str("Nothing material was found: no line is marked TODO or FIXME.\n");
        IMMATERIAL_SCORE
    } else {
        out.push_str(&issues.join("\n"));
        out.push('\n');
        MATERIAL_SCORE
    };
    out.push_str(&format!("{SCORE_TAG}: {score}"));
    out
}

fn revise(result: &str) -> String {
    let kept: Vec<&str> = result.lines().filter(|l| !unfinished(l)).collect();
    let revised = kept.join("\n");
    let revised = revised.trim();
    if revised.is_empty() {
        NOTHING_LEFT.to_string()
    } else {
        revised.to_string()
    }
}

fn synthesise((a_id, a): (&str, &str), (b_id, b): (&str, &str)) -> String {
    let (a_points, b_points) = (points_of(a), points_of(b));
    let mut lines: Vec<&str> = Vec::new();
    for l in a_points.iter().chain(&b_points) {
        if !lines.contains(l) {
            lines.push(l);
        }
    }
    // A point both answers made was kept from both.
    let (from_a, from_b) = (a_points.len(), b_points.len());
    let mut out = lines.join("\n");
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(&format!(
        "KEPT FROM {a_id}: {}\nKEPT FROM {b_id}: {}",
        points(from_a),
        points(from_b)
    ));
    out
}

/// The non-empty lines of an answer, each once.
fn points_of(text: &str) -> Vec<&str> {
    let mut v: Vec<&str> = Vec::new();
    for l in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !v.contains(&l) {
            v.push(l);
        }
    }
    v
}

fn points(n: usize) -> String {
    if n == 1 {
        "1 point".to_string()
    } else {
        format!("{n} points")
    }
}

/// The rule votes and verdicts share: an empty result or one marked
/// `INVALID` is rejected.
fn judge(result: &str) -> (Verdict, &'static str) {
    let r = result.trim();
    if r.is_empty() {
        (Verdict::Reject, "the result is empty")
    } else if r.starts_with("INVALID") {
        (Verdict::Reject, "the result is marked INVALID")
    } else {
        (Verdict::Accept, "a non-empty result")
    }
}

fn vote(result: &str) -> String {
    let (verdict, why) = judge(result);
    format!("Rationale: {why}.\n{VOTE_TAG}: {verdict}")
}

fn validate(result: &str) -> String {
    let (verdict, why) = judge(result);
    format!("{VERDICT_TAG}: {verdict}\n{REASON_TAG}: {why}")
}

#[cfg(test)]
mod tests {
    use m3shd_api::{output_block, tagged_value, unit_value};

    use super::*;

    /// A step prompt as the hub builds it: the subject's prompt carries an
    /// output block of its own parent, before the step's inputs.
    fn step(inputs: &[(&str, &str)]) -> String {
        let mut p = format!(
            "Critique, revise, vote or validate.\n\nTASK:\nsummarize the notes{}",
            output_block(
                "notes",
                "t-parent",
                "TODO: this belongs to the subject\nINVALID"
            )
        );
        for (id, out) in inputs {
            p.push_str(&output_block("answer", id, out));
        }
        p
    }

    fn score(out: &str) -> Option<f64> {
        tagged_value(out, SCORE_TAG).and_then(unit_value)
    }

    fn verdict(out: &str, tag: &str) -> Option<Verdict> {
        tagged_value(out, tag).and_then(|v| v.parse().ok())
    }

    #[test]
    fn a_challenge_lists_unfinished_lines_and_scores_them_material() {
        let out = run(
            ProtocolRole::Challenges,
            &step(&[("t-1", "Intro\nfixme: cite the source\nThe end\nTODO more")]),
        )
        .unwrap();
        assert!(
            out.contains("line 2 is unfinished: fixme: cite the source"),
            "{out}"
        );
        assert!(out.contains("line 4 is unfinished: TODO more"), "{out}");
        assert!(!out.contains("belongs to the subject"), "{out}");
        assert_eq!(score(&out), Some(MATERIAL_SCORE));
        assert!(out.lines().last().unwrap().starts_with("SCORE:"), "{out}");

        let out = run(ProtocolRole::Challenges, &step(&[("t-1", "  \n")])).unwrap();
        assert!(out.contains("the result is empty"), "{out}");
        assert_eq!(score(&out), Some(MATERIAL_SCORE));
    }

    #[test]
    fn a_clean_result_draws_an_immaterial_critique() {
        // The subject's own parent block has a TODO; only the result counts.
        let out = run(ProtocolRole::Challenges, &step(&[("t-1", "All done.")])).unwrap();
        assert!(out.contains("Nothing material was found"), "{out}");
        assert_eq!(score(&out), Some(IMMATERIAL_SCORE));
        assert!(out.lines().last().unwrap().starts_with("SCORE:"), "{out}");
    }

    #[test]
    fn a_revision_drops_the_unfinished_lines() {
        let out = run(
            ProtocolRole::Revises,
            &step(&[
                ("t-1", "\nKeep this\nTODO: fix\nand this FIXME\nand this\n"),
                ("t-2", "- line 3 is unfinished\nSCORE: 0.9"),
            ]),
        )
        .unwrap();
        assert_eq!(out, "Keep this\nand this");
        let out = run(
            ProtocolRole::Revises,
            &step(&[("t-1", "todo everything"), ("t-2", "SCORE: 0.9")]),
        )
        .unwrap();
        assert_eq!(out, NOTHING_LEFT);
    }

    #[test]
    fn a_synthesis_keeps_both_answers_once_and_says_what_it_kept() {
        let out = run(
            ProtocolRole::Synthesises,
            &step(&[
                ("t-a", "Use SQLite.\n\nKeep it small."),
                ("t-b", "  Keep it small.\nAdd backups.\n"),
            ]),
        )
        .unwrap();
        assert_eq!(
            out,
            "Use SQLite.\nKeep it small.\nAdd backups.\n\
             KEPT FROM t-a: 2 points\nKEPT FROM t-b: 2 points"
        );
        assert_eq!(tagged_value(&out, "KEPT FROM t-b"), Some("2 points"));
        let out = run(
            ProtocolRole::Synthesises,
            &step(&[("t-a", ""), ("t-b", "x")]),
        )
        .unwrap();
        assert_eq!(out, "x\nKEPT FROM t-a: 0 points\nKEPT FROM t-b: 1 point");
    }

    #[test]
    fn votes_reject_empty_and_invalid_results() {
        let cases = [
            ("The answer is 4.", Verdict::Accept),
            ("  \n", Verdict::Reject),
            ("  INVALID: no data", Verdict::Reject),
        ];
        for (result, want) in cases {
            let out = run(ProtocolRole::Votes, &step(&[("t-1", result)])).unwrap();
            assert_eq!(out.lines().count(), 2, "{out}");
            assert!(out.starts_with("Rationale: "), "{out}");
            assert_eq!(verdict(&out, VOTE_TAG), Some(want), "{result:?}: {out}");
        }
    }

    #[test]
    fn validators_give_a_verdict_with_a_reason() {
        let out = run(ProtocolRole::Validates, &step(&[("t-1", "INVALID")])).unwrap();
        assert_eq!(out, "VERDICT: reject\nREASON: the result is marked INVALID");
        let out = run(ProtocolRole::Validates, &step(&[("t-1", "")])).unwrap();
        assert_eq!(verdict(&out, VERDICT_TAG), Some(Verdict::Reject));
        assert_eq!(tagged_value(&out, REASON_TAG), Some("the result is empty"));
        let out = run(ProtocolRole::Validates, &step(&[("t-1", "42")])).unwrap();
        assert_eq!(out, "VERDICT: accept\nREASON: a non-empty result");
    }

    #[test]
    fn missing_inputs_are_a_permanent_failure() {
        let e = run(ProtocolRole::Challenges, "Critique.\n\nTASK:\nsummarize").unwrap_err();
        assert!(!e.retryable);
        assert!(
            e.message.contains("challenges") && e.message.contains("found 0"),
            "{}",
            e.message
        );
        // One answer is not a debate.
        let bare = format!(
            "Synthesise.\n\nTASK:\nx{}",
            output_block("answer", "t-1", "result")
        );
        let e = run(ProtocolRole::Synthesises, &bare).unwrap_err();
        assert!(
            e.message.contains("two answers") && e.message.contains("found 1"),
            "{}",
            e.message
        );
    }
}
