//! SQL for the hub's settings: JSON values by key.

use super::db::col;
use super::session::Session;
use crate::store::error::StoreError;
use crate::store::repos::{SettingReads, SettingWrites};

impl SettingReads for Session<'_> {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.query_opt("SELECT value FROM settings WHERE key = $1", &[&key])?
            .map(|r| col(&r, 0))
            .transpose()
    }
}

impl SettingWrites for Session<'_> {
    fn set(&self, key: &str, json: &str) -> Result<(), StoreError> {
        self.execute(
            "INSERT INTO settings (key, value) VALUES ($1, $2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            &[&key, &json],
        )?;
        Ok(())
    }
}
