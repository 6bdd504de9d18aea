//! (Not yet ported: every operation answers `unported`.)
#![allow(unused_imports)]

use super::session::Session;
use super::unported;
use crate::store::error::StoreError;
use crate::store::repos::webhooks::*;
use m3shd_api::{Timestamp, WebhookKind};
use std::collections::BTreeMap;

impl WebhookReads for Session<'_> {
    fn get(&self, _key: &str) -> Result<Option<WebhookRow>, StoreError> {
        Err(unported())
    }

    fn list(&self) -> Result<Vec<WebhookRow>, StoreError> {
        Err(unported())
    }

    fn secret(&self, _id: &str) -> Result<Option<String>, StoreError> {
        Err(unported())
    }
}

impl WebhookWrites for Session<'_> {
    fn insert(&self, _w: &WebhookRow, _secret: &str) -> Result<(), StoreError> {
        Err(unported())
    }

    fn delete(&self, _id: &str) -> Result<bool, StoreError> {
        Err(unported())
    }

    fn touch(&self, _id: &str, _at: Timestamp) -> Result<(), StoreError> {
        Err(unported())
    }
}
