//! SQL for provenance links (one per signed task result).

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::session::{Connected, SqliteTx};
use crate::store::time::{from_micros, to_micros};
use crate::store::error::StoreError;
use crate::store::repos::{LinkRow, ProvenanceReads, ProvenanceWrites};

pub fn insert(conn: &Connection, l: &LinkRow) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO provenance (task_id, prev_hash, signed_at, agent_id, output_hash, signature)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        l.task_id,
        l.prev_hash,
        to_micros(l.signed_at),
        l.agent_id,
        l.output_hash,
        l.signature
    ])?;
    Ok(())
}

fn link(r: &Row<'_>) -> rusqlite::Result<LinkRow> {
    Ok(LinkRow {
        task_id: r.get(0)?,
        prev_hash: r.get(1)?,
        signed_at: from_micros(r.get(2)?),
        agent_id: r.get(3)?,
        output_hash: r.get(4)?,
        signature: r.get(5)?,
    })
}

pub fn get(conn: &Connection, task: &str) -> Result<Option<LinkRow>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT task_id, prev_hash, signed_at, agent_id, output_hash, signature \
             FROM provenance WHERE task_id = ?1",
        )?
        .query_row([task], link)
        .optional()?)
}

/// The signature of `task`'s link, if it has one.
pub fn signature(conn: &Connection, task: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT signature FROM provenance WHERE task_id = ?1")?
        .query_row([task], |r| r.get(0))
        .optional()?)
}

impl<C: Connected> ProvenanceReads for C {
    fn link(&self, task: &str) -> Result<Option<LinkRow>, StoreError> {
        get(self.conn(), task)
    }

    fn signature(&self, task: &str) -> Result<Option<String>, StoreError> {
        signature(self.conn(), task)
    }
}

impl ProvenanceWrites for SqliteTx<'_> {
    fn insert(&self, link: &LinkRow) -> Result<(), StoreError> {
        insert(&self.txn, link)
    }
}
