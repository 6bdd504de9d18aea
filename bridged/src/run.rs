//! The daemon: lock, check chat.db and the hub, then run the four loops
//! (read, handle, notify, send) under supervisors until SIGTERM/SIGINT.

use std::future::Future;
use std::sync::Arc;

use m3shd_client::Client;
use tokio_util::sync::CancellationToken;

use crate::args::{Args, Config, LogFormat};
use crate::bridge::Bridge;
use crate::channel::Channel;
use crate::imessage::Imessage;
use crate::imessage::osascript::SEND_TIMEOUT;
use crate::supervisor::supervise;
use crate::{BridgeError, inbound, lock, notify, outbound, process};

/// The whole `m3shd-bridged` main: logs to stderr (`RUST_LOG`, default
/// `info`), runs until SIGINT/SIGTERM.
pub async fn run(args: Args) -> Result<(), BridgeError> {
    init_tracing(args.log_format);
    let cfg = Config::from_args(args)?;
    create_private_dir(&cfg.state_dir)?;
    let _locks = lock::acquire(&cfg.state_dir, &cfg.chat_db)?;
    let channel = Imessage::new(&cfg.chat_db, &cfg.osascript, SEND_TIMEOUT);
    let schema = channel.schema().await?;
    tracing::info!(
        chat_db = %cfg.chat_db.display(),
        layout = schema.layout.describe(),
        attachments = schema.has_attachments,
        "chat.db opened read-only"
    );
    serve(cfg, channel, shutdown_signal()).await
}

fn create_private_dir(dir: &std::path::Path) -> Result<(), BridgeError> {
    std::fs::create_dir_all(dir)
        .map_err(|e| BridgeError::Io(format!("state dir {}: {e}", dir.display())))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Messages and replies sit in here: for this user only.
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| BridgeError::Io(format!("state dir {}: {e}", dir.display())))?;
    }
    Ok(())
}

/// Run the bridge over any channel until `shutdown` resolves.
pub async fn serve<C: Channel>(
    cfg: Config,
    channel: C,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), BridgeError> {
    let client =
        Client::new(&cfg.hub_url, &cfg.token).map_err(|e| BridgeError::Config(e.to_string()))?;
    match client.status().await {
        Ok(s) => {
            tracing::info!(hub = %cfg.hub_url, agents_online = s.agents_online, "hub reachable")
        }
        Err(e) if matches!(e.status(), Some(401 | 403)) => {
            return Err(BridgeError::Auth(e.to_string()));
        }
        Err(e) => tracing::warn!(hub = %cfg.hub_url, error = %e,
            "hub not reachable yet; messages wait in the queue until it is"),
    }
    let token = CancellationToken::new();
    let b = Arc::new(Bridge::open(cfg, channel, client, token.clone())?);
    start_cursor(&b).await?;
    tracing::info!(
        channel = b.channel.name(),
        allowed = b.cfg.allow.len(),
        inbox = b.inbox.len(),
        outbox = b.outbox.len(),
        waiting = b.pending.get().tasks.len(),
        version = m3shd_api::VERSION,
        "m3shd-bridged running"
    );

    let stop = token.clone();
    tokio::spawn(async move {
        shutdown.await;
        stop.cancel();
    });

    let policy = b.cfg.restart;
    let mut loops = tokio::task::JoinSet::new();
    macro_rules! start {
        ($name:literal, $run:path) => {{
            let (b, token) = (b.clone(), token.clone());
            loops.spawn(async move {
                let r = supervise($name, policy, token.clone(), move || $run(b.clone())).await;
                if r.is_err() {
                    // One loop gave up: stop the others and exit with its error.
                    token.cancel();
                }
                r
            });
        }};
    }
    start!("read", inbound::run);
    start!("handle", process::run);
    start!("notify", notify::run);
    start!("send", outbound::run);

    let mut result = Ok(());
    while let Some(joined) = loops.join_next().await {
        let r = joined.unwrap_or_else(|e| Err(BridgeError::Io(format!("a loop stopped: {e}"))));
        if result.is_ok() {
            result = r;
        }
    }
    match &result {
        Ok(()) => tracing::info!(
            inbox = b.inbox.len(),
            outbox = b.outbox.len(),
            "m3shd-bridged stopped"
        ),
        Err(e) => tracing::error!(error = %e, "m3shd-bridged stopping"),
    }
    result
}

/// Where reading starts: `--replay-since`, else the saved cursor, else
/// (first start) after the newest message, so history is never replayed
/// by accident.
async fn start_cursor<C: Channel>(b: &Bridge<C>) -> Result<(), BridgeError> {
    let saved = b.cursors.get().chat_db;
    match (b.cfg.replay_since, saved) {
        (Some(r), _) => {
            b.cursors.update(|c| c.chat_db = Some(r))?;
            tracing::info!(after_rowid = r, "replaying messages");
        }
        (None, Some(c)) => tracing::info!(after_rowid = c, "resuming"),
        (None, None) => {
            let newest = b.channel.newest().await?;
            b.cursors.update(|c| c.chat_db = Some(newest))?;
            tracing::info!(
                after_rowid = newest,
                "first start: beginning after the newest message"
            );
        }
    }
    Ok(())
}

fn init_tracing(format: LogFormat) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let fmt = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Human => fmt
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .try_init(),
        LogFormat::Json => fmt.json().with_current_span(false).try_init(),
    };
}

/// Resolves on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => tracing::info!("SIGINT: stopping"),
        _ = term => tracing::info!("SIGTERM: stopping"),
    }
}
