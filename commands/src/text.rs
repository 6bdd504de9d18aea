//! How the replies write things: one-line excerpts, task titles, status
//! symbols, dollars.

use m3shd_api::TaskStatus;

/// One line of at most `max` characters.
pub(crate) fn one_line(s: &str, max: usize) -> String {
    let flat: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let flat = flat.trim();
    if flat.chars().count() <= max {
        flat.to_string()
    } else {
        let mut cut: String = flat.chars().take(max.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

/// A task title from free text (titles are capped at 200 bytes).
pub(crate) fn title_of(text: &str) -> String {
    let t = one_line(text, 60);
    if t.is_empty() { "task".to_string() } else { t }
}

/// A symbol per task status, so state reads without colour.
pub fn status_icon(s: TaskStatus) -> &'static str {
    match s {
        TaskStatus::Blocked => "⏸",
        TaskStatus::Queued => "…",
        TaskStatus::Assigned => "→",
        TaskStatus::Running => "▶",
        TaskStatus::Done => "✓",
        TaskStatus::Failed => "✗",
        TaskStatus::Cancelled => "⊘",
        TaskStatus::Suspended => "↷",
    }
}

/// `$1.23` (never `$-0.00`).
pub fn usd(x: f64) -> String {
    let x = if x.abs() < 0.005 { 0.0 } else { x };
    format!("${x:.2}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_titles_are_bounded() {
        assert_eq!(one_line("a\nb\tc", 10), "a b c");
        assert_eq!(one_line("héllo wörld", 5), "héll…");
        assert_eq!(title_of("   "), "task");
        assert!(title_of(&"é".repeat(500)).len() <= 200);
    }
}
