//! A durable FIFO: one JSON file per item (`{key:020}.json`), written whole
//! and fsynced before `push` returns, removed once the item is done. Items
//! that fail wait (`not_before`) and keep their place: the queue is worked
//! strictly in order.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use super::JsonDir;

/// An item and how its tries went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry<T> {
    pub item: T,
    /// Failed tries so far.
    #[serde(default)]
    pub attempts: u32,
    /// Not to be tried before this time.
    #[serde(default)]
    pub not_before: Option<DateTime<Utc>>,
    #[serde(default)]
    pub last_error: Option<String>,
}

impl<T> Entry<T> {
    pub fn new(item: T) -> Entry<T> {
        Entry {
            item,
            attempts: 0,
            not_before: None,
            last_error: None,
        }
    }
}

pub struct Queue<T> {
    files: JsonDir,
    entries: Mutex<BTreeMap<u64, Entry<T>>>,
    changed: Notify,
}

/// The file name (without `.json`) of the item under `key`.
fn name(key: u64) -> String {
    format!("{key:020}")
}

impl<T: Serialize + DeserializeOwned + Clone> Queue<T> {
    /// Open (creating) the queue in `dir`. Temp files of a crash mid-write
    /// are removed; an unreadable item is renamed `*.corrupt`, kept for the
    /// operator, and reported.
    pub fn open(dir: impl Into<PathBuf>) -> io::Result<Queue<T>> {
        let files = JsonDir::open(dir)?;
        let mut entries = BTreeMap::new();
        for name in files.names()? {
            let Ok(key) = name.parse::<u64>() else {
                continue;
            };
            if let Some(entry) = files.read::<Entry<T>>(&name) {
                entries.insert(key, entry);
            }
        }
        Ok(Queue {
            files,
            entries: Mutex::new(entries),
            changed: Notify::new(),
        })
    }

    fn lock(&self) -> MutexGuard<'_, BTreeMap<u64, Entry<T>>> {
        match self.entries.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    pub fn dir(&self) -> &Path {
        self.files.dir()
    }

    /// Append at the end; returns the item's key.
    pub fn push(&self, item: T) -> io::Result<u64> {
        let entries = self.lock();
        let key = entries.keys().next_back().map_or(1, |k| k + 1);
        self.store_new(entries, key, item)?;
        Ok(key)
    }

    /// Store under `key` unless an item is already there (false then):
    /// storing the same thing twice is harmless.
    pub fn insert(&self, key: u64, item: T) -> io::Result<bool> {
        let entries = self.lock();
        if entries.contains_key(&key) {
            return Ok(false);
        }
        self.store_new(entries, key, item)?;
        Ok(true)
    }

    fn store_new(
        &self,
        mut entries: MutexGuard<'_, BTreeMap<u64, Entry<T>>>,
        key: u64,
        item: T,
    ) -> io::Result<()> {
        let entry = Entry::new(item);
        self.files.write(&name(key), &entry)?;
        entries.insert(key, entry);
        drop(entries);
        self.changed.notify_waiters();
        Ok(())
    }

    /// Write a changed entry back.
    pub fn save(&self, key: u64, entry: &Entry<T>) -> io::Result<()> {
        let mut entries = self.lock();
        self.files.write(&name(key), entry)?;
        entries.insert(key, entry.clone());
        drop(entries);
        self.changed.notify_waiters();
        Ok(())
    }

    /// Count a failure and hold the item back for `delay`.
    pub fn retry_later(
        &self,
        key: u64,
        mut entry: Entry<T>,
        error: String,
        delay: Duration,
    ) -> io::Result<Entry<T>> {
        entry.attempts = entry.attempts.saturating_add(1);
        entry.last_error = Some(error);
        let delay = chrono::TimeDelta::from_std(delay).unwrap_or(chrono::TimeDelta::MAX);
        entry.not_before = Utc::now().checked_add_signed(delay);
        self.save(key, &entry)?;
        Ok(entry)
    }

    pub fn remove(&self, key: u64) -> io::Result<()> {
        let mut entries = self.lock();
        self.files.remove(&name(key))?;
        entries.remove(&key);
        drop(entries);
        self.changed.notify_waiters();
        Ok(())
    }

    /// Move an item that will not succeed out of the queue into `dir`,
    /// where the operator finds it; returns its new path.
    pub fn park(&self, key: u64, dir: &Path) -> io::Result<PathBuf> {
        let mut entries = self.lock();
        std::fs::create_dir_all(dir)?;
        let to = dir.join(format!(
            "{}-{}.json",
            Utc::now().format("%Y%m%dT%H%M%S"),
            name(key)
        ));
        if let Some(entry) = entries.get(&key) {
            self.files.write(&name(key), entry)?;
        }
        self.files.move_out(&name(key), &to)?;
        entries.remove(&key);
        drop(entries);
        self.changed.notify_waiters();
        Ok(to)
    }

    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }

    pub fn front(&self) -> Option<(u64, Entry<T>)> {
        self.lock().iter().next().map(|(k, e)| (*k, e.clone()))
    }

    /// Wait for the first item to be due; `None` once `shutdown` fires.
    pub async fn next_due(&self, shutdown: &CancellationToken) -> Option<(u64, Entry<T>)> {
        loop {
            if shutdown.is_cancelled() {
                return None;
            }
            // Registered before looking, so a push in between is not missed.
            let changed = self.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            let wait = match self.front() {
                Some((key, entry)) => {
                    let now = Utc::now();
                    match entry.not_before {
                        Some(t) if t > now => (t - now).to_std().unwrap_or(Duration::ZERO),
                        _ => return Some((key, entry)),
                    }
                }
                None => Duration::from_secs(3600),
            };
            tokio::select! {
                biased;
                _ = shutdown.cancelled() => return None,
                _ = &mut changed => {}
                _ = tokio::time::sleep(wait) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn items_survive_a_reopen_in_order_and_wait_their_turn() {
        let dir = tempfile::tempdir().unwrap();
        let q: Queue<String> = Queue::open(dir.path()).unwrap();
        assert_eq!(q.push("a".into()).unwrap(), 1);
        assert_eq!(q.push("b".into()).unwrap(), 2);
        assert!(q.insert(10, "j".into()).unwrap());
        assert!(!q.insert(10, "again".into()).unwrap(), "no second copy");
        drop(q);

        let q: Queue<String> = Queue::open(dir.path()).unwrap();
        assert_eq!(q.len(), 3);
        let stop = CancellationToken::new();
        let (k, e) = q.next_due(&stop).await.unwrap();
        assert_eq!((k, e.item.as_str()), (1, "a"));
        // A failed item holds its place until it is due again.
        let e = q
            .retry_later(k, e, "hub down".into(), Duration::from_millis(200))
            .unwrap();
        assert_eq!(e.attempts, 1);
        let started = std::time::Instant::now();
        let (k2, e2) = q.next_due(&stop).await.unwrap();
        assert_eq!(k2, 1);
        assert!(started.elapsed() >= Duration::from_millis(150));
        assert_eq!(e2.last_error.as_deref(), Some("hub down"));
        q.remove(1).unwrap();
        assert_eq!(q.front().unwrap().0, 2);
        let parked = q.park(2, &dir.path().join("failed")).unwrap();
        assert!(parked.exists());
        assert_eq!(q.front().unwrap().0, 10);
        assert_eq!(q.push("c".into()).unwrap(), 11);
        stop.cancel();
        assert!(q.next_due(&stop).await.is_none());
    }

    #[tokio::test]
    async fn a_waiting_consumer_wakes_on_push() {
        let dir = tempfile::tempdir().unwrap();
        let q = std::sync::Arc::new(Queue::<u32>::open(dir.path()).unwrap());
        let stop = CancellationToken::new();
        let waiter = {
            let (q, stop) = (q.clone(), stop.clone());
            tokio::spawn(async move { q.next_due(&stop).await.map(|(_, e)| e.item) })
        };
        tokio::task::yield_now().await;
        q.push(42).unwrap();
        let got = tokio::time::timeout(Duration::from_secs(5), waiter).await;
        assert_eq!(got.unwrap().unwrap(), Some(42));
    }

    #[test]
    fn damaged_items_are_set_aside() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(format!("{:020}.json", 3)), b"{oops").unwrap();
        std::fs::write(dir.path().join("00000000000000000004.tmp"), b"half").unwrap();
        let q: Queue<String> = Queue::open(dir.path()).unwrap();
        assert!(q.is_empty());
        assert!(dir.path().join(format!("{:020}.corrupt", 3)).exists());
        assert!(!dir.path().join("00000000000000000004.tmp").exists());
    }

    #[test]
    fn items_written_by_earlier_versions_load() {
        let dir = tempfile::tempdir().unwrap();
        let old = r#"{
  "item": "hello",
  "attempts": 2,
  "not_before": "2024-01-02T03:04:05.678Z",
  "last_error": "hub down"
}"#;
        std::fs::write(dir.path().join("00000000000000000007.json"), old).unwrap();
        std::fs::write(
            dir.path().join("00000000000000000009.json"),
            r#"{"item":"bare"}"#,
        )
        .unwrap();
        let q: Queue<String> = Queue::open(dir.path()).unwrap();
        let (key, e) = q.front().unwrap();
        assert_eq!((key, e.item.as_str(), e.attempts), (7, "hello", 2));
        assert_eq!(e.last_error.as_deref(), Some("hub down"));
        assert_eq!(
            e.not_before.unwrap().to_rfc3339(),
            "2024-01-02T03:04:05.678+00:00"
        );
        q.remove(7).unwrap();
        assert_eq!(q.front().unwrap().1.attempts, 0);
        assert_eq!(q.push("next".into()).unwrap(), 10);
    }
}
