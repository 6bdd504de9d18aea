//! Events reach this replica's subscribers exactly once and in id order,
//! whichever replica wrote them. The writer publishes its own batch right
//! after the commit (so a write's events are out before its reply, as with
//! SQLite); a listener publishes what other replicas committed when
//! PostgreSQL notifies it, and once a second in case a notification was
//! lost. Both go through `Publisher`, which remembers the last id published
//! and reads whatever lies between from the log first. The writer holds the
//! event lock from its first id to its commit, so no id below a committed
//! one can still be on its way (ARCHITECTURE.md, "PostgreSQL").

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use futures_util::StreamExt;
use m3shd_api::EventRecord;
use tokio::sync::broadcast;
use tokio_postgres::{AsyncMessage, NoTls};

use super::db::{Db, Io};
use super::events;
use super::session::Session;
use crate::clock::Clock;
use crate::crypto::KeyRing;
use crate::store::error::StoreError;

/// The channel every replica's writer notifies after a batch with events.
pub(super) const CHANNEL: &str = "m3shd_events";

/// How often the listener looks for events without being told.
const SWEEP: Duration = Duration::from_secs(1);

/// Events read from the log per round trip while catching up.
const PAGE: i64 = 500;

pub(super) struct Publisher {
    last: Mutex<i64>,
    events: broadcast::Sender<Arc<EventRecord>>,
    /// What other replicas committed, again (`Store::subscribe_elsewhere`).
    elsewhere: broadcast::Sender<Arc<EventRecord>>,
    ring: Arc<KeyRing>,
    clock: Arc<dyn Clock>,
}

impl Publisher {
    pub(super) fn new(
        last: i64,
        events: broadcast::Sender<Arc<EventRecord>>,
        elsewhere: broadcast::Sender<Arc<EventRecord>>,
        ring: Arc<KeyRing>,
        clock: Arc<dyn Clock>,
    ) -> Publisher {
        Publisher {
            last: Mutex::new(last),
            events,
            elsewhere,
            ring,
            clock,
        }
    }

    /// Publish everything committed after the last id published, read
    /// from the log on `db`, up to (not including) `until` when given.
    /// This replica's writer publishes its own batches (`own`), so what
    /// is read here was committed by another replica.
    fn catch_up_locked(
        &self,
        last: &mut i64,
        db: &Db,
        until: Option<i64>,
    ) -> Result<(), StoreError> {
        let session = Session::new(db, &self.ring, self.clock.now());
        loop {
            if until.is_some_and(|u| *last + 1 >= u) {
                return Ok(());
            }
            let page = events::after(&session, *last, None, PAGE)?;
            let full = i64::try_from(page.len()).unwrap_or(PAGE) >= PAGE;
            for rec in page {
                if until.is_some_and(|u| rec.id >= u) {
                    return Ok(());
                }
                *last = rec.id;
                let rec = Arc::new(rec);
                let _ = self.elsewhere.send(rec.clone());
                let _ = self.events.send(rec);
            }
            if !full {
                return Ok(());
            }
        }
    }

    /// Whether event `id` has been published here already.
    fn published(&self, id: i64) -> bool {
        *self.last.lock().unwrap_or_else(|e| e.into_inner()) >= id
    }

    /// The writer's batch, just committed: what other replicas committed
    /// before it first, then its own.
    pub(super) fn own(&self, db: &Db, records: Vec<EventRecord>) {
        let Some(first) = records.first().map(|r| r.id) else {
            return;
        };
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        if first > *last + 1
            && let Err(e) = self.catch_up_locked(&mut last, db, Some(first))
        {
            tracing::warn!(error = %e, "cannot read events committed elsewhere; the listener will");
        }
        for rec in records {
            if rec.id > *last {
                *last = rec.id;
                let _ = self.events.send(Arc::new(rec));
            }
        }
    }

    /// Whatever was committed since the last id published.
    pub(super) fn catch_up(&self, db: &Db) -> Result<(), StoreError> {
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        self.catch_up_locked(&mut last, db, None)
    }
}

/// The listener: a connection that only LISTENs (its socket task forwards
/// each notification), and a thread that catches up on every notification
/// or every `SWEEP`, reading on a connection of its own.
pub(super) struct Listener {
    wake: mpsc::Sender<Wake>,
    thread: Option<JoinHandle<()>>,
}

enum Wake {
    /// A batch committed; with the newest id it wrote (none from a hub
    /// that does not say).
    Notified(Option<i64>),
    Stop,
}

/// LISTEN on a connection of its own; `alive` says whether it still does.
fn listen(
    io: &Io,
    url: &str,
    wake: mpsc::Sender<Wake>,
    alive: Arc<AtomicBool>,
) -> Result<(), StoreError> {
    let url = url.to_string();
    io.run(async move {
        let (client, mut connection) = tokio_postgres::connect(&url, NoTls).await?;
        let up = alive.clone();
        let (ended, on_end) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            let mut messages = futures_util::stream::poll_fn(move |cx| connection.poll_message(cx));
            while let Some(m) = messages.next().await {
                match m {
                    Ok(AsyncMessage::Notification(n)) => {
                        if wake.send(Wake::Notified(n.payload().parse().ok())).is_err() {
                            break;
                        }
                    }
                    Ok(_) => {}
                    Err(e) => {
                        tracing::warn!(error = %StoreError::from(e), "event listener connection ended");
                        break;
                    }
                }
            }
            up.store(false, Ordering::Release);
            let _ = ended.send(());
        });
        client.batch_execute(&format!("LISTEN {CHANNEL}")).await?;
        alive.store(true, Ordering::Release);
        // The client must outlive the LISTEN: it stays with the runtime
        // until the socket closes.
        tokio::spawn(async move {
            let _client = client;
            let _ = on_end.await;
        });
        Ok::<_, tokio_postgres::Error>(())
    })??;
    Ok(())
}

impl Listener {
    pub(super) fn start(
        io: Arc<Io>,
        url: String,
        publisher: Arc<Publisher>,
    ) -> Result<Listener, StoreError> {
        let (wake, woken) = mpsc::channel::<Wake>();
        let alive = Arc::new(AtomicBool::new(false));
        listen(&io, &url, wake.clone(), alive.clone())?;
        let mut db = io.connect(&url)?;
        let relisten = wake.clone();
        let thread = std::thread::Builder::new()
            .name("m3shd-pg-listen".into())
            .spawn(move || {
                loop {
                    // The newest id the notifications name, or None when a
                    // catch-up is due anyway (the sweep, a hub that does
                    // not say).
                    let mut newest = match woken.recv_timeout(SWEEP) {
                        Ok(Wake::Stop) | Err(mpsc::RecvTimeoutError::Disconnected) => return,
                        Ok(Wake::Notified(id)) => id,
                        Err(mpsc::RecvTimeoutError::Timeout) => None,
                    };
                    // One catch-up serves every notification queued so far.
                    while let Ok(w) = woken.try_recv() {
                        match w {
                            Wake::Stop => return,
                            Wake::Notified(id) => newest = newest.zip(id).map(|(a, b)| a.max(b)),
                        }
                    }
                    // This replica's own batches: published by its writer.
                    if newest.is_some_and(|id| publisher.published(id)) {
                        continue;
                    }
                    if !alive.load(Ordering::Acquire)
                        && let Err(e) = listen(&io, &url, relisten.clone(), alive.clone())
                    {
                        tracing::warn!(error = %e, "event listener cannot listen again yet");
                    }
                    if db.is_closed() {
                        match io.connect(&url) {
                            Ok(d) => db = d,
                            Err(e) => {
                                tracing::warn!(error = %e, "event listener cannot reconnect yet");
                                continue;
                            }
                        }
                    }
                    if let Err(e) = publisher.catch_up(&db) {
                        tracing::warn!(error = %e, "cannot read new events");
                    }
                }
            })
            .map_err(|e| StoreError::Commit(format!("cannot start the event listener: {e}")))?;
        Ok(Listener {
            wake,
            thread: Some(thread),
        })
    }

    pub(super) fn stop(&mut self) {
        let _ = self.wake.send(Wake::Stop);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
