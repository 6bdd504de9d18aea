//! `hubd.toml`: the hub's config file in the platform config dir, and the
//! resolution of the effective settings: defaults < file < env < flags.
//! (clap already lets a flag win over its environment variable.)
//!
//! Nothing here writes a file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use m3shd_hub_core::domain::EventRetention;
use m3shd_hub_core::store::Durability;
use serde::{Deserialize, Serialize};

use crate::config::{
    Args, DEFAULT_ASSIGN_WAIT, DEFAULT_AUDIT_RETENTION_DAYS, DEFAULT_LEASE_TIMEOUT, DEFAULT_LISTEN,
    LogFormat, check_chain_link, secs_value,
};
use crate::error::HubError;

pub const HUBD_CONFIG_FILE: &str = "hubd.toml";
pub const HUBD_CONFIG_ENV: &str = "M3SHD_HUBD_CONFIG";
pub const DEFAULT_DEADLINE_INTERVAL: Duration = Duration::from_secs(60);

/// What `hubd.toml` may hold. Unknown keys are errors.
#[derive(Debug, Default, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HubFile {
    pub listen: Option<String>,
    pub data_dir: Option<PathBuf>,
    /// Seconds (fractions allowed).
    pub lease_timeout: Option<f64>,
    pub durability: Option<Durability>,
    pub database: Option<DatabaseSection>,
    pub ntfy_url: Option<String>,
    pub log_format: Option<LogFormat>,
    /// Seconds between deadline sweeps (fractions allowed).
    pub deadline_interval: Option<f64>,
    /// Seconds a task waits for an unavailable agent it names.
    pub assign_wait: Option<f64>,
    pub escalation: Option<EscalationSection>,
    pub search_url: Option<String>,
    pub plugin_roots: Option<Vec<PathBuf>>,
    pub plugins_dir: Option<PathBuf>,
    /// Seconds, or a string like "30m", "24h", "7d".
    pub session_ttl: Option<TtlSetting>,
    /// Browser origins allowed by CORS, e.g. ["https://dash.example.com"].
    pub cors_origins: Option<Vec<String>>,
    /// Days audit rows are kept (0: forever).
    pub audit_retention_days: Option<u32>,
    /// Log every worker-protocol call (default: count them per agent and hour).
    pub audit_worker_protocol: Option<bool>,
    /// Create the default schedules in a new data dir (default true).
    pub default_schedules: Option<bool>,
    /// "30d", "100000", "30d,100000" or "off".
    pub event_retention: Option<String>,
    /// Reverse proxies whose X-Forwarded-For is believed, e.g. ["10.0.0.0/8"].
    pub trusted_proxies: Option<Vec<String>>,
    /// Open connections at most.
    pub max_connections: Option<u32>,
    /// This hub's name among its peers (letters, digits, - _ .).
    pub hub_name: Option<String>,
    /// Seconds a queued task waits for a local agent before it is offered
    /// to peers (fractions allowed).
    pub relay_after: Option<f64>,
    /// Seconds between federation passes (fractions allowed).
    pub peer_interval: Option<f64>,
    /// Seconds between fallback polls of a relayed task whose peer pushes
    /// its result back (fractions allowed).
    pub relay_poll: Option<f64>,
}

/// `[database] url = "postgres://m3shd@db.lan/m3shd"`
#[derive(Debug, Default, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSection {
    pub url: Option<String>,
}

/// A session TTL in the file: `86400` or `"24h"`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum TtlSetting {
    Secs(u64),
    Text(String),
}

impl TtlSetting {
    fn resolve(&self) -> Result<Duration, String> {
        match self {
            TtlSetting::Secs(n) => crate::config::ttl_value(Duration::from_secs(*n)),
            TtlSetting::Text(t) => crate::config::parse_ttl(t),
        }
    }
}

/// `[escalation] chain = { rex = "archon", archon = "operator" }`
#[derive(Debug, Default, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EscalationSection {
    #[serde(default)]
    pub chain: BTreeMap<String, String>,
}

/// `<config dir>/hubd.toml` (e.g. `~/.config/m3shd/hubd.toml`).
pub fn default_path() -> Option<PathBuf> {
    m3shd_common::config_file::default_path(HUBD_CONFIG_FILE)
}

/// Parse the text of a `hubd.toml`; the error names the key and the line.
pub fn parse(text: &str) -> Result<HubFile, String> {
    let file: HubFile = m3shd_common::config_file::from_toml(text)?;
    if let Some(ttl) = &file.session_ttl {
        ttl.resolve().map_err(|e| format!("session_ttl: {e}"))?;
    }
    if let Some(r) = &file.event_retention {
        EventRetention::parse(r).map_err(|e| format!("event_retention: {e}"))?;
    }
    for origin in file.cors_origins.iter().flatten() {
        crate::addresses::parse_origin(origin).map_err(|e| format!("cors_origins: {e}"))?;
    }
    for proxy in file.trusted_proxies.iter().flatten() {
        crate::addresses::parse_cidr(proxy).map_err(|e| format!("trusted_proxies: {e}"))?;
    }
    if file.max_connections == Some(0) {
        return Err("max_connections: must be at least 1".into());
    }
    if let Some(name) = &file.hub_name
        && !crate::federation::valid_hub_name(name)
    {
        return Err(format!(
            "hub_name: {name:?} must be 1-64 characters of letters, digits, - _ ."
        ));
    }
    if let Some(esc) = &file.escalation {
        for (from, to) in &esc.chain {
            check_chain_link(from, to).map_err(|e| format!("[escalation] chain: {e}"))?;
        }
    }
    Ok(file)
}

/// Read the file at `explicit` (which must exist) or at the default
/// location (which may be absent). Returns the path read, if any.
pub fn load(explicit: Option<&Path>) -> Result<Option<(PathBuf, HubFile)>, HubError> {
    m3shd_common::config_file::load(explicit, HUBD_CONFIG_FILE, parse)
        .map_err(|e| HubError::Config(e.to_string()))
}

/// The effective settings of a hub, before the token and the socket.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Settings {
    /// The file that was read, if any (not a setting; shown as a comment).
    #[serde(skip)]
    pub config_file: Option<PathBuf>,
    pub listen: String,
    /// None: the platform data dir.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_dir: Option<PathBuf>,
    #[serde(serialize_with = "ser_secs")]
    pub lease_timeout: Duration,
    pub durability: Durability,
    /// None: SQLite in the data dir.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database: Option<String>,
    pub log_format: LogFormat,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ntfy_url: Option<String>,
    #[serde(serialize_with = "ser_secs")]
    pub deadline_interval: Duration,
    #[serde(serialize_with = "ser_secs")]
    pub assign_wait: Duration,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search_url: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub plugin_roots: Vec<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plugins_dir: Option<PathBuf>,
    /// Seconds.
    #[serde(serialize_with = "ser_whole_secs")]
    pub session_ttl: Duration,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cors_origins: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub trusted_proxies: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_connections: Option<u32>,
    pub audit_retention_days: u32,
    pub audit_worker_protocol: bool,
    pub default_schedules: bool,
    #[serde(serialize_with = "ser_display")]
    pub event_retention: EventRetention,
    #[serde(serialize_with = "ser_chain")]
    pub escalation: Vec<(String, String)>,
    /// None: the id kept in the data dir.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hub_name: Option<String>,
    #[serde(serialize_with = "ser_secs")]
    pub relay_after: Duration,
    /// None: the worker heartbeat interval, at most 5 s.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "ser_opt_secs"
    )]
    pub peer_interval: Option<Duration>,
    #[serde(serialize_with = "ser_secs")]
    pub relay_poll: Duration,
}

fn ser_whole_secs<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(d.as_secs())
}

fn ser_display<S: serde::Serializer>(v: &impl std::fmt::Display, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(v)
}

fn ser_secs<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64())
}

fn ser_opt_secs<S: serde::Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_f64(d.as_secs_f64()),
        None => s.serialize_none(),
    }
}

fn ser_chain<S: serde::Serializer>(c: &[(String, String)], s: S) -> Result<S::Ok, S::Error> {
    let chain: BTreeMap<&str, &str> = c.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    EscalationOut { chain }.serialize(s)
}

#[derive(Serialize)]
struct EscalationOut<'a> {
    chain: BTreeMap<&'a str, &'a str>,
}

fn file_secs(v: Option<f64>, key: &str, path: Option<&Path>) -> Result<Option<Duration>, HubError> {
    v.map(|x| {
        secs_value(x).map_err(|e| {
            let at = path.map(|p| p.display().to_string()).unwrap_or_default();
            HubError::Config(format!("config file {at}: {key}: {e}"))
        })
    })
    .transpose()
}

/// Merge: defaults < file < (env < flags, as clap delivered them in `args`).
pub fn resolve(args: &Args, file: Option<(&Path, &HubFile)>) -> Result<Settings, HubError> {
    let (path, f) = match file {
        Some((p, f)) => (Some(p), f.clone()),
        None => (None, HubFile::default()),
    };
    let lease_file = file_secs(f.lease_timeout, "lease_timeout", path)?;
    let deadline_file = file_secs(f.deadline_interval, "deadline_interval", path)?;
    let assign_wait_file = file_secs(f.assign_wait, "assign_wait", path)?;
    let relay_after_file = file_secs(f.relay_after, "relay_after", path)?;
    let peer_interval_file = file_secs(f.peer_interval, "peer_interval", path)?;
    let relay_poll_file = file_secs(f.relay_poll, "relay_poll", path)?;
    let mut chain: BTreeMap<String, String> = f.escalation.unwrap_or_default().chain;
    let database = args
        .database
        .clone()
        .or(f.database.and_then(|d| d.url))
        .filter(|u| !u.trim().is_empty());
    let mut data_dir = args.data_dir.clone().or(f.data_dir);
    if let Some(db) = &database {
        if let Some(dir) = db.strip_prefix("sqlite:") {
            let dir = PathBuf::from(dir);
            match &data_dir {
                Some(d) if *d != dir => {
                    return Err(HubError::Config(format!(
                        "--database {db} names another dir than --data-dir {}",
                        d.display()
                    )));
                }
                _ => data_dir = Some(dir),
            }
        } else if db != "sqlite" && !m3shd_hub_core::store::is_postgres_url(db) {
            return Err(HubError::Config(format!(
                "--database: expected sqlite:DIR or postgres://…, got {}",
                m3shd_hub_core::store::redact_url(db)
            )));
        }
    }
    let database = database.filter(|d| m3shd_hub_core::store::is_postgres_url(d));
    for (from, to) in &args.escalate {
        chain.insert(from.clone(), to.clone());
    }
    Ok(Settings {
        config_file: path.map(Path::to_path_buf),
        listen: args
            .listen
            .clone()
            .or(f.listen)
            .unwrap_or_else(|| DEFAULT_LISTEN.to_string()),
        data_dir,
        database,
        lease_timeout: args
            .lease_timeout
            .or(lease_file)
            .unwrap_or(DEFAULT_LEASE_TIMEOUT),
        durability: args.durability.or(f.durability).unwrap_or_default(),
        log_format: args.log_format.or(f.log_format).unwrap_or_default(),
        ntfy_url: args
            .ntfy_url
            .clone()
            .or(f.ntfy_url)
            .filter(|u| !u.trim().is_empty()),
        deadline_interval: args
            .deadline_interval
            .or(deadline_file)
            .unwrap_or(DEFAULT_DEADLINE_INTERVAL),
        assign_wait: args
            .assign_wait
            .or(assign_wait_file)
            .unwrap_or(DEFAULT_ASSIGN_WAIT),
        escalation: chain.into_iter().collect(),
        search_url: args
            .search_url
            .clone()
            .or(f.search_url)
            .filter(|u| !u.trim().is_empty()),
        plugin_roots: if args.plugin_roots.is_empty() {
            f.plugin_roots.unwrap_or_default()
        } else {
            args.plugin_roots.clone()
        },
        plugins_dir: args.plugins_dir.clone().or(f.plugins_dir),
        session_ttl: match (args.session_ttl, &f.session_ttl) {
            (Some(d), _) => d,
            (None, Some(t)) => t.resolve().map_err(|e| {
                let at = path.map(|p| p.display().to_string()).unwrap_or_default();
                HubError::Config(format!("config file {at}: session_ttl: {e}"))
            })?,
            (None, None) => m3shd_hub_core::domain::users::DEFAULT_SESSION_TTL,
        },
        cors_origins: if args.cors_origins.is_empty() {
            f.cors_origins
                .unwrap_or_default()
                .into_iter()
                .map(|o| o.trim().to_ascii_lowercase())
                .collect()
        } else {
            args.cors_origins.clone()
        },
        trusted_proxies: if args.trusted_proxies.is_empty() {
            f.trusted_proxies
                .unwrap_or_default()
                .iter()
                .filter_map(|p| crate::addresses::parse_cidr(p).ok())
                .map(|net| net.to_string())
                .collect()
        } else {
            args.trusted_proxies.clone()
        },
        max_connections: args.max_connections.or(f.max_connections),
        audit_retention_days: args
            .audit_retention_days
            .or(f.audit_retention_days)
            .unwrap_or(DEFAULT_AUDIT_RETENTION_DAYS),
        audit_worker_protocol: args.audit_worker_protocol
            || f.audit_worker_protocol.unwrap_or(false),
        default_schedules: !args.no_default_schedules && f.default_schedules.unwrap_or(true),
        event_retention: match (args.event_retention, &f.event_retention) {
            (Some(r), _) => r,
            (None, Some(text)) => EventRetention::parse(text).map_err(|e| {
                let at = path.map(|p| p.display().to_string()).unwrap_or_default();
                HubError::Config(format!("config file {at}: event_retention: {e}"))
            })?,
            (None, None) => EventRetention::default(),
        },
        hub_name: args.hub_name.clone().or(f.hub_name),
        relay_after: args
            .relay_after
            .or(relay_after_file)
            .unwrap_or(crate::federation::DEFAULT_RELAY_AFTER),
        peer_interval: args.peer_interval.or(peer_interval_file),
        relay_poll: args
            .relay_poll
            .or(relay_poll_file)
            .unwrap_or(crate::federation::DEFAULT_RELAY_POLL),
    })
}

impl Settings {
    /// TOML a `hubd.toml` could hold; the ntfy URL may carry a topic
    /// secret, so only its origin is shown.
    pub fn to_toml(&self) -> String {
        let mut shown = self.clone();
        shown.ntfy_url = shown.ntfy_url.as_deref().map(redact_url);
        shown.search_url = shown.search_url.as_deref().map(redact_url);
        shown.database = shown
            .database
            .as_deref()
            .map(m3shd_hub_core::store::redact_url);
        let body = toml::to_string(&shown).unwrap_or_else(|e| format!("# cannot show: {e}\n"));
        let from = match &self.config_file {
            Some(p) => format!("# config file: {}\n", p.display()),
            None => "# config file: none\n".to_string(),
        };
        format!("{from}{body}")
    }
}

/// `https://ntfy.sh/topic` → `https://ntfy.sh/<redacted>`.
fn redact_url(u: &str) -> String {
    match u.find("://") {
        Some(i) => {
            let rest = &u[i + 3..];
            let host = rest.split('/').next().unwrap_or(rest);
            let host = host.rsplit('@').next().unwrap_or(host);
            format!("{}://{host}/<redacted>", &u[..i])
        }
        None => "<redacted>".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn args(argv: &[&str]) -> Args {
        let mut all = vec!["m3shd-hubd"];
        all.extend_from_slice(argv);
        Args::try_parse_from(all).unwrap()
    }

    const FILE: &str = r#"
listen = "127.0.0.1:9000"
data_dir = "/srv/m3shd"
lease_timeout = 12.5
durability = "full"
log_format = "json"
ntfy_url = "https://ntfy.example/secret-topic"
deadline_interval = 5
assign_wait = 90
audit_retention_days = 30
audit_worker_protocol = true

[escalation]
chain = { rex = "archon", archon = "operator" }
"#;

    #[test]
    fn defaults_without_a_file() {
        let s = resolve(&args(&[]), None).unwrap();
        assert_eq!(s.listen, DEFAULT_LISTEN);
        assert_eq!(s.data_dir, None);
        assert_eq!(s.lease_timeout, DEFAULT_LEASE_TIMEOUT);
        assert_eq!(s.assign_wait, DEFAULT_ASSIGN_WAIT);
        assert_eq!(s.durability, Durability::Normal);
        assert_eq!(s.deadline_interval, Duration::from_secs(60));
        assert_eq!(s.audit_retention_days, 90);
        assert!(!s.audit_worker_protocol);
        assert!(s.escalation.is_empty());
        assert_eq!(s.session_ttl, Duration::from_secs(24 * 3600));
        assert!(s.cors_origins.is_empty());
        assert!(s.default_schedules);
    }

    #[test]
    fn default_schedules_can_be_turned_off_by_the_file_or_the_flag() {
        let off = parse("default_schedules = false").unwrap();
        let s = resolve(&args(&[]), Some((Path::new("hubd.toml"), &off))).unwrap();
        assert!(!s.default_schedules);
        let s = resolve(&args(&["--no-default-schedules"]), None).unwrap();
        assert!(!s.default_schedules);
    }

    #[test]
    fn trusted_proxies_and_the_connection_cap_come_from_the_file_or_flags() {
        let p = Path::new("/etc/hubd.toml");
        let f =
            parse("trusted_proxies = [\"10.0.0.0/8\", \"::1\"]\nmax_connections = 200\n").unwrap();
        let s = resolve(&args(&[]), Some((p, &f))).unwrap();
        assert_eq!(s.trusted_proxies, vec!["10.0.0.0/8", "::1/128"]);
        assert_eq!(s.max_connections, Some(200));
        let s = resolve(
            &args(&["--trusted-proxy", "192.168.1.4", "--max-connections", "64"]),
            Some((p, &f)),
        )
        .unwrap();
        assert_eq!(s.trusted_proxies, vec!["192.168.1.4/32"]);
        assert_eq!(s.max_connections, Some(64));
        assert_eq!(parse(&s.to_toml()).unwrap().max_connections, Some(64));
        assert!(parse("trusted_proxies = [\"proxy.lan\"]\n").is_err());
        assert!(parse("max_connections = 0\n").is_err());
        let mut all = vec!["m3shd-hubd", "--trusted-proxy", "10.0.0.0/33"];
        assert!(Args::try_parse_from(&all).is_err());
        all.truncate(1);
        all.extend(["--max-connections", "0"]);
        assert!(Args::try_parse_from(&all).is_err());
    }

    #[test]
    fn session_ttl_and_cors_origins_come_from_the_file_or_flags() {
        let p = Path::new("/etc/hubd.toml");
        let f =
            parse("session_ttl = \"7d\"\ncors_origins = [\"https://Dash.example.com\"]\n").unwrap();
        let s = resolve(&args(&[]), Some((p, &f))).unwrap();
        assert_eq!(s.session_ttl, Duration::from_secs(7 * 86_400));
        assert_eq!(s.cors_origins, vec!["https://dash.example.com".to_string()]);
        let f = parse("session_ttl = 3600\n").unwrap();
        let s = resolve(
            &args(&[
                "--session-ttl",
                "30m",
                "--cors-origin",
                "http://127.0.0.1:5173",
            ]),
            Some((p, &f)),
        )
        .unwrap();
        assert_eq!(s.session_ttl, Duration::from_secs(1800));
        assert_eq!(s.cors_origins, vec!["http://127.0.0.1:5173".to_string()]);
        let text = s.to_toml();
        let back = parse(&text).unwrap();
        assert_eq!(back.session_ttl, Some(TtlSetting::Secs(1800)));
        for bad in [
            "session_ttl = 5\n",
            "session_ttl = \"1y\"\n",
            "cors_origins = [\"*\"]\n",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        for bad in [
            vec!["--session-ttl", "10s"],
            vec!["--session-ttl", "31d"],
            vec!["--cors-origin", "https://x.example/path"],
            vec!["--init-admin", "Root"],
        ] {
            let mut all = vec!["m3shd-hubd"];
            all.extend(bad.iter().copied());
            assert!(Args::try_parse_from(&all).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn event_retention_comes_from_the_file_or_the_flag() {
        let p = Path::new("/etc/hubd.toml");
        let s = resolve(&args(&[]), None).unwrap();
        assert_eq!(s.event_retention, EventRetention::default());
        let f = parse("event_retention = \"7d\"\n").unwrap();
        let s = resolve(&args(&[]), Some((p, &f))).unwrap();
        assert_eq!(s.event_retention.to_string(), "7d");
        let back = parse(&s.to_toml()).unwrap();
        assert_eq!(back.event_retention.as_deref(), Some("7d"));
        let s = resolve(&args(&["--event-retention", "off"]), Some((p, &f))).unwrap();
        assert!(s.event_retention.is_forever());
        let s = resolve(&args(&["--event-retention", "12h,5000"]), None).unwrap();
        assert_eq!(s.event_retention.max_events, Some(5000));
        assert!(parse("event_retention = \"7 weeks\"\n").is_err());
        assert!(Args::try_parse_from(["m3shd-hubd", "--event-retention", "7w"]).is_err());
    }

    #[test]
    fn the_file_beats_defaults_and_flags_beat_the_file() {
        let f = parse(FILE).unwrap();
        let p = Path::new("/etc/hubd.toml");
        let s = resolve(&args(&[]), Some((p, &f))).unwrap();
        assert_eq!(s.listen, "127.0.0.1:9000");
        assert_eq!(s.data_dir.as_deref(), Some(Path::new("/srv/m3shd")));
        assert_eq!(s.lease_timeout, Duration::from_millis(12_500));
        assert_eq!(s.durability, Durability::Full);
        assert_eq!(s.log_format, LogFormat::Json);
        assert_eq!(s.deadline_interval, Duration::from_secs(5));
        assert_eq!(s.assign_wait, Duration::from_secs(90));
        assert_eq!(s.audit_retention_days, 30);
        assert!(s.audit_worker_protocol);
        assert_eq!(
            s.escalation,
            vec![
                ("archon".to_string(), "operator".to_string()),
                ("rex".to_string(), "archon".to_string())
            ]
        );
        let s = resolve(
            &args(&[
                "--listen",
                "127.0.0.1:1",
                "--deadline-interval",
                "0.25",
                "--escalate",
                "rex=boss",
                "--escalate",
                "kid=rex",
                "--durability",
                "normal",
                "--audit-retention-days",
                "0",
                "--assign-wait",
                "2.5",
            ]),
            Some((p, &f)),
        )
        .unwrap();
        assert_eq!(s.listen, "127.0.0.1:1");
        assert_eq!(s.deadline_interval, Duration::from_millis(250));
        assert_eq!(s.assign_wait, Duration::from_millis(2500));
        assert_eq!(s.durability, Durability::Normal);
        assert_eq!(s.audit_retention_days, 0, "0 keeps the audit log forever");
        let chain: BTreeMap<_, _> = s.escalation.into_iter().collect();
        assert_eq!(chain["rex"], "boss");
        assert_eq!(chain["kid"], "rex");
        assert_eq!(chain["archon"], "operator");
    }

    #[test]
    fn federation_settings_come_from_the_file_or_flags() {
        let p = Path::new("/etc/hubd.toml");
        let s = resolve(&args(&[]), None).unwrap();
        assert_eq!(s.hub_name, None);
        assert_eq!(s.relay_after, crate::federation::DEFAULT_RELAY_AFTER);
        assert_eq!(s.peer_interval, None);
        assert_eq!(s.relay_poll, crate::federation::DEFAULT_RELAY_POLL);
        let f =
            parse("hub_name = \"lab-1\"\nrelay_after = 2.5\npeer_interval = 1\nrelay_poll = 60\n")
                .unwrap();
        let s = resolve(&args(&[]), Some((p, &f))).unwrap();
        assert_eq!(s.hub_name.as_deref(), Some("lab-1"));
        assert_eq!(s.relay_after, Duration::from_millis(2500));
        assert_eq!(s.peer_interval, Some(Duration::from_secs(1)));
        assert_eq!(s.relay_poll, Duration::from_secs(60));
        let back = parse(&s.to_toml()).unwrap();
        assert_eq!(back.hub_name.as_deref(), Some("lab-1"));
        assert_eq!(back.relay_after, Some(2.5));
        assert_eq!(back.peer_interval, Some(1.0));
        assert_eq!(back.relay_poll, Some(60.0));
        let s = resolve(
            &args(&[
                "--hub-name",
                "lab-2",
                "--relay-after",
                "0.5",
                "--peer-interval",
                "0.2",
                "--relay-poll",
                "5",
            ]),
            Some((p, &f)),
        )
        .unwrap();
        assert_eq!(s.hub_name.as_deref(), Some("lab-2"));
        assert_eq!(s.relay_after, Duration::from_millis(500));
        assert_eq!(s.peer_interval, Some(Duration::from_millis(200)));
        assert_eq!(s.relay_poll, Duration::from_secs(5));
        assert!(parse("hub_name = \"lab 1\"\n").is_err());
        let f = parse("relay_after = -1\n").unwrap();
        assert!(resolve(&args(&[]), Some((p, &f))).is_err());
    }

    #[test]
    fn unknown_keys_and_bad_values_are_named() {
        let e = parse("listen = \"x\"\nlistne = \"y\"\n").unwrap_err();
        assert!(e.contains("listne") && e.contains("line 2"), "{e}");
        let e = parse("[escalation]\nchian = {}\n").unwrap_err();
        assert!(e.contains("chian"), "{e}");
        let e = parse("[escalation]\nchain = { rex = \"rex\" }\n").unwrap_err();
        assert!(e.contains("itself"), "{e}");
        let e = parse("durability = \"fast\"\n").unwrap_err();
        assert!(e.contains("fast"), "{e}");
        let f = parse("lease_timeout = -1\n").unwrap();
        let e = resolve(&args(&[]), Some((Path::new("/x/hubd.toml"), &f))).unwrap_err();
        assert!(e.to_string().contains("/x/hubd.toml: lease_timeout"), "{e}");
    }

    #[test]
    fn escalate_flags_are_checked() {
        assert_eq!(
            parse_ok("rex=archon"),
            ("rex".to_string(), "archon".to_string())
        );
        let all = ["rex", "=x", "Rex=x", "a=a", "a=b=c"];
        for bad in all {
            let r = Args::try_parse_from(["m3shd-hubd", "--escalate", bad]);
            assert!(r.is_err(), "{bad} accepted");
        }
    }

    fn parse_ok(s: &str) -> (String, String) {
        crate::config::parse_escalate(s).unwrap()
    }

    #[test]
    fn a_missing_named_file_is_an_error_a_missing_default_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope.toml");
        let e = load(Some(&missing)).unwrap_err();
        assert!(e.to_string().contains("nope.toml"), "{e}");
        let p = dir.path().join("hubd.toml");
        std::fs::write(&p, "bogus = 1\n").unwrap();
        let e = load(Some(&p)).unwrap_err().to_string();
        assert!(e.contains("bogus") && e.contains("hubd.toml"), "{e}");
        std::fs::write(&p, FILE).unwrap();
        let (_, f) = load(Some(&p)).unwrap().unwrap();
        assert_eq!(f.listen.as_deref(), Some("127.0.0.1:9000"));
    }

    #[test]
    fn printed_config_hides_the_ntfy_topic_and_parses_back() {
        let f = parse(FILE).unwrap();
        let s = resolve(&args(&[]), Some((Path::new("/etc/hubd.toml"), &f))).unwrap();
        let text = s.to_toml();
        assert!(!text.contains("secret-topic"), "{text}");
        assert!(text.contains("https://ntfy.example/<redacted>"), "{text}");
        let back = parse(&text).unwrap();
        assert_eq!(back.listen.as_deref(), Some("127.0.0.1:9000"));
        assert_eq!(back.escalation.unwrap().chain["rex"], "archon");
    }
}
