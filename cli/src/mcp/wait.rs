//! Waiting for a task to finish (and, when a quality protocol runs on it,
//! for the protocol to decide), from the hub's event stream, with MCP
//! progress notifications while it runs (when the client sent a progress
//! token with the call).

use std::time::Duration;

use m3shd_api::{Event, StreamQuery, Task, TaskStatus};
use m3shd_client::{Client, ClientError, StreamItem};
use rmcp::RoleServer;
use rmcp::model::{ProgressNotificationParam, ProgressToken};
use rmcp::service::RequestContext;

use super::reply::one_line;
use crate::commands::follow::settled;

/// A progress notification at least this often while nothing happens, so a
/// client that resets its timeout on progress keeps waiting.
const QUIET_TICK: Duration = Duration::from_secs(10);

/// How a wait ended.
pub enum Waited {
    Finished(Task),
    /// The wait ran out (or the client cancelled the call) first.
    StillOpen(Task),
}

/// Sends progress for one call; a no-op without a progress token.
struct Progress<'a> {
    ctx: &'a RequestContext<RoleServer>,
    token: Option<ProgressToken>,
    step: f64,
}

impl Progress<'_> {
    async fn say(&mut self, message: String) {
        let Some(token) = self.token.clone() else {
            return;
        };
        self.step += 1.0;
        let note = ProgressNotificationParam::new(token, self.step).with_message(message);
        // A client that went away is the transport's business, not the wait's.
        let _ = self.ctx.peer.notify_progress(note).await;
    }
}

/// Wait up to `bound` for task `id` to reach a final status and its
/// protocol, if any, a decision.
pub async fn wait(
    client: &Client,
    id: &str,
    bound: Duration,
    ctx: &RequestContext<RoleServer>,
) -> Result<Waited, ClientError> {
    // Where the log stands before the task is read: a change after that
    // read is in the stream from here on, so nothing falls in between.
    let from = client.status().await?.last_event_id;
    let task = client.get_task(id).await?;
    if settled(&task) {
        return Ok(Waited::Finished(task));
    }
    let mut progress = Progress {
        ctx,
        token: ctx.meta.get_progress_token(),
        step: 0.0,
    };
    progress.say(format!("task {id} is {}", task.status)).await;
    let mut stream = client.stream(StreamQuery {
        task: Some(id.to_string()),
        after: Some(from),
        ..Default::default()
    });
    let mut status = task.status;
    let deadline = tokio::time::Instant::now() + bound;
    loop {
        let item = tokio::select! {
            item = stream.next() => item?,
            () = tokio::time::sleep(QUIET_TICK) => {
                progress.say(format!("task {id} is still {status}")).await;
                continue;
            }
            () = tokio::time::sleep_until(deadline) => break,
            () = ctx.ct.cancelled() => break,
        };
        match item {
            StreamItem::Event(rec) => match rec.event {
                Event::TaskCompleted { task }
                | Event::TaskFailed { task }
                | Event::TaskCancelled { task }
                | Event::TaskUpdated { task, .. }
                    if task.status.is_final() =>
                {
                    // The event carries the task as it was written; its
                    // protocol may have moved on in the same transaction.
                    let now = client.get_task(id).await?;
                    if settled(&now) {
                        return Ok(Waited::Finished(now));
                    }
                    status = now.status;
                    progress
                        .say(format!(
                            "task {id} is {}; its quality protocol is deciding",
                            now.status
                        ))
                        .await;
                }
                Event::ProtocolStep { role, step, .. } => {
                    progress
                        .say(format!("protocol: {role} step {} created", step.id))
                        .await;
                }
                Event::ProtocolUpdated { protocol, .. } if protocol.state.is_final() => {
                    let now = client.get_task(id).await?;
                    if settled(&now) {
                        return Ok(Waited::Finished(now));
                    }
                }
                Event::TaskUpdated { task, .. } => {
                    status = task.status;
                    progress.say(describe(&task)).await;
                }
                Event::TaskOutput { chunk, .. } if !chunk.trim().is_empty() => {
                    progress
                        .say(format!("output: {}", one_line(chunk.trim(), 200)))
                        .await;
                }
                _ => {}
            },
            // The events to replay are gone (retention): the task itself
            // says where it is.
            StreamItem::Reset { .. } => {
                let t = client.get_task(id).await?;
                if settled(&t) {
                    return Ok(Waited::Finished(t));
                }
                status = t.status;
            }
            StreamItem::Reconnecting { error, .. } => {
                progress
                    .say(format!(
                        "lost the hub's event stream ({error}); reconnecting"
                    ))
                    .await;
            }
            StreamItem::Connected | StreamItem::Lagged { .. } => {}
        }
    }
    let t = client.get_task(id).await?;
    Ok(if settled(&t) {
        Waited::Finished(t)
    } else {
        Waited::StillOpen(t)
    })
}

fn describe(t: &Task) -> String {
    match (&t.status, &t.assigned_to) {
        (TaskStatus::Assigned | TaskStatus::Running, Some(agent)) => {
            format!("task {} is {} on {agent}", t.id, t.status)
        }
        _ => format!("task {} is {}", t.id, t.status),
    }
}
