//! Names as the world model keys them: one line of display text, and its
//! normalised form (lowercase, single spaces, no punctuation at the ends),
//! so "Acme Inc.", "acme  inc" and "ACME INC" are one entity.

use m3shd_api::{MAX_ENTITY_DESCRIPTION_CHARS, MAX_ENTITY_NAME_CHARS, MAX_RELATION_TYPE_CHARS};

use crate::store::repos::EntitySighting;

/// Words of a name indexed for search at most.
const MAX_NAME_WORDS: usize = 12;

/// `s` on one line: control characters (line breaks included) become
/// spaces, runs of whitespace one space, no space at the ends.
pub fn one_line(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// At most `max` characters of `s`, cut with `…` when longer.
pub fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Characters a name may end with besides letters and digits (`C++`, `F#`).
fn keeps_at_end(c: char) -> bool {
    c.is_alphanumeric() || c == '+' || c == '#'
}

/// The display form of a name: one line, no punctuation around it. None
/// when nothing is left, or when it is too long to be a name.
pub fn display(name: &str) -> Option<String> {
    let line = one_line(name);
    let trimmed = line
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .trim_end_matches(|c: char| !keeps_at_end(c));
    if trimmed.is_empty() || trimmed.chars().count() > MAX_ENTITY_NAME_CHARS {
        return None;
    }
    Some(trimmed.to_string())
}

/// The key of a name (see the module comment).
pub fn normalize(name: &str) -> Option<String> {
    display(name).map(|d| d.to_lowercase())
}

/// The words of a normalised name: runs of letters and digits.
pub fn words(normalized: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in normalized.split(|c: char| !c.is_alphanumeric()) {
        if !w.is_empty() && !out.iter().any(|o| o == w) {
            out.push(w.to_string());
            if out.len() == MAX_NAME_WORDS {
                break;
            }
        }
    }
    out
}

/// A relation type as stored: lowercase letters, digits and `_` (any
/// other run of characters becomes one `_`). None when nothing is left.
pub fn relation_type(t: &str) -> Option<String> {
    let mut out = String::new();
    for c in t.trim().chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    let out = out.trim_end_matches('_').to_string();
    if out.is_empty() || out.len() > MAX_RELATION_TYPE_CHARS {
        return None;
    }
    Some(out)
}

/// An entity sighting of `name`, or None when it is no name.
pub fn sighting(
    name: &str,
    kind: m3shd_api::EntityType,
    description: &str,
) -> Option<EntitySighting> {
    let display = display(name)?;
    let normalized = display.to_lowercase();
    Some(EntitySighting {
        words: words(&normalized),
        normalized,
        name: display,
        kind,
        description: cut(&one_line(description), MAX_ENTITY_DESCRIPTION_CHARS),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_normalise_to_one_key() {
        assert_eq!(normalize("Acme Inc.").as_deref(), Some("acme inc"));
        assert_eq!(normalize("  ACME\n inc ").as_deref(), Some("acme inc"));
        assert_eq!(
            normalize("\"Project Apollo\",").as_deref(),
            Some("project apollo")
        );
        assert_eq!(normalize("C++").as_deref(), Some("c++"));
        assert_eq!(normalize("node.js").as_deref(), Some("node.js"));
        assert_eq!(normalize("--- ... ---"), None);
        assert_eq!(normalize(&"x".repeat(MAX_ENTITY_NAME_CHARS + 1)), None);
        assert_eq!(words("acme inc. & acme"), ["acme", "inc"]);
    }

    #[test]
    fn relation_types_are_snake_case() {
        assert_eq!(relation_type("Depends On").as_deref(), Some("depends_on"));
        assert_eq!(relation_type(" is-part-of ").as_deref(), Some("is_part_of"));
        assert_eq!(relation_type("uses!").as_deref(), Some("uses"));
        assert_eq!(relation_type("→"), None);
        assert_eq!(relation_type(&"a".repeat(41)), None);
    }

    #[test]
    fn descriptions_stay_on_one_line_and_short() {
        let s = sighting("Rust", m3shd_api::EntityType::Tool, "a\nlanguage\t ok").expect("name");
        assert_eq!(s.description, "a language ok");
        let long = sighting("Rust", m3shd_api::EntityType::Tool, &"d".repeat(1000)).expect("name");
        assert_eq!(
            long.description.chars().count(),
            MAX_ENTITY_DESCRIPTION_CHARS
        );
    }
}
