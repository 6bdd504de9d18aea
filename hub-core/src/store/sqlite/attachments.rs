//! SQL for task attachments.

use m3shd_api::Attachment;
use rusqlite::{Connection, OptionalExtension, params};

use super::session::{Connected, SqliteTx};
use crate::store::time::{from_micros, to_micros};
use crate::store::error::StoreError;
use crate::store::repos::{AttachmentReads, AttachmentWrites};

const COLS: &str = "id, task_id, filename, mime, size, sha256, created_at";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Attachment> {
    Ok(Attachment {
        id: r.get(0)?,
        task_id: r.get(1)?,
        filename: r.get(2)?,
        mime: r.get(3)?,
        size: r.get(4)?,
        sha256: r.get(5)?,
        created_at: from_micros(r.get(6)?),
    })
}

pub fn insert(conn: &Connection, a: &Attachment, data: &[u8]) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO task_attachments (id, task_id, filename, mime, size, sha256, data, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        a.id,
        a.task_id,
        a.filename,
        a.mime,
        a.size,
        a.sha256,
        data,
        to_micros(a.created_at)
    ])?;
    Ok(())
}

/// Oldest first.
pub fn list(conn: &Connection, task: &str) -> Result<Vec<Attachment>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLS} FROM task_attachments WHERE task_id = ?1 ORDER BY created_at, id"
    ))?;
    let rows = stmt
        .query_map([task], from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

pub fn count(conn: &Connection, task: &str) -> Result<i64, StoreError> {
    let mut stmt =
        conn.prepare_cached("SELECT count(*) FROM task_attachments WHERE task_id = ?1")?;
    Ok(stmt.query_row([task], |r| r.get(0))?)
}

/// The same file already attached to the task (same bytes, same name).
pub fn find_same(
    conn: &Connection,
    task: &str,
    sha256: &str,
    filename: &str,
) -> Result<Option<Attachment>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLS} FROM task_attachments WHERE task_id = ?1 AND sha256 = ?2 AND filename = ?3"
    ))?;
    Ok(stmt
        .query_row(params![task, sha256, filename], from_row)
        .optional()?)
}

/// One attachment with its bytes.
pub fn get(
    conn: &Connection,
    task: &str,
    id: &str,
) -> Result<Option<(Attachment, Vec<u8>)>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLS}, data FROM task_attachments WHERE task_id = ?1 AND id = ?2"
    ))?;
    Ok(stmt
        .query_row(params![task, id], |r| Ok((from_row(r)?, r.get(7)?)))
        .optional()?)
}

impl<C: Connected> AttachmentReads for C {
    fn list(&self, task: &str) -> Result<Vec<Attachment>, StoreError> {
        list(self.conn(), task)
    }

    fn count(&self, task: &str) -> Result<i64, StoreError> {
        count(self.conn(), task)
    }

    fn find_same(
        &self,
        task: &str,
        sha256: &str,
        filename: &str,
    ) -> Result<Option<Attachment>, StoreError> {
        find_same(self.conn(), task, sha256, filename)
    }

    fn get(&self, task: &str, id: &str) -> Result<Option<(Attachment, Vec<u8>)>, StoreError> {
        get(self.conn(), task, id)
    }
}

impl AttachmentWrites for SqliteTx<'_> {
    fn insert(&self, a: &Attachment, data: &[u8]) -> Result<(), StoreError> {
        insert(&self.txn, a, data)
    }
}
