//! (Not yet ported: every operation answers `unported`.)
#![allow(unused_imports)]

use m3shd_api::Message;
use crate::store::error::StoreError;
use crate::store::repos::messages::*;
use super::session::Session;
use super::unported;

impl MessageReads for Session<'_> {
    fn chat_message_of(&self, _task: &str) -> Result<Option<Message>, StoreError> {
        Err(unported())
    }

    fn exists(&self, _id: i64) -> Result<bool, StoreError> {
        Err(unported())
    }

    fn list(&self, _channel: Option<&str>, _after: Option<i64>, _limit: i64) -> Result<Vec<Message>, StoreError> {
        Err(unported())
    }

}

impl MessageWrites for Session<'_> {
    fn link_chat(&self, _task: &str, _message: i64) -> Result<(), StoreError> {
        Err(unported())
    }

    fn insert(&self, _sender: &str, _sender_type: &str, _channel: &str, _content: &str, _reply_to: Option<i64>) -> Result<Message, StoreError> {
        Err(unported())
    }

}
