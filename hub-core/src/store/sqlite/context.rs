//! SQL for the shared context key/value store.

use m3shd_api::ContextEntry;
use rusqlite::{Connection, params};

use super::session::{Connected, SqliteTx};
use crate::store::time::{from_micros, to_micros};
use crate::store::error::StoreError;
use crate::store::repos::{ContextReads, ContextWrites};

pub fn list(conn: &Connection) -> Result<Vec<ContextEntry>, StoreError> {
    let mut stmt =
        conn.prepare_cached("SELECT key, value, set_by, updated_at FROM context ORDER BY key")?;
    let rows = stmt
        .query_map([], |r| {
            Ok(ContextEntry {
                key: r.get(0)?,
                value: r.get(1)?,
                set_by: r.get(2)?,
                updated_at: from_micros(r.get(3)?),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

pub fn set(conn: &Connection, entry: &ContextEntry) -> Result<(), StoreError> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO context (key, value, set_by, updated_at) VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, set_by = excluded.set_by, \
           updated_at = excluded.updated_at",
    )?;
    stmt.execute(params![
        entry.key,
        entry.value,
        entry.set_by,
        to_micros(entry.updated_at)
    ])?;
    Ok(())
}

/// Whether a row was deleted.
pub fn delete(conn: &Connection, key: &str) -> Result<bool, StoreError> {
    let mut stmt = conn.prepare_cached("DELETE FROM context WHERE key = ?1")?;
    Ok(stmt.execute([key])? > 0)
}

impl<C: Connected> ContextReads for C {
    fn list(&self) -> Result<Vec<ContextEntry>, StoreError> {
        list(self.conn())
    }
}

impl ContextWrites for SqliteTx<'_> {
    fn set(&self, key: &str, value: &str, set_by: &str) -> Result<ContextEntry, StoreError> {
        let entry = ContextEntry {
            key: key.to_string(),
            value: value.to_string(),
            set_by: set_by.to_string(),
            updated_at: self.now,
        };
        set(&self.txn, &entry)?;
        Ok(entry)
    }

    fn delete(&self, key: &str) -> Result<bool, StoreError> {
        delete(&self.txn, key)
    }
}
