//! Log lines on stderr, the same for every program: `RUST_LOG` filters
//! (else a default the program picks), as human lines or as JSON lines.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

/// How a program writes its log lines: a flag (`--log-format`) and a config
/// file value (`log_format = "json"`) in every daemon.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[serde(rename_all = "snake_case")]
pub enum LogFormat {
    /// Human-readable lines (colours on a terminal).
    #[default]
    Human,
    /// One JSON object per line, for journald/Loki/… pipelines.
    Json,
}

/// Install the process's log subscriber. `default_filter` (e.g. `info`)
/// applies when `RUST_LOG` is unset or unreadable. A subscriber that is
/// already installed (a program embedding this one) is kept.
pub fn init(format: LogFormat, default_filter: &str) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_filter));
    let fmt = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Human => fmt.with_ansi(colours()).try_init(),
        LogFormat::Json => fmt.json().with_current_span(false).try_init(),
    };
}

/// Colours for a person at a terminal, unless they asked for none
/// (<https://no-color.org>).
fn colours() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}
