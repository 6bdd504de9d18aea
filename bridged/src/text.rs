//! The text rules of the relay: the prefix that marks our replies (so they
//! are never taken for commands), the length limit, and inbound clean-up.

/// Starts every message the bridge sends; inbound text starting with it is
/// our own reply coming back and is never run.
pub const RELAY_PREFIX: &str = "[m3shd] ";
/// Ends a message that was cut to fit the limit.
pub const TRUNCATION_MARKER: &str = " … [truncated]";
/// Longest message sent, prefix and marker included (ARCHITECTURE.md, "Input limits").
pub const MAX_MESSAGE_CHARS: usize = 3000;
/// The attachment placeholder Messages puts in the text.
const OBJECT_REPLACEMENT: char = '\u{FFFC}';

/// Whether inbound text is one of our replies.
pub fn is_relayed(text: &str) -> bool {
    text.trim_start().starts_with(RELAY_PREFIX.trim_end())
}

/// Inbound text without attachment placeholders, trimmed.
pub fn clean_inbound(text: &str) -> String {
    text.replace(OBJECT_REPLACEMENT, "").trim().to_string()
}

/// The message to send for `body`: prefixed, at most `max` characters,
/// cut at a word boundary with a marker when longer. NUL characters (which
/// cannot travel in argv) become spaces.
pub fn outgoing(body: &str, max: usize) -> String {
    let body = body.replace('\0', " ");
    let body = body.trim();
    let prefix_len = RELAY_PREFIX.chars().count();
    if prefix_len + body.chars().count() <= max {
        return format!("{RELAY_PREFIX}{body}");
    }
    let budget = max.saturating_sub(prefix_len + TRUNCATION_MARKER.chars().count());
    let end = body
        .char_indices()
        .nth(budget)
        .map(|(i, _)| i)
        .unwrap_or(body.len());
    let head = &body[..end];
    // Cut at the last space unless that would drop more than half the room
    // (one giant word, a long URL): then cut inside it.
    let cut = match head.rfind(char::is_whitespace) {
        Some(i) if head[..i].chars().count() >= budget / 2 => head[..i].trim_end(),
        _ => head,
    };
    format!("{RELAY_PREFIX}{cut}{TRUNCATION_MARKER}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_prefixed_whole() {
        assert_eq!(outgoing("  hi there \n", 3000), "[m3shd] hi there");
        assert_eq!(outgoing("a\0b", 3000), "[m3shd] a b");
    }

    #[test]
    fn long_text_is_cut_at_a_word_with_a_marker_within_the_limit() {
        let body = "word ".repeat(1000);
        let out = outgoing(&body, MAX_MESSAGE_CHARS);
        assert!(out.chars().count() <= MAX_MESSAGE_CHARS, "{}", out.len());
        assert!(out.starts_with(RELAY_PREFIX));
        assert!(out.ends_with(&format!("word{TRUNCATION_MARKER}")), "{out}");
        // Exactly at the limit is not cut.
        let exact = "x".repeat(MAX_MESSAGE_CHARS - RELAY_PREFIX.len());
        assert_eq!(
            outgoing(&exact, MAX_MESSAGE_CHARS).chars().count(),
            MAX_MESSAGE_CHARS
        );
        assert!(!outgoing(&exact, MAX_MESSAGE_CHARS).ends_with(TRUNCATION_MARKER));
        let over = "x".repeat(MAX_MESSAGE_CHARS);
        let out = outgoing(&over, MAX_MESSAGE_CHARS);
        assert_eq!(out.chars().count(), MAX_MESSAGE_CHARS);
        assert!(out.ends_with(TRUNCATION_MARKER));
    }

    #[test]
    fn multibyte_text_counts_characters_not_bytes() {
        let body = "héllo wörld 🌍 ".repeat(400);
        let out = outgoing(&body, MAX_MESSAGE_CHARS);
        assert!(out.chars().count() <= MAX_MESSAGE_CHARS);
        assert!(
            out.len() > MAX_MESSAGE_CHARS,
            "bytes may exceed the char limit"
        );
    }

    #[test]
    fn relayed_text_is_recognised_and_placeholders_go() {
        assert!(is_relayed("[m3shd] queued as task 1"));
        assert!(is_relayed("  [m3shd]agents"));
        assert!(!is_relayed("status"));
        assert_eq!(clean_inbound("\u{FFFC}do look \u{FFFC}"), "do look");
        assert_eq!(clean_inbound("\u{FFFC}"), "");
    }
}
