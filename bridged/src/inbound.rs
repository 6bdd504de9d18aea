//! Reading: new messages from the channel become jobs in the inbox. The
//! cursor moves only after the jobs are on disk, so a crash in between
//! reads the same messages again (the inbox keeps one job per message)
//! and never skips one.

use std::sync::Arc;

use crate::BridgeError;
use crate::bridge::{Bridge, Job, Stage};
use crate::channel::{Channel, Inbound};
use crate::text::is_relayed;

/// Messages read per query.
const BATCH: usize = 200;

/// Why a message is not a command, or None when it is one.
fn skip_reason<C: Channel>(b: &Bridge<C>, m: &Inbound) -> Option<&'static str> {
    if m.from_me {
        return Some("sent from this account");
    }
    if !b.cfg.allow.allows(&m.sender) {
        return Some("sender is not on the allow list");
    }
    if is_relayed(&m.text) {
        return Some("one of our own replies");
    }
    if m.text.is_empty() && m.attachments.is_empty() {
        return Some("no text and no attachment");
    }
    None
}

pub async fn run<C: Channel>(b: Arc<Bridge<C>>) -> Result<(), BridgeError> {
    loop {
        let cursor = b.cursors.get().chat_db.unwrap_or(0);
        let batch = b.channel.fetch(cursor, BATCH).await?;
        let mut home = None;
        for m in &batch.messages {
            if let Some(why) = skip_reason(&b, m) {
                tracing::debug!(rowid = m.id, reason = why, "message ignored");
                continue;
            }
            let key = u64::try_from(m.id).unwrap_or(0);
            let job = Job {
                msg: m.clone(),
                stage: Stage::New,
            };
            if b.inbox.insert(key, job)? {
                tracing::info!(
                    rowid = m.id,
                    attachments = m.attachments.len(),
                    "message queued"
                );
            }
            home = Some(m.chat.clone());
        }
        if batch.cursor > cursor {
            b.cursors.update(|c| {
                c.chat_db = Some(batch.cursor);
                if home.is_some() {
                    c.home_chat = home;
                }
            })?;
        }
        if batch.cursor > cursor {
            // There may be more than one batch's worth: read on at once.
            continue;
        }
        tokio::select! {
            _ = b.shutdown.cancelled() => return Ok(()),
            _ = tokio::time::sleep(b.cfg.poll) => {}
        }
    }
}
