//! SQL for pipelines and their named steps.

use m3shd_api::Timestamp;
use rusqlite::{Connection, OptionalExtension, params};

use super::session::{Connected, SqliteTx};
use crate::store::time::{from_micros, to_micros};
use crate::store::error::StoreError;
use crate::store::repos::{PipelineReads, PipelineRow, PipelineWrites};

pub fn insert(conn: &Connection, id: &str, name: &str, now: Timestamp) -> Result<(), StoreError> {
    conn.prepare_cached("INSERT INTO pipelines (id, name, created_at) VALUES (?1, ?2, ?3)")?
        .execute(params![id, name, to_micros(now)])?;
    Ok(())
}

pub fn insert_step(
    conn: &Connection,
    pipeline: &str,
    ord: i64,
    name: &str,
    task: &str,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO pipeline_steps (pipeline_id, ord, name, task_id) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![pipeline, ord, name, task])?;
    Ok(())
}

fn steps(conn: &Connection, id: &str) -> Result<Vec<(String, String)>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT name, task_id FROM pipeline_steps WHERE pipeline_id = ?1 ORDER BY ord",
    )?;
    let rows = stmt
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

pub fn get(conn: &Connection, id: &str) -> Result<Option<PipelineRow>, StoreError> {
    let head = conn
        .prepare_cached("SELECT id, name, created_at FROM pipelines WHERE id = ?1")?
        .query_row([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })
        .optional()?;
    let Some((id, name, created_at)) = head else {
        return Ok(None);
    };
    let steps = steps(conn, &id)?;
    Ok(Some(PipelineRow {
        id,
        name,
        created_at: from_micros(created_at),
        steps,
    }))
}

/// Newest first.
pub fn list(conn: &Connection, limit: i64) -> Result<Vec<PipelineRow>, StoreError> {
    let ids: Vec<String> = conn
        .prepare_cached("SELECT id FROM pipelines ORDER BY created_at DESC, rowid DESC LIMIT ?1")?
        .query_map([limit], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(p) = get(conn, &id)? {
            out.push(p);
        }
    }
    Ok(out)
}

impl<C: Connected> PipelineReads for C {
    fn get(&self, id: &str) -> Result<Option<PipelineRow>, StoreError> {
        get(self.conn(), id)
    }

    fn list(&self, limit: i64) -> Result<Vec<PipelineRow>, StoreError> {
        list(self.conn(), limit)
    }
}

impl PipelineWrites for SqliteTx<'_> {
    fn insert(&self, id: &str, name: &str) -> Result<(), StoreError> {
        insert(&self.txn, id, name, self.now)
    }

    fn insert_step(
        &self,
        pipeline: &str,
        ord: i64,
        name: &str,
        task: &str,
    ) -> Result<(), StoreError> {
        insert_step(&self.txn, pipeline, ord, name, task)
    }
}
