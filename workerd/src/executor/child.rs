//! Starting and stopping the processes of the `shell` and `claude-cli`
//! executors: each runs in a process group of its own, recorded in the
//! state dir while it runs, with the task's identity in its environment.
//!
//! Environment of every child:
//! - `M3SHD_TASK_ID`, `M3SHD_TASK_TITLE`;
//! - `M3SHD_ATTEMPT`: 1 for the first run, 2 when the task runs again
//!   after a worker died or a transient failure (a retry starts at 1);
//! - `M3SHD_IDEMPOTENCY_KEY`: the same for every run of the task, so a
//!   command with side effects can tell a repeat from new work.

use std::ffi::OsStr;
use std::process::Stdio;

use m3shd_api::Task;

use crate::exec_shim;
use crate::process_groups::{ProcessGroups, Recorded};

/// The key a task's runs share: execution is at least once, so a side
/// effect keyed on it happens once.
pub fn idempotency_key(task: &Task) -> String {
    format!("m3shd-task-{}", task.id)
}

/// The variables every child gets.
pub fn task_env(task: &Task) -> [(&'static str, String); 4] {
    [
        ("M3SHD_TASK_ID", task.id.clone()),
        ("M3SHD_TASK_TITLE", task.title.clone()),
        ("M3SHD_ATTEMPT", task.attempts.max(1).to_string()),
        ("M3SHD_IDEMPOTENCY_KEY", idempotency_key(task)),
    ]
}

/// A started child, its process group and the record of that group.
pub struct Spawned {
    pub child: tokio::process::Child,
    /// The group's id (the child's pid; 0 if it is already gone).
    pub pgid: u32,
    /// The group's record in the state dir, removed when dropped: keep it
    /// until the group has been stopped.
    pub record: Option<Recorded>,
}

/// Start `program ARGS` for `task` with piped stdio, in a new process
/// group, dying with the worker where the platform allows it.
pub fn spawn<I, S>(
    program: &str,
    args: I,
    task: &Task,
    groups: Option<&ProcessGroups>,
) -> std::io::Result<Spawned>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut cmd = exec_shim::command(program);
    cmd.args(args)
        .envs(task_env(task))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    #[cfg(unix)]
    cmd.process_group(0);
    let child = cmd.spawn()?;
    let pgid = child.id().unwrap_or(0);
    let record = groups
        .filter(|_| pgid > 0)
        .map(|g| g.record(pgid, &task.id));
    Ok(Spawned {
        child,
        pgid,
        record,
    })
}

/// A signal for a whole process group.
#[derive(Debug, Clone, Copy)]
pub enum Sig {
    Term,
    Kill,
}

/// Send `sig` to every process of the group led by `pgid`.
#[cfg(unix)]
pub fn signal_group(pgid: u32, sig: Sig) {
    use rustix::process::{Pid, Signal, kill_process_group};
    // Never 0 (our own group) or 1 (kill(-1) means every process we may signal).
    let Some(pid) = i32::try_from(pgid)
        .ok()
        .filter(|p| *p > 1)
        .and_then(Pid::from_raw)
    else {
        return;
    };
    let sig = match sig {
        Sig::Term => Signal::TERM,
        Sig::Kill => Signal::KILL,
    };
    let _ = kill_process_group(pid, sig);
}

#[cfg(not(unix))]
pub fn signal_group(_pgid: u32, _sig: Sig) {}
