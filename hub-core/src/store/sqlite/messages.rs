//! SQL for chat messages.

use m3shd_api::{Message, Timestamp};
use rusqlite::{Connection, params};

use super::session::{Connected, SqliteTx};
use crate::store::time::{from_micros, to_micros};
use crate::store::error::StoreError;
use crate::store::repos::{MessageReads, MessageWrites};

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Message> {
    Ok(Message {
        id: r.get(0)?,
        ts: from_micros(r.get(1)?),
        sender: r.get(2)?,
        sender_type: r.get(3)?,
        channel: r.get(4)?,
        content: r.get(5)?,
        reply_to: r.get(6)?,
    })
}

pub fn insert(
    conn: &Connection,
    ts: Timestamp,
    sender: &str,
    sender_type: &str,
    channel: &str,
    content: &str,
    reply_to: Option<i64>,
) -> Result<Message, StoreError> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO messages (ts, sender, sender_type, channel, content, reply_to) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    stmt.execute(params![
        to_micros(ts),
        sender,
        sender_type,
        channel,
        content,
        reply_to
    ])?;
    Ok(Message {
        id: conn.last_insert_rowid(),
        ts,
        sender: sender.to_string(),
        sender_type: sender_type.to_string(),
        channel: channel.to_string(),
        content: content.to_string(),
        reply_to,
    })
}

pub fn exists(conn: &Connection, id: i64) -> Result<bool, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT 1 FROM messages WHERE id = ?1")?;
    Ok(stmt.exists([id])?)
}

/// Oldest first. With `after`, the first `limit` after it; without, the
/// latest `limit` (what a chat view wants).
pub fn list(
    conn: &Connection,
    channel: Option<&str>,
    after: Option<i64>,
    limit: i64,
) -> Result<Vec<Message>, StoreError> {
    const COLS: &str = "id, ts, sender, sender_type, channel, content, reply_to";
    let mut out = match after {
        Some(after) => {
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {COLS} FROM messages WHERE id > ?1 AND (?2 IS NULL OR channel = ?2) \
                 ORDER BY id ASC LIMIT ?3"
            ))?;
            stmt.query_map(params![after, channel, limit], from_row)?
                .collect::<Result<Vec<_>, _>>()?
        }
        None => {
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {COLS} FROM messages WHERE (?1 IS NULL OR channel = ?1) \
                 ORDER BY id DESC LIMIT ?2"
            ))?;
            let mut v = stmt
                .query_map(params![channel, limit], from_row)?
                .collect::<Result<Vec<_>, _>>()?;
            v.reverse();
            v
        }
    };
    out.shrink_to_fit();
    Ok(out)
}

/// Remember that `task` answers chat message `message`.
pub fn link_chat(conn: &Connection, task: &str, message: i64) -> Result<(), StoreError> {
    conn.prepare_cached("INSERT OR IGNORE INTO chat_tasks (task_id, message_id) VALUES (?1, ?2)")?
        .execute(params![task, message])?;
    Ok(())
}

/// The chat message a task answers, if it is a chat task.
pub fn chat_message_of(conn: &Connection, task: &str) -> Result<Option<Message>, StoreError> {
    use rusqlite::OptionalExtension;
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.ts, m.sender, m.sender_type, m.channel, m.content, m.reply_to \
         FROM chat_tasks c JOIN messages m ON m.id = c.message_id WHERE c.task_id = ?1",
    )?;
    Ok(stmt.query_row([task], from_row).optional()?)
}

impl<C: Connected> MessageReads for C {
    fn chat_message_of(&self, task: &str) -> Result<Option<Message>, StoreError> {
        chat_message_of(self.conn(), task)
    }

    fn exists(&self, id: i64) -> Result<bool, StoreError> {
        exists(self.conn(), id)
    }

    fn list(
        &self,
        channel: Option<&str>,
        after: Option<i64>,
        limit: i64,
    ) -> Result<Vec<Message>, StoreError> {
        list(self.conn(), channel, after, limit)
    }
}

impl MessageWrites for SqliteTx<'_> {
    fn link_chat(&self, task: &str, message: i64) -> Result<(), StoreError> {
        link_chat(&self.txn, task, message)
    }

    fn insert(
        &self,
        sender: &str,
        sender_type: &str,
        channel: &str,
        content: &str,
        reply_to: Option<i64>,
    ) -> Result<Message, StoreError> {
        insert(
            &self.txn,
            self.now,
            sender,
            sender_type,
            channel,
            content,
            reply_to,
        )
    }
}
