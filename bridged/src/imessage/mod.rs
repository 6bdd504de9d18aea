//! The iMessage channel: chat.db for reading, osascript for sending.

pub mod apple_time;
pub mod chatdb;
pub mod osascript;
pub mod schema;
pub mod typedstream;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::allow::Allowlist;
use crate::channel::{Batch, Channel, ChannelError, ChatRef};
use crate::text::MAX_MESSAGE_CHARS;

use chatdb::ChatDb;
use osascript::Osascript;
use schema::Schema;

/// Incoming messages looked at to find the chat an allowed handle uses.
const RECENT_CHATS_SCANNED: usize = 500;

pub struct Imessage {
    db: Arc<ChatDb>,
    sender: Osascript,
}

impl Imessage {
    pub fn new(
        chat_db: impl Into<PathBuf>,
        osascript: impl Into<PathBuf>,
        timeout: Duration,
    ) -> Self {
        Imessage {
            db: Arc::new(ChatDb::new(chat_db)),
            sender: Osascript::new(osascript, timeout),
        }
    }

    /// Open chat.db and say which layout it has.
    pub async fn schema(&self) -> Result<Schema, ChannelError> {
        let db = self.db.clone();
        blocking(move || db.schema()).await
    }
}

/// chat.db reads are blocking SQLite calls: off the async threads.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ChannelError> + Send + 'static,
) -> Result<T, ChannelError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ChannelError::Read(format!("chat.db reader stopped: {e}")))?
}

impl Channel for Imessage {
    fn name(&self) -> &'static str {
        "imessage"
    }

    fn max_chars(&self) -> usize {
        MAX_MESSAGE_CHARS
    }

    async fn newest(&self) -> Result<i64, ChannelError> {
        let db = self.db.clone();
        blocking(move || db.newest()).await
    }

    async fn fetch(&self, after: i64, limit: usize) -> Result<Batch, ChannelError> {
        let db = self.db.clone();
        blocking(move || db.fetch(after, limit)).await
    }

    async fn send(&self, to: &ChatRef, text: &str) -> Result<(), ChannelError> {
        self.sender.send(to, text).await
    }

    async fn recent_chat(&self, allow: &Allowlist) -> Result<Option<ChatRef>, ChannelError> {
        let db = self.db.clone();
        let chats = blocking(move || db.recent_chats(RECENT_CHATS_SCANNED)).await?;
        Ok(chats.into_iter().find(|c| allow.allows(&c.handle)))
    }
}
