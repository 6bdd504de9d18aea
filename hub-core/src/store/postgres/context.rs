//! SQL for the shared context key/value store.

use m3shd_api::ContextEntry;

use super::db::col;
use super::session::Session;
use crate::store::error::StoreError;
use crate::store::repos::{ContextReads, ContextWrites};
use crate::store::time::{from_micros, to_micros};

impl ContextReads for Session<'_> {
    fn list(&self) -> Result<Vec<ContextEntry>, StoreError> {
        let rows = self.query(
            "SELECT key, value, set_by, updated_at FROM context ORDER BY key",
            &[],
        )?;
        rows.iter()
            .map(|r| {
                Ok(ContextEntry {
                    key: col(r, 0)?,
                    value: col(r, 1)?,
                    set_by: col(r, 2)?,
                    updated_at: from_micros(col(r, 3)?),
                })
            })
            .collect()
    }
}

impl ContextWrites for Session<'_> {
    fn set(&self, key: &str, value: &str, set_by: &str) -> Result<ContextEntry, StoreError> {
        let entry = ContextEntry {
            key: key.to_string(),
            value: value.to_string(),
            set_by: set_by.to_string(),
            updated_at: self.now(),
        };
        self.execute(
            "INSERT INTO context (key, value, set_by, updated_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, set_by = excluded.set_by, \
               updated_at = excluded.updated_at",
            &[&entry.key, &entry.value, &entry.set_by, &to_micros(entry.updated_at)],
        )?;
        Ok(entry)
    }

    fn delete(&self, key: &str) -> Result<bool, StoreError> {
        Ok(self.execute("DELETE FROM context WHERE key = $1", &[&key])? > 0)
    }
}
