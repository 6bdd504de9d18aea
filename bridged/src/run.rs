//! The daemon: lock, check chat.db and the hub, then run the four loops
//! (read, handle, notify, send) under supervisors until SIGTERM/SIGINT.

use std::future::Future;
use std::sync::Arc;

use m3shd_client::Client;
use m3shd_common::{logging, private_fs, shutdown};
use tokio_util::sync::CancellationToken;

use crate::args::{Args, Config};
use crate::bridge::Bridge;
use crate::channel::Channel;
use crate::imessage::Imessage;
use crate::imessage::osascript::SEND_TIMEOUT;
use crate::supervisor::supervise;
use crate::{BridgeError, inbound, lock, notify, outbound, process};

/// The whole `m3shd-bridged` main: logs to stderr (`RUST_LOG`, default
/// `info`), runs until SIGINT/SIGTERM.
pub async fn run(args: Args) -> Result<(), BridgeError> {
    logging::init(args.log_format, "info");
    let cfg = Config::from_args(args)?;
    // Messages and replies sit in here: for this user only.
    private_fs::secure_dir(&cfg.state_dir)
        .map_err(|e| BridgeError::Io(format!("state dir {}: {e}", cfg.state_dir.display())))?;
    let _locks = lock::acquire(&cfg.state_dir, &cfg.chat_db)?;
    let channel = Imessage::new(&cfg.chat_db, &cfg.osascript, SEND_TIMEOUT);
    let schema = channel.schema().await?;
    tracing::info!(
        chat_db = %cfg.chat_db.display(),
        layout = schema.layout.describe(),
        attachments = schema.has_attachments,
        "chat.db opened read-only"
    );
    let stopped = async {
        let signal = shutdown::stop_signal().await;
        tracing::info!("{signal}: stopping");
    };
    serve(cfg, channel, stopped).await
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
