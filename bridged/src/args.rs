//! `m3shd-bridged`'s command line, and the configuration it resolves to.

use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Parser;

use crate::BridgeError;
use crate::allow::Allowlist;
use crate::attachments::expand_home;
use crate::supervisor::Restart;

/// `m3shd-bridged`: text the mesh from a phone. Reads new iMessages from
/// the allowed handles in chat.db (read-only), runs each as a command of the
/// grammar (`m3shd text` runs the same), and answers through Messages.
#[derive(Clone, Parser)]
#[command(
    name = "m3shd-bridged",
    version,
    about,
    long_about = None,
    after_help = "Give the token through the M3SHD_TOKEN environment variable rather than \
                  --token: a command line is visible to every user of the machine. On macOS \
                  the bridge needs Full Disk Access (to read chat.db) and the Automation \
                  permission for Messages (to send); packaging/launchd has a LaunchAgent."
)]
pub struct Args {
    /// Hub URL, e.g. http://127.0.0.1:8333 (required: here or in M3SHD_HUB).
    // Optional to clap so `--help` does not call it required when the
    // environment supplies it; `Config::from_args` insists on one.
    #[arg(long, env = "M3SHD_HUB", value_name = "URL")]
    pub hub: Option<String>,

    /// Hub token (required: prefer the M3SHD_TOKEN environment variable over argv).
    #[arg(
        long,
        env = "M3SHD_TOKEN",
        hide_env_values = true,
        value_name = "TOKEN"
    )]
    pub token: Option<String>,

    /// The Messages database, opened read-only.
    #[arg(
        long,
        value_name = "PATH",
        default_value = "~/Library/Messages/chat.db"
    )]
    pub chat_db: PathBuf,

    /// Handles (phone numbers with country code, or emails) whose messages
    /// are commands; messages from anyone else are ignored.
    #[arg(
        long,
        value_name = "HANDLE[,HANDLE…]",
        value_delimiter = ',',
        required = true
    )]
    pub allow: Vec<String>,

    /// The osascript used to send through Messages.
    #[arg(long, value_name = "PATH", default_value = "/usr/bin/osascript")]
    pub osascript: PathBuf,

    /// How often chat.db is read for new messages.
    #[arg(long, value_name = "MS", default_value_t = 3000,
          value_parser = clap::value_parser!(u64).range(50..=600_000))]
    pub poll_ms: u64,

    /// Where the cursor, the queues and pending notifications are kept
    /// (default: the platform data dir, m3shd/bridged).
    #[arg(long, value_name = "DIR")]
    pub state_dir: Option<PathBuf>,

    /// Image attachments are read only from inside this folder.
    #[arg(
        long,
        value_name = "DIR",
        default_value = "~/Library/Messages/Attachments"
    )]
    pub attachments_dir: PathBuf,

    /// Process the messages after this chat.db ROWID (0: the whole
    /// history), instead of continuing from the saved cursor or, on a first
    /// start, from the newest message.
    #[arg(long, value_name = "ROWID", value_parser = clap::value_parser!(i64).range(0..))]
    pub replay_since: Option<i64>,

    /// Log line format on stderr; RUST_LOG filters as usual.
    #[arg(long, value_enum, env = "M3SHD_LOG_FORMAT", default_value_t)]
    pub log_format: LogFormat,

    /// Pause before a failed loop is restarted.
    #[arg(long, value_name = "MS", default_value_t = 5000, hide = true)]
    pub restart_delay_ms: u64,

    /// Restarts of one loop before the bridge gives up.
    #[arg(long, value_name = "N", default_value_t = 10, hide = true)]
    pub max_restarts: u32,

    /// First pause of the retry backoff (hub calls, sends).
    #[arg(long, value_name = "MS", default_value_t = 1000, hide = true)]
    pub retry_base_ms: u64,

    /// How long a chat line waits for an agent's answer before the answer
    /// is left to arrive on its own.
    #[arg(long, value_name = "SECS", default_value_t = 5, hide = true)]
    pub chat_wait_secs: u64,
}

pub use m3shd_common::logging::LogFormat;

/// Everything the bridge runs with.
#[derive(Clone)]
pub struct Config {
    pub hub_url: String,
    pub token: String,
    pub chat_db: PathBuf,
    pub allow: Allowlist,
    pub osascript: PathBuf,
    pub poll: Duration,
    pub state_dir: PathBuf,
    pub attachments_dir: PathBuf,
    pub home: Option<PathBuf>,
    pub replay_since: Option<i64>,
    pub restart: Restart,
    pub retry_base: Duration,
    pub chat_wait: Duration,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The token never appears in logs.
        f.debug_struct("Config")
            .field("hub_url", &self.hub_url)
            .field("chat_db", &self.chat_db)
            .field("allow", &self.allow.len())
            .field("state_dir", &self.state_dir)
            .finish_non_exhaustive()
    }
}

/// `<platform data dir>/bridged`.
pub fn default_state_dir() -> Result<PathBuf, BridgeError> {
    let data = m3shd_common::dirs::data_dir().ok_or_else(|| {
        BridgeError::Config("no home directory to keep bridge state in: pass --state-dir".into())
    })?;
    Ok(data.join("bridged"))
}

fn home() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf())
}

fn expand(p: &Path, home: Option<&Path>) -> PathBuf {
    expand_home(&p.to_string_lossy(), home)
}

impl Config {
    pub fn from_args(a: Args) -> Result<Config, BridgeError> {
        let hub = a
            .hub
            .filter(|h| !h.trim().is_empty())
            .ok_or_else(|| BridgeError::Config("no hub: pass --hub URL or set M3SHD_HUB".into()))?;
        let token = a.token.unwrap_or_default();
        if token.trim().is_empty() {
            return Err(BridgeError::Config(
                "no token: set M3SHD_TOKEN (or pass --token, which other users can see)".into(),
            ));
        }
        let allow = Allowlist::new(&a.allow).map_err(BridgeError::Config)?;
        let home = home();
        let state_dir = match a.state_dir {
            Some(d) => expand(&d, home.as_deref()),
            None => default_state_dir()?,
        };
        Ok(Config {
            hub_url: hub,
            token: token.trim().to_string(),
            chat_db: expand(&a.chat_db, home.as_deref()),
            allow,
            osascript: expand(&a.osascript, home.as_deref()),
            poll: Duration::from_millis(a.poll_ms),
            state_dir,
            attachments_dir: expand(&a.attachments_dir, home.as_deref()),
            home,
            replay_since: a.replay_since,
            restart: Restart {
                delay: Duration::from_millis(a.restart_delay_ms),
                max: a.max_restarts,
            },
            retry_base: Duration::from_millis(a.retry_base_ms.max(1)),
            chat_wait: Duration::from_secs(a.chat_wait_secs),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_resolve_with_defaults() {
        let a = Args::try_parse_from([
            "m3shd-bridged",
            "--hub",
            "http://127.0.0.1:8333",
            "--token",
            "t",
            "--allow",
            "+15550100000,me@example.com",
            "--state-dir",
            "/tmp/s",
        ])
        .unwrap();
        let c = Config::from_args(a).unwrap();
        assert_eq!(c.poll, Duration::from_secs(3));
        assert_eq!(c.osascript, PathBuf::from("/usr/bin/osascript"));
        assert!(c.allow.allows("me@example.com"));
        assert!(c.chat_db.ends_with("Library/Messages/chat.db"));
        assert!(!format!("{c:?}").contains("\"t\""), "no token in Debug");
        assert_eq!(c.restart.max, 10);
        assert_eq!(c.restart.delay, Duration::from_secs(5));
    }

    #[test]
    fn hub_and_token_come_from_flags_or_the_environment() {
        let parse = |args: &[&str]| {
            let mut argv = vec!["m3shd-bridged", "--allow", "me@example.com"];
            argv.extend_from_slice(args);
            Config::from_args(Args::try_parse_from(argv).unwrap())
        };
        // Whatever this process's environment holds, explicit empties lose.
        let e = parse(&["--hub", "", "--token", "t"]).unwrap_err();
        assert!(e.to_string().contains("no hub"), "{e}");
        let e = parse(&["--hub", "http://h", "--token", " "]).unwrap_err();
        assert!(e.to_string().contains("no token"), "{e}");
    }

    #[test]
    fn help_does_not_call_env_backed_flags_required() {
        use clap::CommandFactory;
        let usage = Args::command().render_usage().to_string();
        assert!(!usage.contains("--hub"), "{usage}");
        assert!(!usage.contains("--token"), "{usage}");
    }

    #[test]
    fn allow_is_required() {
        let r = Args::try_parse_from(["m3shd-bridged", "--hub", "http://h", "--token", "t"]);
        assert!(r.is_err());
    }
}
