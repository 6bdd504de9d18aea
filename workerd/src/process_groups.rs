//! The process groups of running executions, recorded in the state dir
//! (`STATE_DIR/children/<pgid>.json`) for as long as they run, so that a
//! worker killed with `kill -9` kills, on its next start, whatever its
//! previous run left behind.
//!
//! A recorded number may have been reused by the time the worker comes
//! back, so a group is only killed when it still looks like ours: on Linux
//! some member must carry the task's `M3SHD_TASK_ID` in its environment;
//! elsewhere (no `/proc`) the group is killed if it exists. A record whose
//! worker process is still alive is left alone (two workers on one state
//! dir must not kill each other's work).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tracing::{info, warn};

/// What one record says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Record {
    pgid: u32,
    task_id: String,
    worker_pid: u32,
}

/// The recorded groups of one worker's state dir.
#[derive(Debug, Clone)]
pub struct ProcessGroups {
    dir: PathBuf,
}

/// A recorded group; the record goes when this is dropped (the execution
/// has ended and stopped its group).
#[derive(Debug)]
pub struct Recorded {
    path: Option<PathBuf>,
}

impl Drop for Recorded {
    fn drop(&mut self) {
        if let Some(p) = self.path.take() {
            let _ = std::fs::remove_file(p);
        }
    }
}

impl ProcessGroups {
    pub fn new(state_dir: &Path) -> ProcessGroups {
        ProcessGroups {
            dir: state_dir.join("children"),
        }
    }

    /// Record the group led by `pgid`, which runs `task_id`. A record that
    /// cannot be written is logged, not fatal: the task still runs.
    pub fn record(&self, pgid: u32, task_id: &str) -> Recorded {
        let rec = Record {
            pgid,
            task_id: task_id.to_string(),
            worker_pid: std::process::id(),
        };
        let path = self.dir.join(format!("{pgid}.json"));
        let write = || -> std::io::Result<()> {
            std::fs::create_dir_all(&self.dir)?;
            let json = serde_json::to_vec(&rec).map_err(std::io::Error::other)?;
            std::fs::write(&path, json)
        };
        match write() {
            Ok(()) => Recorded { path: Some(path) },
            Err(e) => {
                warn!(error = %e, dir = %self.dir.display(), "cannot record a child process group");
                Recorded { path: None }
            }
        }
    }

    /// Kill the groups an earlier run recorded and left running; returns
    /// how many were killed. Blocking file I/O: call from `spawn_blocking`.
    pub fn reap_left_behind(&self) -> usize {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return 0;
        };
        let mut killed = 0;
        for path in entries.filter_map(Result::ok).map(|e| e.path()) {
            let rec = std::fs::read(&path)
                .ok()
                .and_then(|b| serde_json::from_slice::<Record>(&b).ok());
            if let Some(rec) = &rec
                && rec.worker_pid != std::process::id()
                && os::alive(rec.worker_pid)
            {
                continue;
            }
            if let Some(rec) = rec
                && os::is_ours(rec.pgid, &rec.task_id)
            {
                info!(pgid = rec.pgid, task = %rec.task_id, "killing a process group an earlier run left behind");
                os::kill_group(rec.pgid);
                killed += 1;
            }
            let _ = std::fs::remove_file(&path);
        }
        killed
    }
}

#[cfg(unix)]
mod os {
    use rustix::process::{Pid, Signal, kill_process_group, test_kill_process};

    fn pid(n: u32) -> Option<Pid> {
        // Never 0 (our own group) or 1 (init; -1 would mean everyone).
        i32::try_from(n)
            .ok()
            .filter(|p| *p > 1)
            .and_then(Pid::from_raw)
    }

    pub fn alive(n: u32) -> bool {
        pid(n).is_some_and(|p| test_kill_process(p).is_ok())
    }

    pub fn kill_group(pgid: u32) {
        if let Some(p) = pid(pgid) {
            let _ = kill_process_group(p, Signal::KILL);
        }
    }

    #[cfg(target_os = "linux")]
    pub fn is_ours(pgid: u32, task_id: &str) -> bool {
        let marker = format!("M3SHD_TASK_ID={task_id}");
        let Ok(procs) = std::fs::read_dir("/proc") else {
            return false;
        };
        procs
            .filter_map(Result::ok)
            .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
            .filter(|p| group_of(*p) == Some(pgid))
            .any(|p| {
                std::fs::read(format!("/proc/{p}/environ"))
                    .is_ok_and(|env| env.split(|b| *b == 0).any(|var| var == marker.as_bytes()))
            })
    }

    /// The process group of `pid`, from `/proc/PID/stat` (the fields after
    /// the command name, which may itself hold spaces and parentheses).
    #[cfg(target_os = "linux")]
    fn group_of(pid: u32) -> Option<u32> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        let rest = &stat[stat.rfind(')')? + 1..];
        // state, ppid, pgrp
        rest.split_whitespace().nth(2)?.parse().ok()
    }

    #[cfg(not(target_os = "linux"))]
    pub fn is_ours(pgid: u32, _task_id: &str) -> bool {
        pid(pgid).is_some_and(|p| rustix::process::test_kill_process_group(p).is_ok())
    }
}

#[cfg(not(unix))]
mod os {
    pub fn alive(_pid: u32) -> bool {
        false
    }
    pub fn kill_group(_pgid: u32) {}
    pub fn is_ours(_pgid: u32, _task_id: &str) -> bool {
        false
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use std::os::unix::process::CommandExt;
    use std::process::Command;

    #[test]
    fn a_left_behind_group_is_killed_and_a_live_workers_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let groups = ProcessGroups::new(dir.path());
        let spawn = |task: &str| {
            Command::new("sleep")
                .arg("60")
                .env("M3SHD_TASK_ID", task)
                .process_group(0)
                .spawn()
                .unwrap()
        };
        let mut ours = spawn("t-ours");
        let mut other = spawn("t-other");
        // The reaper reads a group's task from its environment: wait until
        // both children have exec'd (a condition with a deadline).
        for child in [&ours, &other] {
            let environ = format!("/proc/{}/environ", child.id());
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
            while !std::fs::read(&environ)
                .is_ok_and(|e| e.windows(14).any(|w| w == b"M3SHD_TASK_ID="))
            {
                assert!(
                    std::time::Instant::now() < deadline,
                    "{environ} never showed the task"
                );
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
        }
        // A record left by a dead worker: forget the guard as a kill -9 would.
        std::mem::forget(groups.record(ours.id(), "t-ours"));
        // A record whose task id does not match what runs under that number
        // (the number was reused): left alone.
        std::mem::forget(groups.record(other.id(), "t-someone-else"));
        assert_eq!(groups.reap_left_behind(), 1);
        ours.wait().unwrap();
        assert!(
            other.try_wait().unwrap().is_none(),
            "an unrelated group was killed"
        );
        assert_eq!(
            std::fs::read_dir(dir.path().join("children"))
                .unwrap()
                .count(),
            0
        );

        // A record of a worker that is still alive is left for it.
        let rec = Record {
            pgid: other.id(),
            task_id: "t-other".into(),
            worker_pid: other.id(),
        };
        std::fs::write(
            dir.path().join("children").join("x.json"),
            serde_json::to_vec(&rec).unwrap(),
        )
        .unwrap();
        assert_eq!(groups.reap_left_behind(), 0);
        assert!(other.try_wait().unwrap().is_none());
        other.kill().unwrap();
        other.wait().unwrap();

        // The guard removes its record when the execution ends.
        let kept = groups.record(4242, "t");
        assert_eq!(
            std::fs::read_dir(dir.path().join("children"))
                .unwrap()
                .count(),
            2
        );
        drop(kept);
        assert_eq!(
            std::fs::read_dir(dir.path().join("children"))
                .unwrap()
                .count(),
            1
        );
    }
}
