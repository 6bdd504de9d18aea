//! What this hub knows about its peers between heartbeats: kept in memory
//! (a restart forgets it and the next heartbeat relearns it), shown by
//! `GET /api/admin/peers` beside each peer's record, which the store keeps
//! (relays, outcomes, the hub name it reports, the last latency noted).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use m3shd_api::{Peer, PeerStatus, Timestamp};
use m3shd_hub_core::domain::federation::peer_agent_id;
use m3shd_hub_core::store::PeerRow;

use crate::error::HubError;

/// One peer's last heartbeat and its record.
#[derive(Debug, Clone)]
pub(super) struct PeerLive {
    pub status: PeerStatus,
    pub hub: Option<String>,
    pub capacity: BTreeMap<String, i64>,
    pub latency: Option<Duration>,
    pub last_seen: Option<Timestamp>,
    pub error: Option<String>,
    /// When the hub name and latency were last written to the store.
    pub noted: Option<Instant>,
}

impl Default for PeerLive {
    fn default() -> Self {
        PeerLive {
            status: PeerStatus::Unknown,
            hub: None,
            capacity: BTreeMap::new(),
            latency: None,
            last_seen: None,
            error: None,
            noted: None,
        }
    }
}

/// `succeeded / (succeeded + failed)` of a peer's record, when anything ended.
pub fn success_rate(p: &PeerRow) -> Option<f64> {
    let ended = p.succeeded + p.failed;
    #[allow(clippy::cast_precision_loss)] // counts far below 2^52
    (ended > 0).then(|| p.succeeded as f64 / ended as f64)
}

/// How often a heartbeat's hub name and latency are written to the store
/// when nothing else changed.
pub(super) const NOTE_EVERY: Duration = Duration::from_secs(60);

/// Federation settings and the peers' live state.
pub struct Federation {
    /// This hub's name in visited lists.
    pub hub_name: String,
    pub relay_after: Duration,
    /// Between two passes (heartbeats, relays, results).
    pub interval: Duration,
    /// Between two polls of a relayed task whose peer said it will push
    /// the result (`--relay-poll`); other relays are polled every pass.
    pub poll_every: Duration,
    /// When each pushing relay was last polled (by task).
    pub(super) polled: Mutex<HashMap<String, Instant>>,
    pub(super) http: reqwest::Client,
    pub(super) live: Mutex<HashMap<String, PeerLive>>,
    /// (task, peer) offers that failed: that peer is skipped for that task.
    pub(super) skipped: Mutex<HashSet<(String, String)>>,
    /// Whether the last pass found any peer stored (true until the first
    /// pass): without one, a task that ends has nobody to be pushed back
    /// to or cancelled on, and the follower skips its lookup.
    pub(super) peers_stored: AtomicBool,
}

/// Skipped offers remembered at most (then forgotten all at once: a peer
/// that refused may be asked again, which is harmless).
pub(super) const MAX_SKIPPED: usize = 10_000;

impl Federation {
    pub fn new(
        hub_name: String,
        relay_after: Duration,
        interval: Duration,
        poll_every: Duration,
    ) -> Result<Federation, HubError> {
        // Each call is bounded so a hung peer cannot stall a pass for long.
        let timeout = interval.clamp(Duration::from_secs(2), Duration::from_secs(10));
        Ok(Federation {
            hub_name,
            relay_after,
            interval,
            poll_every,
            polled: Mutex::new(HashMap::new()),
            http: peer_client(timeout)?,
            live: Mutex::new(HashMap::new()),
            skipped: Mutex::new(HashSet::new()),
            peers_stored: AtomicBool::new(true),
        })
    }

    /// A peer was just stored: tasks that end from now on are looked at.
    pub fn peer_stored(&self) {
        self.peers_stored.store(true, Ordering::Relaxed);
    }

    pub(super) fn with_live<T>(&self, f: impl FnOnce(&mut HashMap<String, PeerLive>) -> T) -> T {
        let mut live = self.live.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut live)
    }

    /// The stored peers as the operator sees them.
    pub fn view(&self, rows: Vec<PeerRow>) -> Vec<Peer> {
        self.with_live(|live| {
            rows.into_iter()
                .map(|p| {
                    let l = live.get(&p.name).cloned().unwrap_or_default();
                    let noted = p
                        .latency_us
                        .map(|us| Duration::from_micros(u64::try_from(us).unwrap_or(0)));
                    Peer {
                        agent_id: peer_agent_id(&p.name),
                        success_rate: success_rate(&p),
                        relayed: u64::try_from(p.relayed).unwrap_or(0),
                        succeeded: u64::try_from(p.succeeded).unwrap_or(0),
                        failed: u64::try_from(p.failed).unwrap_or(0),
                        name: p.name,
                        url: p.url,
                        status: l.status,
                        hub: l.hub.clone().or(p.hub),
                        capacity: l.capacity.clone(),
                        latency_ms: l
                            .latency
                            .or(noted)
                            .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
                        last_seen: l.last_seen,
                        error: l.error.clone(),
                        created_at: p.created_at,
                    }
                })
                .collect()
        })
    }

    /// Forget what was heard from a removed peer.
    pub fn forget(&self, name: &str) {
        self.with_live(|live| live.remove(name));
    }
}

/// The client that calls peers. A system without CA certificates (a minimal
/// container or chroot) cannot verify https:// peers; the hub still starts,
/// says so, and http:// peers still work.
fn peer_client(timeout: Duration) -> Result<reqwest::Client, HubError> {
    // reqwest is built without a default TLS provider (https:// peers).
    let _ = rustls::crypto::ring::default_provider().install_default();
    let builder = || reqwest::Client::builder().timeout(timeout);
    match builder().build() {
        Ok(client) => Ok(client),
        Err(e) => {
            tracing::warn!(
                error = %e,
                "the system's CA certificates could not be loaded: https:// peers cannot be verified (http:// peers work)"
            );
            builder()
                .tls_certs_only(Vec::new())
                .build()
                .map_err(|e| HubError::Config(format!("cannot make the client for peers: {e}")))
        }
    }
}
