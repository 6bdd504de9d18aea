//! SQL for the hub's settings: JSON values by key.

use rusqlite::{Connection, OptionalExtension};

use super::session::{Connected, SqliteTx};
use crate::store::error::StoreError;
use crate::store::repos::{SettingReads, SettingWrites};

pub fn get(conn: &Connection, key: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

pub fn set(conn: &Connection, key: &str, json: &str) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute([key, json])?;
    Ok(())
}

impl<C: Connected> SettingReads for C {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        get(self.conn(), key)
    }
}

impl SettingWrites for SqliteTx<'_> {
    fn set(&self, key: &str, json: &str) -> Result<(), StoreError> {
        set(&self.txn, key, json)
    }
}
