//! Shared state of the HTTP layer, and the per-agent claim waiters.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use m3shd_hub_core::domain::{Hub, Wake};
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

/// Text made by its closure when first read.
pub type LazyText = std::sync::LazyLock<String, Box<dyn FnOnce() -> String + Send>>;

/// What every handler shares. Cloned several times per request (each
/// router layer and extractor takes its own), so it is one `Arc`: a clone is
/// one reference count, not one per field.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl AppState {
    pub fn new(shared: Shared) -> AppState {
        AppState(Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

pub struct Shared {
    pub hub: Arc<Hub>,
    pub waiters: Arc<Waiters>,
    pub master_token: Arc<str>,
    /// Cancelled when the hub shuts down: long polls and streams end.
    pub shutdown: CancellationToken,
    pub keepalive: Duration,
    /// Open `GET /api/stream` connections (the `m3shd_sse_subscribers` gauge).
    pub sse_subscribers: Arc<AtomicUsize>,
    /// Claims waiting in their long-poll (the `m3shd_claims_waiting` gauge).
    pub claims_waiting: Arc<AtomicUsize>,
    /// The plugins `POST /api/plugins/{tool}/invoke` runs.
    pub plugins: Arc<crate::plugins::Plugins>,
    /// The OpenAPI document of the route table (built when first asked for).
    pub openapi: Arc<std::sync::OnceLock<LazyText>>,
    /// Routes (by template) whose body limit is not the JSON default.
    pub body_limits: Arc<std::sync::OnceLock<std::collections::HashMap<&'static str, usize>>>,
    /// Failed logins per client address.
    pub login_limiter: Arc<super::login_limit::LoginLimiter>,
    /// Browser origins allowed to call the API (exact; empty: CORS off).
    pub cors_origins: Arc<[axum::http::HeaderValue]>,
    /// Reverse proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Arc<[ipnet::IpNet]>,
    /// The built-in benchmark: the run in progress and the saved reports.
    pub benchmarks: Arc<crate::benchmark::Benchmarks>,
    /// Long-lived responses' credential re-checks, shared per credential.
    pub rechecks: Arc<super::standing::Rechecks>,
    /// Events as JSON, rendered once for all their subscribers.
    pub rendered: Arc<super::rendered::Rendered>,
    /// Demo mode (`--demo`): the public read-only dashboard's rate limit.
    /// None: `/demo` and `/api/demo/*` are 404.
    pub demo: Option<Arc<super::demo_limit::DemoLimiter>>,
    /// This hub's name among its peers and what it heard from them.
    pub federation: Arc<crate::federation::Federation>,
    /// Runs `POST /api/text` (the command grammar); None: 501.
    pub text: Option<crate::text::TextRunning>,
}

/// Counts one long-lived request (an SSE subscriber, a waiting claim)
/// while it lives.
pub struct SubscriberGuard(Arc<AtomicUsize>);

impl SubscriberGuard {
    pub fn new(count: &Arc<AtomicUsize>) -> SubscriberGuard {
        count.fetch_add(1, Ordering::Relaxed);
        SubscriberGuard(count.clone())
    }
}

impl Drop for SubscriberGuard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// One `Notify` per agent: the dispatcher wakes the agent's waiting claim.
/// `notify_one` keeps a permit when nobody waits, so a wake-up between a
/// claim finding nothing and starting to wait is never lost.
#[derive(Default)]
pub struct Waiters {
    map: Mutex<HashMap<String, Arc<Notify>>>,
}

impl Waiters {
    pub fn get(&self, agent: &str) -> Arc<Notify> {
        // The map only caches Notify handles; a poisoned lock still holds a
        // usable map, so recover it rather than fail claims forever.
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        map.entry(agent.to_string()).or_default().clone()
    }
}

impl Wake for Waiters {
    fn task_assigned(&self, agent_id: &str) {
        self.get(agent_id).notify_one();
    }
}
