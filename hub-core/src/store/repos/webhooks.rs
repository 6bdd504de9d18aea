//! Inbound webhooks (secrets sealed at rest).

use std::collections::BTreeMap;

use m3shd_api::{Timestamp, WebhookKind};

use crate::store::error::StoreError;

/// A stored webhook, without its secret (read that with `secret`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookRow {
    pub id: String,
    pub name: String,
    pub kind: WebhookKind,
    /// The template's name.
    pub template: String,
    /// Template variable → JSON pointer into the payload.
    pub variables: BTreeMap<String, String>,
    pub created_by: String,
    pub created_at: Timestamp,
    pub last_triggered_at: Option<Timestamp>,
}

/// What can be read about them, on a snapshot or inside a write.
pub trait WebhookReads {
    /// By id or by name.
    fn get(&self, key: &str) -> Result<Option<WebhookRow>, StoreError>;
    fn list(&self) -> Result<Vec<WebhookRow>, StoreError>;
    /// Webhook `id`'s secret, unsealed.
    fn secret(&self, id: &str) -> Result<Option<String>, StoreError>;
}

/// What a write transaction can change.
pub trait WebhookWrites: WebhookReads {
    /// `secret` is sealed before it is stored.
    fn insert(&self, w: &WebhookRow, secret: &str) -> Result<(), StoreError>;
    /// Write `w`'s name, kind, template and variables over webhook `w.id`
    /// (its secret, creation and last use stay); false when there is none.
    /// A name another webhook holds is `Duplicate`.
    fn update(&self, w: &WebhookRow) -> Result<bool, StoreError>;
    /// Replace webhook `id`'s secret (sealed before it is stored); false
    /// when there is none.
    fn set_secret(&self, id: &str, secret: &str) -> Result<bool, StoreError>;
    fn delete(&self, id: &str) -> Result<bool, StoreError>;
    /// Note a delivery at `at`.
    fn touch(&self, id: &str, at: Timestamp) -> Result<(), StoreError>;
}
