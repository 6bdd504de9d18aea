//! The `shell` executor: runs `sh -c COMMAND` with the prompt on stdin.
//!
//! The command runs in its own process group so cancellation (or the task
//! timeout) can stop everything it started. Stdout is streamed as it
//! arrives and is the task's output; the tail of stderr goes into the
//! failure message when the command exits non-zero. Exit code 75
//! (`EX_TEMPFAIL`) marks the failure retryable.
//!
//! The task's identity is in the environment (`M3SHD_TASK_ID`,
//! `M3SHD_TASK_TITLE`, `M3SHD_ATTEMPT`, `M3SHD_IDEMPOTENCY_KEY`; see
//! [`super::child`]).

use std::time::Duration;

use m3shd_api::Task;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::sync::mpsc;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use super::child::{self, Sig, signal_group};
use super::{ExecError, Executor, Image, RunFuture};
use crate::process_groups::ProcessGroups;

/// Bytes of stderr kept for the failure message.
const STDERR_TAIL_BYTES: usize = 2048;
/// How long a cancelled command gets between SIGTERM and SIGKILL.
pub(crate) const TERM_GRACE: Duration = Duration::from_secs(2);
/// Exit code that marks a failure worth retrying (sysexits `EX_TEMPFAIL`).
pub const EXIT_TEMPFAIL: i32 = 75;

/// Runs a configured shell command per task.
#[derive(Debug, Clone)]
pub struct ShellExecutor {
    command: String,
    timeout: Option<Duration>,
    groups: Option<ProcessGroups>,
}

impl ShellExecutor {
    pub fn new(command: impl Into<String>, timeout: Option<Duration>) -> Self {
        ShellExecutor {
            command: command.into(),
            timeout,
            groups: None,
        }
    }

    /// Record each command's process group here while it runs.
    pub fn with_process_groups(mut self, groups: ProcessGroups) -> Self {
        self.groups = Some(groups);
        self
    }
}

/// Decode as much of `pending` as is valid UTF-8, keeping an incomplete
/// trailing sequence for the next read; invalid bytes become U+FFFD.
pub(crate) fn take_utf8(pending: &mut Vec<u8>) -> String {
    let mut out = String::new();
    loop {
        match std::str::from_utf8(pending) {
            Ok(s) => {
                out.push_str(s);
                pending.clear();
                return out;
            }
            Err(e) => {
                let valid = e.valid_up_to();
                out.push_str(std::str::from_utf8(&pending[..valid]).unwrap_or_default());
                match e.error_len() {
                    // Incomplete sequence at the end: wait for more bytes.
                    None => {
                        pending.drain(..valid);
                        return out;
                    }
                    Some(bad) => {
                        out.push('\u{FFFD}');
                        pending.drain(..valid + bad);
                    }
                }
            }
        }
    }
}

pub(crate) async fn read_tail(mut r: impl AsyncRead + Unpin) -> String {
    let mut tail: Vec<u8> = Vec::new();
    let mut buf = [0u8; 4096];
    while let Ok(n) = r.read(&mut buf).await {
        if n == 0 {
            break;
        }
        tail.extend_from_slice(&buf[..n]);
        if tail.len() > STDERR_TAIL_BYTES * 2 {
            tail.drain(..tail.len() - STDERR_TAIL_BYTES);
        }
    }
    if tail.len() > STDERR_TAIL_BYTES {
        tail.drain(..tail.len() - STDERR_TAIL_BYTES);
    }
    String::from_utf8_lossy(&tail).trim().to_string()
}

enum Stop {
    Cancelled,
    TimedOut,
}

impl Executor for ShellExecutor {
    fn name(&self) -> &'static str {
        "shell"
    }

    fn run<'a>(
        &'a self,
        task: &'a Task,
        _images: &'a [Image],
        out: mpsc::Sender<String>,
        cancel: CancellationToken,
    ) -> RunFuture<'a> {
        Box::pin(async move {
            let spawned = child::spawn(
                "sh",
                ["-c", self.command.as_str()],
                task,
                self.groups.as_ref(),
            )
            .map_err(|e| ExecError::transient(format!("cannot start `sh`: {e}")))?;
            let (mut child, pgid) = (spawned.child, spawned.pgid);
            let _record = spawned.record;

            if let Some(mut stdin) = child.stdin.take() {
                let prompt = task.prompt.clone();
                tokio::spawn(async move {
                    // A command that ignores stdin closes it early: fine.
                    let _ = stdin.write_all(prompt.as_bytes()).await;
                    // Line-oriented tools (`read`, `while read`) drop a last
                    // line that has no newline.
                    if !prompt.ends_with('\n') {
                        let _ = stdin.write_all(b"\n").await;
                    }
                    let _ = stdin.shutdown().await;
                });
            }
            let stderr = child.stderr.take().map(|e| tokio::spawn(read_tail(e)));
            let mut stdout = child
                .stdout
                .take()
                .ok_or_else(|| ExecError::transient("no stdout pipe"))?;

            let deadline = self.timeout.map(|t| Instant::now() + t);
            let mut output = String::new();
            let mut pending: Vec<u8> = Vec::new();
            let mut buf = vec![0u8; 8192];
            let mut stdout_done = false;
            let mut status = None;
            // Once the command has exited, how long stragglers may keep stdout open.
            let mut drain_until: Option<Instant> = None;
            let mut stop = None;

            while !(stdout_done && status.is_some()) {
                tokio::select! {
                    r = stdout.read(&mut buf), if !stdout_done => match r {
                        Ok(0) | Err(_) => stdout_done = true,
                        Ok(n) => {
                            pending.extend_from_slice(&buf[..n]);
                            let piece = take_utf8(&mut pending);
                            if !piece.is_empty() {
                                output.push_str(&piece);
                                let _ = out.send(piece).await;
                            }
                        }
                    },
                    st = child.wait(), if status.is_none() => {
                        status = Some(st);
                        if !stdout_done {
                            // Something the command left behind still holds
                            // stdout: the task is over, stop the group.
                            signal_group(pgid, Sig::Kill);
                            drain_until = Some(Instant::now() + Duration::from_secs(1));
                        }
                    },
                    _ = cancel.cancelled() => { stop = Some(Stop::Cancelled); break; }
                    _ = sleep_until_opt(deadline) => { stop = Some(Stop::TimedOut); break; }
                    _ = sleep_until_opt(drain_until) => break,
                }
            }
            if !pending.is_empty() {
                output.push_str(&String::from_utf8_lossy(&pending));
            }

            if let Some(stop) = stop {
                signal_group(pgid, Sig::Term);
                if status.is_none()
                    && tokio::time::timeout(TERM_GRACE, child.wait())
                        .await
                        .is_err()
                {
                    signal_group(pgid, Sig::Kill);
                    let _ = child.kill().await;
                } else {
                    // The leader is gone; make sure nothing it started lingers.
                    signal_group(pgid, Sig::Kill);
                }
                let err = match stop {
                    Stop::Cancelled => ExecError::cancelled(),
                    Stop::TimedOut => ExecError::transient(format!(
                        "command timed out after {} s",
                        self.timeout.map(|t| t.as_secs()).unwrap_or_default()
                    )),
                };
                return Err(err.with_partial(output));
            }

            let stderr_tail = match stderr {
                Some(h) => tokio::time::timeout(Duration::from_secs(1), h)
                    .await
                    .ok()
                    .and_then(Result::ok)
                    .unwrap_or_default(),
                None => String::new(),
            };
            let status = match status {
                Some(Ok(s)) => s,
                Some(Err(e)) => {
                    return Err(ExecError::transient(format!("waiting for command: {e}"))
                        .with_partial(output));
                }
                None => unreachable!("loop only ends with an exit status or a stop"),
            };
            if status.success() {
                return Ok(output.into());
            }
            let what = match status.code() {
                Some(code) => format!("command exited with code {code}"),
                None => "command was killed by a signal".to_string(),
            };
            let message = if stderr_tail.is_empty() {
                what
            } else {
                format!("{what}: {stderr_tail}")
            };
            let err = if status.code() == Some(EXIT_TEMPFAIL) {
                ExecError::transient(message)
            } else {
                ExecError::permanent(message)
            };
            Err(err.with_partial(output))
        })
    }
}

async fn sleep_until_opt(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

#[cfg(all(test, unix))]
#[allow(clippy::unwrap_used, clippy::expect_used)] // a test module, on unix only
mod tests {
    use super::*;

    fn task(prompt: &str) -> Task {
        let now = chrono::Utc::now();
        Task {
            title: "shell test".into(),
            status: m3shd_api::TaskStatus::Running,
            attempts: 1,
            ..Task::queued("t-shell", prompt, now)
        }
    }

    async fn run(
        cmd: &str,
        prompt: &str,
        timeout: Option<Duration>,
        cancel: CancellationToken,
    ) -> (Result<String, ExecError>, Vec<String>) {
        let exec = ShellExecutor::new(cmd, timeout);
        let (tx, mut rx) = mpsc::channel(1024);
        let t = task(prompt);
        let r = tokio::time::timeout(Duration::from_secs(20), exec.run(&t, &[], tx, cancel))
            .await
            .expect("shell executor hung")
            .map(|done| done.output);
        let mut pieces = vec![];
        while let Ok(p) = rx.try_recv() {
            pieces.push(p);
        }
        (r, pieces)
    }

    #[test]
    fn utf8_split_across_reads_is_reassembled() {
        let bytes = "é€".as_bytes();
        let mut pending = bytes[..1].to_vec();
        assert_eq!(take_utf8(&mut pending), "");
        pending.extend_from_slice(&bytes[1..4]);
        assert_eq!(take_utf8(&mut pending), "é");
        pending.extend_from_slice(&bytes[4..]);
        assert_eq!(take_utf8(&mut pending), "€");
        let mut bad = vec![b'a', 0xff, b'b'];
        assert_eq!(take_utf8(&mut bad), "a\u{FFFD}b");
    }

    #[tokio::test]
    async fn prompt_on_stdin_output_from_stdout() {
        let (r, pieces) = run(
            "tr a-z A-Z; echo \"id=$M3SHD_TASK_ID\"",
            "hello",
            None,
            CancellationToken::new(),
        )
        .await;
        let out = r.unwrap();
        assert_eq!(out, "HELLO\nid=t-shell\n");
        assert_eq!(pieces.concat(), out);
    }

    #[tokio::test]
    async fn the_task_identity_is_in_the_environment() {
        let (r, _) = run(
            "echo \"$M3SHD_TASK_ID $M3SHD_ATTEMPT $M3SHD_IDEMPOTENCY_KEY\"",
            "",
            None,
            CancellationToken::new(),
        )
        .await;
        assert_eq!(r.unwrap(), "t-shell 1 m3shd-task-t-shell\n");
    }

    #[tokio::test]
    async fn the_last_prompt_line_reaches_line_readers() {
        let (r, _) = run(
            "while read -r l; do echo \"got $l\"; done",
            "one\ntwo",
            None,
            CancellationToken::new(),
        )
        .await;
        assert_eq!(r.unwrap(), "got one\ngot two\n");
    }

    #[tokio::test]
    async fn streams_before_exit() {
        // The first line must arrive while the command is still running.
        let exec = ShellExecutor::new("echo first; sleep 30; echo never", None);
        let (tx, mut rx) = mpsc::channel(16);
        let cancel = CancellationToken::new();
        let t = task("");
        let c = cancel.clone();
        let handle = tokio::spawn(async move { exec.run(&t, &[], tx, c).await });
        let first = tokio::time::timeout(Duration::from_secs(10), rx.recv())
            .await
            .expect("no streamed output while running");
        assert_eq!(first.as_deref(), Some("first\n"));
        cancel.cancel();
        let r = tokio::time::timeout(Duration::from_secs(10), handle)
            .await
            .expect("cancel did not stop the command")
            .unwrap();
        let e = r.unwrap_err();
        assert_eq!(e.partial_output.as_deref(), Some("first\n"));
    }

    #[tokio::test]
    async fn nonzero_exit_fails_with_code_and_stderr_tail() {
        let (r, _) = run(
            "echo partial; echo oops >&2; exit 3",
            "",
            None,
            CancellationToken::new(),
        )
        .await;
        let e = r.unwrap_err();
        assert!(e.message.contains("code 3"), "{}", e.message);
        assert!(e.message.contains("oops"), "{}", e.message);
        assert!(!e.retryable);
        assert_eq!(e.partial_output.as_deref(), Some("partial\n"));
        let (r, _) = run("exit 75", "", None, CancellationToken::new()).await;
        assert!(r.unwrap_err().retryable);
    }

    #[tokio::test]
    async fn timeout_kills_the_whole_process_group() {
        let dir = tempfile::tempdir().unwrap();
        let marker = dir.path().join("survivor");
        // A background grandchild would write the marker after 2 s if it survived.
        let cmd = format!(
            "(sleep 2; touch '{}') & echo started; sleep 60",
            marker.display()
        );
        let started = Instant::now();
        let (r, _) = run(
            &cmd,
            "",
            Some(Duration::from_millis(300)),
            CancellationToken::new(),
        )
        .await;
        let e = r.unwrap_err();
        assert!(e.message.contains("timed out"), "{}", e.message);
        assert!(e.retryable);
        assert_eq!(e.partial_output.as_deref(), Some("started\n"));
        assert!(started.elapsed() < Duration::from_secs(10));
        // Give a surviving grandchild the time to show itself.
        tokio::time::sleep(Duration::from_millis(2500)).await;
        assert!(!marker.exists(), "a process of the group survived the kill");
    }

    #[tokio::test]
    async fn leftover_background_process_does_not_hang_the_task() {
        let (r, _) = run("sleep 60 & echo done", "", None, CancellationToken::new()).await;
        assert_eq!(r.unwrap(), "done\n");
    }
}
