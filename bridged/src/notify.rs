//! Answers that come later: the hub's event stream (SSE) says when a task
//! someone waits for finished, when an agent answered a chat line late, and
//! when an agent posts a message of its own (not the chat lines the bridge
//! itself posts: it is an agent too); each becomes a reply in the outbox. Waiters are on disk, so a result due while the bridge was down
//! is sent when it is back: on every (re)connect each waiter is checked
//! against the hub directly.

use std::sync::Arc;
use std::time::{Duration, Instant};

use m3shd_api::{Event, Message, MessageQuery, StreamQuery, Task, TaskStatus};
use m3shd_client::StreamItem;
use m3shd_commands::status_icon;

use crate::BridgeError;
use crate::bridge::{Bridge, Waiter};
use crate::channel::Channel;

/// The events that can settle a waiter or carry an agent's message.
const EVENT_TYPES: &str =
    "task_completed,task_failed,task_cancelled,task_updated,task_handoff,message_posted";
/// How often the event cursor is written at most (a replay after a crash
/// only re-reads events; settled waiters are already gone).
const CURSOR_EVERY: Duration = Duration::from_secs(1);
/// A chat line with no answer after this long is no longer waited for.
const CHAT_ANSWER_WAIT: chrono::TimeDelta = chrono::TimeDelta::hours(1);

/// The text of a finished task's result.
pub fn result_text(t: &Task) -> String {
    let head = format!("{} task {} {}", status_icon(t.status), t.id, t.status);
    match t.status {
        TaskStatus::Done => match t.output.as_deref().map(str::trim) {
            Some(out) if !out.is_empty() => format!("{head}: {out}"),
            _ => format!("{head} (no output)"),
        },
        TaskStatus::Failed => format!(
            "{head}: {}",
            t.error.as_deref().unwrap_or("no reason given")
        ),
        _ => head,
    }
}

fn message_text(m: &Message) -> String {
    format!("{}: {}", m.sender, m.content)
}

pub async fn run<C: Channel>(b: Arc<Bridge<C>>) -> Result<(), BridgeError> {
    let mut watcher = Watcher {
        b: &b,
        saved_at: Instant::now(),
        last_event: b.cursors.get().events,
        me: None,
    };
    // Without a saved cursor the stream starts live: history is not replayed.
    let mut stream = b.client.stream(StreamQuery {
        types: Some(EVENT_TYPES.into()),
        after: watcher.last_event,
        ..Default::default()
    });
    let mut warned = false;
    let result = loop {
        let added = b.pending_added.notified();
        tokio::select! {
            biased;
            _ = b.shutdown.cancelled() => break Ok(()),
            _ = added => watcher.sweep().await?,
            item = stream.next() => match item {
                Ok(StreamItem::Connected) => {
                    tracing::info!("following the hub's events");
                    warned = false;
                    watcher.sweep().await?;
                }
                Ok(StreamItem::Event(rec)) => {
                    watcher.on_event(rec.event).await?;
                    watcher.last_event = Some(rec.id);
                    watcher.save_cursor(false)?;
                }
                Ok(StreamItem::Lagged { missed }) => {
                    tracing::debug!(missed, "event stream lagged; the hub backfills");
                }
                Ok(StreamItem::Reset { resume_after, .. }) => {
                    // Events since the saved cursor were deleted by the
                    // hub's retention: catch up on what is pending instead.
                    tracing::warn!(resume_after, "the hub no longer keeps the events missed; catching up from its state");
                    watcher.sweep().await?;
                    watcher.last_event = Some(resume_after);
                    watcher.save_cursor(true)?;
                }
                Ok(StreamItem::Reconnecting { error, retry_in }) => {
                    if !warned {
                        tracing::warn!(%error, retry_in_ms = m3shd_common::duration::millis(retry_in),
                            "hub event stream lost; reconnecting");
                        warned = true;
                    }
                }
                // A refused or revoked token: no restart can fix that.
                Err(e) if e.is_auth() => break Err(BridgeError::Auth(format!("hub event stream: {e}"))),
                // A refused filter: the supervisor restarts us.
                Err(e) => break Err(BridgeError::Io(format!("hub event stream: {e}"))),
            },
        }
    };
    watcher.save_cursor(true)?;
    result
}

struct Watcher<'a, C> {
    b: &'a Bridge<C>,
    saved_at: Instant,
    last_event: Option<i64>,
    /// The name the hub gives this bridge's token: the sender of the chat
    /// lines it posts for the phone.
    me: Option<String>,
}

impl<C: Channel> Watcher<'_, C> {
    fn save_cursor(&mut self, now: bool) -> Result<(), BridgeError> {
        let Some(id) = self.last_event else {
            return Ok(());
        };
        if (now || self.saved_at.elapsed() >= CURSOR_EVERY)
            && self.b.cursors.get().events != Some(id)
        {
            self.b.cursors.update(|c| c.events = Some(id))?;
            self.saved_at = Instant::now();
        }
        Ok(())
    }

    /// Send the result of `task` to whoever waits for it. The reply is
    /// queued before the waiter is dropped: at worst a crash in between
    /// sends it twice, never not at all.
    fn settle_task(&self, task: &Task) -> Result<(), BridgeError> {
        let Some(w) = self.b.pending.get().tasks.get(&task.id).cloned() else {
            return Ok(());
        };
        self.b.say(&w.to, &result_text(task))?;
        self.b.pending.update(|p| p.tasks.remove(&task.id))?;
        tracing::info!(task = %task.id, status = %task.status, "result sent on");
        Ok(())
    }

    fn settle_chat(&self, answer: &Message) -> Result<bool, BridgeError> {
        let Some(line) = answer.reply_to else {
            return Ok(false);
        };
        let Some(w) = self.b.pending.get().chats.get(&line).cloned() else {
            return Ok(false);
        };
        self.b.say(&w.to, &message_text(answer))?;
        self.b.pending.update(|p| p.chats.remove(&line))?;
        tracing::info!(message = answer.id, "late chat answer sent on");
        Ok(true)
    }

    async fn on_event(&mut self, event: Event) -> Result<(), BridgeError> {
        match event {
            Event::TaskCompleted { task }
            | Event::TaskFailed { task }
            | Event::TaskCancelled { task } => self.settle_task(&task)?,
            Event::TaskUpdated { task, .. } if task.status.is_final() => self.settle_task(&task)?,
            Event::TaskHandoff {
                suspended,
                continuation,
            } => {
                // The continuation carries the work on: wait for it instead.
                let moved: Option<Waiter> = self.b.pending.get().tasks.get(&suspended.id).cloned();
                if let Some(w) = moved {
                    self.b.pending.update(|p| {
                        p.tasks.remove(&suspended.id);
                        p.tasks.insert(continuation.id.clone(), w);
                    })?;
                }
            }
            Event::MessagePosted { message } if message.sender_type == "agent" => {
                if self.is_mine(&message).await? {
                    // The phone's own chat line, posted by us.
                } else if message.reply_to.is_some() {
                    // An answer: ours if a chat line of ours waits for it.
                    self.settle_chat(&message)?;
                } else {
                    self.announce(&message).await?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Whether the bridge posted `m` itself. Who the bridge is comes from
    /// the hub once; while the hub cannot say, the message waits (the
    /// event is seen again after the reconnect).
    async fn is_mine(&mut self, m: &Message) -> Result<bool, BridgeError> {
        if self.me.is_none() {
            let who =
                self.b.client.whoami().await.map_err(|e| {
                    BridgeError::Io(format!("asking the hub who this bridge is: {e}"))
                })?;
            self.me = Some(who.name);
        }
        Ok(self.me.as_deref() == Some(m.sender.as_str()))
    }

    /// An agent's message that answers nothing goes to the conversation an
    /// allowed handle used last.
    async fn announce(&self, m: &Message) -> Result<(), BridgeError> {
        let home = match self.b.cursors.get().home_chat {
            Some(c) => Some(c),
            None => self.b.channel.recent_chat(&self.b.cfg.allow).await?,
        };
        match home {
            Some(to) => {
                self.b.say(&to, &message_text(m))?;
                tracing::info!(message = m.id, sender = %m.sender, "agent message sent on");
            }
            None => tracing::warn!(
                message = m.id,
                sender = %m.sender,
                "agent message not sent on: no allowed handle has written yet, so there is \
                 no conversation to send it to"
            ),
        }
        Ok(())
    }

    /// Look up every waiter at the hub directly (after a reconnect, or when
    /// one was just added and its task may already be done).
    async fn sweep(&mut self) -> Result<(), BridgeError> {
        let pending = self.b.pending.get();
        for id in pending.tasks.keys() {
            match self.b.client.get_task(id).await {
                Ok(task) if task.status.is_final() => self.settle_task(&task)?,
                Ok(_) => {}
                Err(e) if e.code() == Some(m3shd_api::ErrorCode::NotFound) => {
                    if let Some(w) = pending.tasks.get(id) {
                        self.b
                            .say(&w.to, &format!("task {id} is gone from the hub"))?;
                    }
                    self.b.pending.update(|p| p.tasks.remove(id))?;
                }
                // The hub is away: the next (re)connect sweeps again.
                Err(e) if e.is_transient() => return Ok(()),
                Err(e) => tracing::warn!(task = %id, error = %e, "cannot look up a task"),
            }
        }
        self.sweep_chats(&pending.chats).await
    }

    async fn sweep_chats(
        &mut self,
        chats: &std::collections::BTreeMap<i64, Waiter>,
    ) -> Result<(), BridgeError> {
        let Some(first) = chats.keys().next().copied() else {
            return Ok(());
        };
        let now = chrono::Utc::now();
        for (line, w) in chats {
            if now.signed_duration_since(w.since) > CHAT_ANSWER_WAIT {
                self.b.pending.update(|p| p.chats.remove(line))?;
                tracing::info!(
                    message = line,
                    "no answer to a chat line within an hour; not waiting any more"
                );
            }
        }
        let answers = match self
            .b
            .client
            .messages(&MessageQuery {
                after: Some(first),
                limit: Some(m3shd_api::limits::MAX_LIST_LIMIT),
                channel: None,
            })
            .await
        {
            Ok(list) => list,
            // The hub is away: the next (re)connect sweeps again.
            Err(e) if e.is_transient() => return Ok(()),
            Err(e) => {
                tracing::warn!(error = %e, "cannot look up chat answers");
                return Ok(());
            }
        };
        for m in answers.iter().filter(|m| m.sender_type == "agent") {
            self.settle_chat(m)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_read_as_one_message() {
        let mut t = Task::queued("abc", "echo hi", chrono::Utc::now());
        t.status = TaskStatus::Done;
        t.output = Some("hi\n".into());
        assert_eq!(result_text(&t), "✓ task abc done: hi");
        t.output = None;
        assert_eq!(result_text(&t), "✓ task abc done (no output)");
        t.status = TaskStatus::Failed;
        t.error = Some("boom".into());
        assert_eq!(result_text(&t), "✗ task abc failed: boom");
        t.status = TaskStatus::Cancelled;
        assert_eq!(result_text(&t), "⊘ task abc cancelled");
    }
}
