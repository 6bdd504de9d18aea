//! Voice dispatch (ARCHITECTURE.md, "Voice dispatch"): a spoken sentence
//! ("research StoreKit 2 pricing models") becomes a template and its
//! variables, deterministically, and the hub dispatches it as
//! `POST /api/templates/{id}/dispatch` would. [`choose`] is the matcher.
//!
//! A template scores by the sentence's words it shares with its name
//! (3 each), its capability (2) and its description (1), compared loosely
//! (`writing` is `write`, `summary` is `summarize`); the best score wins,
//! and a tie goes to the template whose word comes first in the sentence
//! (the verb of an order comes first). Variables come from `VAR is X`
//! (`VAR: X`, `VAR = X`), then from a cue (`about X`, `on X`,
//! `regarding X`) for the first variable still open, then from what
//! follows the template's word ("research StoreKit 2" → `StoreKit 2`,
//! "summarize the notes for v2" → `notes for v2`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{Task, Template};

/// Longest sentence accepted, in bytes.
pub const MAX_VOICE_TEXT_BYTES: usize = 2_000;

/// How many template names a refusal offers.
const CLOSEST: usize = 3;

/// `POST /api/voice/dispatch`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct VoiceDispatch {
    /// What was said.
    pub text: String,
}

/// The answer: the task, the template it came from, and one sentence for
/// a voice assistant to read out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct VoiceDispatched {
    pub task: Task,
    /// The template's name.
    pub template: String,
    /// The variables read from the sentence (the hub's own, `date` and
    /// `analytics`, are filled in besides when the template uses them).
    pub variables: BTreeMap<String, String>,
    pub speech: String,
}

/// What [`choose`] made of a sentence.
#[derive(Debug, Clone, PartialEq)]
pub enum VoiceMatch {
    /// The template (by name) and every variable it needs.
    Matched {
        template: String,
        variables: BTreeMap<String, String>,
    },
    /// The template matched, but the sentence gives no value for `variable`.
    Missing { template: String, variable: String },
    /// No template shares a word with the sentence; the closest names.
    Unmatched { closest: Vec<String> },
}

/// Words that say nothing about which template is meant.
const STOP: &[&str] = &[
    "a", "an", "the", "of", "to", "for", "and", "or", "on", "in", "at", "by", "with", "from",
    "about", "into", "is", "it", "its", "me", "my", "our", "your", "this", "that", "some", "up",
    "please", "hey", "siri", "can", "could", "would", "you", "i", "want", "need", "do", "make",
    "get", "new", "one", "piece", "text", "task", "mesh", "run", "start", "today", "today's",
];

/// Words that open a variable's value ("write about bees").
const CUES: &[&str] = &["about", "on", "regarding", "re", "concerning"];

/// Choose the template `sentence` asks for among `templates`, with its
/// variables; `provided` are variables the hub fills itself.
pub fn choose(sentence: &str, templates: &[Template], provided: &[&str]) -> VoiceMatch {
    let words = spoken_words(sentence);
    let mut scored: Vec<(i64, usize, &Template)> = templates
        .iter()
        .map(|t| {
            let (score, first) = score(t, &words);
            (score, first, t)
        })
        .collect();
    // Best score first; then the earliest word; then by name.
    scored.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(a.1.cmp(&b.1))
            .then(a.2.name.cmp(&b.2.name))
    });
    let Some((_, first, tpl)) = scored.first().copied().filter(|(s, _, _)| *s > 0) else {
        let closest = closest_names(&scored);
        return VoiceMatch::Unmatched { closest };
    };
    let mut variables = BTreeMap::new();
    let open: Vec<&str> = tpl
        .variables
        .iter()
        .map(String::as_str)
        .filter(|v| !provided.contains(v))
        .collect();
    for v in &open {
        if let Some(value) = named_value(sentence, v, &open) {
            variables.insert((*v).to_string(), value);
        }
    }
    // A sentence that names its variables gives nothing by position.
    let named = !variables.is_empty();
    let mut unfilled = open.iter().filter(|v| !variables.contains_key(**v));
    if let Some(v) = unfilled.next().filter(|_| !named) {
        let value = cued_value(&words).or_else(|| following_value(&words, first));
        match value {
            Some(value) => {
                variables.insert((*v).to_string(), value);
            }
            None => {
                return VoiceMatch::Missing {
                    template: tpl.name.clone(),
                    variable: (*v).to_string(),
                };
            }
        }
    }
    if let Some(v) = open.iter().find(|v| !variables.contains_key(**v)) {
        return VoiceMatch::Missing {
            template: tpl.name.clone(),
            variable: (*v).to_string(),
        };
    }
    VoiceMatch::Matched {
        template: tpl.name.clone(),
        variables,
    }
}

/// The sentence a voice assistant reads out after a dispatch.
pub fn dispatched_speech(
    template: &str,
    variables: &BTreeMap<String, String>,
    task: &str,
) -> String {
    match variables.values().next() {
        Some(v) => format!(
            "Dispatched {template} about {}, task {task}.",
            clip_words(v, 60)
        ),
        None => format!("Dispatched {template}, task {task}."),
    }
}

/// The sentence read out when nothing matched.
pub fn unmatched_speech(closest: &[String]) -> String {
    match closest {
        [] => "I found no template for that; there are none on the mesh.".to_string(),
        [one] => format!("I found no template for that. Try {one}."),
        more => {
            let (last, rest) = more.split_last().unwrap_or((&more[0], &[]));
            format!(
                "I found no template for that. Try {} or {last}.",
                rest.join(", ")
            )
        }
    }
}

/// The sentence read out when a variable is missing.
pub fn missing_speech(template: &str, variable: &str) -> String {
    let v = variable.replace(['_', '-'], " ");
    format!("The {template} template needs a {v}. Say it like: {template} about your {v}.")
}

/// One word of the sentence: as said (for values) and as compared.
#[derive(Debug, Clone)]
struct Word {
    said: String,
    stem: String,
}

fn spoken_words(sentence: &str) -> Vec<Word> {
    sentence
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter_map(|w| {
            let said = w.trim_matches(|c: char| !c.is_alphanumeric() && !"$%#+".contains(c));
            (!said.is_empty()).then(|| Word {
                said: said.to_string(),
                stem: stem(&said.to_lowercase()),
            })
        })
        .collect()
}

/// A loose form for comparing: a plural, `-ing`, `-ed` or final `e` off.
fn stem(w: &str) -> String {
    let w = w.trim_end_matches("'s");
    for suffix in ["ing", "ed", "es", "s", "e"] {
        if let Some(root) = w.strip_suffix(suffix)
            && root.chars().count() >= 3
        {
            return root.to_string();
        }
    }
    w.to_string()
}

/// Two stems name the same thing: equal, or one starts the other with at
/// least 6 letters in common (`summar-ize`, `summar-y`).
fn same(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    common >= 6
}

fn keywords(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| !w.is_empty() && !STOP.contains(&w.as_str()))
        .map(|w| stem(&w))
        .collect()
}

/// The template's score for these words, and the position of the first
/// word that scored (for ties and for the value that follows it).
fn score(t: &Template, words: &[Word]) -> (i64, usize) {
    let name = keywords(&t.name);
    let cap = keywords(t.capability.as_deref().unwrap_or(""));
    let desc = keywords(&t.description);
    let mut total = 0;
    let mut first = usize::MAX;
    let mut last_name_word = None;
    for (i, w) in words.iter().enumerate() {
        if STOP.contains(&w.said.to_lowercase().as_str()) {
            continue;
        }
        let points = if name.iter().any(|k| same(k, &w.stem)) {
            last_name_word = Some(i);
            3
        } else if cap.iter().any(|k| same(k, &w.stem)) {
            2
        } else if desc.iter().any(|k| same(k, &w.stem)) {
            1
        } else {
            0
        };
        if points > 0 {
            total += points;
            first = first.min(i);
        }
    }
    // The value follows the last word of the name that was said
    // ("write the daily blog" → after "blog").
    (total, last_name_word.map_or(first, |l| l.max(first)))
}

fn closest_names(scored: &[(i64, usize, &Template)]) -> Vec<String> {
    scored
        .iter()
        .take(CLOSEST)
        .map(|(_, _, t)| t.name.clone())
        .collect()
}

/// `VAR is X`, `VAR: X`, `VAR = X` (the variable's `_` and `-` may be
/// spoken as spaces); the value runs to the next `and OTHERVAR is` or the
/// end.
fn named_value(sentence: &str, var: &str, all: &[&str]) -> Option<String> {
    let lower = sentence.to_lowercase();
    let spoken = var.replace(['_', '-'], " ");
    for name in [var.to_string(), spoken] {
        for sep in [" is ", ": ", " = ", "=", " should be "] {
            let key = format!("{name}{sep}");
            let Some(at) = find_word(&lower, &key) else {
                continue;
            };
            let start = at + key.len();
            // Byte offsets of `lower` are those of `sentence` only when
            // lowercasing kept every length; otherwise give up on this form.
            if lower.len() != sentence.len() {
                return None;
            }
            let mut end = sentence.len();
            for other in all.iter().filter(|o| **o != var) {
                for sep in [" is ", ": ", " = "] {
                    let next = format!(" and {other}{sep}");
                    if let Some(i) = lower[start..].find(&next) {
                        end = end.min(start + i);
                    }
                }
            }
            let value = clean_value(&sentence[start..end]);
            if !value.is_empty() {
                return Some(value);
            }
        }
    }
    None
}

/// Where `key` starts in `text` at a word boundary.
fn find_word(text: &str, key: &str) -> Option<usize> {
    text.match_indices(key)
        .map(|(i, _)| i)
        .find(|&i| i == 0 || !text[..i].chars().last().is_some_and(char::is_alphanumeric))
}

/// What follows the first cue word, as said.
fn cued_value(words: &[Word]) -> Option<String> {
    let at = words
        .iter()
        .position(|w| CUES.contains(&w.said.to_lowercase().as_str()))?;
    let value = join_said(&words[at + 1..]);
    (!value.is_empty()).then_some(value)
}

/// What follows the template's word, leading filler off.
fn following_value(words: &[Word], at: usize) -> Option<String> {
    let rest = words.get(at + 1..)?;
    let skip = rest
        .iter()
        .take_while(|w| STOP.contains(&w.said.to_lowercase().as_str()))
        .count();
    let value = join_said(&rest[skip..]);
    (!value.is_empty()).then_some(value)
}

fn join_said(words: &[Word]) -> String {
    let joined: Vec<&str> = words.iter().map(|w| w.said.as_str()).collect();
    clean_value(&joined.join(" "))
}

fn clean_value(v: &str) -> String {
    v.trim()
        .trim_end_matches(['.', '!', '?', ','])
        .trim()
        .to_string()
}

fn clip_words(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max).collect();
    if let Some(space) = out.rfind(' ') {
        out.truncate(space);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tpl(name: &str, cap: Option<&str>, desc: &str, vars: &[&str]) -> Template {
        Template {
            id: format!("tp-{name}"),
            name: name.into(),
            description: desc.into(),
            prompt_template: String::new(),
            capability: cap.map(Into::into),
            priority: 5,
            model: None,
            protocol: Default::default(),
            federated_input: Default::default(),
            variables: vars.iter().map(|v| v.to_string()).collect(),
            created_by: "seed".into(),
            created_at: chrono::Utc::now(),
        }
    }

    /// The templates a new hub has.
    fn seeded() -> Vec<Template> {
        vec![
            tpl(
                "code-review",
                Some("code_review"),
                "Review code for bugs, security and style",
                &["target"],
            ),
            tpl(
                "daily-blog",
                Some("general"),
                "Today's blog post, written from the last 24 hours of analytics",
                &["date", "analytics"],
            ),
            tpl(
                "qa",
                Some("qa"),
                "Check a piece of work for errors and gaps",
                &["target"],
            ),
            tpl(
                "research",
                Some("research"),
                "Research a topic and report the findings with sources",
                &["topic"],
            ),
            tpl(
                "summarize",
                Some("summarize"),
                "Summarize a text or document",
                &["target"],
            ),
            tpl(
                "write",
                Some("write"),
                "Write a piece of text on a topic",
                &["topic"],
            ),
        ]
    }

    const HUB: &[&str] = &["date", "analytics"];

    fn matched(s: &str) -> (String, BTreeMap<String, String>) {
        match choose(s, &seeded(), HUB) {
            VoiceMatch::Matched {
                template,
                variables,
            } => (template, variables),
            other => panic!("{s:?} → {other:?}"),
        }
    }

    fn vars(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn sentences_find_their_template_and_variables() {
        assert_eq!(
            matched("research StoreKit 2 pricing models"),
            (
                "research".into(),
                vars(&[("topic", "StoreKit 2 pricing models")])
            )
        );
        assert_eq!(
            matched("Hey Siri, research about the history of Rust."),
            ("research".into(), vars(&[("topic", "the history of Rust")]))
        );
        assert_eq!(
            matched("write the daily blog"),
            ("daily-blog".into(), vars(&[]))
        );
        assert_eq!(
            matched("write a poem about Rust"),
            ("write".into(), vars(&[("topic", "Rust")]))
        );
        assert_eq!(
            matched("summarize the release notes for v2"),
            (
                "summarize".into(),
                vars(&[("target", "release notes for v2")])
            )
        );
        assert_eq!(
            matched("review the code in src/main.rs"),
            ("code-review".into(), vars(&[("target", "src/main.rs")]))
        );
        assert_eq!(
            matched("check my essay for errors"),
            ("qa".into(), vars(&[("target", "essay for errors")]))
        );
        assert_eq!(
            matched("research on quantum computing"),
            ("research".into(), vars(&[("topic", "quantum computing")]))
        );
        // A tie goes to the template whose word was said first.
        let tie = vec![tpl("alpha", None, "", &[]), tpl("beta", None, "", &[])];
        let VoiceMatch::Matched { template, .. } = choose("beta then alpha", &tie, HUB) else {
            panic!("unmatched");
        };
        assert_eq!(template, "beta");
        assert_eq!(
            matched("writing about bees"),
            ("write".into(), vars(&[("topic", "bees")]))
        );
        assert_eq!(
            matched("research, topic is Solar Power"),
            ("research".into(), vars(&[("topic", "Solar Power")]))
        );
    }

    #[test]
    fn nothing_matching_offers_the_closest() {
        let VoiceMatch::Unmatched { closest } = choose("play some jazz", &seeded(), HUB) else {
            panic!("matched");
        };
        assert_eq!(closest.len(), 3);
        let speech = unmatched_speech(&closest);
        assert!(speech.starts_with("I found no template"), "{speech}");
        assert_eq!(
            choose("anything", &[], HUB),
            VoiceMatch::Unmatched { closest: vec![] }
        );
    }

    #[test]
    fn a_missing_variable_is_named() {
        assert_eq!(
            choose("research", &seeded(), HUB),
            VoiceMatch::Missing {
                template: "research".into(),
                variable: "topic".into()
            }
        );
        let two = vec![tpl(
            "compare",
            None,
            "Compare two things",
            &["left", "right"],
        )];
        assert_eq!(
            choose("compare left is apples", &two, HUB),
            VoiceMatch::Missing {
                template: "compare".into(),
                variable: "right".into()
            }
        );
        assert_eq!(
            choose("compare left is apples and right is pears", &two, HUB),
            VoiceMatch::Matched {
                template: "compare".into(),
                variables: vars(&[("left", "apples"), ("right", "pears")])
            }
        );
        let s = missing_speech("research", "topic");
        assert!(s.contains("needs a topic"), "{s}");
    }

    #[test]
    fn speech_is_one_short_sentence() {
        let s = dispatched_speech("research", &vars(&[("topic", "Rust")]), "abc123");
        assert_eq!(s, "Dispatched research about Rust, task abc123.");
        assert_eq!(
            dispatched_speech("daily-blog", &vars(&[]), "t1"),
            "Dispatched daily-blog, task t1."
        );
        let long = "word ".repeat(100);
        assert!(dispatched_speech("w", &vars(&[("topic", &long)]), "t").len() < 120);
    }

    #[test]
    fn odd_input_never_panics() {
        for s in [
            "",
            "   ",
            "🚀",
            "İstanbul research",
            "topic is",
            "research topic is İ",
        ] {
            let _ = choose(s, &seeded(), HUB);
        }
    }
}
