//! Identifier rules shared by the hub (which enforces them) and clients
//! (which can check before sending).

/// Agent ids, task ids, capability names and context keys: `[a-z0-9-]`,
/// 1–64 characters (seed §26 "agent ID sanitization"). Capabilities and
/// context keys also allow `_` and `.`.
pub fn is_valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Capability names and context keys: `[a-z0-9_.-]`, 1–64 characters.
pub fn is_valid_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.')
        })
}

/// Turn a free-form worker name into a valid agent id: lowercase, every run
/// of other characters becomes one `-`.
pub fn slugify(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    out.chars().take(64).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_lowercase_alnum_and_dash() {
        assert!(is_valid_id("rex-1"));
        assert!(!is_valid_id("Rex"));
        assert!(!is_valid_id("a/b"));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id(&"a".repeat(65)));
        assert!(is_valid_name("code_review"));
        assert!(!is_valid_name("code review"));
    }

    #[test]
    fn slugify_makes_valid_ids() {
        assert_eq!(slugify("Mac Mini #2"), "mac-mini-2");
        assert!(is_valid_id(&slugify("  Über Box ")));
    }
}
