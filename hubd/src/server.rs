//! `serve`: open the store, start the sweeper, serve HTTP until shutdown,
//! then drain and close.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use futures_util::future::BoxFuture;
use m3shd_hub_core::domain::{Hub, Policy};
use m3shd_hub_core::store::Store;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

use crate::config::{HubConfig, InitAdmin};
use crate::error::HubError;
use crate::fsutil;
use crate::http::{self, AppState, Shared, Waiters};
use crate::{scheduler, sweeper, upkeep};

fn policy(c: &HubConfig) -> Policy {
    Policy {
        lease_timeout: c.lease_timeout,
        heartbeat_interval: c.heartbeat_interval,
        offline_after: c.offline_after,
        circuit_threshold: c.circuit_threshold,
        circuit_cooldown: c.circuit_cooldown,
        escalation_chain: c.escalation_chain.clone(),
        assign_wait: c.assign_wait,
    }
}

/// Start serving on an already-bound listener until `shutdown` resolves.
/// Opens/migrates the DB, starts the sweeper, serves HTTP. Returns after a
/// graceful shutdown (in-flight requests drained, long polls and streams
/// ended, DB checkpointed and closed).
pub async fn serve(
    listener: TcpListener,
    config: HubConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), HubError> {
    if config.master_token.trim().is_empty() {
        return Err(HubError::Config(
            "the master token must not be empty".into(),
        ));
    }
    crate::malloc::return_large_blocks_to_the_os();
    fsutil::secure_data_dir(&config.data_dir)?;
    let key = match config.provenance_key.clone() {
        Some(k) => k,
        None => crate::provenance_key::resolve_provenance_key(&config.data_dir)?,
    };
    let store = Store::open_database(
        &config.data_dir,
        &config.database,
        config.durability,
        config.clock.clone(),
    )?;
    tracing::info!(db = %store.location(), "store open");

    let waiters = Arc::new(Waiters::default());
    let hub = Arc::new(
        Hub::new(store, policy(&config), waiters.clone())
            .with_session_ttl(config.session_ttl)
            .with_provenance_key(key)
            .with_audit_worker_protocol(config.audit_worker_protocol)
            .with_shared_store(config.database.is_shared()),
    );
    if config.database.is_shared() {
        hub.agree_on_provenance_key()
            .await
            .map_err(|e| HubError::Config(e.to_string()))?;
    }
    hub.start_serving()
        .await
        .map_err(|e| HubError::Config(format!("cannot prepare the store to serve: {e}")))?;
    tracing::info!(
        grace_ms = m3shd_common::duration::millis(hub.policy().start_grace()),
        "leases and agent liveness are judged after a start-up grace"
    );
    if let Some(init) = &config.init_admin {
        init_admin(&hub, init).await?;
    }
    if config.default_schedules {
        scheduler::seed_defaults(&hub).await;
    }
    let cors_origins = config
        .cors_origins
        .iter()
        .map(|o| crate::addresses::parse_origin(o).map_err(HubError::Config))
        .collect::<Result<Vec<_>, _>>()?;
    let stop = CancellationToken::new();
    // Work another replica assigned to an agent waiting here.
    let relay = config.database.is_shared().then(|| {
        tokio::spawn(
            crate::replicas::wake_claims(
                hub.store().subscribe_elsewhere(),
                waiters.clone(),
                stop.clone(),
            )
            .in_current_span(),
        )
    });
    let login_limiter: Arc<crate::http::login_limit::LoginLimiter> = Default::default();
    let in_step = config.database.is_shared().then(|| {
        tokio::spawn(
            crate::replicas::keep_in_step(hub.clone(), login_limiter.clone(), stop.clone())
                .in_current_span(),
        )
    });
    let alerts = config
        .ntfy_url
        .clone()
        .map(|url| crate::alerts::spawn(url, hub.store().subscribe(), stop.clone()));
    // The loops log in the caller's span (a benchmark's scratch hub is told
    // apart from the hub that runs it that way).
    let sweeper = tokio::spawn(
        sweeper::sweep_loop(
            hub.clone(),
            config.sweep_interval,
            sweeper::Retention {
                audit: config.audit_retention,
                events: config.event_retention,
                events_every: config.event_prune_every,
            },
            config.sweep_trigger.clone(),
            stop.clone(),
        )
        .in_current_span(),
    );
    let deadlines = tokio::spawn(
        sweeper::deadline_loop(hub.clone(), config.deadline_interval, stop.clone())
            .in_current_span(),
    );
    let schedules = tokio::spawn(
        scheduler::schedule_loop(hub.clone(), config.sweep_interval, stop.clone())
            .in_current_span(),
    );
    let maintenance = tokio::spawn(
        crate::maintenance::maintenance_loop(hub.clone(), config.sweep_interval, stop.clone())
            .in_current_span(),
    );
    let credentials = tokio::spawn(
        upkeep::credentials_loop(hub.clone(), config.key_usage_flush, stop.clone())
            .in_current_span(),
    );

    let federation = Arc::new(crate::federation::Federation::new(
        crate::federation::resolve_hub_name(config.hub_name.as_deref(), &config.data_dir)?,
        config.relay_after,
        config.peer_interval.unwrap_or(
            config
                .heartbeat_interval
                .min(crate::federation::MAX_PEER_INTERVAL),
        ),
        config.relay_poll,
    )?);
    tracing::info!(hub = %federation.hub_name, "federation name");
    let peers = tokio::spawn(
        crate::federation::federation_loop(hub.clone(), federation.clone(), stop.clone())
            .in_current_span(),
    );
    let federation_events = tokio::spawn(
        crate::federation::follow_events(
            hub.clone(),
            federation.clone(),
            hub.store().subscribe(),
            stop.clone(),
        )
        .in_current_span(),
    );

    let text = match &config.text_runner {
        Some(runner) => Some(crate::text::TextRunning {
            runner: runner.clone(),
            hub_url: crate::text::self_url(listener.local_addr()?),
        }),
        None => None,
    };
    let state = AppState::new(Shared {
        hub: hub.clone(),
        waiters,
        master_token: Arc::from(config.master_token.as_str()),
        shutdown: stop.clone(),
        keepalive: config.keepalive,
        sse_subscribers: Default::default(),
        claims_waiting: Default::default(),
        openapi: Default::default(),
        body_limits: Default::default(),
        plugins: Arc::new(crate::plugins::Plugins::new(&config)),
        login_limiter,
        cors_origins: cors_origins.into(),
        trusted_proxies: config.trusted_proxies.clone().into(),
        benchmarks: Arc::new(crate::benchmark::Benchmarks::new(
            &config.data_dir,
            serve_scratch,
        )),
        rechecks: Default::default(),
        rendered: Default::default(),
        demo: config.demo.then(Default::default),
        federation,
        text,
    });
    let app = http::router(state);
    // Started once the route table is built: its first pass returns what
    // start-up allocated and freed.
    let memory = tokio::spawn(crate::resident::release_loop(hub.clone(), stop.clone()));
    let stop_on_signal = stop.clone();
    let signal = tokio::spawn(
        async move {
            shutdown.await;
            tracing::info!("shutting down");
            // Stops accepting, and ends long polls and SSE streams so the
            // drain can finish.
            stop_on_signal.cancel();
        }
        .in_current_span(),
    );
    crate::net::serve(listener, app, config.connections, stop.clone()).await;
    signal.abort();
    stop.cancel();
    if let Err(e) = sweeper.await {
        tracing::warn!(error = %e, "sweeper ended abnormally");
    }
    if let Err(e) = deadlines.await {
        tracing::warn!(error = %e, "deadline sweeper ended abnormally");
    }
    if let Err(e) = schedules.await {
        tracing::warn!(error = %e, "scheduler ended abnormally");
    }
    if let Err(e) = maintenance.await {
        tracing::warn!(error = %e, "maintenance loop ended abnormally");
    }
    for (what, task) in [("claim relay", relay), ("replica upkeep", in_step)] {
        if let Some(t) = task
            && let Err(e) = t.await
        {
            tracing::warn!(error = %e, "{what} ended abnormally");
        }
    }
    if let Err(e) = peers.await {
        tracing::warn!(error = %e, "federation loop ended abnormally");
    }
    if let Err(e) = federation_events.await {
        tracing::warn!(error = %e, "federation's event follower ended abnormally");
    }
    if let Err(e) = credentials.await {
        tracing::warn!(error = %e, "credential upkeep ended abnormally");
    }
    if let Err(e) = memory.await {
        tracing::warn!(error = %e, "returning freed memory ended abnormally");
    }
    // The last API-key usage counted in memory, so a restart keeps caps.
    if let Err(e) = hub.flush_key_usage().await {
        tracing::error!(error = %e, "cannot write API key usage at shutdown");
    }
    if let Some(a) = alerts
        && let Err(e) = a.await
    {
        tracing::warn!(error = %e, "alerts ended abnormally");
    }
    // Connection tasks and background writes may hold the hub a moment
    // longer; close the store (and free the data dir's lock) once they let go.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    let mut hub = hub;
    loop {
        match Arc::try_unwrap(hub) {
            Ok(h) => {
                h.into_store().close()?;
                break;
            }
            Err(h) if tokio::time::Instant::now() < deadline => {
                hub = h;
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            Err(_) => {
                tracing::warn!("store still in use at shutdown; closing without checkpoint");
                break;
            }
        }
    }
    Ok(())
}

/// `serve` for the benchmark's scratch hub (`benchmark::ServeHub`).
fn serve_scratch(
    listener: TcpListener,
    config: HubConfig,
    shutdown: BoxFuture<'static, ()>,
) -> BoxFuture<'static, Result<(), HubError>> {
    Box::pin(serve(listener, config, shutdown))
}

/// `--init-admin NAME`: create the first admin, or say why not.
async fn init_admin(hub: &Hub, init: &InitAdmin) -> Result<(), HubError> {
    let ask = init.password.clone();
    match hub.init_admin(&init.username, move || ask()).await {
        Ok(Some(user)) => {
            tracing::info!(user = %user.username, id = %user.id, "created the first admin user");
            Ok(())
        }
        Ok(None) => {
            tracing::info!(
                user = %init.username,
                "--init-admin: users already exist; nothing created"
            );
            Ok(())
        }
        Err(e) => Err(HubError::Config(format!(
            "--init-admin {}: {e}",
            init.username
        ))),
    }
}
