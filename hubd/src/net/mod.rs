//! The HTTP server loop, in place of `axum::serve` (which exposes no
//! settings): hyper's HTTP/1 connections with a header-read timeout, a cap
//! on open connections ([`slots`]), the peer address and the body timeout
//! on every request, and a drain on shutdown.
//!
//! hyper's `header_read_timeout` runs whenever a connection waits for a
//! request head: on a new connection and between requests on a kept-alive
//! one. So it is the idle keep-alive timeout too, and a request in flight
//! (an SSE stream, a long-poll claim) is never cut by it.

mod fd_limit;
mod slots;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, LazyLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderValue, Request, Response, StatusCode, header};
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;
use tower::ServiceExt;

pub use crate::connection_limits::ConnectionLimits;
pub use fd_limit::{DEFAULT_MAX as DEFAULT_MAX_CONNECTIONS, connection_cap, open_files_limit};
use slots::{Admitted, Busy, Slot, Slots};

/// After a failed `accept` (out of descriptors, say), before the next.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);
/// How long a newcomer waits for the connection it displaced to close.
const DISPLACED_CLOSE_WAIT: Duration = Duration::from_secs(1);
/// At most one "connections refused" warning this often.
const REFUSAL_LOG_EVERY: Duration = Duration::from_secs(10);

/// What a refused connection reads before it is closed: no request of it
/// is parsed, so this is written raw.
static REFUSAL: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let body = serde_json::to_string(&m3shd_api::ErrorBody::new(
        m3shd_api::ErrorCode::Unavailable,
        "the hub has too many open connections that are all busy; try again in a moment",
    ))
    .unwrap_or_default();
    format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\n\
         retry-after: 1\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
});

/// Serve `router` on `listener` until `stop` is cancelled, then stop
/// accepting, let each connection finish its request in flight, and return
/// once all are closed.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    stop: CancellationToken,
) {
    let slots = Slots::new(connection_cap(limits.max_connections, open_files_limit()));
    tracing::info!(
        max_connections = slots.cap(),
        header_timeout_secs = limits.header_timeout.as_secs_f64(),
        body_timeout_secs = limits.body_timeout.as_secs_f64(),
        "accepting connections"
    );
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    // Each connection task holds a receiver; the sender sees them all gone.
    let (all_closed, open) = watch::channel(());
    let mut last_refusal_log: Option<Instant> = None;
    loop {
        let (stream, peer) = tokio::select! {
            _ = stop.cancelled() => break,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot accept a connection");
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                    continue;
                }
            },
        };
        let Some(Admitted { slot, displaced }) = slots.admit() else {
            refuse(&stream);
            if last_refusal_log.is_none_or(|t| t.elapsed() >= REFUSAL_LOG_EVERY) {
                last_refusal_log = Some(Instant::now());
                tracing::warn!(
                    max_connections = slots.cap(),
                    %peer,
                    "connection refused: every connection is busy"
                );
            }
            continue;
        };
        if let Some(gone) = displaced {
            // Its socket closes once its task sees it was displaced: wait,
            // so the hub never holds more sockets than the cap (past the
            // open-file limit, accept itself would fail for everyone).
            let _ = tokio::time::timeout(DISPLACED_CLOSE_WAIT, gone).await;
        }
        let conn = Connection {
            peer,
            slot,
            router: router.clone(),
            body_timeout: limits.body_timeout,
        };
        tokio::spawn(conn.run(stream, http.clone(), stop.clone(), open.clone()));
    }
    drop(listener);
    drop(open);
    all_closed.closed().await;
}

/// Answer 503 without reading the request, and close. Never waits: a
/// client that does not read gets nothing.
fn refuse(stream: &TcpStream) {
    let _ = stream.try_write(&REFUSAL);
}

struct Connection {
    peer: SocketAddr,
    slot: Slot,
    router: Router,
    body_timeout: Duration,
}

impl Connection {
    async fn run(
        self,
        stream: TcpStream,
        http: http1::Builder,
        stop: CancellationToken,
        _open: watch::Receiver<()>,
    ) {
        let _ = stream.set_nodelay(true);
        let Connection {
            peer,
            slot,
            router,
            body_timeout,
        } = self;
        let slot = Arc::new(slot);
        let requests = slot.clone();
        let service = service_fn(move |req| {
            respond(req, router.clone(), peer, body_timeout, requests.busy())
        });
        let conn = http.serve_connection(TokioIo::new(stream), service);
        tokio::pin!(conn);
        let mut draining = false;
        loop {
            tokio::select! {
                served = conn.as_mut() => {
                    if let Err(e) = served {
                        tracing::debug!(%peer, error = %e, "connection ended");
                    }
                    break;
                }
                _ = slot.displaced() => {
                    tracing::debug!(%peer, "idle connection closed to admit a newer one");
                    break;
                }
                _ = stop.cancelled(), if !draining => {
                    draining = true;
                    conn.as_mut().graceful_shutdown();
                }
            }
        }
    }
}

/// One request through the router, counted busy on its connection until
/// the last frame of its response is out.
async fn respond(
    mut req: Request<Incoming>,
    router: Router,
    peer: SocketAddr,
    body_timeout: Duration,
    busy: Busy,
) -> Result<Response<Body>, Infallible> {
    req.extensions_mut().insert(ConnectInfo(peer));
    let req = req.map(|body| crate::http::body_with_deadline(Body::new(body), body_timeout));
    let Ok(mut resp) = router.oneshot(req).await;
    if resp.status() == StatusCode::REQUEST_TIMEOUT {
        // The rest of the slow body is still on its way: do not wait for it.
        resp.headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    Ok(resp.map(|body| {
        Body::new(body.map_frame(move |frame| {
            busy.touch();
            frame
        }))
    }))
}
