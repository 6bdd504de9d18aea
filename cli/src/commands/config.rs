//! `m3shd config show|init|path`, `m3shd login`, `m3shd logout`.

use std::io::{Read, Write};
use std::process::ExitCode;

use m3shd_client::Client;
use serde_json::json;

use crate::args::Conn;
use crate::args_ops::{ConfigCmd, LoginArgs};
use crate::config;
use crate::exit::CliError;
use crate::source::Source;
use crate::tokens;

pub fn run(conn: &Conn, cmd: ConfigCmd) -> Result<ExitCode, CliError> {
    match cmd {
        ConfigCmd::Show { json } => show(conn, json),
        ConfigCmd::Init { force } => init(conn, force),
        ConfigCmd::Path => {
            outln!("{}", config::config_path(conn)?.display());
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn show(conn: &Conn, as_json: bool) -> Result<ExitCode, CliError> {
    let eff = config::effective(conn)?;
    // The token itself is never printed; only its kind, length and origin.
    let token = match config::token(conn, &eff) {
        Ok(t) => Ok((config::redact(&t.value), t.source)),
        Err(e) => Err(e.to_string()),
    };
    let keyring = tokens::keyring_status();
    if as_json {
        let (tok, tok_src, tok_err) = match &token {
            Ok((r, s)) => (Some(r.clone()), Some(s.clone()), None),
            Err(e) => (None, None, Some(e.clone())),
        };
        let v = json!({
            "config_file": eff.config_file,
            "config_file_exists": eff.config_file_exists,
            "profile": eff.profile,
            "hub": eff.hub,
            "token": {"value": tok, "source": tok_src, "error": tok_err},
            "token_store": tokens::store_dir(&eff.config_file),
            "keyring": match keyring { Ok(k) => json!({"available": true, "name": k}),
                                       Err(e) => json!({"available": false, "reason": e}) },
        });
        outln!(
            "{}",
            serde_json::to_string_pretty(&v).map_err(|e| CliError::Failed(e.to_string()))?
        );
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = std::io::stdout().lock();
    let w = |out: &mut std::io::StdoutLock<'_>, k: &str, v: &str, s: &dyn std::fmt::Display| {
        let _ = writeln!(out, "{k:<12} {v:<40} ({s})");
    };
    let file_note = if eff.config_file_exists {
        "exists"
    } else {
        "not present: `m3shd config init` writes one"
    };
    w(
        &mut out,
        "config_file",
        &eff.config_file.display().to_string(),
        &file_note,
    );
    match &eff.profile {
        Some(p) => w(&mut out, "profile", &p.value, &p.source),
        None => w(&mut out, "profile", "-", &Source::Default),
    }
    w(&mut out, "hub", &eff.hub.value, &eff.hub.source);
    match &token {
        Ok((r, s)) => w(&mut out, "token", r, s),
        Err(e) => {
            let _ = writeln!(out, "{:<12} none ({e})", "token");
        }
    }
    let store = tokens::store_dir(&eff.config_file);
    match keyring {
        Ok(k) => w(
            &mut out,
            "token_store",
            k,
            &format!("fallback {}", store.display()),
        ),
        Err(_) => w(
            &mut out,
            "token_store",
            &store.display().to_string(),
            &"0600 files; no OS keyring",
        ),
    }
    Ok(ExitCode::SUCCESS)
}

fn init(conn: &Conn, force: bool) -> Result<ExitCode, CliError> {
    let path = config::config_path(conn)?;
    let io = |e: std::io::Error| CliError::Failed(format!("{}: {e}", path.display()));
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true);
    if force {
        opts.create(true).truncate(true);
    } else {
        opts.create_new(true);
    }
    let mut f = match opts.open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(CliError::Usage(format!(
                "{} exists; pass --force to replace it",
                path.display()
            )));
        }
        Err(e) => return Err(io(e)),
    };
    f.write_all(config::DEFAULT_FILE.as_bytes()).map_err(io)?;
    outln!("wrote {}", path.display());
    Ok(ExitCode::SUCCESS)
}

pub async fn login(conn: &Conn, args: LoginArgs) -> Result<ExitCode, CliError> {
    let eff = config::effective(conn)?;
    let profile = eff.store_profile();
    let dir = tokens::store_dir(&eff.config_file);
    if let Some(user) = &args.user {
        let pw = crate::password::existing(&format!("password for {user}: "))?;
        let session = Client::anonymous(&eff.hub.value)?.login(user, &pw).await?;
        let place = tokens::store(&dir, profile, &session.token, args.file)?;
        outln!(
            "logged in to {} as {} ({}) until {}",
            eff.hub.value,
            session.username,
            session.role.as_str(),
            session.expires_at.to_rfc3339()
        );
        outln!("stored the session for profile {profile} in {place}");
        return Ok(ExitCode::SUCCESS);
    }
    let mut raw = String::new();
    std::io::stdin()
        .take(64 * 1024)
        .read_to_string(&mut raw)
        .map_err(|e| CliError::Usage(format!("cannot read the token from stdin: {e}")))?;
    let token = raw.lines().next().unwrap_or_default().trim().to_string();
    let place = tokens::store(&dir, profile, &token, args.file)?;
    outln!("stored the token for profile {profile} in {place}");
    Ok(ExitCode::SUCCESS)
}

/// Forget the stored token; a login session is ended on the hub first, so a
/// copy of it is worthless too.
pub async fn logout(conn: &Conn) -> Result<ExitCode, CliError> {
    let eff = config::effective(conn)?;
    let profile = eff.store_profile();
    let dir = tokens::store_dir(&eff.config_file);
    if let Some(stored) = tokens::load(&dir, profile)?
        && stored.value.starts_with(m3shd_api::SESSION_TOKEN_PREFIX)
    {
        match Client::new(&eff.hub.value, &stored.value)?.logout().await {
            Ok(()) => outln!("ended the session on {}", eff.hub.value),
            Err(e) if e.code() == Some(m3shd_api::ErrorCode::Unauthorized) => {
                outln!("the session had already ended on the hub")
            }
            Err(e) => eprintln!(
                "warning: could not end the session on {} ({e}); forgetting it here anyway",
                eff.hub.value
            ),
        }
    }
    let removed = tokens::delete(&dir, profile)?;
    if removed.is_empty() {
        outln!("no stored token for profile {profile}");
    }
    for r in removed {
        outln!("removed the token for profile {profile} from {r}");
    }
    Ok(ExitCode::SUCCESS)
}
