//! Text helpers for rendering: ages from the state's clock, ids, money,
//! and which rows of a list are on screen.

use m3shd_api::Timestamp;

/// Compact age of `ts` at `now`: `12s`, `5m`, `3h`, `2d`; `-` for none.
pub fn age(now: Timestamp, ts: Option<Timestamp>) -> String {
    let Some(ts) = ts else {
        return "-".into();
    };
    let s = (now - ts).num_seconds().max(0);
    match s {
        0..=59 => format!("{s}s"),
        60..=3599 => format!("{}m", s / 60),
        3600..=86_399 => format!("{}h", s / 3600),
        _ => format!("{}d", s / 86_400),
    }
}

/// The tree drawing before a node `depth` levels down.
pub fn indent(depth: usize) -> String {
    if depth == 0 {
        String::new()
    } else {
        format!("{}└─", "  ".repeat(depth - 1))
    }
}

/// The short form of a 16-hex task id used in tables.
pub fn short_id(id: &str) -> String {
    id.chars().take(8).collect()
}

pub fn usd(x: f64) -> String {
    // No `$-0.00` from a sum of zeros.
    let x = if x.abs() < 0.000_05 { 0.0 } else { x };
    if x < 0.01 && x > 0.0 {
        format!("${x:.4}")
    } else {
        format!("${x:.2}")
    }
}

/// First row shown so that `selected` is inside a window of `height` rows.
pub fn window_start(selected: usize, height: usize) -> usize {
    selected.saturating_sub(height.saturating_sub(1))
}

/// The `height` items that end `up` items before the last, oldest first:
/// the screen of a view that keeps the newest at the bottom.
pub fn tail<T>(items: impl DoubleEndedIterator<Item = T>, up: usize, height: usize) -> Vec<T> {
    let mut shown: Vec<T> = items.rev().skip(up).take(height).collect();
    shown.reverse();
    shown
}

/// `text` as lines of at most `width` characters (long lines wrap).
pub fn wrap_lines(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    for line in text.lines() {
        let chars: Vec<char> = line
            .chars()
            .map(|c| if c == '\t' { ' ' } else { c })
            .collect();
        if chars.is_empty() {
            out.push(String::new());
        }
        for chunk in chars.chunks(width) {
            out.push(chunk.iter().collect());
        }
    }
    out
}
