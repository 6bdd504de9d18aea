//! `workerd.toml`: ONE file for a worker, in the platform config dir (or
//! `--config FILE` / `M3SHD_WORKERD_CONFIG`). It holds the worker's own keys
//! (hub, name, capabilities, slots, …) next to the executor keys of
//! [`AiConfig`]. A token never goes in it: `token_file` names a file.
//!
//! Nothing here writes a file.

use std::path::{Path, PathBuf};

use m3shd_common::config_file;
use serde::{Deserialize, Serialize};

use crate::WorkerError;
use crate::aiconfig::AiConfig;
use m3shd_common::logging::LogFormat;

pub const WORKERD_CONFIG_FILE: &str = "workerd.toml";
pub const WORKERD_CONFIG_ENV: &str = "M3SHD_WORKERD_CONFIG";

/// The worker's own keys in `workerd.toml`.
#[derive(Debug, Default, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WorkerKeys {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hub: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub machine: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capabilities: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slots: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_dir: Option<PathBuf>,
    /// Seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub drain_timeout: Option<u64>,
    /// Seconds; 0 = no limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task_timeout: Option<u64>,
    /// Tool-call rounds per task (0 = none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_tool_rounds: Option<u32>,
    /// The builtin executor's confidence (0 to 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub builtin_confidence: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_file: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_format: Option<LogFormat>,
}

/// The keys of [`WorkerKeys`]; everything else belongs to [`AiConfig`].
pub const WORKER_KEYS: &[&str] = &[
    "hub",
    "name",
    "machine",
    "capabilities",
    "slots",
    "state_dir",
    "drain_timeout",
    "task_timeout",
    "max_tool_rounds",
    "builtin_confidence",
    "token_file",
    "log_format",
];

/// A parsed `workerd.toml`.
#[derive(Debug, Clone)]
pub struct WorkerFile {
    pub path: PathBuf,
    pub worker: WorkerKeys,
    pub ai: AiConfig,
}

/// `<config dir>/workerd.toml` (e.g. `~/.config/m3shd/workerd.toml`).
pub fn default_path() -> Option<PathBuf> {
    config_file::default_path(WORKERD_CONFIG_FILE)
}

/// Split the text into the worker's keys and the executor configuration.
pub fn parse(text: &str) -> Result<(WorkerKeys, AiConfig), String> {
    let mut table: toml::Table = config_file::from_toml(text)?;
    for secret in ["token", "api_key"] {
        if table.contains_key(secret) {
            return Err(format!(
                "`{secret}` is not allowed here: a token never goes in the config file \
                 (use token_file = PATH, M3SHD_TOKEN, or an API key variable)"
            ));
        }
    }
    let mut mine = toml::Table::new();
    for key in WORKER_KEYS {
        if let Some(v) = table.remove(*key) {
            mine.insert((*key).to_string(), v);
        }
    }
    let worker = WorkerKeys::deserialize(toml::Value::Table(mine)).map_err(|e| e.to_string())?;
    if let Some(s) = worker.slots
        && !(1..=m3shd_api::limits::MAX_SLOTS).contains(&i64::from(s))
    {
        return Err(format!(
            "slots must be 1 to {}",
            m3shd_api::limits::MAX_SLOTS
        ));
    }
    let ai = AiConfig::deserialize(toml::Value::Table(table)).map_err(|e| {
        let msg = e.to_string().trim_end().to_string();
        // Name the worker's keys too when a key is unknown.
        if msg.contains("unknown field") {
            format!("{msg} (worker keys: {})", WORKER_KEYS.join(", "))
        } else {
            msg
        }
    })?;
    Ok((worker, ai))
}

/// Read `explicit` (which must exist) or the default file (which may be
/// absent).
pub fn load(explicit: Option<&Path>) -> Result<Option<WorkerFile>, WorkerError> {
    let loaded = config_file::load(explicit, WORKERD_CONFIG_FILE, parse)
        .map_err(|e| WorkerError::Config(e.to_string()))?;
    Ok(loaded.map(|(path, (worker, ai))| WorkerFile { path, worker, ai }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ExecutorKind;

    #[test]
    fn one_file_holds_worker_and_executor_keys() {
        let (w, ai) = parse(
            r#"
hub = "http://10.0.0.1:8333"
name = "pi-4"
capabilities = ["summarize", "general"]
slots = 3
drain_timeout = 7
token_file = "/etc/m3shd/token"
log_format = "json"
executor = "shell"
command = "cat"
[retries]
max_retries_429 = 2
"#,
        )
        .unwrap();
        assert_eq!(w.hub.as_deref(), Some("http://10.0.0.1:8333"));
        assert_eq!(w.slots, Some(3));
        assert_eq!(w.log_format, Some(LogFormat::Json));
        assert_eq!(ai.executor, ExecutorKind::Shell);
        assert_eq!(ai.retries.max_retries_429, 2);
    }

    #[test]
    fn unknown_keys_tokens_and_bad_values_are_refused() {
        let e = parse("hub = \"x\"\nslotz = 2\n").unwrap_err();
        assert!(e.contains("slotz") && e.contains("worker keys"), "{e}");
        let e = parse("token = \"m3shd_ag_x\"\n").unwrap_err();
        assert!(e.contains("token_file") && !e.contains("m3shd_ag_x"), "{e}");
        assert!(parse("slots = 0\n").is_err());
        assert!(parse("capabilities = \"a\"\n").is_err());
    }

    #[test]
    fn a_missing_named_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let e = load(Some(&dir.path().join("nope.toml"))).unwrap_err();
        assert!(e.to_string().contains("nope.toml"), "{e}");
        assert_eq!(e.exit_code(), 2);
    }
}
