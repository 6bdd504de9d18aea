//! Command-line arguments of `m3shd-hubd` and the hub's runtime settings.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use m3shd_hub_core::domain::{Clock, EventRetention};
use m3shd_hub_core::store::{Database, Durability};

pub use m3shd_common::logging::LogFormat;

pub const DEFAULT_LISTEN: &str = "127.0.0.1:8333";

/// `m3shd-hubd`: the M3SHD hub (SQLite store, dispatch, REST + SSE API).
///
/// Settings come from defaults < hubd.toml in the config dir (e.g.
/// ~/.config/m3shd/hubd.toml) < environment < flags.
#[derive(Debug, Clone, clap::Parser)]
#[command(
    name = "m3shd-hubd",
    version,
    about,
    long_about = None,
    after_help = "Settings: defaults < hubd.toml (the config dir, e.g. ~/.config/m3shd/hubd.toml, \
                  or --config-file) < environment < flags. Unknown keys in the file are errors; \
                  nothing is written at start-up."
)]
pub struct Args {
    /// Address to listen on (default 127.0.0.1:8333). Anything but loopback
    /// needs M3SHD_MASTER_TOKEN.
    #[arg(long, value_name = "ADDR", env = "M3SHD_HUBD_LISTEN")]
    pub listen: Option<String>,
    /// Where the database and the master token file live
    /// (default: the platform data dir, e.g. ~/.local/share/m3shd/hub).
    #[arg(long, value_name = "DIR", env = "M3SHD_HUBD_DATA_DIR", global = true)]
    pub data_dir: Option<PathBuf>,
    /// Seconds a lease lasts without a heartbeat (fractions allowed; default 30).
    #[arg(long, value_name = "SECS", value_parser = parse_secs)]
    pub lease_timeout: Option<Duration>,
    /// Where the truth lives: nothing or `sqlite:DIR` keeps SQLite in the
    /// data dir; `postgres://USER@HOST/DB` shares one PostgreSQL database
    /// between several hubs (replicas). Put a password in
    /// M3SHD_DATABASE_URL or hubd.toml, not here: argv is public.
    #[arg(long, value_name = "URL", env = "M3SHD_DATABASE_URL")]
    pub database: Option<String>,
    /// normal survives a hub crash; full also survives power loss (default normal).
    #[arg(long, value_parser = durability_values())]
    pub durability: Option<Durability>,
    /// Log line format on stderr (default human); RUST_LOG filters as usual.
    #[arg(long, value_enum, env = "M3SHD_LOG_FORMAT")]
    pub log_format: Option<LogFormat>,
    /// ntfy publish URL for operator alerts (e.g. https://ntfy.sh/my-mesh).
    #[arg(long, value_name = "URL", env = "M3SHD_NTFY_URL")]
    pub ntfy_url: Option<String>,
    /// Seconds between deadline sweeps, which raise the urgency of overdue
    /// tasks (fractions allowed; default 60).
    #[arg(long, value_name = "SECS", value_parser = parse_secs)]
    pub deadline_interval: Option<Duration>,
    /// Seconds a task waits for the agent it names (`assign_to`) while that
    /// agent is offline, circuit-open or over its budget; then another
    /// capable agent takes it, unless it was pinned with `assign_strict`
    /// (fractions allowed; default 30).
    #[arg(long, value_name = "SECS", value_parser = parse_secs)]
    pub assign_wait: Option<Duration>,
    /// Send the escalations of agent FROM to TO (an agent or `operator`);
    /// repeatable. Merged over hubd.toml's [escalation] chain, a FROM given
    /// here wins. Agents not in the chain escalate to the operator.
    #[arg(long = "escalate", value_name = "FROM=TO", value_parser = parse_escalate)]
    pub escalate: Vec<(String, String)>,
    /// The hub's config file (default: hubd.toml in the config dir; a
    /// missing default file is fine, a missing named file is an error).
    #[arg(long, value_name = "PATH", env = "M3SHD_HUBD_CONFIG", global = true)]
    pub config_file: Option<PathBuf>,
    /// SearxNG-style JSON search endpoint for the `web_search` plugin
    /// (queried as `URL?q=…&format=json`).
    #[arg(long, value_name = "URL", env = "M3SHD_SEARCH_URL")]
    pub search_url: Option<String>,
    /// A directory the `file_summary` plugin may read from; repeatable.
    /// Without one, `file_summary` refuses every path.
    #[arg(long = "plugin-root", value_name = "DIR")]
    pub plugin_roots: Vec<PathBuf>,
    /// Directory of external plugins (NAME + NAME.json); default
    /// DATA_DIR/plugins.
    #[arg(long, value_name = "DIR")]
    pub plugins_dir: Option<PathBuf>,
    /// How long a login session lasts: seconds or 30m, 24h, 7d (default
    /// 24h; 1 minute to 30 days).
    #[arg(long, value_name = "DURATION", value_parser = parse_ttl)]
    pub session_ttl: Option<Duration>,
    /// A browser origin allowed to call the API, exactly as the browser
    /// sends it (e.g. https://dash.example.com); repeatable. Without one,
    /// CORS is off and browsers refuse cross-origin calls.
    #[arg(long = "cors-origin", value_name = "ORIGIN", value_parser = parse_cors_origin)]
    pub cors_origins: Vec<String>,
    /// A reverse proxy (address or CIDR block, e.g. 10.0.0.0/8) whose
    /// X-Forwarded-For header names the client; repeatable. From any other
    /// peer the header is ignored.
    #[arg(long = "trusted-proxy", value_name = "CIDR", value_parser = parse_trusted_proxy)]
    pub trusted_proxies: Vec<String>,
    /// Open connections at most (default 1024, and never more than the
    /// open-file limit leaves room for). When all are taken, the one idle
    /// the longest is closed for a newcomer; when all are busy, newcomers
    /// get 503.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub max_connections: Option<u32>,
    /// On first run (no user exists yet), create the admin user NAME. The
    /// password comes from M3SHD_INIT_ADMIN_PASSWORD or stdin, never argv.
    /// Does nothing once any user exists.
    #[arg(long, value_name = "NAME", value_parser = parse_username)]
    pub init_admin: Option<String>,
    /// Days audit-log rows are kept before the sweeper deletes them
    /// (default 90; 0 keeps them forever).
    #[arg(long, value_name = "DAYS", env = "M3SHD_AUDIT_RETENTION_DAYS")]
    pub audit_retention_days: Option<u32>,
    /// Give every worker-protocol call (heartbeat, claim, stream chunk,
    /// result delivery) its own audit row. Without it they are counted per
    /// agent and hour (`m3shd audit --counts`).
    #[arg(long)]
    pub audit_worker_protocol: bool,
    /// Do not create the default schedules (the daily blog and the nightly
    /// memory consolidation) in a new data dir. Without it they are created
    /// once, and stay removed once removed.
    #[arg(long, env = "M3SHD_NO_DEFAULT_SCHEDULES")]
    pub no_default_schedules: bool,
    /// Serve the dashboard read-only to anyone at /demo (free text cut to
    /// its first words, 30 requests a minute per address). Off: /demo is 404.
    #[arg(long, env = "M3SHD_DEMO")]
    pub demo: bool,
    /// How much of the event log to keep: an age (30d, 12h), a number of
    /// events (100000), both (30d,100000: whichever keeps less), or off
    /// (default 30d,100000). A client resuming from a deleted event is told
    /// to reload (the stream's `reset`).
    #[arg(long, value_name = "SPEC", env = "M3SHD_EVENT_RETENTION", value_parser = parse_event_retention)]
    pub event_retention: Option<EventRetention>,
    /// This hub's name among its peers (visited lists, loop prevention);
    /// default: an id made once and kept in the data dir (`hub-id`).
    #[arg(long, value_name = "NAME", env = "M3SHD_HUB_NAME")]
    pub hub_name: Option<String>,
    /// Seconds a queued task waits for a local agent (none capable, or all
    /// full or circuit-open) before it is offered to peers (fractions
    /// allowed; default 10).
    #[arg(long, value_name = "SECS", value_parser = parse_secs)]
    pub relay_after: Option<Duration>,
    /// Seconds between heartbeats to peers, which also bring back relayed
    /// results and offer waiting tasks (fractions allowed; default the
    /// worker heartbeat, at most 5).
    #[arg(long, value_name = "SECS", value_parser = parse_secs)]
    pub peer_interval: Option<Duration>,
    /// Seconds between polls of a relayed task whose peer pushes its result
    /// back when it ends (the fallback when a push does not arrive;
    /// fractions allowed; default 30). Other relays are polled every
    /// federation pass.
    #[arg(long, value_name = "SECS", value_parser = parse_secs)]
    pub relay_poll: Option<Duration>,
    /// Print the effective settings (TOML, no secrets) and exit.
    #[arg(long)]
    pub print_config: bool,
    #[command(subcommand)]
    pub command: Option<HubCommand>,
}

/// Offline maintenance of a stopped hub's data dir.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum HubCommand {
    /// Add a new encryption key and re-encrypt every stored secret under it
    /// (the hub must be stopped). Old keys stay in the key file unless
    /// --prune, so nothing becomes unreadable if this is interrupted.
    RotateKey {
        /// After re-encrypting, drop the keys no row uses any more.
        #[arg(long)]
        prune: bool,
    },
    /// Move a stopped hub's data from SQLite into an empty PostgreSQL
    /// database (one transaction; every table compared by row count and
    /// checksum before it commits). Give the replicas the data dir's
    /// encryption.keys and provenance.key afterwards.
    MigrateStore {
        /// The SQLite hub: sqlite:DIR (default: the data dir).
        #[arg(long, value_name = "sqlite:DIR")]
        from: Option<String>,
        /// The PostgreSQL database (default: M3SHD_DATABASE_URL; a password
        /// belongs there or in hubd.toml, not in argv).
        #[arg(long, value_name = "postgres://…")]
        to: Option<String>,
    },
}

/// Where `--init-admin` reads the password from when stdin is not used.
pub const INIT_ADMIN_PASSWORD_ENV: &str = "M3SHD_INIT_ADMIN_PASSWORD";

/// `normal` or `full`, listed with what each keeps in `--help`.
fn durability_values() -> impl clap::builder::TypedValueParser<Value = Durability> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    PossibleValuesParser::new([
        PossibleValue::new("normal")
            .help("WAL + `synchronous=NORMAL`: survives a crash of the hub process"),
        PossibleValue::new("full")
            .help("WAL + `synchronous=FULL`: also survives power loss, at an fsync per commit"),
    ])
    .map(|v| match v.as_str() {
        "full" => Durability::Full,
        _ => Durability::Normal,
    })
}

fn parse_event_retention(s: &str) -> Result<EventRetention, String> {
    EventRetention::parse(s)
}

fn parse_username(s: &str) -> Result<String, String> {
    m3shd_api::check_username(s).map(|()| s.to_string())
}

fn parse_trusted_proxy(s: &str) -> Result<String, String> {
    crate::addresses::parse_cidr(s).map(|net| net.to_string())
}

fn parse_cors_origin(s: &str) -> Result<String, String> {
    crate::addresses::parse_origin(s).map(|_| s.trim().to_ascii_lowercase())
}

/// `90`, `90s`, `30m`, `24h`, `7d` → a session TTL within its bounds.
pub(crate) fn parse_ttl(s: &str) -> Result<Duration, String> {
    ttl_value(m3shd_common::duration::parse_duration(s).map_err(|e| e.to_string())?)
}

pub(crate) fn ttl_value(d: Duration) -> Result<Duration, String> {
    use m3shd_hub_core::domain::users::{MAX_SESSION_TTL, MIN_SESSION_TTL};
    if d < MIN_SESSION_TTL || d > MAX_SESSION_TTL {
        return Err(format!(
            "a session lasts between {} seconds and {} days",
            MIN_SESSION_TTL.as_secs(),
            MAX_SESSION_TTL.as_secs() / 86_400
        ));
    }
    Ok(d)
}

/// `FROM=TO`, both agent ids (`operator` is a valid target).
pub(crate) fn parse_escalate(s: &str) -> Result<(String, String), String> {
    let (from, to) = s
        .split_once('=')
        .ok_or_else(|| format!("`{s}` is not FROM=TO"))?;
    let (from, to) = (from.trim(), to.trim());
    check_chain_link(from, to)?;
    Ok((from.to_string(), to.to_string()))
}

/// One link of the escalation chain: two valid, different names.
pub(crate) fn check_chain_link(from: &str, to: &str) -> Result<(), String> {
    for name in [from, to] {
        if !m3shd_api::is_valid_name(name) {
            return Err(format!(
                "`{name}` is not an agent id ([a-z0-9_.-], 1-64 characters)"
            ));
        }
    }
    if from == to {
        return Err(format!("`{from}` cannot escalate to itself"));
    }
    Ok(())
}

fn parse_secs(s: &str) -> Result<Duration, String> {
    let secs: f64 = s
        .parse()
        .map_err(|_| format!("`{s}` is not a number of seconds"))?;
    secs_value(secs)
}

/// A number of seconds in (0, 86400].
pub(crate) fn secs_value(secs: f64) -> Result<Duration, String> {
    if !secs.is_finite() || secs <= 0.0 || secs > 86_400.0 {
        return Err("must be more than 0 and at most 86400 seconds".into());
    }
    Ok(Duration::from_secs_f64(secs))
}

/// Everything `serve` needs. Build it with [`HubConfig::new`] and adjust.
#[derive(Clone)]
pub struct HubConfig {
    pub data_dir: PathBuf,
    pub master_token: String,
    /// A lease not extended for this long expires and the task is requeued.
    pub lease_timeout: Duration,
    /// Workers are told to heartbeat this often.
    pub heartbeat_interval: Duration,
    /// An agent silent for this long is marked offline.
    pub offline_after: Duration,
    pub durability: Durability,
    /// SQLite in the data dir, or a PostgreSQL database shared by replicas.
    pub database: Database,
    /// How often the sweeper looks for expired leases, silent agents and
    /// cooled circuits.
    pub sweep_interval: Duration,
    /// Consecutive failures that open an agent's circuit.
    pub circuit_threshold: i64,
    /// How long an open circuit stays open before letting one task through.
    pub circuit_cooldown: Duration,
    /// SSE keepalive comment interval.
    pub keepalive: Duration,
    /// Escalation chain: (agent, who its escalations go to); agents not
    /// listed escalate straight to `operator`.
    pub escalation_chain: Vec<(String, String)>,
    /// How often the deadline sweeper raises the urgency of overdue tasks.
    pub deadline_interval: Duration,
    /// How long a task waits for an unavailable agent it names before
    /// another capable agent may take it.
    pub assign_wait: Duration,
    /// ntfy publish URL (`https://ntfy.sh/TOPIC`); no alerts when unset.
    pub ntfy_url: Option<String>,
    /// `web_search` provider (SearxNG-style JSON endpoint).
    pub search_url: Option<String>,
    /// Directories `file_summary` may read from (none: it refuses).
    pub plugin_roots: Vec<PathBuf>,
    /// External plugins; `None`: `DATA_DIR/plugins`.
    pub plugins_dir: Option<PathBuf>,
    /// How long an external plugin may run before it is killed.
    pub plugin_timeout: Duration,
    /// How long a login session lasts.
    pub session_ttl: Duration,
    /// Browser origins allowed by CORS (none: CORS off).
    pub cors_origins: Vec<String>,
    /// What leases, deadlines, sessions and API-key days are judged by,
    /// and what every write is stamped with (tests inject one).
    pub clock: Arc<dyn Clock>,
    /// Runs the sweeps on demand (tests that move the clock).
    pub sweep_trigger: crate::sweeper::SweepTrigger,
    /// Create this admin on first run.
    pub init_admin: Option<InitAdmin>,
    /// How often API-key usage counted in memory is written.
    pub key_usage_flush: Duration,
    /// Audit rows older than this are deleted; None keeps them forever.
    pub audit_retention: Option<Duration>,
    /// Log every worker-protocol call instead of counting them.
    pub audit_worker_protocol: bool,
    /// How much of the event log is kept.
    pub event_retention: EventRetention,
    /// How often events past their retention are deleted.
    pub event_prune_every: Duration,
    /// The provenance signing key; None: `serve` resolves it from the
    /// environment or the data dir.
    pub provenance_key: Option<m3shd_hub_core::domain::ProvenanceKey>,
    /// Connection cap and client timeouts.
    pub connections: crate::connection_limits::ConnectionLimits,
    /// Peers whose `X-Forwarded-For` is believed (reverse proxies).
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Create the default schedules (the daily blog, the nightly memory
    /// consolidation) the first time a data dir is served. Tests that
    /// count tasks or templates turn it off.
    pub default_schedules: bool,
    /// Serve the public read-only dashboard at `/demo`.
    pub demo: bool,
    /// This hub's name among its peers (none: the id kept in the data dir).
    pub hub_name: Option<String>,
    /// How long a queued task waits for a local agent before it is offered
    /// to peers.
    pub relay_after: Duration,
    /// Between federation passes (none: the heartbeat interval, at most 5 s).
    pub peer_interval: Option<Duration>,
    /// Between fallback polls of a relay whose peer pushes its result.
    pub relay_poll: Duration,
    /// Runs `POST /api/text` (the command grammar); none: 501.
    pub text_runner: Option<crate::text::TextRunner>,
}

/// `--init-admin NAME`: the password is asked for only when the user is
/// actually created (no user exists yet).
#[derive(Clone)]
pub struct InitAdmin {
    pub username: String,
    pub password: Arc<dyn Fn() -> Result<m3shd_api::Password, String> + Send + Sync>,
}

impl std::fmt::Debug for InitAdmin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InitAdmin")
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for HubConfig {
    // Never print the token.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HubConfig")
            .field("data_dir", &self.data_dir)
            .field("master_token", &"<redacted>")
            .field("lease_timeout", &self.lease_timeout)
            .field("heartbeat_interval", &self.heartbeat_interval)
            .field("offline_after", &self.offline_after)
            .field("durability", &self.durability)
            .field("database", &self.database)
            .field("sweep_interval", &self.sweep_interval)
            .field("circuit_threshold", &self.circuit_threshold)
            .field("circuit_cooldown", &self.circuit_cooldown)
            .field("escalation_chain", &self.escalation_chain)
            .field("deadline_interval", &self.deadline_interval)
            .field("assign_wait", &self.assign_wait)
            .field("ntfy_url", &self.ntfy_url.as_ref().map(|_| "<set>"))
            .field("search_url", &self.search_url.as_ref().map(|_| "<set>"))
            .field("plugin_roots", &self.plugin_roots)
            .field("plugins_dir", &self.plugins_dir)
            .field("plugin_timeout", &self.plugin_timeout)
            .field("session_ttl", &self.session_ttl)
            .field("cors_origins", &self.cors_origins)
            .field("init_admin", &self.init_admin)
            .field("key_usage_flush", &self.key_usage_flush)
            .field("audit_retention", &self.audit_retention)
            .field("audit_worker_protocol", &self.audit_worker_protocol)
            .field("event_retention", &self.event_retention)
            .field("event_prune_every", &self.event_prune_every)
            .field("provenance_key", &self.provenance_key)
            .field("connections", &self.connections)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("default_schedules", &self.default_schedules)
            .field("demo", &self.demo)
            .field("hub_name", &self.hub_name)
            .field("relay_after", &self.relay_after)
            .field("peer_interval", &self.peer_interval)
            .field("relay_poll", &self.relay_poll)
            .field("text_runner", &self.text_runner.as_ref().map(|_| "<set>"))
            .finish_non_exhaustive()
    }
}

pub const DEFAULT_LEASE_TIMEOUT: Duration = Duration::from_secs(30);
pub const DEFAULT_ASSIGN_WAIT: Duration = Duration::from_secs(30);
pub const DEFAULT_AUDIT_RETENTION_DAYS: u32 = 90;

/// `days` of retention; 0 means keep forever.
pub fn audit_retention(days: u32) -> Option<Duration> {
    (days > 0).then(|| Duration::from_secs(u64::from(days) * 86_400))
}

impl HubConfig {
    pub fn new(data_dir: impl Into<PathBuf>, master_token: impl Into<String>) -> HubConfig {
        HubConfig {
            data_dir: data_dir.into(),
            master_token: master_token.into(),
            lease_timeout: DEFAULT_LEASE_TIMEOUT,
            heartbeat_interval: Duration::ZERO,
            offline_after: Duration::ZERO,
            durability: Durability::Normal,
            database: Database::Sqlite,
            sweep_interval: Duration::ZERO,
            circuit_threshold: 3,
            circuit_cooldown: Duration::from_secs(60),
            keepalive: Duration::from_secs(30),
            escalation_chain: Vec::new(),
            deadline_interval: Duration::from_secs(60),
            assign_wait: DEFAULT_ASSIGN_WAIT,
            ntfy_url: None,
            search_url: None,
            plugin_roots: Vec::new(),
            plugins_dir: None,
            plugin_timeout: Duration::from_secs(10),
            session_ttl: m3shd_hub_core::domain::users::DEFAULT_SESSION_TTL,
            cors_origins: Vec::new(),
            clock: Arc::new(m3shd_hub_core::domain::SystemClock),
            sweep_trigger: Default::default(),
            init_admin: None,
            key_usage_flush: Duration::from_secs(5),
            audit_retention: audit_retention(DEFAULT_AUDIT_RETENTION_DAYS),
            audit_worker_protocol: false,
            event_retention: EventRetention::default(),
            event_prune_every: Duration::from_secs(60),
            provenance_key: None,
            connections: Default::default(),
            trusted_proxies: Vec::new(),
            default_schedules: true,
            demo: false,
            hub_name: None,
            relay_after: crate::federation::DEFAULT_RELAY_AFTER,
            peer_interval: None,
            relay_poll: crate::federation::DEFAULT_RELAY_POLL,
            text_runner: None,
        }
        .with_lease_timeout(DEFAULT_LEASE_TIMEOUT)
    }

    /// Set the lease timeout and re-derive the timings that follow from it:
    /// heartbeat = lease/3 (≥ 100 ms), offline = 3 heartbeats,
    /// sweep = min(1 s, lease/4).
    pub fn with_lease_timeout(mut self, lease_timeout: Duration) -> HubConfig {
        let lease_timeout = lease_timeout.max(Duration::from_millis(100));
        self.lease_timeout = lease_timeout;
        self.heartbeat_interval = (lease_timeout / 3).max(Duration::from_millis(100));
        self.offline_after = self.heartbeat_interval * 3;
        self.sweep_interval = (lease_timeout / 4)
            .min(Duration::from_secs(1))
            .max(Duration::from_millis(10));
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_the_lease() {
        let c = HubConfig::new("/tmp/x", "t");
        assert_eq!(c.lease_timeout, Duration::from_secs(30));
        assert_eq!(c.heartbeat_interval, Duration::from_secs(10));
        assert_eq!(c.offline_after, Duration::from_secs(30));
        assert_eq!(c.sweep_interval, Duration::from_secs(1));
        assert_eq!(c.audit_retention, Some(Duration::from_secs(90 * 86_400)));
        assert_eq!(audit_retention(0), None, "0 keeps the audit log forever");
        let c = c.with_lease_timeout(Duration::from_millis(200));
        assert_eq!(c.heartbeat_interval, Duration::from_millis(100));
        assert_eq!(c.sweep_interval, Duration::from_millis(50));
        assert!(!format!("{c:?}").contains("\"t\""));
    }

    #[test]
    fn lease_timeout_parses_fractions() {
        assert_eq!(parse_secs("1.5"), Ok(Duration::from_millis(1500)));
        assert!(parse_secs("0").is_err());
        assert!(parse_secs("nan").is_err());
        assert!(parse_secs("x").is_err());
    }
}
