//! The seam between the relay and a chat service. The relay (allow list,
//! grammar, retries, notifications) only sees this trait; iMessage is one
//! implementation, and another service needs only another one.

use std::future::Future;

use m3shd_api::Timestamp;
use serde::{Deserialize, Serialize};

use crate::allow::Allowlist;

/// Where a reply goes: the conversation, and the person who wrote in it
/// (a fallback address when the conversation cannot be addressed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatRef {
    /// The service's id of the conversation (iMessage: `chat.guid`); may be
    /// empty when the service did not say.
    pub chat: String,
    /// The sender's handle: a phone number or an email address.
    pub handle: String,
}

/// A file that came with a message, as the service recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentRef {
    /// The path as stored (iMessage: `~/Library/Messages/Attachments/…`);
    /// empty when the file was never downloaded.
    pub path: String,
    /// The name the sender's device gave it.
    pub name: Option<String>,
    /// The type the service recorded (informational: the bytes decide).
    pub mime: Option<String>,
}

/// One message read from the service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inbound {
    /// Position in the service's log (iMessage: `message.ROWID`); the
    /// cursor moves past it once it is handled.
    pub id: i64,
    /// Globally unique id of the message.
    pub guid: String,
    /// Sent from this machine's account (our own replies among them).
    pub from_me: bool,
    /// The sender's handle; empty when unknown.
    pub sender: String,
    /// The conversation to answer in.
    pub chat: ChatRef,
    /// The text, attachment placeholders (U+FFFC) removed; may be empty.
    pub text: String,
    pub sent_at: Option<Timestamp>,
    pub attachments: Vec<AttachmentRef>,
}

/// What one read returned.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Batch {
    /// Messages after the cursor, oldest first. Items that are not
    /// messages (reactions, group events, unsent messages) are left out.
    pub messages: Vec<Inbound>,
    /// The position to read after next time (past the skipped items too).
    pub cursor: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum ChannelError {
    /// The message store cannot be read (missing, no permission, a schema
    /// this version does not know).
    #[error("{0}")]
    Read(String),
    /// A message could not be sent (worth retrying).
    #[error("{0}")]
    Send(String),
}

/// A chat service the bridge relays.
pub trait Channel: Send + Sync + 'static {
    /// Short name for logs (`imessage`).
    fn name(&self) -> &'static str;

    /// Longest message the service should be sent, in characters.
    fn max_chars(&self) -> usize;

    /// The position of the newest message now (a first start begins there).
    fn newest(&self) -> impl Future<Output = Result<i64, ChannelError>> + Send;

    /// Up to `limit` messages after position `after`.
    fn fetch(
        &self,
        after: i64,
        limit: usize,
    ) -> impl Future<Output = Result<Batch, ChannelError>> + Send;

    /// Send `text` (final: prefixed and bounded by the caller) to a chat.
    fn send(
        &self,
        to: &ChatRef,
        text: &str,
    ) -> impl Future<Output = Result<(), ChannelError>> + Send;

    /// The conversation an allowed handle wrote in most recently, for
    /// messages that answer nothing (agent announcements).
    fn recent_chat(
        &self,
        allow: &Allowlist,
    ) -> impl Future<Output = Result<Option<ChatRef>, ChannelError>> + Send;
}
