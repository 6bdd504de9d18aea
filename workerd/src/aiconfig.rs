//! The executor configuration: which backend, which model (or routing
//! table), the API profiles (base URL and the *name* of the environment
//! variable holding the key: keys themselves are never stored here), the
//! fallback profile, prices, timeouts, retries and the `claude` CLI.
//!
//! Layers, later wins: built-in defaults (with `ANTHROPIC_BASE_URL` /
//! `OPENAI_BASE_URL` when set) < the `--config` TOML file < flags. Maps
//! (`profiles`, `prices`) merge entry by entry.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::apikey::KeyLookup;
use crate::executor_kind::ExecutorKind;
use crate::pricing::{Price, default_prices};
use crate::routing::RoutingTable;

/// Which wire format a profile speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Api {
    Anthropic,
    Openai,
}

/// A model API endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub api: Api,
    pub base_url: String,
    /// Name of the environment variable holding the API key (none: no key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key_env: Option<String>,
    /// The model used with this profile (beats its routing table).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub routing: Option<RoutingTable>,
}

/// Network timeouts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Timeouts {
    pub connect_secs: u64,
    /// Longest silence inside a streamed response.
    pub idle_secs: u64,
    /// Longest execution of one task by this executor (0: none; the
    /// worker's `--task-timeout` applies as well).
    pub request_secs: u64,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect_secs: 10,
            idle_secs: 300,
            request_secs: 0,
        }
    }
}

/// Retries within one attempt, and the quota circuit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Retries {
    /// 429 answers retried (honouring `retry-after`) before the attempt fails.
    pub max_retries_429: u32,
    /// Transient failures (5xx, connection errors) retried with backoff.
    pub max_retries_transient: u32,
    pub backoff_initial_ms: u64,
    pub backoff_max_ms: u64,
    /// Longest `retry-after` honoured (longer ones fail the attempt).
    pub max_retry_after_secs: u64,
    /// How long a provider whose quota ran out gets no calls.
    pub circuit_cooldown_secs: u64,
}

impl Default for Retries {
    fn default() -> Self {
        Retries {
            max_retries_429: 3,
            max_retries_transient: 3,
            backoff_initial_ms: 500,
            backoff_max_ms: 30_000,
            max_retry_after_secs: 120,
            circuit_cooldown_secs: 900,
        }
    }
}

/// The `claude` CLI executor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClaudeCli {
    /// The program (a name looked up on PATH, or a path).
    pub path: String,
    /// Flags before the prompt (which goes to stdin).
    pub flags: Vec<String>,
}

/// Default flags of the `claude` CLI.
pub const DEFAULT_CLAUDE_FLAGS: &[&str] = &[
    "--print",
    "--dangerously-skip-permissions",
    "--output-format",
    "stream-json",
    "--verbose",
];

impl Default for ClaudeCli {
    fn default() -> Self {
        ClaudeCli {
            path: "claude".into(),
            flags: DEFAULT_CLAUDE_FLAGS.iter().map(|s| s.to_string()).collect(),
        }
    }
}

/// The whole executor configuration (the `--config` file's format).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AiConfig {
    pub executor: ExecutorKind,
    /// The shell executor's command.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    /// The API profile (default: `anthropic` or `openai` after the executor).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// A fixed model (beats the routing table; a task's `model` beats it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Profile switched to when the main one's quota runs out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fallback: Option<String>,
    /// `max_tokens` of each request (Anthropic requires one: 4096 if unset).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_tokens: Option<u32>,
    /// small / standard / large models picked by the routing heuristic.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub routing: Option<RoutingTable>,
    pub timeouts: Timeouts,
    pub retries: Retries,
    pub claude_cli: ClaudeCli,
    pub profiles: BTreeMap<String, Profile>,
    /// USD per million tokens (defaults included: check them).
    pub prices: BTreeMap<String, Price>,
}

impl Default for AiConfig {
    fn default() -> Self {
        AiConfig {
            executor: ExecutorKind::Builtin,
            command: None,
            profile: None,
            model: None,
            fallback: None,
            max_tokens: None,
            routing: None,
            timeouts: Timeouts::default(),
            retries: Retries::default(),
            claude_cli: ClaudeCli::default(),
            profiles: BTreeMap::new(),
            prices: BTreeMap::new(),
        }
    }
}

/// The default routing table of the Anthropic profile.
pub fn anthropic_routing() -> RoutingTable {
    RoutingTable {
        small: "claude-haiku-4-5".into(),
        standard: "claude-sonnet-4-5".into(),
        large: "claude-opus-4-1".into(),
    }
}

/// The built-in profiles; `env` reads the environment (base URL overrides).
pub fn default_profiles(env: &dyn Fn(&str) -> Option<String>) -> BTreeMap<String, Profile> {
    let nonempty = |k: &str| env(k).filter(|v| !v.trim().is_empty());
    let p = |api, base: String, key: Option<&str>| Profile {
        api,
        base_url: base,
        api_key_env: key.map(str::to_string),
        model: None,
        routing: None,
    };
    let openai_base =
        nonempty("OPENAI_BASE_URL").unwrap_or_else(|| "https://api.openai.com/v1".into());
    let mut m = BTreeMap::new();
    let mut anthropic = p(
        Api::Anthropic,
        nonempty("ANTHROPIC_BASE_URL").unwrap_or_else(|| "https://api.anthropic.com".into()),
        Some("ANTHROPIC_API_KEY"),
    );
    anthropic.routing = Some(anthropic_routing());
    m.insert("anthropic".into(), anthropic);
    m.insert(
        "openai".into(),
        p(Api::Openai, openai_base.clone(), Some("OPENAI_API_KEY")),
    );
    m.insert(
        "codex".into(),
        p(Api::Openai, openai_base, Some("OPENAI_API_KEY")),
    );
    m.insert(
        "grok".into(),
        p(
            Api::Openai,
            "https://api.x.ai/v1".into(),
            Some("XAI_API_KEY"),
        ),
    );
    m.insert(
        "llama-cpp".into(),
        p(Api::Openai, "http://127.0.0.1:8080/v1".into(), None),
    );
    m.insert(
        "ollama".into(),
        p(Api::Openai, "http://127.0.0.1:11434/v1".into(), None),
    );
    m.insert(
        "vllm".into(),
        p(Api::Openai, "http://127.0.0.1:8000/v1".into(), None),
    );
    m
}

/// Flags that override the file.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub executor: Option<ExecutorKind>,
    pub command: Option<String>,
    pub model: Option<String>,
    pub profile: Option<String>,
    pub fallback: Option<String>,
}

impl AiConfig {
    /// Parse a config file's text.
    pub fn parse(text: &str) -> Result<AiConfig, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    /// defaults < `file` < `flags`, then checked.
    pub fn layered(
        file: Option<AiConfig>,
        flags: &Overrides,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<AiConfig, String> {
        let mut c = file.unwrap_or_default();
        for (name, p) in default_profiles(env) {
            c.profiles.entry(name).or_insert(p);
        }
        for (name, p) in default_prices() {
            c.prices.entry(name).or_insert(p);
        }
        if let Some(e) = flags.executor {
            c.executor = e;
        }
        if let Some(v) = &flags.command {
            c.command = Some(v.clone());
        }
        if let Some(v) = &flags.model {
            c.model = Some(v.clone());
        }
        if let Some(v) = &flags.profile {
            c.profile = Some(v.clone());
        }
        if let Some(v) = &flags.fallback {
            c.fallback = Some(v.clone());
        }
        if c.profile.is_none() {
            c.profile = match c.executor {
                ExecutorKind::Anthropic => Some("anthropic".into()),
                ExecutorKind::Openai => Some("openai".into()),
                _ => None,
            };
        }
        c.check()?;
        Ok(c)
    }

    /// The profile the executor uses, when it uses one.
    pub fn main_profile(&self) -> Option<(&str, &Profile)> {
        let name = self.profile.as_deref()?;
        self.profiles
            .get_key_value(name)
            .map(|(k, v)| (k.as_str(), v))
    }

    fn check(&self) -> Result<(), String> {
        for (name, p) in &self.profiles {
            if !(p.base_url.starts_with("http://") || p.base_url.starts_with("https://")) {
                return Err(format!(
                    "profile `{name}`: base_url `{}` must start with http:// or https://",
                    p.base_url
                ));
            }
        }
        for (name, p) in &self.prices {
            let ok = |x: f64| x.is_finite() && x >= 0.0;
            if !ok(p.input_per_mtok) || !ok(p.output_per_mtok) {
                return Err(format!("price of `{name}` must be a non-negative number"));
            }
        }
        let want = match self.executor {
            ExecutorKind::Anthropic => Some(Api::Anthropic),
            ExecutorKind::Openai => Some(Api::Openai),
            _ => None,
        };
        if let Some(want) = want {
            let name = self.profile.as_deref().unwrap_or_default();
            let p = self
                .profiles
                .get(name)
                .ok_or_else(|| format!("no profile `{name}` (known: {})", self.profile_names()))?;
            if p.api != want {
                return Err(format!(
                    "profile `{name}` speaks the {:?} API, not the one of --executor {}",
                    p.api,
                    self.executor.as_str()
                ));
            }
            if self.model.is_none()
                && self.routing.is_none()
                && p.model.is_none()
                && p.routing.is_none()
            {
                return Err(format!(
                    "--executor {} with profile `{name}` needs --model NAME or a [routing] table",
                    self.executor.as_str()
                ));
            }
        }
        if let Some(f) = &self.fallback {
            let p = self.profiles.get(f).ok_or_else(|| {
                format!(
                    "no fallback profile `{f}` (known: {})",
                    self.profile_names()
                )
            })?;
            if p.model.is_none() && p.routing.is_none() {
                return Err(format!(
                    "fallback profile `{f}` needs a model or a routing table ([profiles.{f}] model = \"…\")"
                ));
            }
        }
        if self.executor == ExecutorKind::Shell
            && self.command.as_deref().is_none_or(|c| c.trim().is_empty())
        {
            return Err("--executor shell needs --command".into());
        }
        if self.executor == ExecutorKind::ClaudeCli && self.claude_cli.path.trim().is_empty() {
            return Err("claude_cli.path is empty".into());
        }
        Ok(())
    }

    fn profile_names(&self) -> String {
        self.profiles.keys().cloned().collect::<Vec<_>>().join(", ")
    }

    /// The effective configuration as TOML. Keys are never part of it (only
    /// the names of their variables); where each is found is shown in a
    /// comment, never its value.
    pub fn to_toml_redacted(&self, keys: &KeyLookup<'_>) -> String {
        let body = toml::to_string(self).unwrap_or_else(|e| format!("# cannot render: {e}\n"));
        let mut head = String::from(
            "# m3shd-workerd effective executor configuration\n\
             # (built-in defaults < --config file < flags). API keys are never\n\
             # stored here: profiles name the variable holding them; a key is\n\
             # that environment variable, else the OS keyring entry or the\n\
             # 0600 file of that name that `m3shd secret set NAME` stores.\n\
             # Prices are USD per million tokens; the built-in ones are defaults\n\
             # to check against the providers' price lists.\n",
        );
        let mut vars: Vec<&str> = self
            .profiles
            .values()
            .filter_map(|p| p.api_key_env.as_deref())
            .collect();
        vars.sort_unstable();
        vars.dedup();
        for v in vars {
            head.push_str(&format!("# ${v}: {}\n", keys.describe(v)));
        }
        head.push('\n');
        head + &body
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn defaults_file_flags_precedence() {
        let file = AiConfig::parse(
            r#"
            executor = "openai"
            profile = "llama-cpp"
            model = "from-file"
            max_tokens = 100
            [retries]
            max_retries_429 = 7
            [profiles.llama-cpp]
            api = "openai"
            base_url = "http://10.0.0.2:8080/v1"
            [prices."from-file"]
            input_per_mtok = 1.5
            output_per_mtok = 2.5
            "#,
        )
        .unwrap();
        let c = AiConfig::layered(Some(file.clone()), &Overrides::default(), &no_env).unwrap();
        assert_eq!(c.executor, ExecutorKind::Openai);
        assert_eq!(c.model.as_deref(), Some("from-file"));
        assert_eq!(c.retries.max_retries_429, 7);
        assert_eq!(c.retries.max_retries_transient, 3); // default kept
        assert_eq!(
            c.main_profile().unwrap().1.base_url,
            "http://10.0.0.2:8080/v1"
        );
        assert!(c.profiles.contains_key("grok")); // defaults merged in
        assert_eq!(c.prices["from-file"].input_per_mtok, 1.5);
        assert!(c.prices.contains_key("claude-sonnet-4-5"));
        // Flags beat the file.
        let flags = Overrides {
            executor: Some(ExecutorKind::Anthropic),
            model: Some("claude-haiku-4-5".into()),
            profile: Some("anthropic".into()),
            ..Default::default()
        };
        let c = AiConfig::layered(Some(file), &flags, &no_env).unwrap();
        assert_eq!(c.executor, ExecutorKind::Anthropic);
        assert_eq!(c.model.as_deref(), Some("claude-haiku-4-5"));
        assert_eq!(c.max_tokens, Some(100));
        // The environment's base URL is a default.
        let env = |k: &str| (k == "ANTHROPIC_BASE_URL").then(|| "http://127.0.0.1:9/".to_string());
        let c = AiConfig::layered(None, &flags, &env).unwrap();
        assert_eq!(c.main_profile().unwrap().1.base_url, "http://127.0.0.1:9/");
    }

    #[test]
    fn bad_configs_are_refused() {
        let flags = |e, m: Option<&str>, p: Option<&str>| Overrides {
            executor: Some(e),
            model: m.map(Into::into),
            profile: p.map(Into::into),
            ..Default::default()
        };
        // openai needs a model; anthropic has a routing table by default.
        assert!(
            AiConfig::layered(None, &flags(ExecutorKind::Openai, None, None), &no_env).is_err()
        );
        assert!(
            AiConfig::layered(None, &flags(ExecutorKind::Anthropic, None, None), &no_env).is_ok()
        );
        assert!(
            AiConfig::layered(
                None,
                &flags(ExecutorKind::Openai, Some("m"), Some("nope")),
                &no_env
            )
            .is_err()
        );
        // The profile must speak the executor's API.
        assert!(
            AiConfig::layered(
                None,
                &flags(ExecutorKind::Openai, Some("m"), Some("anthropic")),
                &no_env
            )
            .is_err()
        );
        assert!(AiConfig::parse("unknown_key = 1").is_err());
        assert!(AiConfig::parse("executor = \"nope\"").is_err());
        let bad_price =
            AiConfig::parse("[prices.x]\ninput_per_mtok = -1.0\noutput_per_mtok = 1.0").unwrap();
        assert!(AiConfig::layered(Some(bad_price), &Overrides::default(), &no_env).is_err());
        let fb = Overrides {
            fallback: Some("grok".into()),
            ..flags(ExecutorKind::Anthropic, None, None)
        };
        assert!(
            AiConfig::layered(None, &fb, &no_env).is_err(),
            "a fallback needs a model"
        );
    }

    #[test]
    fn printed_config_round_trips_and_shows_no_key() {
        let env = |k: &str| (k == "ANTHROPIC_API_KEY").then(|| "sk-ant-SECRET".to_string());
        let flags = Overrides {
            executor: Some(ExecutorKind::Anthropic),
            ..Default::default()
        };
        let c = AiConfig::layered(None, &flags, &env).unwrap();
        let text = c.to_toml_redacted(&KeyLookup::new(&env, None));
        assert!(!text.contains("SECRET"), "{text}");
        assert!(
            text.contains(
                "$ANTHROPIC_API_KEY: from the environment ($ANTHROPIC_API_KEY) (value redacted)"
            ),
            "{text}"
        );
        assert!(text.contains("$OPENAI_API_KEY: not found"), "{text}");
        assert!(
            text.contains("api_key_env = \"ANTHROPIC_API_KEY\""),
            "{text}"
        );
        let back = AiConfig::parse(&text).unwrap();
        assert_eq!(back, c);
    }
}
