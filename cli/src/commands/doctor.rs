//! `m3shd doctor`: one line per check with ✓ / ! / ✗ and what to fix.
//! Exit 0 when only optional things are missing (warnings), 3 when the
//! token is missing or rejected, 1 when anything else required fails
//! (hub unreachable, unreadable config, data dirs readable by others).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use serde::Serialize;

use crate::args::Conn;
use crate::args_ops::DoctorArgs;
use crate::config;
use crate::exit::{self, CliError};
use crate::tokens;

/// Clock skew with the hub above this is a warning (leases and deadlines
/// are judged by the hub's clock; large skews confuse what the CLI shows).
const MAX_SKEW: Duration = Duration::from_secs(2);
const TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Ok,
    Warn,
    Fail,
}

#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub name: &'static str,
    pub status: Status,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
    /// Exit code this failure maps to.
    #[serde(skip)]
    code: u8,
}

impl Check {
    fn ok(name: &'static str, message: impl Into<String>) -> Check {
        Check {
            name,
            status: Status::Ok,
            message: message.into(),
            fix: None,
            code: 0,
        }
    }
    fn warn(name: &'static str, message: impl Into<String>, fix: impl Into<String>) -> Check {
        Check {
            name,
            status: Status::Warn,
            message: message.into(),
            fix: Some(fix.into()),
            code: 0,
        }
    }
    fn fail(
        name: &'static str,
        code: u8,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Check {
        Check {
            name,
            status: Status::Fail,
            message: message.into(),
            fix: Some(fix.into()),
            code,
        }
    }
}

/// The exit code of a set of checks: auth failures win, then other failures.
pub fn exit_code(checks: &[Check]) -> u8 {
    let fails = checks.iter().filter(|c| c.status == Status::Fail);
    fails.map(|c| c.code).fold(0, |acc, c| match (acc, c) {
        (exit::AUTH, _) | (_, exit::AUTH) => exit::AUTH,
        (0, c) => c,
        (a, _) => a,
    })
}

pub async fn run(conn: &Conn, args: DoctorArgs) -> Result<ExitCode, CliError> {
    let mut checks = Vec::new();
    let eff = match config::effective(conn) {
        Ok(eff) => {
            checks.push(if eff.config_file_exists {
                Check::ok("config", format!("{} parses", eff.config_file.display()))
            } else {
                Check::ok(
                    "config",
                    format!(
                        "no {} (built-in defaults; `m3shd config init` writes one)",
                        eff.config_file.display()
                    ),
                )
            });
            Some(eff)
        }
        Err(e) => {
            checks.push(Check::fail(
                "config",
                exit::FAILED,
                e.to_string(),
                "fix the file (`m3shd config init --force` rewrites the commented default)",
            ));
            None
        }
    };
    if let Some(eff) = &eff {
        hub_checks(conn, eff, &mut checks).await;
    }
    checks.push(keyring_check(eff.as_ref()));
    checks.extend(executor_checks(
        crate::commands::secret::secrets_dir(conn).ok().as_deref(),
    ));
    checks.extend(data_dir_checks(args.data_dir.as_deref()));

    let code = exit_code(&checks);
    if args.json {
        let v = serde_json::json!({ "ok": code == 0, "exit_code": code, "checks": checks });
        outln!(
            "{}",
            serde_json::to_string_pretty(&v).map_err(|e| CliError::Failed(e.to_string()))?
        );
    } else {
        for c in &checks {
            let mark = match c.status {
                Status::Ok => "✓",
                Status::Warn => "!",
                Status::Fail => "✗",
            };
            match &c.fix {
                Some(fix) => outln!("{mark} {:<10} {} — {fix}", c.name, c.message),
                None => outln!("{mark} {:<10} {}", c.name, c.message),
            }
        }
    }
    Ok(ExitCode::from(code))
}

async fn hub_checks(conn: &Conn, eff: &config::Effective, checks: &mut Vec<Check>) {
    let hub = &eff.hub.value;
    let token = match config::token(conn, eff) {
        Ok(t) => {
            checks.push(Check::ok("token", format!("from {}", t.source)));
            Some(t.value)
        }
        Err(e) => {
            checks.push(Check::fail(
                "token",
                exit::AUTH,
                e.to_string(),
                "store one with `m3shd login --user NAME` or `m3shd login --token-stdin` (or set M3SHD_TOKEN)",
            ));
            None
        }
    };
    // Health needs no token; a placeholder keeps the client happy.
    let client = match m3shd_client::Client::new(hub, token.as_deref().unwrap_or("none")) {
        Ok(c) => c,
        Err(e) => {
            checks.push(Check::fail(
                "hub",
                exit::FAILED,
                e.to_string(),
                "set the hub URL with --hub, M3SHD_HUB or `hub` in the config file",
            ));
            return;
        }
    };
    let sent = chrono::Utc::now();
    let health = tokio::time::timeout(TIMEOUT, client.health()).await;
    let received = chrono::Utc::now();
    let health = match health {
        Ok(Ok(h)) => h,
        Ok(Err(e)) => {
            checks.push(Check::fail(
                "hub",
                exit::FAILED,
                format!("{hub} ({}): {e}", eff.hub.source),
                "start the hub (`m3shd up` or the m3shd-hubd service) or point --hub / M3SHD_HUB at it",
            ));
            return;
        }
        Err(_) => {
            checks.push(Check::fail(
                "hub",
                exit::FAILED,
                format!("{hub}: no answer within {} s", TIMEOUT.as_secs()),
                "check the address, the firewall and that the hub is running",
            ));
            return;
        }
    };
    let mine = env!("CARGO_PKG_VERSION");
    checks.push(if health.version == mine {
        Check::ok(
            "hub",
            format!("{hub} answers (m3shd-hubd {})", health.version),
        )
    } else {
        Check::warn(
            "hub",
            format!(
                "{hub} answers, version {} (this CLI: {mine})",
                health.version
            ),
            "upgrade the older side",
        )
    });
    checks.push(skew_check(sent, received, health.time));

    let Some(_) = token else { return };
    match tokio::time::timeout(TIMEOUT, client.whoami()).await {
        Ok(Ok(me)) if me.permissions.is_empty() => checks.push(Check::warn(
            "auth",
            format!("the hub knows the token ({} {}) but it grants no permission", me.kind, me.name),
            "use a token with a role: `m3shd token create --agent NAME --role commander`",
        )),
        Ok(Ok(me)) => checks.push(Check::ok(
            "auth",
            format!(
                "the hub accepts the token: {} ({}), {} permission(s)",
                me.name,
                me.kind,
                me.permissions.len()
            ),
        )),
        Ok(Err(e)) if e.status() == Some(401) => checks.push(Check::fail(
            "auth",
            exit::AUTH,
            format!("the hub rejects the token: {e}"),
            "log in again with `m3shd login --user NAME` or store a valid token with `m3shd login --token-stdin`",
        )),
        Ok(Err(e)) if e.status() == Some(403) => checks.push(Check::warn(
            "auth",
            "the token is valid but is good for enrolment only (a join key)",
            "use an operator token for the CLI",
        )),
        Ok(Err(e)) => checks.push(Check::fail(
            "auth",
            exit::FAILED,
            format!("GET /api/whoami: {e}"),
            "see the hub's log",
        )),
        Err(_) => checks.push(Check::fail(
            "auth",
            exit::FAILED,
            "GET /api/whoami timed out",
            "see the hub's log",
        )),
    }
}

/// The hub's clock against the midpoint of the request.
pub fn skew_check(
    sent: chrono::DateTime<chrono::Utc>,
    received: chrono::DateTime<chrono::Utc>,
    hub: chrono::DateTime<chrono::Utc>,
) -> Check {
    let mid = sent + (received - sent) / 2;
    let skew = (hub - mid).num_milliseconds();
    let secs = skew as f64 / 1000.0;
    if u128::from(skew.unsigned_abs()) > MAX_SKEW.as_millis() {
        Check::warn(
            "clock",
            format!("the hub's clock is {secs:+.1} s off this machine's"),
            "enable NTP on both machines (timedatectl set-ntp true / System Settings › Date & Time)",
        )
    } else {
        Check::ok("clock", format!("within {secs:+.1} s of the hub"))
    }
}

fn keyring_check(eff: Option<&config::Effective>) -> Check {
    let dir = eff
        .map(|e| tokens::store_dir(&e.config_file).display().to_string())
        .unwrap_or_else(|| "the config dir".into());
    match tokens::keyring_status() {
        Ok(name) => Check::ok(
            "keyring",
            format!("{name} holds stored tokens and API keys"),
        ),
        Err(reason) => Check::warn(
            "keyring",
            format!(
                "{reason}; stored tokens live in 0600 files in {dir}, API keys in secrets/ next to it"
            ),
            "nothing to do unless you want a keyring: keep the config dir private",
        ),
    }
}

/// API keys as a worker on this machine would find them (the environment,
/// then the keyring or `secrets_dir`), and the `claude` CLI.
fn executor_checks(secrets_dir: Option<&Path>) -> Vec<Check> {
    let mut out = Vec::new();
    let env = |k: &str| std::env::var(k).ok();
    let keys = m3shd_workerd::apikey::KeyLookup::new(&env, secrets_dir);
    for (var, what) in [
        ("ANTHROPIC_API_KEY", "the anthropic executor"),
        ("OPENAI_API_KEY", "the openai executor"),
    ] {
        out.push(match keys.find(var) {
            Ok(Some(k)) => Check::ok("executor", format!("{var} from {} ({what})", k.source)),
            Ok(None) => Check::warn(
                "executor",
                format!("{var} not found: {what} cannot run here"),
                format!(
                    "if this machine runs {what}: `m3shd secret set {var}` or export {var}=… \
                     in the worker's environment"
                ),
            ),
            Err(e) => Check::warn(
                "executor",
                e,
                "fix the file's mode, or `m3shd secret set` the key again",
            ),
        });
    }
    out.push(match find_on_path("claude") {
        Some(p) => Check::ok("executor", format!("claude at {}", p.display())),
        None => Check::warn(
            "executor",
            "`claude` is not on PATH: the claude-cli executor cannot run here",
            "install Claude Code if this machine runs claude-cli workers",
        ),
    });
    out
}

fn find_on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(program))
        .find(|p| is_executable(p))
}

#[cfg(unix)]
fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(p: &Path) -> bool {
    p.is_file()
}

/// The hub's data dir, the worker state dirs next to it and the token
/// store must not be readable by group or others.
fn data_dir_checks(hub_dir: Option<&Path>) -> Vec<Check> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    let hub_dir = hub_dir
        .map(Path::to_path_buf)
        .or_else(|| m3shd_hubd::default_data_dir().ok());
    if let Some(h) = &hub_dir {
        dirs.push(h.clone());
        if let Some(root) = h.parent() {
            let workers = root.join("workerd");
            dirs.push(workers.clone());
            if let Ok(rd) = std::fs::read_dir(&workers) {
                let mut subs: Vec<PathBuf> = rd
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.is_dir())
                    .collect();
                subs.sort();
                dirs.extend(subs);
            }
        }
    }
    let present: Vec<&PathBuf> = dirs.iter().filter(|d| d.exists()).collect();
    if present.is_empty() {
        return vec![Check::ok(
            "data-dirs",
            "no hub or worker data on this machine (nothing to check)",
        )];
    }
    present.into_iter().map(|d| dir_check(d)).collect()
}

#[cfg(unix)]
pub fn dir_check(dir: &Path) -> Check {
    use std::os::unix::fs::PermissionsExt;
    match std::fs::metadata(dir) {
        Ok(m) if m.permissions().mode() & 0o077 != 0 => Check::fail(
            "data-dirs",
            exit::FAILED,
            format!(
                "{} is open to others (mode {:o})",
                dir.display(),
                m.permissions().mode() & 0o777
            ),
            format!("chmod 700 {}", dir.display()),
        ),
        Ok(_) => Check::ok("data-dirs", format!("{} is private", dir.display())),
        Err(e) => Check::warn(
            "data-dirs",
            format!("{}: {e}", dir.display()),
            "run doctor as the user that owns it",
        ),
    }
}

#[cfg(not(unix))]
pub fn dir_check(dir: &Path) -> Check {
    Check::ok("data-dirs", format!("{} exists", dir.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_exit_zero_and_auth_wins() {
        let w = Check::warn("x", "m", "f");
        let ok = Check::ok("y", "m");
        assert_eq!(exit_code(&[ok.clone(), w.clone()]), 0);
        let hub = Check::fail("hub", exit::FAILED, "m", "f");
        let auth = Check::fail("auth", exit::AUTH, "m", "f");
        assert_eq!(exit_code(&[w.clone(), hub.clone()]), exit::FAILED);
        assert_eq!(exit_code(&[hub.clone(), auth.clone()]), exit::AUTH);
        assert_eq!(exit_code(&[auth, hub]), exit::AUTH);
    }

    #[test]
    fn skew_is_measured_against_the_midpoint() {
        let t0 = chrono::Utc::now();
        let t1 = t0 + chrono::Duration::milliseconds(1000);
        // Hub stamped its answer at the midpoint: no skew despite a 1 s round trip.
        let c = skew_check(t0, t1, t0 + chrono::Duration::milliseconds(500));
        assert_eq!(c.status, Status::Ok);
        let c = skew_check(t0, t1, t0 + chrono::Duration::milliseconds(3000));
        assert_eq!(c.status, Status::Warn);
        assert!(c.message.contains("+2.5"), "{}", c.message);
        let c = skew_check(t0, t1, t0 - chrono::Duration::seconds(10));
        assert_eq!(c.status, Status::Warn);
    }

    #[cfg(unix)]
    #[test]
    fn open_data_dirs_fail() {
        use std::os::unix::fs::PermissionsExt;
        let d = tempfile::tempdir().unwrap();
        std::fs::set_permissions(d.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
        assert_eq!(dir_check(d.path()).status, Status::Ok);
        std::fs::set_permissions(d.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let c = dir_check(d.path());
        assert_eq!(c.status, Status::Fail);
        assert!(c.fix.unwrap().contains("chmod 700"));
    }
}
