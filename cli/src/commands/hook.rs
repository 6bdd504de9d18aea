//! `m3shd hook prompt-submit`: a Claude Code `UserPromptSubmit` hook. What
//! it prints goes in front of the user's prompt as context, so it prints
//! the mesh messages and alerts that arrived since it last ran, and nothing
//! when there is nothing new.
//!
//! It must never get in the way of the prompt: whatever happens (no token,
//! the hub down or slow, a broken state dir) it prints nothing and exits 0,
//! and it gives up after a fixed budget. The first run for a hub prints
//! nothing and only records where the event log stands, so an old history
//! is never dumped into a session. The cursor is per hub, not per session:
//! two sessions on one machine share what is new.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use m3shd_api::{Event, EventRecord, StreamQuery};

use super::hook_cursor;
use crate::args::Conn;
use crate::args_assistant::PromptSubmitArgs;
use crate::exit::CliError;

/// The hook's whole budget (Claude Code waits for it before sending the
/// prompt); process start and exit fit in what is left of 300 ms.
const BUDGET: Duration = Duration::from_millis(250);

/// The event types it reports: chat messages, what the hub alerts the
/// operator about (agent down, task failed for good, escalation, budget
/// reached), and requests waiting for the operator's approval.
const KINDS: &[&str] = &[
    "message_posted",
    "agent_offline",
    "task_failed",
    "escalation_created",
    "budget_exceeded",
    "approval_requested",
];

/// At most this many items per prompt; the rest come with the next one.
const SHOWN: u32 = 30;

/// What one run found: the text to print and where to move the cursor.
struct News {
    text: String,
    cursor: PathBuf,
    hub: String,
    next: i64,
}

pub async fn prompt_submit(conn: Conn, a: PromptSubmitArgs) -> Result<ExitCode, CliError> {
    let work = tokio::spawn(news(conn, a.state_dir));
    match tokio::time::timeout(BUDGET, work).await {
        Ok(Ok(Ok(news))) => {
            let mut out = std::io::stdout().lock();
            let shown = news.text.is_empty()
                || out
                    .write_all(news.text.as_bytes())
                    .and_then(|()| out.flush())
                    .is_ok();
            // Moved only once the news is out, so nothing is skipped.
            if shown && let Err(e) = hook_cursor::write(&news.cursor, &news.hub, news.next) {
                tracing::debug!(error = %e, "cannot save the hook's cursor");
            }
        }
        Ok(Ok(Err(e))) => tracing::debug!(error = %e, "hook: nothing to show"),
        Ok(Err(e)) => tracing::debug!(error = %e, "hook: the lookup failed"),
        Err(_) => tracing::debug!("hook: the hub did not answer within the budget"),
    }
    // Not a return: the runtime would wait for a config or keyring lookup
    // still running on a blocking thread, and the prompt must not.
    std::process::exit(0)
}

async fn news(conn: Conn, state_dir: Option<PathBuf>) -> Result<News, CliError> {
    let client = tokio::task::spawn_blocking(move || super::connect(&conn))
        .await
        .map_err(|e| CliError::Failed(e.to_string()))??;
    let hub = client.base_url().to_string();
    let cursor = hook_cursor::path(state_dir.as_deref(), &hub)?;
    // Read before the events: every event up to `last` is then in the
    // answer below, so the cursor can jump there safely.
    let last = client.status().await?.last_event_id;
    // No cursor, or one from before the hub's log was reset: start now.
    let Some(after) = hook_cursor::read(&cursor, &hub).filter(|c| *c <= last) else {
        return Ok(News {
            text: String::new(),
            cursor,
            hub,
            next: last,
        });
    };
    let events = client
        .events(&StreamQuery {
            types: Some(KINDS.join(",")),
            after: Some(after),
            limit: Some(SHOWN),
            ..Default::default()
        })
        .await?;
    let more = events.len() >= SHOWN as usize;
    let newest = events.last().map_or(after, |e| e.id);
    Ok(News {
        text: render(&events, more),
        cursor,
        hub,
        next: if more { newest } else { newest.max(last) },
    })
}

/// The lines for the prompt's context; empty when nothing is new.
fn render(events: &[EventRecord], more: bool) -> String {
    let lines: Vec<String> = events.iter().filter_map(line).collect();
    if lines.is_empty() {
        return String::new();
    }
    let mut text = format!("M3SHD mesh, new since the last prompt ({}):\n", lines.len());
    for l in lines {
        text.push_str("- ");
        text.push_str(&l);
        text.push('\n');
    }
    if more {
        text.push_str("- (more follow with the next prompt)\n");
    }
    text
}

fn line(rec: &EventRecord) -> Option<String> {
    let at = rec.ts.format("%H:%MZ");
    Some(match &rec.event {
        Event::MessagePosted { message: m } => {
            format!("{at} #{} {}: {}", m.channel, m.sender, short(&m.content))
        }
        Event::AgentOffline { agent, reason } => {
            format!("{at} alert: agent {} went offline: {reason}", agent.id)
        }
        Event::TaskFailed { task } => format!(
            "{at} alert: task {} ({}) failed after {} attempt(s): {}",
            task.id,
            short(&task.title),
            task.attempts,
            task.error
                .as_deref()
                .map_or("no reason given".into(), short)
        ),
        Event::EscalationCreated { escalation: e } => format!(
            "{at} alert: escalation {} to {}: {}",
            e.id,
            e.to_agent,
            short(&e.reason)
        ),
        Event::BudgetExceeded { agent_id, reason } => match agent_id {
            Some(a) => format!("{at} alert: agent {a} reached its budget: {reason}"),
            None => format!("{at} alert: the mesh reached its budget: {reason}"),
        },
        Event::ApprovalRequested { approval: a } => format!(
            "{at} approval {} waiting: {} wants to {}: {} (`m3shd approve {}` or `m3shd reject {}`)",
            a.id,
            a.agent,
            a.action,
            short(&a.description),
            a.id,
            a.id
        ),
        _ => return None,
    })
}

/// One line of at most 500 characters.
fn short(s: &str) -> String {
    let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(500) {
        None => flat,
        Some((at, _)) => format!("{}…", &flat[..at]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use m3shd_api::Message;

    fn message(id: i64, content: &str) -> EventRecord {
        EventRecord {
            id,
            ts: chrono::DateTime::from_timestamp(3600 * 14 + 120, 0).unwrap(),
            event: Event::MessagePosted {
                message: Message {
                    id,
                    ts: chrono::Utc::now(),
                    sender: "user:alice".into(),
                    sender_type: "user".into(),
                    channel: "general".into(),
                    content: content.into(),
                    reply_to: None,
                },
            },
        }
    }

    #[test]
    fn nothing_new_prints_nothing() {
        assert_eq!(render(&[], false), "");
        let other = EventRecord {
            id: 1,
            ts: chrono::Utc::now(),
            event: Event::ContextDeleted { key: "k".into() },
        };
        assert_eq!(render(&[other], false), "");
    }

    #[test]
    fn messages_are_one_line_each() {
        let text = render(&[message(7, "deploy\nis done")], true);
        assert_eq!(
            text,
            "M3SHD mesh, new since the last prompt (1):\n\
             - 14:02Z #general user:alice: deploy is done\n\
             - (more follow with the next prompt)\n"
        );
    }
}
