//! Status summary, event log reads, shared context and chat messages.

use m3shd_api::{
    ContextEntry, CreateTask, Event, EventList, Message, MessageQuery, PostMessage, StatusSummary,
    StreamQuery, Summary, SummaryLine, TaskStatus, ids, limits,
};

use super::identity::Principal;
use super::task_insert::NewTask;
use super::tasks::insert_new;
use super::{DomainError, Hub, chat, validate};

const DEFAULT_EVENTS_LIMIT: u32 = 100;
/// Events read per page when filtering the log.
const EVENT_PAGE: i64 = 500;

impl Hub {
    pub fn status_summary(&self) -> Result<StatusSummary, DomainError> {
        self.read(|r| {
            let mut tasks: std::collections::BTreeMap<TaskStatus, i64> =
                TaskStatus::ALL.iter().map(|s| (*s, 0)).collect();
            tasks.extend(r.tasks().counts()?);
            let (agents_online, agents_total) = r.agents().counts()?;
            Ok(StatusSummary {
                agents_online,
                agents_total,
                tasks,
                last_event_id: r.events().last_id()?,
                queue_paused: super::queue::paused(r)?,
            })
        })
    }

    /// Counts and the latest finished tasks with a one-line excerpt.
    pub fn summary(&self, limit: Option<u32>) -> Result<Summary, DomainError> {
        let limit = limit.unwrap_or(10).clamp(1, 100);
        self.read(|r| {
            let mut s = Summary::default();
            for (status, n) in r.tasks().counts()? {
                match status {
                    TaskStatus::Done => s.done = n,
                    TaskStatus::Failed => s.failed = n,
                    TaskStatus::Running | TaskStatus::Assigned => s.running += n,
                    TaskStatus::Queued => s.queued = n,
                    _ => {}
                }
            }
            for rec in r.tasks().recently_finished(i64::from(limit))? {
                let t = rec.into_api();
                let text = t.output.as_deref().or(t.error.as_deref()).unwrap_or("");
                let line = text
                    .lines()
                    .map(str::trim)
                    .find(|l| !l.is_empty())
                    .unwrap_or("");
                s.since = match (s.since, t.finished_at) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                s.recent.push(SummaryLine {
                    excerpt: validate::excerpt(line),
                    id: t.id,
                    title: t.title,
                    status: t.status,
                    agent: t.assigned_to,
                });
            }
            Ok(s)
        })
    }

    /// Stored events after `q.after` matching the filters, oldest first,
    /// and the oldest id kept (so a reader can tell what retention took).
    pub fn events(&self, q: &StreamQuery) -> Result<EventList, DomainError> {
        let limit = q
            .limit
            .unwrap_or(DEFAULT_EVENTS_LIMIT)
            .clamp(1, limits::MAX_LIST_LIMIT) as usize;
        let mut after = q.after.unwrap_or(0).max(0);
        let mut out = Vec::new();
        let oldest_kept = self.read(|r| {
            let oldest = r.events().oldest_id()?;
            loop {
                let page = r.events().after(after, q.task.as_deref(), EVENT_PAGE)?;
                let Some(last) = page.last() else {
                    return Ok(oldest);
                };
                after = last.id;
                for ev in page {
                    if q.matches(&ev.event) {
                        out.push(ev);
                        if out.len() >= limit {
                            return Ok(oldest);
                        }
                    }
                }
            }
        })?;
        Ok(EventList {
            events: out,
            oldest_kept: Some(oldest_kept),
        })
    }

    pub fn context(&self) -> Result<Vec<ContextEntry>, DomainError> {
        self.read(|r| Ok(r.context().list()?))
    }

    pub async fn set_context(
        &self,
        key: &str,
        value: &str,
        set_by: &str,
    ) -> Result<ContextEntry, DomainError> {
        check_key(key)?;
        validate::max_bytes("value", value, limits::MAX_CONTEXT_VALUE_BYTES)?;
        let (key, value, set_by) = (key.to_string(), value.to_string(), set_by.to_string());
        self.write(move |cx| {
            let entry = cx.tx.context().set(&key, &value, &set_by)?;
            cx.tx.emit(Event::ContextSet {
                entry: entry.clone(),
            })?;
            Ok(entry)
        })
        .await
    }

    pub async fn delete_context(&self, key: &str) -> Result<(), DomainError> {
        check_key(key)?;
        let key = key.to_string();
        self.write(move |cx| {
            if !cx.tx.context().delete(&key)? {
                return Err(DomainError::NotFound(format!("no context key `{key}`")));
            }
            cx.tx.emit(Event::ContextDeleted { key })?;
            Ok(())
        })
        .await
    }

    /// Post a message as `author`: who sent it comes from the caller's
    /// credentials, never from the body (a body may only repeat it).
    pub async fn post_message(
        &self,
        req: PostMessage,
        author: &Principal,
    ) -> Result<Message, DomainError> {
        if req.content.trim().is_empty() {
            return Err(DomainError::Validation("content must not be empty".into()));
        }
        validate::max_bytes("content", &req.content, limits::MAX_MESSAGE_BYTES)?;
        let channel = req.channel.unwrap_or_else(|| "general".into());
        if !ids::is_valid_name(&channel) {
            return Err(DomainError::Validation(format!(
                "channel `{}` must be 1-64 characters of [a-z0-9_.-]",
                channel.escape_debug()
            )));
        }
        let sender = author.label();
        if let Some(claimed) = req.sender.as_deref()
            && claimed != sender
        {
            return Err(DomainError::Forbidden(format!(
                "this token posts as `{sender}`, not as `{}`: the sender comes from the token",
                claimed.escape_debug()
            )));
        }
        let sender_type = author.sender_type();
        self.write(move |cx| {
            if let Some(parent) = req.reply_to
                && !cx.tx.messages().exists(parent)?
            {
                return Err(DomainError::Validation(format!(
                    "reply_to {parent}: no such message"
                )));
            }
            let msg = cx.tx.messages().insert(
                &sender,
                sender_type,
                &channel,
                &req.content,
                req.reply_to,
            )?;
            cx.tx.emit(Event::MessagePosted {
                message: msg.clone(),
            })?;
            if channel == chat::CHAT_CHANNEL && chat::wants_answer(cx, &msg)? {
                let create = CreateTask {
                    prompt: msg.content.clone(),
                    required_capability: Some(chat::CHAT_CAPABILITY.into()),
                    ..CreateTask::default()
                };
                let task = insert_new(
                    cx,
                    NewTask {
                        req: create,
                        title: chat::title_for(&msg.content),
                        pipeline_id: None,
                        continues: None,
                    },
                    None,
                )?;
                cx.tx.messages().link_chat(&task.id, msg.id)?;
            }
            Ok(msg)
        })
        .await
    }

    pub fn messages(&self, q: &MessageQuery) -> Result<Vec<Message>, DomainError> {
        let limit = q
            .limit
            .unwrap_or(limits::DEFAULT_LIST_LIMIT)
            .clamp(1, limits::MAX_LIST_LIMIT);
        self.read(|r| {
            Ok(r.messages()
                .list(q.channel.as_deref(), q.after, i64::from(limit))?)
        })
    }
}

fn check_key(key: &str) -> Result<(), DomainError> {
    if ids::is_valid_name(key) {
        Ok(())
    } else {
        Err(DomainError::Validation(format!(
            "context key `{}` must be 1-64 characters of [a-z0-9_.-]",
            key.escape_debug()
        )))
    }
}
