//! SQL for task attachments.

use m3shd_api::Attachment;
use tokio_postgres::Row;

use super::db::col;
use super::session::Session;
use crate::store::error::StoreError;
use crate::store::repos::{AttachmentReads, AttachmentWrites};
use crate::store::time::{from_micros, to_micros};

const COLS: &str = "id, task_id, filename, mime, size, sha256, created_at";

fn from_row(r: &Row) -> Result<Attachment, StoreError> {
    Ok(Attachment {
        id: col(r, 0)?,
        task_id: col(r, 1)?,
        filename: col(r, 2)?,
        mime: col(r, 3)?,
        size: col(r, 4)?,
        sha256: col(r, 5)?,
        created_at: from_micros(col(r, 6)?),
    })
}

impl AttachmentReads for Session<'_> {
    /// Oldest first.
    fn list(&self, task: &str) -> Result<Vec<Attachment>, StoreError> {
        let rows = self.query(
            &format!(
                "SELECT {COLS} FROM task_attachments WHERE task_id = $1 ORDER BY created_at, id"
            ),
            &[&task],
        )?;
        rows.iter().map(from_row).collect()
    }

    fn count(&self, task: &str) -> Result<i64, StoreError> {
        let row = self.query_one(
            "SELECT count(*) FROM task_attachments WHERE task_id = $1",
            &[&task],
        )?;
        col(&row, 0)
    }

    /// The same file already attached to the task (same bytes, same name).
    fn find_same(
        &self,
        task: &str,
        sha256: &str,
        filename: &str,
    ) -> Result<Option<Attachment>, StoreError> {
        let row = self.query_opt(
            &format!(
                "SELECT {COLS} FROM task_attachments \
                 WHERE task_id = $1 AND sha256 = $2 AND filename = $3"
            ),
            &[&task, &sha256, &filename],
        )?;
        row.as_ref().map(from_row).transpose()
    }

    /// One attachment with its bytes.
    fn get(&self, task: &str, id: &str) -> Result<Option<(Attachment, Vec<u8>)>, StoreError> {
        let row = self.query_opt(
            &format!("SELECT {COLS}, data FROM task_attachments WHERE task_id = $1 AND id = $2"),
            &[&task, &id],
        )?;
        row.map(|r| Ok((from_row(&r)?, col(&r, 7)?))).transpose()
    }
}

impl AttachmentWrites for Session<'_> {
    fn insert(&self, a: &Attachment, data: &[u8]) -> Result<(), StoreError> {
        self.execute(
            "INSERT INTO task_attachments \
               (id, task_id, filename, mime, size, sha256, data, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            &[
                &a.id,
                &a.task_id,
                &a.filename,
                &a.mime,
                &a.size,
                &a.sha256,
                &data,
                &to_micros(a.created_at),
            ],
        )?;
        Ok(())
    }
}
