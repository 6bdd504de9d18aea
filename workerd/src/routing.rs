//! Smart model routing: a heuristic picks a small, standard or
//! large model per task from its text (length, keywords), its capability
//! and the worker's load. A task's requested `model` overrides it: a tier
//! name (`small`, `standard`, `large`) picks that tier, anything else is a
//! model name used as it is.

use serde::{Deserialize, Serialize};

/// A model size class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    Small,
    Standard,
    Large,
}

impl Tier {
    pub fn parse(s: &str) -> Option<Tier> {
        match s.trim().to_ascii_lowercase().as_str() {
            "small" => Some(Tier::Small),
            "standard" | "medium" => Some(Tier::Standard),
            "large" => Some(Tier::Large),
            _ => None,
        }
    }
}

/// The model of each tier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoutingTable {
    pub small: String,
    pub standard: String,
    pub large: String,
}

impl RoutingTable {
    pub fn model(&self, tier: Tier) -> &str {
        match tier {
            Tier::Small => &self.small,
            Tier::Standard => &self.standard,
            Tier::Large => &self.large,
        }
    }
}

/// Word stems that mark complex or critical work.
const LARGE_WORDS: &[&str] = &[
    "architect",
    "refactor",
    "prove",
    "proof",
    "analyse",
    "analyze",
    "analysis",
    "design",
    "audit",
    "security",
    "vulnerab",
    "optimi",
    "algorithm",
    "theorem",
    "migrat",
    "debug",
    "critical",
    "concurren",
    "distributed",
    "formal",
];
/// Word stems that mark simple, mechanical work.
const SMALL_WORDS: &[&str] = &[
    "summar",
    "classif",
    "extract",
    "translat",
    "tag",
    "label",
    "categori",
    "sentiment",
    "format",
    "spell",
    "rephrase",
    "list",
    "count",
    "yes",
    "keyword",
];
/// Capabilities that need the large model, and those a small one handles.
const LARGE_CAPS: &[&str] = &[
    "architecture",
    "code_review",
    "security",
    "research",
    "planning",
];
const SMALL_CAPS: &[&str] = &["summarize", "classify", "extract", "translate", "tagging"];

/// Prompts up to this many characters count as short.
pub const SHORT_CHARS: usize = 280;
/// Prompts from this many characters count as long (large model).
pub const LONG_CHARS: usize = 8_000;
/// A busy worker (running / slots at least this) routes standard work small.
pub const BUSY_LOAD: f64 = 0.75;

fn has_stem(words: &[String], stems: &[&str]) -> bool {
    words.iter().any(|w| stems.iter().any(|s| w.starts_with(s)))
}

/// Pick a tier for a prompt, its capability and the worker's load
/// (running tasks / slots, 0.0 to 1.0).
pub fn route(prompt: &str, capability: Option<&str>, load: f64) -> Tier {
    let len = prompt.chars().count();
    let words: Vec<String> = prompt
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let cap = capability.map(str::to_ascii_lowercase);
    let cap_large = cap.as_deref().is_some_and(|c| LARGE_CAPS.contains(&c));
    let cap_small = cap.as_deref().is_some_and(|c| SMALL_CAPS.contains(&c));
    let large_words = has_stem(&words, LARGE_WORDS);
    let small_words = has_stem(&words, SMALL_WORDS);

    if large_words || cap_large || len >= LONG_CHARS {
        return Tier::Large;
    }
    if ((small_words || cap_small) && len < LONG_CHARS / 4) || len <= SHORT_CHARS {
        return Tier::Small;
    }
    if load >= BUSY_LOAD && len < LONG_CHARS / 4 {
        return Tier::Small;
    }
    Tier::Standard
}

/// The model a task runs with: its requested `model` (a tier or a name),
/// else the routed tier of `table`, else `fixed`.
pub fn choose_model(
    requested: Option<&str>,
    table: Option<&RoutingTable>,
    fixed: Option<&str>,
    prompt: &str,
    capability: Option<&str>,
    load: f64,
) -> Option<String> {
    if let Some(r) = requested.map(str::trim).filter(|r| !r.is_empty()) {
        match (Tier::parse(r), table) {
            (Some(tier), Some(t)) => return Some(t.model(tier).to_string()),
            (Some(_), None) => {} // a tier without a table: the fixed model
            (None, _) => return Some(r.to_string()),
        }
    }
    if let Some(f) = fixed.filter(|f| !f.trim().is_empty()) {
        return Some(f.to_string());
    }
    table.map(|t| t.model(route(prompt, capability, load)).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> RoutingTable {
        RoutingTable {
            small: "s".into(),
            standard: "m".into(),
            large: "l".into(),
        }
    }

    #[test]
    fn keywords_length_capability_and_load() {
        assert_eq!(
            route("Summarize this paragraph: the mesh is up.", None, 0.0),
            Tier::Small
        );
        assert_eq!(route("classify these tickets", None, 0.0), Tier::Small);
        assert_eq!(route("What is 2+2?", None, 0.0), Tier::Small);
        assert_eq!(
            route("Propose an architecture for the billing service", None, 0.0),
            Tier::Large
        );
        assert_eq!(route("Refactor this module", None, 0.0), Tier::Large);
        assert_eq!(
            route("Prove that the queue never loses a task", None, 0.0),
            Tier::Large
        );
        assert_eq!(route("Please analyse the logs", None, 0.0), Tier::Large);
        let medium = "Write a friendly note to the team about the new office hours. ".repeat(8);
        assert_eq!(route(&medium, None, 0.0), Tier::Standard);
        assert_eq!(route(&medium, Some("code_review"), 0.0), Tier::Large);
        assert_eq!(route(&medium, Some("summarize"), 0.0), Tier::Small);
        // A busy worker takes the small model for ordinary work, never for complex work.
        assert_eq!(route(&medium, None, 0.9), Tier::Small);
        assert_eq!(route("Refactor this module", None, 1.0), Tier::Large);
        // A very long prompt needs the large model, even to summarize.
        assert_eq!(
            route(&"summarize word ".repeat(1000), None, 0.0),
            Tier::Large
        );
        assert_eq!(route("", None, 0.0), Tier::Small);
    }

    #[test]
    fn the_task_model_overrides_routing() {
        let t = table();
        let c = |req, table, fixed| choose_model(req, table, fixed, "Refactor it", None, 0.0);
        assert_eq!(c(None, Some(&t), None).as_deref(), Some("l"));
        assert_eq!(c(Some("small"), Some(&t), None).as_deref(), Some("s"));
        assert_eq!(c(Some("gpt-x"), Some(&t), None).as_deref(), Some("gpt-x"));
        assert_eq!(c(Some("  "), Some(&t), None).as_deref(), Some("l"));
        // A fixed model beats routing; a named model beats both.
        assert_eq!(c(None, Some(&t), Some("fixed")).as_deref(), Some("fixed"));
        assert_eq!(
            c(Some("large"), None, Some("fixed")).as_deref(),
            Some("fixed")
        );
        assert_eq!(
            c(Some("named"), None, Some("fixed")).as_deref(),
            Some("named")
        );
        assert_eq!(c(None, None, None), None);
    }
}
