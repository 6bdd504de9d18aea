//! SQL for the event log. Each row keeps the whole tagged `Event` JSON in
//! `data`, so reading it back is one parse; `type` and `task_id` are copied
//! into columns for filtering.

use m3shd_api::{Event, EventRecord, Timestamp};
use rusqlite::{Connection, params};

use super::StoreError;
use super::time::{from_micros, to_micros};

pub fn insert(conn: &Connection, ts: Timestamp, event: &Event) -> Result<i64, StoreError> {
    let data = serde_json::to_string(event)?;
    let mut stmt = conn
        .prepare_cached("INSERT INTO events (ts, type, task_id, data) VALUES (?1, ?2, ?3, ?4)")?;
    stmt.execute(params![to_micros(ts), event.kind(), event.task_id(), data])?;
    Ok(conn.last_insert_rowid())
}

/// Events with id > `after`, oldest first, optionally about one task.
pub fn after(
    conn: &Connection,
    after: i64,
    task: Option<&str>,
    limit: i64,
) -> Result<Vec<EventRecord>, StoreError> {
    // Two statements so that the task filter can use its index.
    let mut stmt = match task {
        Some(_) => conn.prepare_cached(
            "SELECT id, ts, data FROM events WHERE task_id = ?2 AND id > ?1 ORDER BY id LIMIT ?3",
        )?,
        None => conn.prepare_cached(
            "SELECT id, ts, data FROM events WHERE id > ?1 AND ?2 IS NULL ORDER BY id LIMIT ?3",
        )?,
    };
    let mut rows = stmt.query(params![after, task, limit])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let data: String = r.get(2)?;
        out.push(EventRecord {
            id: r.get(0)?,
            ts: from_micros(r.get(1)?),
            event: serde_json::from_str(&data)?,
        });
    }
    Ok(out)
}

pub fn last_id(conn: &Connection) -> Result<i64, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT coalesce(max(id), 0) FROM events")?;
    Ok(stmt.query_row([], |r| r.get(0))?)
}
