//! Children that die with their worker (Linux).
//!
//! `PR_SET_PDEATHSIG` must be set by the child itself, between fork and
//! exec. Rather than code that runs in that window (which needs `unsafe`),
//! the worker starts a copy of its own binary as a shim: the shim asks the
//! kernel to kill it when the worker dies (through rustix's safe `prctl`
//! wrapper), checks that the worker did not die first, then replaces
//! itself with the real command (`exec`, which keeps the setting, the pid
//! and the process group). So a worker killed with `kill -9` takes its
//! shell or `claude` process with it; whatever that process started in
//! its group is killed by the next start ([`crate::process_groups`]).
//!
//! Only a binary whose `main` calls [`init`] first acts as the shim; other
//! embedders (tests, the all-in-one `m3shd`) start children directly.

use std::ffi::OsStr;
#[cfg(target_os = "linux")]
use std::sync::atomic::{AtomicBool, Ordering};

/// The first argument that makes this binary the shim.
#[cfg(target_os = "linux")]
const SHIM_ARG: &str = "__m3shd-exec-child";

#[cfg(target_os = "linux")]
static ENABLED: AtomicBool = AtomicBool::new(false);

/// Call first thing in `main`. Started as the shim, this process becomes
/// the command it was given and never returns; otherwise it notes that
/// this binary can act as the shim for the children it starts.
pub fn init() {
    #[cfg(target_os = "linux")]
    {
        let mut args = std::env::args_os().skip(1);
        if args.next().as_deref() != Some(OsStr::new(SHIM_ARG)) {
            ENABLED.store(true, Ordering::SeqCst);
            return;
        }
        std::process::exit(linux::become_command(args));
    }
}

/// A command for `program`, started through the shim when [`init`] enabled it.
pub fn command(program: impl AsRef<OsStr>) -> tokio::process::Command {
    #[cfg(target_os = "linux")]
    if ENABLED.load(Ordering::SeqCst) {
        // /proc/self/exe is this very binary, even if the file was replaced
        // by an upgrade since the worker started.
        let mut cmd = tokio::process::Command::new("/proc/self/exe");
        cmd.arg(SHIM_ARG)
            .arg(std::process::id().to_string())
            .arg(program);
        return cmd;
    }
    tokio::process::Command::new(program)
}

#[cfg(target_os = "linux")]
mod linux {
    use std::ffi::OsString;
    use std::os::unix::process::CommandExt;

    use rustix::process::{Signal, getppid, set_parent_process_death_signal};

    /// Exit code when the command cannot be started (as a shell says 127).
    const CANNOT_START: i32 = 127;

    /// `PARENT_PID PROGRAM ARGS…`: returns only when exec failed.
    pub fn become_command(mut args: impl Iterator<Item = OsString>) -> i32 {
        let parent = args.next().and_then(|p| p.to_str()?.parse::<i32>().ok());
        let Some(program) = args.next() else {
            eprintln!("m3shd: the exec shim needs PARENT_PID PROGRAM [ARGS…]");
            return CANNOT_START;
        };
        if let Err(e) = set_parent_process_death_signal(Some(Signal::KILL)) {
            eprintln!("m3shd: cannot tie this process to its worker: {e}");
            return CANNOT_START;
        }
        // The worker may have died before the line above took effect; then
        // nobody would ever send the signal.
        if getppid().map(|p| p.as_raw_pid()) != parent {
            return CANNOT_START;
        }
        let err = std::process::Command::new(&program).args(args).exec();
        eprintln!("cannot start `{}`: {err}", program.to_string_lossy());
        CANNOT_START
    }
}
