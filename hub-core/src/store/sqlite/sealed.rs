//! Columns sealed at rest with the key ring (webhook secrets, memory
//! values, peer tokens): re-sealing them under the newest key after a
//! rotation, and counting what is left, the same way for each.

use rusqlite::types::Value;
use rusqlite::{Connection, params};

use crate::crypto::KeyRing;
use crate::store::error::StoreError;

/// Where a sealed column lives. The names are fixed in code, never input.
pub(super) struct SealedColumn {
    pub table: &'static str,
    pub key: &'static str,
    pub column: &'static str,
    /// What a value is, for the error naming a row that will not open.
    pub what: &'static str,
}

/// The prefix of a value sealed under the ring's newest key.
fn current(ring: &KeyRing) -> String {
    format!("enc1:{}:%", ring.newest_id())
}

impl SealedColumn {
    /// Re-encrypt up to `batch` values not sealed under the newest key
    /// (plaintext from before encryption, or an older key); returns how many.
    pub fn reseal(
        &self,
        conn: &Connection,
        ring: &KeyRing,
        batch: i64,
    ) -> Result<usize, StoreError> {
        let SealedColumn {
            table,
            key,
            column,
            what,
        } = self;
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {key}, {column} FROM {table} WHERE {column} NOT LIKE ?1 ORDER BY {key} LIMIT ?2"
        ))?;
        let rows = stmt
            .query_map(params![current(ring), batch], |r| {
                Ok((r.get::<_, Value>(0)?, r.get::<_, String>(1)?))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut update = conn.prepare_cached(&format!(
            "UPDATE {table} SET {column} = ?2 WHERE {key} = ?1"
        ))?;
        for (id, stored) in &rows {
            let plain = ring.decrypt(stored).map_err(|e| {
                let id = match id {
                    Value::Integer(n) => n.to_string(),
                    Value::Text(s) => s.clone(),
                    other => format!("{other:?}"),
                };
                StoreError::Corrupt(format!("{what} {id}: {e}"))
            })?;
            update.execute(params![id, ring.encrypt(&plain)])?;
        }
        Ok(rows.len())
    }

    /// Values not yet sealed under the newest key.
    pub fn unsealed(&self, conn: &Connection, ring: &KeyRing) -> Result<i64, StoreError> {
        let SealedColumn { table, column, .. } = self;
        Ok(conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM {table} WHERE {column} NOT LIKE ?1"
            ))?
            .query_row([current(ring)], |r| r.get(0))?)
    }
}
