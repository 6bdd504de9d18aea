//! Channel messages and the chat tasks they started.

use m3shd_api::Message;

use crate::store::error::StoreError;

/// What can be read about them, on a snapshot or inside a write.
pub trait MessageReads {
    fn chat_message_of(&self, task: &str) -> Result<Option<Message>, StoreError>;
    fn exists(&self, id: i64) -> Result<bool, StoreError>;
    fn list(
        &self,
        channel: Option<&str>,
        after: Option<i64>,
        limit: i64,
    ) -> Result<Vec<Message>, StoreError>;
}

/// What a write transaction can change; its timestamps are the transaction's `now`.
pub trait MessageWrites: MessageReads {
    fn link_chat(&self, task: &str, message: i64) -> Result<(), StoreError>;
    fn insert(
        &self,
        sender: &str,
        sender_type: &str,
        channel: &str,
        content: &str,
        reply_to: Option<i64>,
    ) -> Result<Message, StoreError>;
}
