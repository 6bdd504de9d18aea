//! Streaming an execution's output to the hub while it runs.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use m3shd_api::StreamChunk;
use m3shd_api::limits::MAX_CHUNK_BYTES;
use m3shd_client::ClientError;
use tokio::sync::mpsc;
use tokio::time::Instant;
use tracing::{info, warn};

use super::is_obsolete;
use super::state::{Running, Shared, StopReason};

/// Streamed output is sent at least this often while it arrives...
const FLUSH_INTERVAL: Duration = Duration::from_millis(100);
/// ... or as soon as this much is buffered.
const FLUSH_BYTES: usize = 4096;
/// After a stream request failed because the hub is unreachable, pause
/// streaming this long (output produced meanwhile is only in the final result).
const STREAM_PAUSE: Duration = Duration::from_secs(1);

/// Take at most `max` bytes from the front of `buf`, on a char boundary.
fn take_prefix(buf: &mut String, max: usize) -> String {
    if buf.len() <= max {
        return std::mem::take(buf);
    }
    let mut i = max;
    while !buf.is_char_boundary(i) {
        i -= 1;
    }
    let rest = buf.split_off(i);
    std::mem::replace(buf, rest)
}

type CallFuture = Pin<Box<dyn Future<Output = Result<(), ClientError>> + Send>>;

/// Forward an execution's output pieces to `/stream`, coalesced: a request
/// at most every `FLUSH_INTERVAL` unless `FLUSH_BYTES` are waiting. A 409 or
/// 404 means the task is not ours any more: the execution is stopped.
pub(super) async fn forward_stream(
    shared: Arc<Shared>,
    task_id: String,
    fence: i64,
    mut rx: mpsc::Receiver<String>,
    me: Running,
) {
    let mut buf = String::new();
    let mut flush_at: Option<Instant> = None;
    let mut closed = false;
    let mut inflight: Option<CallFuture> = None;
    // Streaming given up for this task (refused for good).
    let mut disabled = false;
    // The hub was unreachable: drop output until then.
    let mut paused_until: Option<Instant> = None;
    let mut warned = false;
    let mut sent_any = false;
    loop {
        let now = Instant::now();
        if paused_until.is_some_and(|t| t <= now) {
            paused_until = None;
        }
        if inflight.is_none() && !buf.is_empty() && !disabled && paused_until.is_none() {
            let due = (closed && sent_any)
                || buf.len() >= FLUSH_BYTES
                || (!closed && flush_at.is_none_or(|t| t <= now));
            if due {
                sent_any = true;
                let chunk = take_prefix(&mut buf, MAX_CHUNK_BYTES);
                flush_at = (!buf.is_empty()).then(|| now + FLUSH_INTERVAL);
                let client = shared.client.clone();
                let id = task_id.clone();
                inflight = Some(Box::pin(async move {
                    client
                        .stream_chunk(&id, &StreamChunk { fence, chunk })
                        .await
                }));
            }
        }
        // An execution that ended before its first flush streams nothing:
        // its result carries the whole output, and a fast task costs the hub
        // one request less. Once streaming started, the tail follows, so the
        // chunks of a task always join to its full output.
        let skip_tail = closed && !sent_any;
        if closed
            && inflight.is_none()
            && (buf.is_empty() || disabled || paused_until.is_some() || skip_tail)
        {
            return;
        }
        let wake = if inflight.is_none() && !buf.is_empty() {
            flush_at
        } else {
            None
        };
        tokio::select! {
            msg = rx.recv(), if !closed => match msg {
                Some(piece) => {
                    if !disabled && paused_until.is_none() {
                        if buf.is_empty() {
                            flush_at = Some(Instant::now() + FLUSH_INTERVAL);
                        }
                        buf.push_str(&piece);
                    }
                }
                None => closed = true,
            },
            r = async {
                match inflight.as_mut() {
                    Some(call) => call.await,
                    None => std::future::pending().await,
                }
            }, if inflight.is_some() => {
                inflight = None;
                match r {
                    Ok(()) => {
                        if warned {
                            info!(task = %task_id, "streaming works again");
                            warned = false;
                        }
                    }
                    Err(e) if is_obsolete(&e) => {
                        warn!(task = %task_id, fence, error = %e, "stream refused: the task is not ours any more, stopping it");
                        me.stop(StopReason::Stale);
                        disabled = true;
                        buf.clear();
                    }
                    Err(e) if e.is_transient() => {
                        if !warned {
                            warn!(task = %task_id, error = %e, "cannot stream output (the final result carries it all)");
                            warned = true;
                        }
                        paused_until = Some(Instant::now() + STREAM_PAUSE);
                        buf.clear();
                    }
                    Err(e) => {
                        warn!(task = %task_id, error = %e, "stream refused; not streaming this task any more");
                        disabled = true;
                        buf.clear();
                    }
                }
            },
            _ = async {
                match wake {
                    Some(t) => tokio::time::sleep_until(t).await,
                    None => std::future::pending().await,
                }
            }, if wake.is_some() => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_respect_char_boundaries() {
        let mut b = String::from("ééé");
        assert_eq!(take_prefix(&mut b, 3), "é");
        assert_eq!(b, "éé");
        assert_eq!(take_prefix(&mut b, 100), "éé");
        assert!(b.is_empty());
    }
}
