//! SQL for chat messages and the chat tasks they started.

use m3shd_api::Message;
use tokio_postgres::Row;

use super::db::col;
use super::session::Session;
use crate::store::error::StoreError;
use crate::store::repos::{MessageReads, MessageWrites};
use crate::store::time::{from_micros, to_micros};

const COLS: &str = "id, ts, sender, sender_type, channel, content, reply_to";

fn message(r: &Row) -> Result<Message, StoreError> {
    Ok(Message {
        id: col(r, 0)?,
        ts: from_micros(col(r, 1)?),
        sender: col(r, 2)?,
        sender_type: col(r, 3)?,
        channel: col(r, 4)?,
        content: col(r, 5)?,
        reply_to: col(r, 6)?,
    })
}

impl MessageReads for Session<'_> {
    /// The chat message a task answers, if it is a chat task.
    fn chat_message_of(&self, task: &str) -> Result<Option<Message>, StoreError> {
        self.query_opt(
            "SELECT m.id, m.ts, m.sender, m.sender_type, m.channel, m.content, m.reply_to \
             FROM chat_tasks c JOIN messages m ON m.id = c.message_id WHERE c.task_id = $1",
            &[&task],
        )?
        .map(|r| message(&r))
        .transpose()
    }

    fn exists(&self, id: i64) -> Result<bool, StoreError> {
        Ok(self
            .query_opt("SELECT 1 FROM messages WHERE id = $1", &[&id])?
            .is_some())
    }

    /// Oldest first. With `after`, the first `limit` after it; without, the
    /// latest `limit` (what a chat view wants).
    fn list(
        &self,
        channel: Option<&str>,
        after: Option<i64>,
        limit: i64,
    ) -> Result<Vec<Message>, StoreError> {
        match after {
            Some(after) => self
                .query(
                    &format!(
                        "SELECT {COLS} FROM messages \
                         WHERE id > $1 AND ($2::text IS NULL OR channel = $2) \
                         ORDER BY id ASC LIMIT $3"
                    ),
                    &[&after, &channel, &limit],
                )?
                .iter()
                .map(message)
                .collect(),
            None => {
                let mut latest = self
                    .query(
                        &format!(
                            "SELECT {COLS} FROM messages WHERE ($1::text IS NULL OR channel = $1) \
                             ORDER BY id DESC LIMIT $2"
                        ),
                        &[&channel, &limit],
                    )?
                    .iter()
                    .map(message)
                    .collect::<Result<Vec<_>, _>>()?;
                latest.reverse();
                Ok(latest)
            }
        }
    }
}

impl MessageWrites for Session<'_> {
    /// Remember that `task` answers chat message `message`.
    fn link_chat(&self, task: &str, message: i64) -> Result<(), StoreError> {
        self.execute(
            "INSERT INTO chat_tasks (task_id, message_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            &[&task, &message],
        )?;
        Ok(())
    }

    fn insert(
        &self,
        sender: &str,
        sender_type: &str,
        channel: &str,
        content: &str,
        reply_to: Option<i64>,
    ) -> Result<Message, StoreError> {
        let ts = self.now();
        let row = self.query_one(
            "INSERT INTO messages (ts, sender, sender_type, channel, content, reply_to) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            &[
                &to_micros(ts),
                &sender,
                &sender_type,
                &channel,
                &content,
                &reply_to,
            ],
        )?;
        Ok(Message {
            id: col(&row, 0)?,
            ts,
            sender: sender.to_string(),
            sender_type: sender_type.to_string(),
            channel: channel.to_string(),
            content: content.to_string(),
            reply_to,
        })
    }
}
