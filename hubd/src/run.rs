//! The `m3shd-hubd` binary's whole main.

use std::io::{IsTerminal, Write};
use std::net::SocketAddr;
use std::path::PathBuf;

use tokio::net::TcpListener;

use crate::config::{Args, HubConfig, INIT_ADMIN_PASSWORD_ENV, InitAdmin};
use crate::error::HubError;
use crate::token::{MASTER_TOKEN_ENV, env_token, resolve_master_token};

/// The platform data dir (e.g. `~/.local/share/m3shd/hub`).
pub fn default_data_dir() -> Result<PathBuf, HubError> {
    m3shd_common::dirs::data_dir()
        .map(|d| d.join("hub"))
        .ok_or_else(|| {
            HubError::Config("cannot determine a data directory; pass --data-dir DIR".into())
        })
}

/// Listening beyond loopback exposes the API to the network: only with a
/// token the operator chose on purpose (not one generated into a file they
/// may never have seen).
fn check_exposure(listen: &str, addrs: &[SocketAddr]) -> Result<(), HubError> {
    let exposed = addrs.iter().any(|a| !a.ip().is_loopback());
    if exposed && env_token().is_none() {
        return Err(HubError::Config(format!(
            "refusing to listen on {listen}: it is not a loopback address and no master token \
             is configured. Set {MASTER_TOKEN_ENV} to a long random secret (workers and the CLI \
             then use it as their token), or listen on 127.0.0.1."
        )));
    }
    Ok(())
}

/// The first admin's password: from the environment, else the first line
/// of stdin (a no-echo prompt on a terminal). Never from argv.
fn init_admin_password() -> Result<m3shd_api::Password, String> {
    if let Ok(p) = std::env::var(INIT_ADMIN_PASSWORD_ENV) {
        return Ok(m3shd_api::Password(p));
    }
    let line = if std::io::stdin().is_terminal() {
        rpassword::prompt_password("password for the first admin: ")
            .map_err(|e| format!("cannot read the password: {e}"))?
    } else {
        let mut line = String::new();
        std::io::stdin()
            .read_line(&mut line)
            .map_err(|e| format!("cannot read the password from stdin: {e}"))?;
        line
    };
    let pw = line.trim_end_matches(['\r', '\n']).to_string();
    if pw.is_empty() {
        return Err(format!(
            "no password: set {INIT_ADMIN_PASSWORD_ENV} or pipe it on stdin"
        ));
    }
    Ok(m3shd_api::Password(pw))
}

/// Parse-free main: tracing to stderr, token, bind, print
/// `listening on http://ADDR` to stdout, serve until SIGINT/SIGTERM.
/// `text_runner` runs `POST /api/text` (the binary hands in the command
/// grammar's; see `crate::text`).
pub async fn run(args: Args, text_runner: Option<crate::text::TextRunner>) -> Result<(), HubError> {
    let file = crate::config_file::load(args.config_file.as_deref())?;
    let settings =
        crate::config_file::resolve(&args, file.as_ref().map(|(p, f)| (p.as_path(), f)))?;
    if args.print_config {
        let mut out = std::io::stdout().lock();
        write!(out, "{}", settings.to_toml())?;
        out.flush()?;
        return Ok(());
    }
    if let Some(crate::config::HubCommand::RotateKey { prune }) = &args.command {
        let data_dir = match &settings.data_dir {
            Some(d) => d.clone(),
            None => default_data_dir()?,
        };
        if settings.database.is_some() {
            return Err(HubError::Config(
                "rotate-key works on a SQLite data dir; this hub's database is PostgreSQL".into(),
            ));
        }
        return rotate_key(&data_dir, *prune);
    }
    if let Some(crate::config::HubCommand::MigrateStore { from, to }) = &args.command {
        let from = match from.as_deref() {
            Some(f) => match f.strip_prefix("sqlite:") {
                Some(dir) => std::path::PathBuf::from(dir),
                None => {
                    return Err(HubError::Config(format!(
                        "--from: expected sqlite:DIR, got {f}"
                    )));
                }
            },
            None => match &settings.data_dir {
                Some(d) => d.clone(),
                None => default_data_dir()?,
            },
        };
        let to = to.clone().or(settings.database.clone()).ok_or_else(|| {
            HubError::Config(
                "--to: name the PostgreSQL database (or set M3SHD_DATABASE_URL)".into(),
            )
        })?;
        return migrate_store(&from, &to);
    }
    m3shd_common::logging::init(settings.log_format, "info");
    let listen = settings.listen.clone();
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host(listen.as_str())
        .await
        .map_err(|e| HubError::Config(format!("--listen {listen}: {e}")))?
        .collect();
    check_exposure(&listen, &addrs)?;
    let data_dir = match settings.data_dir {
        Some(d) => d,
        None => default_data_dir()?,
    };
    m3shd_hub_core::store::check_data_dir_free(&data_dir)?;
    // Before binding: an unreachable database stops the hub before it says
    // it listens.
    if let Some(url) = &settings.database {
        m3shd_hub_core::store::check_reachable(url).map_err(|e| {
            HubError::Config(format!(
                "database {}: {e}",
                m3shd_hub_core::store::redact_url(url)
            ))
        })?;
    }
    let token = resolve_master_token(&data_dir)?;
    // Before binding: a bad key stops the hub before it says it listens.
    let provenance_key = crate::provenance_key::resolve_provenance_key(&data_dir)?;
    let listener = TcpListener::bind(listen.as_str())
        .await
        .map_err(|e| HubError::Config(format!("cannot listen on {listen}: {e}")))?;
    let addr = listener.local_addr()?;

    let mut config =
        HubConfig::new(data_dir, token.value()).with_lease_timeout(settings.lease_timeout);
    config.durability = settings.durability;
    if let Some(url) = settings.database {
        config.database = m3shd_hub_core::store::Database::Postgres(url);
    }
    config.ntfy_url = settings.ntfy_url;
    config.search_url = settings.search_url;
    config.plugin_roots = settings.plugin_roots;
    config.plugins_dir = settings.plugins_dir;
    config.deadline_interval = settings.deadline_interval;
    config.assign_wait = settings.assign_wait;
    config.escalation_chain = settings.escalation;
    config.session_ttl = settings.session_ttl;
    config.cors_origins = settings.cors_origins;
    config.trusted_proxies = settings
        .trusted_proxies
        .iter()
        .map(|p| crate::addresses::parse_cidr(p).map_err(HubError::Config))
        .collect::<Result<_, _>>()?;
    config.connections.max_connections = settings
        .max_connections
        .map(|n| usize::try_from(n).unwrap_or(usize::MAX));
    config.init_admin = args.init_admin.clone().map(|username| InitAdmin {
        username,
        password: std::sync::Arc::new(init_admin_password),
    });
    config.audit_retention = crate::config::audit_retention(settings.audit_retention_days);
    config.event_retention = settings.event_retention;
    config.audit_worker_protocol = settings.audit_worker_protocol;
    config.default_schedules = settings.default_schedules;
    config.demo = args.demo;
    config.hub_name = settings.hub_name;
    config.relay_after = settings.relay_after;
    config.peer_interval = settings.peer_interval;
    config.relay_poll = settings.relay_poll;
    config.provenance_key = Some(provenance_key);
    config.text_runner = text_runner;
    if let Some(clock) = crate::test_clock::from_env()? {
        config.clock = clock;
    }
    if let Some(p) = &settings.config_file {
        tracing::info!(file = %p.display(), "config file read");
    }

    let mut out = std::io::stdout().lock();
    writeln!(out, "listening on http://{addr}")?;
    out.flush()?;
    drop(out);
    tracing::info!(%addr, data_dir = %config.data_dir.display(), "hub listening");
    let stop = async {
        m3shd_common::shutdown::stop_signal().await;
    };
    crate::server::serve(listener, config, stop).await?;
    tracing::info!("hub stopped");
    Ok(())
}

/// `m3shd-hubd migrate-store`: offline, with progress on stdout.
fn migrate_store(from: &std::path::Path, to: &str) -> Result<(), HubError> {
    use m3shd_hub_core::clock::SystemClock;
    use m3shd_hub_core::store::migrate::{Progress, sqlite_to_postgres};
    if !m3shd_hub_core::store::is_postgres_url(to) {
        return Err(HubError::Config(format!(
            "--to: expected postgres://…, got {}",
            m3shd_hub_core::store::redact_url(to)
        )));
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "moving {} into {}",
        from.display(),
        m3shd_hub_core::store::redact_url(to)
    )?;
    let copied = sqlite_to_postgres(from, to, &SystemClock, &mut |p| match p {
        Progress::Table { table, done, of } => {
            let _ = writeln!(std::io::stdout(), "  {table}: {done}/{of} rows");
        }
        Progress::Verified { table, rows } => {
            let _ = writeln!(std::io::stdout(), "  {table}: {rows} rows verified");
        }
        Progress::Indexed { memories } => {
            let _ = writeln!(
                std::io::stdout(),
                "  memory search: {memories} entries indexed"
            );
        }
    })?;
    let rows: u64 = copied.iter().map(|c| c.tally.rows).sum();
    writeln!(
        out,
        "done: {} tables, {rows} rows, each compared by count and sha256. Start the replicas \
         with --database and the encryption.keys and provenance.key of {}.",
        copied.len(),
        from.display()
    )?;
    Ok(())
}

/// `m3shd-hubd rotate-key`: offline, with progress on stdout.
fn rotate_key(data_dir: &std::path::Path, prune: bool) -> Result<(), HubError> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "rotating the encryption key of {}", data_dir.display())?;
    let r = m3shd_hub_core::store::rotate_key(data_dir, prune, &mut |done, of| {
        let _ = writeln!(std::io::stdout(), "re-encrypted {done}/{of} values");
    })?;
    writeln!(
        out,
        "new key {}: {} value(s) re-encrypted",
        r.new_key, r.resealed
    )?;
    if !r.pruned.is_empty() {
        writeln!(
            out,
            "dropped old key(s) {} from the key file",
            r.pruned.join(", ")
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_is_always_allowed() {
        let a: SocketAddr = "127.0.0.1:0".parse().expect("addr");
        let b: SocketAddr = "[::1]:0".parse().expect("addr");
        assert!(check_exposure("x", &[a, b]).is_ok());
    }

    #[test]
    fn exposure_needs_an_explicit_token() {
        if env_token().is_some() {
            return;
        }
        let a: SocketAddr = "0.0.0.0:8333".parse().expect("addr");
        let err = check_exposure("0.0.0.0:8333", &[a]).expect_err("refused");
        assert!(err.to_string().contains(MASTER_TOKEN_ENV));
    }
}
