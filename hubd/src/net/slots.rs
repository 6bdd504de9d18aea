//! The cap on open connections. A connection holds a slot from accept to
//! close. When all are taken, a newcomer takes the place of the connection
//! that has been idle the longest — one with no request in flight: a socket
//! that never sent a whole request head (an idle or slowloris client) or a
//! kept-alive one between requests. Streams and long polls have a request
//! in flight and are never displaced. Only when every connection is busy is
//! the newcomer refused. So a flood of silent sockets cannot lock out
//! workers, the CLI or the bridge, and the hub never runs out of file
//! descriptors.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tokio_util::sync::{CancellationToken, WaitForCancellationFutureOwned};

/// What one open connection shares with the table.
struct Conn {
    /// Requests whose response is not finished.
    busy: AtomicUsize,
    /// When a request last started, ended or sent a frame (ms since `epoch`).
    last_active: AtomicU64,
    /// Cancelled to make the connection close.
    displaced: CancellationToken,
    /// Cancelled once the connection is closed and its slot given back.
    gone: CancellationToken,
}

struct Table {
    next_id: u64,
    open: HashMap<u64, Arc<Conn>>,
}

pub struct Slots {
    cap: usize,
    epoch: Instant,
    table: Mutex<Table>,
}

/// One admitted connection's place; freed on drop.
pub struct Slot {
    id: u64,
    conn: Arc<Conn>,
    slots: Arc<Slots>,
}

/// A connection admitted, and the one it displaced: until that one is gone
/// its socket is still open.
pub struct Admitted {
    pub slot: Slot,
    pub displaced: Option<WaitForCancellationFutureOwned>,
}

/// Counts a request as in flight until dropped (with its response body).
pub struct Busy {
    conn: Arc<Conn>,
    slots: Arc<Slots>,
}

impl Slots {
    pub fn new(cap: usize) -> Arc<Slots> {
        Arc::new(Slots {
            cap: cap.max(1),
            epoch: Instant::now(),
            table: Mutex::new(Table {
                next_id: 0,
                open: HashMap::new(),
            }),
        })
    }

    pub fn cap(&self) -> usize {
        self.cap
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Table> {
        // Only ids and handles: a poisoned table is still a usable one.
        self.table.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A slot for a new connection, displacing the longest-idle connection
    /// when the table is full; `None` when every connection is busy.
    pub fn admit(self: &Arc<Self>) -> Option<Admitted> {
        let mut t = self.lock();
        let mut displaced = None;
        if t.open.len() >= self.cap {
            let idlest = t
                .open
                .iter()
                .filter(|(_, c)| c.busy.load(Ordering::Acquire) == 0)
                // Ties go to the older connection (ids only grow).
                .min_by_key(|(id, c)| (c.last_active.load(Ordering::Relaxed), **id))
                .map(|(id, _)| *id)?;
            if let Some(c) = t.open.remove(&idlest) {
                c.displaced.cancel();
                displaced = Some(c.gone.clone().cancelled_owned());
            }
        }
        let id = t.next_id;
        t.next_id += 1;
        let conn = Arc::new(Conn {
            busy: AtomicUsize::new(0),
            last_active: AtomicU64::new(self.now_ms()),
            displaced: CancellationToken::new(),
            gone: CancellationToken::new(),
        });
        t.open.insert(id, conn.clone());
        let slot = Slot {
            id,
            conn,
            slots: self.clone(),
        };
        Some(Admitted { slot, displaced })
    }

    /// Connections holding a slot.
    #[cfg(test)]
    fn open(&self) -> usize {
        self.lock().open.len()
    }
}

impl Slot {
    /// Resolves when a newcomer took this connection's place.
    pub fn displaced(&self) -> tokio_util::sync::WaitForCancellationFuture<'_> {
        self.conn.displaced.cancelled()
    }

    /// Mark a request in flight on this connection.
    pub fn busy(&self) -> Busy {
        self.conn.busy.fetch_add(1, Ordering::AcqRel);
        Busy {
            conn: self.conn.clone(),
            slots: self.slots.clone(),
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.slots.lock().open.remove(&self.id);
        self.conn.gone.cancel();
    }
}

impl Busy {
    /// The request made progress (a frame of its response went out).
    pub fn touch(&self) {
        self.conn
            .last_active
            .store(self.slots.now_ms(), Ordering::Relaxed);
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.touch();
        self.conn.busy.fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_table_displaces_the_longest_idle_and_never_a_busy_one() {
        let slots = Slots::new(3);
        let admit = || slots.admit().map(|a| (a.slot, a.displaced.is_some()));
        let (a, _) = admit().expect("a");
        let (b, _) = admit().expect("b");
        let (c, none) = admit().expect("c");
        assert!(!none, "room without displacing anyone");
        let _streaming = a.busy();
        let (d, displaced) = admit().expect("d displaces b, the oldest idle");
        assert!(displaced);
        assert!(b.conn.displaced.is_cancelled());
        assert!(!a.conn.displaced.is_cancelled());
        assert!(!c.conn.displaced.is_cancelled());
        assert_eq!(slots.open(), 3);
        assert!(!b.conn.gone.is_cancelled(), "its socket is still open");
        drop(b);
        assert_eq!(slots.open(), 3, "a displaced slot is already gone");

        let _c_busy = c.busy();
        let d_busy = d.busy();
        assert!(slots.admit().is_none(), "every connection is busy");
        drop(d_busy);
        let (e, _) = admit().expect("d is idle again");
        assert!(d.conn.displaced.is_cancelled());
        drop(e);
        assert_eq!(slots.open(), 2);
    }
}
