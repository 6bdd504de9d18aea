//! Human output: aligned tables, relative ages. `--json` bypasses all of it.

use std::io::Write;

use chrono::Utc;
use m3shd_api::Timestamp;
use serde::Serialize;

use crate::exit::CliError;

/// Exit status of a process whose reader went away: what a shell reports for
/// a process killed by SIGPIPE (128 + 13).
pub const BROKEN_PIPE_EXIT: i32 = 141;

/// Write to stdout (and flush, so a `--follow` shows chunks as they come).
/// Rust ignores SIGPIPE, so when the reader goes away (`m3shd tasks | head`)
/// the write fails with `BrokenPipe`: the process then ends at once with
/// the conventional 141, quietly, as a C tool killed by SIGPIPE would. Any
/// other write error (a full disk) ends it with a message and exit 1.
pub fn stdout(args: std::fmt::Arguments<'_>) {
    let mut out = std::io::stdout().lock();
    end_on_error(out.write_fmt(args).and_then(|()| out.flush()));
}

/// Raw bytes to stdout, under the same rules as [`stdout`].
pub fn stdout_bytes(bytes: &[u8]) {
    let mut out = std::io::stdout().lock();
    end_on_error(out.write_all(bytes).and_then(|()| out.flush()));
}

fn end_on_error(written: std::io::Result<()>) {
    let Err(e) = written else { return };
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(BROKEN_PIPE_EXIT);
    }
    eprintln!("error: cannot write to stdout: {e}");
    std::process::exit(i32::from(crate::exit::FAILED));
}

/// Print a value as the API's JSON (pretty, one document).
pub fn json<T: Serialize>(value: &T) -> Result<(), CliError> {
    let s = serde_json::to_string_pretty(value)
        .map_err(|e| CliError::Failed(format!("cannot encode JSON: {e}")))?;
    outln!("{s}");
    Ok(())
}

/// A left-aligned table; the last column is not padded.
pub fn table(headers: &[&str], rows: &[Vec<String>]) {
    out!("{}", table_text(headers, rows));
}

/// [`table`] as text, one line per row, each ending in a newline.
pub fn table_text(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.chars().count());
            }
        }
    }
    let mut text = String::new();
    let mut line = |cells: &[String]| {
        let last = cells.len().saturating_sub(1);
        let mut out = String::new();
        for (i, cell) in cells.iter().enumerate() {
            out.push_str(cell);
            if i != last {
                let width = widths.get(i).copied().unwrap_or(0);
                let pad = width.saturating_sub(cell.chars().count());
                out.push_str(&" ".repeat(pad + 2));
            }
        }
        text.push_str(out.trim_end());
        text.push('\n');
    };
    line(&headers.iter().map(|h| h.to_string()).collect::<Vec<_>>());
    for row in rows {
        line(row);
    }
    text
}

/// `3s`, `5m`, `2h`, `4d` since `t`.
pub fn age(t: Timestamp) -> String {
    let secs = (Utc::now() - t).num_seconds().max(0);
    match secs {
        s if s < 60 => format!("{s}s"),
        s if s < 3600 => format!("{}m", s / 60),
        s if s < 86_400 => format!("{}h", s / 3600),
        s => format!("{}d", s / 86_400),
    }
}

/// Cut to `max` characters with an ellipsis, on one line.
pub fn short(s: &str, max: usize) -> String {
    let one_line: String = s.chars().map(|c| if c == '\n' { ' ' } else { c }).collect();
    if one_line.chars().count() <= max {
        one_line
    } else {
        let mut cut: String = one_line.chars().take(max.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_all_but_the_last_column() {
        let t = table_text(
            &["AGENT", "N", "NOTE"],
            &[
                vec!["alpha".into(), "12".into(), "x".into()],
                vec!["b".into(), "3".into(), "".into()],
            ],
        );
        assert_eq!(t, "AGENT  N   NOTE\nalpha  12  x\nb      3\n");
    }

    #[test]
    fn short_cuts_on_characters() {
        assert_eq!(short("héllo wörld", 5), "héll…");
        assert_eq!(short("a\nb", 5), "a b");
    }
}
