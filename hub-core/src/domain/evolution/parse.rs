//! Reading amendment lines out of an evolution task's output:
//! `AMENDMENT: add|reinforce|restrict|remove | CONFIDENCE 0.0-1.0 | guideline text | evidence`.
//! A line that does not follow the form is ignored, never guessed at;
//! what is kept is capped in number and size.

use m3shd_api::{
    AMENDMENT_TAG, AmendmentKind, MAX_AMENDMENT_EVIDENCE_CHARS, MAX_AMENDMENT_TEXT_CHARS,
    MAX_AMENDMENTS_PER_PROPOSAL,
};

/// One well-formed amendment line.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposed {
    pub kind: AmendmentKind,
    pub confidence: f64,
    pub text: String,
    pub evidence: String,
}

/// Text compared for sameness: lowercase, runs of whitespace as one space.
pub fn normalized(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Control characters become spaces; the ends are trimmed.
fn clean(field: &str) -> String {
    field
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

/// `CONFIDENCE 0.8` (also `CONFIDENCE: 0.8`, `confidence=0.8`): a number
/// in 0..=1 and nothing else.
fn confidence(field: &str) -> Option<f64> {
    let head = field.get(..10)?;
    if !head.eq_ignore_ascii_case("confidence") {
        return None;
    }
    let rest = field[10..].trim_start();
    let rest = rest
        .strip_prefix(':')
        .or_else(|| rest.strip_prefix('='))
        .unwrap_or(rest)
        .trim();
    let c: f64 = rest.parse().ok()?;
    (c.is_finite() && (0.0..=1.0).contains(&c)).then_some(c)
}

/// `s` cut to `max` characters, marked when cut.
fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// One line, if it is a well-formed amendment.
fn line(raw: &str) -> Option<Proposed> {
    let l = raw.trim();
    // A list marker in front is tolerated (`- AMENDMENT: …`).
    let l = l
        .strip_prefix("- ")
        .or_else(|| l.strip_prefix("* "))
        .unwrap_or(l)
        .trim_start();
    let head = l.get(..AMENDMENT_TAG.len())?;
    if !head.eq_ignore_ascii_case(AMENDMENT_TAG) {
        return None;
    }
    let mut fields = l[AMENDMENT_TAG.len()..].split('|');
    let kind = fields.next()?.trim().to_lowercase().parse().ok()?;
    let confidence = confidence(fields.next()?.trim())?;
    let text = clean(fields.next()?);
    if text.is_empty() || text.chars().count() > MAX_AMENDMENT_TEXT_CHARS {
        return None;
    }
    let evidence: Vec<String> = fields.map(clean).collect();
    let evidence = clip(&evidence.join(" | "), MAX_AMENDMENT_EVIDENCE_CHARS);
    Some(Proposed {
        kind,
        confidence,
        text,
        evidence,
    })
}

/// Every well-formed amendment line of `output`, in order, without
/// repeats (same kind and text), at most `MAX_AMENDMENTS_PER_PROPOSAL`.
pub fn amendments(output: &str) -> Vec<Proposed> {
    let mut out: Vec<Proposed> = Vec::new();
    for p in output.lines().filter_map(line) {
        if out.len() == MAX_AMENDMENTS_PER_PROPOSAL {
            break;
        }
        let key = normalized(&p.text);
        if out
            .iter()
            .any(|o| o.kind == p.kind && normalized(&o.text) == key)
        {
            continue;
        }
        out.push(p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_formed_lines_are_read_in_order() {
        let out = "Looking at the failures, I propose:\n\
            AMENDMENT: add | CONFIDENCE 0.8 | Check the build log before answering | 3 of 5 failures were build errors\n\
            - amendment: Restrict | confidence: 0.45 | Do not run migrations unasked | task ab12 | and cd34\n\
            AMENDMENT: remove | CONFIDENCE=1 | am-0011 |\n\
            AMENDMENT: reinforce | CONFIDENCE 0 | Cite the source file\n";
        let got = amendments(out);
        assert_eq!(got.len(), 4, "{got:#?}");
        assert_eq!(got[0].kind, AmendmentKind::Add);
        assert_eq!(got[0].confidence, 0.8);
        assert_eq!(got[0].text, "Check the build log before answering");
        assert_eq!(got[0].evidence, "3 of 5 failures were build errors");
        assert_eq!(got[1].kind, AmendmentKind::Restrict);
        assert_eq!(got[1].evidence, "task ab12 | and cd34");
        assert_eq!(got[2].kind, AmendmentKind::Remove);
        assert_eq!(got[2].text, "am-0011");
        assert_eq!(got[2].confidence, 1.0);
        assert_eq!(got[3].evidence, "");
    }

    #[test]
    fn malformed_lines_are_ignored() {
        for l in [
            // The format line of the prompt itself.
            "AMENDMENT: add|reinforce|restrict|remove | CONFIDENCE 0.0-1.0 | guideline text | evidence",
            "AMENDMENT: rewrite | CONFIDENCE 0.5 | x | y",
            "AMENDMENT: add | CONFIDENCE 1.5 | x | y",
            "AMENDMENT: add | CONFIDENCE -0.1 | x | y",
            "AMENDMENT: add | CONFIDENCE NaN | x | y",
            "AMENDMENT: add | CONFIDENCE inf | x | y",
            "AMENDMENT: add | SURE 0.5 | x | y",
            "AMENDMENT: add | CONFIDENCE 0.5 |   | y",
            "AMENDMENT: add | CONFIDENCE 0.5",
            "AMENDMENT add | CONFIDENCE 0.5 | x | y",
            "We could AMENDMENT: add | CONFIDENCE 0.5 | x | y",
            "AMENDMENT:",
            "AMEND",
            "",
            "é AMENDMENT: add | CONFIDENCE 0.5 | x",
        ] {
            assert_eq!(amendments(l), [], "{l:?}");
        }
    }

    #[test]
    fn sizes_and_counts_are_capped() {
        let long = "x".repeat(MAX_AMENDMENT_TEXT_CHARS + 1);
        assert_eq!(
            amendments(&format!("AMENDMENT: add | CONFIDENCE 0.5 | {long} | y")),
            []
        );
        let evidence = "e".repeat(MAX_AMENDMENT_EVIDENCE_CHARS * 2);
        let got = amendments(&format!("AMENDMENT: add | CONFIDENCE 0.5 | x | {evidence}"));
        assert_eq!(
            got[0].evidence.chars().count(),
            MAX_AMENDMENT_EVIDENCE_CHARS
        );
        assert!(got[0].evidence.ends_with('…'));
        let many: String = (0..30)
            .map(|i| format!("AMENDMENT: add | CONFIDENCE 0.5 | rule {i} | e\n"))
            .collect();
        let got = amendments(&many);
        assert_eq!(got.len(), MAX_AMENDMENTS_PER_PROPOSAL);
        assert_eq!(got[9].text, "rule 9");
    }

    #[test]
    fn repeats_are_kept_once_and_control_characters_dropped() {
        let out = "AMENDMENT: add | CONFIDENCE 0.5 | Check  the log | a\n\
                   AMENDMENT: add | CONFIDENCE 0.9 | check the LOG | b\n\
                   AMENDMENT: restrict | CONFIDENCE 0.9 | check the log | c\n\
                   AMENDMENT: add | CONFIDENCE 0.5 | tab\there\u{7} | d\r\n";
        let got = amendments(out);
        assert_eq!(got.len(), 3, "{got:#?}");
        assert_eq!(got[0].evidence, "a");
        assert_eq!(got[1].kind, AmendmentKind::Restrict);
        assert_eq!(got[2].text, "tab here");
        assert_eq!(normalized(" Check\t the  LOG "), "check the log");
    }
}
