//! The durable outbox (ARCHITECTURE.md, "Supervision and the durable queues").
//!
//! When a task finishes and the hub cannot take its result right away, the
//! result goes to `STATE_DIR/outbox/<task>-<fence>.json`, written whole (see
//! [`m3shd_common::durable`]). A file leaves the outbox only once the hub has taken
//! the result, or has said the result is obsolete (the lease moved on).
//! A worker that crashes or restarts delivers what is left on its next start.

use std::io;
use std::path::{Path, PathBuf};

use m3shd_api::{CompleteTask, FailTask, Fence, Timestamp};
use m3shd_common::durable::JsonDir;
use serde::{Deserialize, Serialize};

/// The result a finished task reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "body", rename_all = "snake_case")]
pub enum Outcome {
    Complete(CompleteTask),
    Fail(FailTask),
}

impl Outcome {
    pub fn kind(&self) -> &'static str {
        match self {
            Outcome::Complete(_) => "complete",
            Outcome::Fail(_) => "fail",
        }
    }
}

/// One undelivered result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxEntry {
    pub task_id: String,
    /// The lease fence the result is delivered under.
    pub fence: Fence,
    pub outcome: Outcome,
    pub finished_at: Timestamp,
}

/// A directory of undelivered results. Cheap to clone. Its methods do
/// blocking file I/O (with fsync): call them from `spawn_blocking`.
#[derive(Debug, Clone)]
pub struct Outbox {
    files: JsonDir,
}

/// Keep file names to `[A-Za-z0-9_-]` whatever the hub sends as an id.
fn safe(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(100)
        .collect()
}

/// The file name (without `.json`) of the entry for `task_id` under `fence`.
fn name(task_id: &str, fence: Fence) -> String {
    format!("{}-{fence}", safe(task_id))
}

impl Outbox {
    /// Open (creating if needed) the outbox in `dir`, clearing temp files a
    /// crash may have left mid-write. Results hold task outputs: the dir is
    /// kept 0700 and every file in it 0600.
    pub fn open(dir: impl Into<PathBuf>) -> io::Result<Outbox> {
        Ok(Outbox {
            files: JsonDir::open_private(dir)?,
        })
    }

    pub fn dir(&self) -> &Path {
        self.files.dir()
    }

    /// Where the entry for `task_id` under `fence` lives.
    pub fn path_for(&self, task_id: &str, fence: Fence) -> PathBuf {
        self.files.path(&name(task_id, fence))
    }

    /// Durably store `entry`; returns its path. Replaces an entry for the
    /// same task and fence.
    pub fn put(&self, entry: &OutboxEntry) -> io::Result<PathBuf> {
        self.files.write(&name(&entry.task_id, entry.fence), entry)
    }

    /// Every stored entry, oldest result first. A file that does not parse
    /// is renamed to `*.corrupt` (kept for the operator) and skipped.
    pub fn pending(&self) -> io::Result<Vec<OutboxEntry>> {
        let mut out: Vec<OutboxEntry> = self
            .files
            .names()?
            .iter()
            .filter_map(|name| self.files.read(name))
            .collect();
        out.sort_by_key(|e| e.finished_at);
        Ok(out)
    }

    /// How many results wait for delivery.
    pub fn len(&self) -> io::Result<usize> {
        Ok(self.files.names()?.len())
    }

    pub fn is_empty(&self) -> io::Result<bool> {
        Ok(self.len()? == 0)
    }

    /// Forget a delivered (or obsolete) entry. Missing is fine.
    pub fn remove(&self, task_id: &str, fence: Fence) -> io::Result<()> {
        self.files.remove(&name(task_id, fence))
    }

    /// Move an entry the hub refused for good to `*.rejected`, out of the
    /// delivery queue but kept for the operator.
    pub fn set_aside(&self, task_id: &str, fence: Fence) -> io::Result<PathBuf> {
        self.files.set_aside(&name(task_id, fence), "rejected")
    }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    fn entry(task: &str, fence: i64, secs: i64) -> OutboxEntry {
        let fence = Fence(fence);
        OutboxEntry {
            task_id: task.into(),
            fence,
            outcome: Outcome::Complete(CompleteTask {
                fence,
                output: format!("output of {task}"),
                confidence: None,
                usage: None,
            }),
            finished_at: chrono::DateTime::from_timestamp(1_700_000_000 + secs, 0).unwrap(),
        }
    }

    #[test]
    fn write_reload_after_restart_and_delete() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("outbox");
        let b = Outbox::open(&path).unwrap();
        assert!(b.is_empty().unwrap());
        let late = entry("task-b", 7, 10);
        let early = entry("task-a", 3, 5);
        let fail = OutboxEntry {
            outcome: Outcome::Fail(FailTask {
                fence: Fence(1),
                error: "boom".into(),
                output: Some("half".into()),
                retryable: true,
                usage: None,
            }),
            ..entry("task-c", 1, 20)
        };
        let p = b.put(&late).unwrap();
        assert_eq!(p, path.join("task-b-7.json"));
        b.put(&early).unwrap();
        b.put(&fail).unwrap();
        drop(b);

        // "Restart": a fresh handle on the same directory sees everything,
        // oldest first, byte-for-byte equal.
        let b = Outbox::open(&path).unwrap();
        assert_eq!(b.len().unwrap(), 3);
        assert_eq!(
            b.pending().unwrap(),
            vec![early.clone(), late.clone(), fail]
        );

        b.remove("task-a", Fence(3)).unwrap();
        b.remove("task-a", Fence(3)).unwrap(); // idempotent
        assert_eq!(b.pending().unwrap()[0], late);
        assert_eq!(b.len().unwrap(), 2);
        // A different fence is a different entry.
        b.remove("task-b", Fence(8)).unwrap();
        assert_eq!(b.len().unwrap(), 2);
    }

    #[test]
    fn entries_written_by_earlier_versions_load() {
        let dir = tempfile::tempdir().unwrap();
        let old = r#"{
  "task_id": "t-1",
  "fence": 2,
  "outcome": {
    "kind": "fail",
    "body": {
      "fence": 2,
      "error": "boom",
      "output": null,
      "retryable": false,
      "usage": null
    }
  },
  "finished_at": "2024-01-01T00:00:00Z"
}"#;
        fs::write(dir.path().join("t-1-2.json"), old).unwrap();
        let b = Outbox::open(dir.path()).unwrap();
        let got = b.pending().unwrap();
        assert_eq!((got[0].task_id.as_str(), got[0].fence), ("t-1", Fence(2)));
        assert_eq!(got[0].outcome.kind(), "fail");
        assert_eq!(b.path_for("t-1", Fence(2)), dir.path().join("t-1-2.json"));
    }

    #[test]
    fn a_queued_completion_keeps_its_confidence() {
        let dir = tempfile::tempdir().unwrap();
        let b = Outbox::open(dir.path()).unwrap();
        let mut sure = entry("t", 1, 0);
        if let Outcome::Complete(c) = &mut sure.outcome {
            c.confidence = Some(0.42);
        }
        b.put(&sure).unwrap();
        let back = Outbox::open(dir.path()).unwrap().pending().unwrap();
        match &back[0].outcome {
            Outcome::Complete(c) => assert_eq!(c.confidence, Some(0.42)),
            other => panic!("{other:?}"),
        }
        // A completion queued before confidences were reported loads
        // without one.
        let old = r#"{"task_id": "t-2", "fence": 2, "finished_at": "2024-01-01T00:00:00Z",
            "outcome": {"kind": "complete", "body": {"fence": 2, "output": "x"}}}"#;
        fs::write(dir.path().join("t-2-2.json"), old).unwrap();
        let back = b.pending().unwrap();
        let old = back.iter().find(|e| e.task_id == "t-2").unwrap();
        match &old.outcome {
            Outcome::Complete(c) => assert_eq!((c.output.as_str(), c.confidence), ("x", None)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn crash_leftovers_and_corrupt_files() {
        let dir = tempfile::tempdir().unwrap();
        let b = Outbox::open(dir.path()).unwrap();
        b.put(&entry("ok", 1, 0)).unwrap();
        fs::write(dir.path().join("half-2.tmp"), b"{\"task_id\":").unwrap();
        fs::write(dir.path().join("junk-3.json"), b"not json").unwrap();
        let b = Outbox::open(dir.path()).unwrap();
        assert!(!dir.path().join("half-2.tmp").exists());
        let pending = b.pending().unwrap();
        assert_eq!(pending.len(), 1);
        assert_eq!(pending[0].task_id, "ok");
        assert!(dir.path().join("junk-3.corrupt").exists());
        assert_eq!(b.len().unwrap(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn results_are_private_to_the_worker_user() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state/outbox");
        let b = Outbox::open(&path).unwrap();
        assert_eq!(mode(&path), 0o700);
        assert_eq!(mode(&dir.path().join("state")), 0o700);
        let file = b.put(&entry("t", 1, 0)).unwrap();
        assert_eq!(mode(&file), 0o600);

        // An outbox an older worker left open to everyone is closed up.
        fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
        fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).unwrap();
        let b = Outbox::open(&path).unwrap();
        assert_eq!(mode(&path), 0o700);
        assert_eq!(mode(&file), 0o600);
        assert_eq!(b.len().unwrap(), 1);
    }

    #[test]
    fn ids_cannot_escape_the_directory() {
        let dir = tempfile::tempdir().unwrap();
        let b = Outbox::open(dir.path()).unwrap();
        let p = b.path_for("../../etc/passwd", Fence(1));
        assert_eq!(p.parent().unwrap(), dir.path());
        b.put(&entry("../x", 1, 0)).unwrap();
        assert_eq!(b.pending().unwrap()[0].task_id, "../x");
        let aside = b.set_aside("../x", Fence(1)).unwrap();
        assert!(aside.exists());
        assert!(b.is_empty().unwrap());
    }
}
