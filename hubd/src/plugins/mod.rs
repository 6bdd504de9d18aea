//! Plugins (ARCHITECTURE.md, "Plugins and tool calls"): the built-in tools (`web_search`, `file_summary`,
//! `notify`, `memory_enhance`) and external executables in the plugins
//! dir. Invocation errors never carry filesystem paths or secrets.

mod external;
pub mod summary;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use m3shd_api::{AgentId, InvokePlugin, MemorySearchQuery, PluginInfo, PluginKind, PluginResult};
use m3shd_hub_core::domain::{DomainError, Hub, agent_not_found};
use serde_json::{Value, json};

use crate::config::HubConfig;

pub use external::MAX_OUTPUT_BYTES;

/// Bytes of a file `file_summary` reads at most.
pub const MAX_SUMMARY_FILE_BYTES: u64 = 1024 * 1024;
/// Sentences in a `file_summary` reply.
const SUMMARY_SENTENCES: usize = 5;
/// Results of a `web_search` reply at most.
const MAX_SEARCH_RESULTS: usize = 10;

/// Why an invocation did not produce output.
#[derive(Debug, thiserror::Error)]
pub enum PluginError {
    /// No such plugin.
    #[error("{0}")]
    NotFound(String),
    /// The invocation cannot work as configured or asked (HTTP 422).
    #[error("{0}")]
    Refused(String),
    /// The plugin ran and failed: reported in the reply's `error`.
    #[error("{0}")]
    Failed(String),
    #[error(transparent)]
    Domain(#[from] DomainError),
}

/// The plugin settings of a hub and an HTTP client for the built-ins.
pub struct Plugins {
    search_url: Option<String>,
    ntfy_url: Option<String>,
    roots: Vec<PathBuf>,
    dir: PathBuf,
    timeout: Duration,
    http: Option<reqwest::Client>,
}

impl std::fmt::Debug for Plugins {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Plugins")
            .field("roots", &self.roots)
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

fn builtins() -> Vec<PluginInfo> {
    let b = |name: &str, description: &str, input_schema: Value| PluginInfo {
        name: name.into(),
        description: description.into(),
        input_schema,
        kind: PluginKind::Builtin,
    };
    vec![
        b(
            "file_summary",
            "Extractive summary of a text file under the hub's plugin roots",
            json!({"type": "object", "required": ["path"],
                   "properties": {"path": {"type": "string"}}}),
        ),
        b(
            "memory_enhance",
            "Full-text search of an agent's memories",
            json!({"type": "object", "required": ["agent", "query"],
                   "properties": {"agent": {"type": "string"}, "query": {"type": "string"},
                                  "limit": {"type": "integer"}}}),
        ),
        b(
            "notify",
            "Send an ntfy push notification to the operator",
            json!({"type": "object", "required": ["message"],
                   "properties": {"message": {"type": "string"}, "title": {"type": "string"}}}),
        ),
        b(
            "web_search",
            "Search the web through the configured SearxNG-style provider",
            json!({"type": "object", "required": ["query"],
                   "properties": {"query": {"type": "string"}, "limit": {"type": "integer"}}}),
        ),
    ]
}

fn str_field<'a>(input: &'a Value, key: &str, tool: &str) -> Result<&'a str, PluginError> {
    input
        .get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| PluginError::Refused(format!("{tool} needs a non-empty string `{key}`")))
}

impl Plugins {
    pub fn new(config: &HubConfig) -> Plugins {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| tracing::error!(error = %e, "cannot build the plugin HTTP client"))
            .ok();
        Plugins {
            search_url: config.search_url.clone(),
            ntfy_url: config.ntfy_url.clone(),
            roots: config.plugin_roots.clone(),
            dir: config
                .plugins_dir
                .clone()
                .unwrap_or_else(|| config.data_dir.join("plugins")),
            timeout: config.plugin_timeout,
            http,
        }
    }

    /// Built-ins first, then external plugins (an external plugin cannot
    /// shadow a built-in).
    pub fn list(&self) -> Vec<PluginInfo> {
        let mut all = builtins();
        for (info, _) in external::discover(&self.dir) {
            if !all.iter().any(|p| p.name == info.name) {
                all.push(info);
            }
        }
        all
    }

    /// Run `tool`; the event is recorded for every run that reached a plugin.
    pub async fn invoke(
        &self,
        hub: &Arc<Hub>,
        tool: &str,
        req: InvokePlugin,
    ) -> Result<PluginResult, PluginError> {
        let kind = if builtins().iter().any(|p| p.name == tool) {
            PluginKind::Builtin
        } else {
            PluginKind::External
        };
        let result = match tool {
            "web_search" => self.web_search(&req.input).await,
            "file_summary" => self.file_summary(&req.input).await,
            "notify" => self.notify(&req.input).await,
            "memory_enhance" => memory_enhance(hub, &req.input),
            _ => self.external(tool, &req.input).await,
        };
        let (output, error) = match result {
            Ok(v) => (v, None),
            Err(PluginError::Failed(e)) => (Value::Null, Some(e)),
            Err(e) => return Err(e),
        };
        hub.record_plugin_invoked(tool, kind, req.task_id, req.agent_id, error.is_none())
            .await?;
        Ok(PluginResult {
            tool: tool.to_string(),
            output,
            error,
        })
    }

    fn client(&self) -> Result<&reqwest::Client, PluginError> {
        self.http
            .as_ref()
            .ok_or_else(|| PluginError::Failed("the hub has no HTTP client".into()))
    }

    async fn web_search(&self, input: &Value) -> Result<Value, PluginError> {
        let url = self.search_url.as_deref().ok_or_else(|| {
            PluginError::Refused("web_search has no provider: set --search-url".into())
        })?;
        let query = str_field(input, "query", "web_search")?;
        let limit = input
            .get("limit")
            .and_then(Value::as_u64)
            .map_or(MAX_SEARCH_RESULTS, |n| {
                m3shd_common::num::u64_to_usize(n).clamp(1, MAX_SEARCH_RESULTS)
            });
        let resp = self
            .client()?
            .get(url)
            .query(&[("q", query), ("format", "json")])
            .send()
            .await
            .map_err(|_| PluginError::Failed("the search provider cannot be reached".into()))?;
        if !resp.status().is_success() {
            return Err(PluginError::Failed(format!(
                "the search provider answered {}",
                resp.status()
            )));
        }
        let body: Value = resp
            .json()
            .await
            .map_err(|_| PluginError::Failed("the search provider did not answer JSON".into()))?;
        let results: Vec<Value> = body
            .get("results")
            .and_then(Value::as_array)
            .map(|rs| {
                rs.iter()
                    .take(limit)
                    .map(|r| {
                        json!({
                            "title": r.get("title").and_then(Value::as_str).unwrap_or(""),
                            "url": r.get("url").and_then(Value::as_str).unwrap_or(""),
                            "content": r.get("content").and_then(Value::as_str).unwrap_or(""),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        Ok(json!({"query": query, "results": results}))
    }

    async fn file_summary(&self, input: &Value) -> Result<Value, PluginError> {
        let asked = PathBuf::from(str_field(input, "path", "file_summary")?);
        let roots = self.roots.clone();
        let text = tokio::task::spawn_blocking(move || read_inside_roots(&roots, &asked))
            .await
            .map_err(|_| PluginError::Failed("file_summary failed".into()))??;
        let sentences = summary::sentences(&text).len();
        let summary = summary::summarise(&text, SUMMARY_SENTENCES);
        Ok(json!({
            "summary": summary.join(" "),
            "sentences": sentences,
            "bytes": text.len(),
        }))
    }

    async fn notify(&self, input: &Value) -> Result<Value, PluginError> {
        let url = self
            .ntfy_url
            .as_deref()
            .ok_or_else(|| PluginError::Refused("notify has no ntfy URL: set --ntfy-url".into()))?;
        let message = str_field(input, "message", "notify")?;
        let title = input
            .get("title")
            .and_then(Value::as_str)
            .unwrap_or("M3SHD")
            .to_string();
        let alert = crate::alerts::Alert {
            title,
            message: message.to_string(),
            priority: "default",
            tags: "speech_balloon",
        };
        crate::alerts::send(self.client()?, url, alert)
            .await
            .map_err(PluginError::Failed)?;
        Ok(json!({"sent": true}))
    }

    async fn external(&self, tool: &str, input: &Value) -> Result<Value, PluginError> {
        let not_found = || PluginError::NotFound(format!("no plugin named `{tool}`"));
        if !external::valid_name(tool) {
            return Err(not_found());
        }
        let dir = self.dir.clone();
        let found = tokio::task::spawn_blocking(move || external::discover(&dir))
            .await
            .unwrap_or_default();
        let (_, exe) = found
            .into_iter()
            .find(|(p, _)| p.name == tool)
            .ok_or_else(not_found)?;
        external::run(tool, &exe, input, self.timeout)
            .await
            .map_err(PluginError::Failed)
    }
}

fn memory_enhance(hub: &Hub, input: &Value) -> Result<Value, PluginError> {
    let agent = str_field(input, "agent", "memory_enhance")?;
    let query = str_field(input, "query", "memory_enhance")?;
    let limit = input
        .get("limit")
        .and_then(Value::as_u64)
        .and_then(|n| u32::try_from(n).ok());
    let agent = AgentId::parse(agent).map_err(|_| agent_not_found(agent))?;
    let memories = hub.search_memories(
        &agent,
        &MemorySearchQuery {
            q: query.to_string(),
            limit,
        },
    )?;
    Ok(json!({"memories": memories}))
}

/// The text of `asked` if it resolves (symlinks included) to a regular
/// file of at most 1 MB inside one of `roots`. A relative path is taken
/// relative to the first root. Errors never name a path.
fn read_inside_roots(roots: &[PathBuf], asked: &Path) -> Result<String, PluginError> {
    let Some(first) = roots.first() else {
        return Err(PluginError::Refused(
            "file_summary has no plugin roots: set --plugin-root".into(),
        ));
    };
    let outside =
        || PluginError::Refused("file_summary: the path is outside the plugin roots".into());
    let joined = if asked.is_absolute() {
        asked.to_path_buf()
    } else {
        first.join(asked)
    };
    let real = std::fs::canonicalize(&joined).map_err(|_| {
        PluginError::Refused("file_summary: no such file inside the plugin roots".into())
    })?;
    let inside = roots
        .iter()
        .filter_map(|r| std::fs::canonicalize(r).ok())
        .any(|r| real.starts_with(&r));
    if !inside {
        return Err(outside());
    }
    let meta = std::fs::metadata(&real)
        .map_err(|_| PluginError::Refused("file_summary: the file cannot be read".into()))?;
    if !meta.is_file() {
        return Err(PluginError::Refused(
            "file_summary: not a regular file".into(),
        ));
    }
    if meta.len() > MAX_SUMMARY_FILE_BYTES {
        return Err(PluginError::Refused(format!(
            "file_summary: the file is over {MAX_SUMMARY_FILE_BYTES} bytes"
        )));
    }
    let bytes = std::fs::read(&real)
        .map_err(|_| PluginError::Refused("file_summary: the file cannot be read".into()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
