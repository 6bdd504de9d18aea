//! Streaming an execution's output to the hub while it runs.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use m3shd_api::limits::MAX_CHUNK_BYTES;
use m3shd_api::{Fence, StreamChunk};
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

/// Output waiting to be sent (never empty), and when it is due.
struct Pending {
    text: String,
    due: Instant,
}

/// Where a task's stream stands. Each state holds only what it needs, so
/// the output buffer, the request in flight and the pause cannot
/// contradict each other.
enum State {
    /// Nothing sent yet. An execution that ends here streams nothing: its
    /// result carries the whole output, and a fast task costs the hub one
    /// request less.
    Collecting { pending: Option<Pending> },
    /// Chunks have gone out. Once streaming started the tail follows, so
    /// the chunks of a task always join to its full output.
    Streaming {
        pending: Option<Pending>,
        call: Option<CallFuture>,
        /// The last request failed for want of a hub (and said so once);
        /// the next success says streaming works again.
        recovering: bool,
    },
    /// The hub could not be reached: output is dropped until `until`.
    Paused { until: Instant },
    /// The hub refused the stream for good: output is dropped.
    Refused,
}

impl State {
    /// A piece of output from the execution.
    fn push(&mut self, piece: String) {
        let (State::Collecting { pending } | State::Streaming { pending, .. }) = self else {
            return;
        };
        match pending {
            Some(p) => p.text.push_str(&piece),
            None if piece.is_empty() => {}
            None => {
                *pending = Some(Pending {
                    text: piece,
                    due: Instant::now() + FLUSH_INTERVAL,
                });
            }
        }
    }

    /// After a pause, streaming goes on with what comes next.
    fn resume_if_over(&mut self, now: Instant) {
        if let State::Paused { until } = *self
            && until <= now
        {
            *self = State::Streaming {
                pending: None,
                call: None,
                recovering: true,
            };
        }
    }

    /// Start a request with the next chunk when one is due: a request at
    /// most every `FLUSH_INTERVAL` unless `FLUSH_BYTES` are waiting, and
    /// the tail at once when the execution has ended (`open` false).
    fn send_if_due(&mut self, open: bool, now: Instant, send: impl FnOnce(String) -> CallFuture) {
        let (pending, started, recovering) = match self {
            State::Collecting { pending } => (pending, false, false),
            State::Streaming {
                pending,
                call: None,
                recovering,
            } => (pending, true, *recovering),
            _ => return,
        };
        let Some(p) = pending else {
            return;
        };
        let due = (!open && started) || p.text.len() >= FLUSH_BYTES || (open && p.due <= now);
        if !due {
            return;
        }
        let chunk = take_prefix(&mut p.text, MAX_CHUNK_BYTES);
        let rest = (!p.text.is_empty()).then(|| Pending {
            text: std::mem::take(&mut p.text),
            due: now + FLUSH_INTERVAL,
        });
        *self = State::Streaming {
            pending: rest,
            call: Some(send(chunk)),
            recovering,
        };
    }

    /// Nothing left to do once the execution has ended (`open` false).
    fn finished(&self, open: bool) -> bool {
        if open {
            return false;
        }
        match self {
            State::Streaming { pending, call, .. } => pending.is_none() && call.is_none(),
            State::Collecting { .. } | State::Paused { .. } | State::Refused => true,
        }
    }

    /// When the output waiting is due, if nothing is in flight.
    fn wake_at(&self) -> Option<Instant> {
        match self {
            State::Collecting { pending }
            | State::Streaming {
                pending,
                call: None,
                ..
            } => pending.as_ref().map(|p| p.due),
            _ => None,
        }
    }

    fn call(&mut self) -> Option<&mut CallFuture> {
        match self {
            State::Streaming { call, .. } => call.as_mut(),
            _ => None,
        }
    }
}

/// What woke the forwarder.
enum Event {
    Piece(String),
    /// The execution ended (its sender is gone).
    Closed,
    Reply(Result<(), ClientError>),
    Due,
}

/// Forward an execution's output pieces to `/stream`, coalesced (see
/// [`State`]). A 409 or 404 means the task is not ours any more: the
/// execution is stopped.
pub(super) async fn forward_stream(
    shared: Arc<Shared>,
    task_id: String,
    fence: Fence,
    rx: mpsc::Receiver<String>,
    me: Running,
) {
    let mut input = Some(rx);
    let mut state = State::Collecting { pending: None };
    loop {
        let now = Instant::now();
        state.resume_if_over(now);
        state.send_if_due(input.is_some(), now, |chunk| {
            let client = shared.client.clone();
            let id = task_id.clone();
            Box::pin(async move {
                client
                    .stream_chunk(&id, &StreamChunk { fence, chunk })
                    .await
            })
        });
        if state.finished(input.is_some()) {
            return;
        }
        let wake = state.wake_at();
        let event = tokio::select! {
            msg = recv(&mut input), if input.is_some() => match msg {
                Some(piece) => Event::Piece(piece),
                None => Event::Closed,
            },
            r = async {
                match state.call() {
                    Some(call) => call.await,
                    None => std::future::pending().await,
                }
            }, if state.call().is_some() => Event::Reply(r),
            _ = async {
                match wake {
                    Some(t) => tokio::time::sleep_until(t).await,
                    None => std::future::pending().await,
                }
            }, if wake.is_some() => Event::Due,
        };
        match event {
            Event::Piece(piece) => state.push(piece),
            Event::Closed => input = None,
            Event::Reply(r) => state = after_reply(state, r, &task_id, fence, &me),
            Event::Due => {}
        }
    }
}

async fn recv(input: &mut Option<mpsc::Receiver<String>>) -> Option<String> {
    match input {
        Some(rx) => rx.recv().await,
        None => std::future::pending().await,
    }
}

/// The state after the hub answered a stream request.
fn after_reply(
    state: State,
    reply: Result<(), ClientError>,
    task_id: &str,
    fence: Fence,
    me: &Running,
) -> State {
    let State::Streaming {
        pending,
        recovering,
        ..
    } = state
    else {
        return state;
    };
    match reply {
        Ok(()) => {
            if recovering {
                info!(task = %task_id, "streaming works again");
            }
            State::Streaming {
                pending,
                call: None,
                recovering: false,
            }
        }
        Err(e) if is_obsolete(&e) => {
            warn!(task = %task_id, fence = fence.0, error = %e, "stream refused: the task is not ours any more, stopping it");
            me.stop(StopReason::Stale);
            State::Refused
        }
        Err(e) if e.is_transient() => {
            if !recovering {
                warn!(task = %task_id, error = %e, "cannot stream output (the final result carries it all)");
            }
            State::Paused {
                until: Instant::now() + STREAM_PAUSE,
            }
        }
        Err(e) => {
            warn!(task = %task_id, error = %e, "stream refused; not streaming this task any more");
            State::Refused
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

    fn ok_call(sent: &mut Vec<String>) -> impl FnOnce(String) -> CallFuture + '_ {
        move |chunk| {
            sent.push(chunk);
            Box::pin(async { Ok(()) })
        }
    }

    #[tokio::test]
    async fn an_execution_ending_before_the_first_flush_streams_nothing() {
        let mut sent = Vec::new();
        let mut state = State::Collecting { pending: None };
        state.push("quick".into());
        let now = Instant::now();
        state.send_if_due(false, now, ok_call(&mut sent));
        assert!(sent.is_empty());
        assert!(state.finished(false));
    }

    #[tokio::test]
    async fn once_streaming_the_tail_goes_out_without_waiting() {
        let mut sent = Vec::new();
        let mut state = State::Collecting { pending: None };
        state.push("a".into());
        let now = Instant::now();
        state.send_if_due(true, now, ok_call(&mut sent));
        assert!(sent.is_empty(), "not due yet");
        let later = now + FLUSH_INTERVAL * 2;
        state.send_if_due(true, later, ok_call(&mut sent));
        assert_eq!(sent, ["a"]);
        state.push("b".into());
        assert!(state.wake_at().is_none(), "a request is in flight");
        let me = Running::new(Fence(1));
        state = after_reply(state, Ok(()), "t", Fence(1), &me);
        assert!(!state.finished(false), "the tail is still to go");
        state.send_if_due(false, later, ok_call(&mut sent));
        assert_eq!(sent, ["a", "b"]);
        state = after_reply(state, Ok(()), "t", Fence(1), &me);
        assert!(state.finished(false));
    }

    #[tokio::test]
    async fn an_unreachable_hub_pauses_streaming_and_a_stale_lease_stops_the_task() {
        let mut sent = Vec::new();
        let me = Running::new(Fence(1));
        let mut state = State::Collecting { pending: None };
        state.push("x".repeat(FLUSH_BYTES));
        let now = Instant::now();
        state.send_if_due(true, now, ok_call(&mut sent));
        assert_eq!(sent.len(), 1, "a full buffer goes at once");
        let down = ClientError::Transport("refused".into());
        state = after_reply(state, Err(down), "t", Fence(1), &me);
        state.push("dropped while paused".into());
        assert!(state.finished(false), "nothing to send while paused");
        state.resume_if_over(Instant::now() + STREAM_PAUSE);
        assert!(matches!(
            state,
            State::Streaming {
                pending: None,
                recovering: true,
                ..
            }
        ));

        state.push("y".into());
        state.send_if_due(false, Instant::now(), ok_call(&mut sent));
        assert_eq!(sent.last().map(String::as_str), Some("y"));
        let stale = ClientError::Api {
            status: 409,
            body: m3shd_api::ErrorBody::new(m3shd_api::ErrorCode::StaleLease, "not yours"),
        };
        state = after_reply(state, Err(stale), "t", Fence(1), &me);
        assert!(matches!(state, State::Refused));
        assert_eq!(me.reason.get(), Some(&StopReason::Stale));
        assert!(me.cancel.is_cancelled());
    }
}
