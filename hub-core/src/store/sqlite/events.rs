//! SQL for the event log. Each row keeps the whole tagged `Event` JSON in
//! `data`, so reading it back is one parse; `type` and `task_id` are copied
//! into columns for filtering.

use std::sync::LazyLock;

use m3shd_api::{Event, EventRecord, Timestamp};
use rusqlite::{Connection, OptionalExtension, params};

use super::session::{Connected, SqliteTx};
use crate::store::error::StoreError;
use crate::store::repos::{EventReads, EventWrites};
use crate::store::time::{from_micros, to_micros};

/// Ids one past the newest and past the last one handed out before V23
/// (`sqlite::next_id`).
static INSERT_SQL: LazyLock<String> = LazyLock::new(|| {
    format!(
        "INSERT INTO events (id, ts, type, task_id, data) VALUES ({}, ?1, ?2, ?3, ?4)",
        super::next_id("events")
    )
});

/// The oldest event, or in an empty log the id the next one gets.
static OLDEST_KEPT_SQL: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT coalesce((SELECT min(id) FROM events), {})",
        super::next_id("events")
    )
});

pub fn insert(conn: &Connection, ts: Timestamp, event: &Event) -> Result<i64, StoreError> {
    let data = serde_json::to_string(event)?;
    let mut stmt = conn.prepare_cached(&INSERT_SQL)?;
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

/// The oldest id still in the log. Ids are handed out in order and never
/// reused, and retention only ever deletes from the old end, so every event
/// from this id on is still there. An empty log that once held events
/// answers the id its next event gets.
pub fn oldest_kept(conn: &Connection) -> Result<i64, StoreError> {
    let mut stmt = conn.prepare_cached(&OLDEST_KEPT_SQL)?;
    Ok(stmt.query_row([], |r| r.get(0))?)
}

/// The first id to keep when the log holds at most `keep_newest` events and
/// none older than `older_than` (ids below it are to be deleted). Walks
/// only the rows to be deleted: the log is in time order.
pub fn retention_bound(
    conn: &Connection,
    older_than: Option<Timestamp>,
    keep_newest: Option<i64>,
) -> Result<i64, StoreError> {
    let last = last_id(conn)?;
    let by_count = keep_newest.map_or(0, |n| last.saturating_sub(n) + 1);
    let by_age = match older_than {
        None => 0,
        Some(t) => conn
            .prepare_cached("SELECT id FROM events WHERE ts >= ?1 ORDER BY id LIMIT 1")?
            .query_row([to_micros(t)], |r| r.get(0))
            .optional()?
            .unwrap_or(last + 1),
    };
    Ok(by_count.max(by_age))
}

/// Delete the oldest events below id `before`, at most `chunk` of them (a
/// range of the primary key, so no scan); returns how many went. The
/// newest event always stays, whatever `before` says: the next id is one
/// past it (`sqlite::next_id`), so ids never go back.
pub fn prune(conn: &Connection, before: i64, chunk: i64) -> Result<usize, StoreError> {
    Ok(conn
        .prepare_cached(
            "DELETE FROM events WHERE id < \
             min(?1, (SELECT min(id) FROM events) + ?2, (SELECT max(id) FROM events))",
        )?
        .execute(params![before, chunk])?)
}

impl<C: Connected> EventReads for C {
    fn after(
        &self,
        after: i64,
        task: Option<&str>,
        limit: i64,
    ) -> Result<Vec<EventRecord>, StoreError> {
        super::events::after(self.conn(), after, task, limit)
    }

    fn last_id(&self) -> Result<i64, StoreError> {
        last_id(self.conn())
    }

    fn oldest_id(&self) -> Result<i64, StoreError> {
        oldest_kept(self.conn())
    }

    fn retention_bound(
        &self,
        older_than: Option<Timestamp>,
        keep_newest: Option<i64>,
    ) -> Result<i64, StoreError> {
        retention_bound(self.conn(), older_than, keep_newest)
    }
}

impl EventWrites for SqliteTx<'_> {
    fn prune(&self, before: i64, chunk: i64) -> Result<usize, StoreError> {
        prune(&self.txn, before, chunk)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> Connection {
        super::super::migrations::migrated_in_memory()
    }

    fn at(secs: i64) -> Timestamp {
        from_micros(secs * 1_000_000)
    }

    fn add(conn: &Connection, secs: i64) {
        let ev = Event::ContextDeleted { key: "k".into() };
        insert(conn, at(secs), &ev).expect("insert");
    }

    fn sequence(conn: &Connection) -> Option<i64> {
        conn.query_row(
            "SELECT seq FROM sqlite_sequence WHERE name = 'events'",
            [],
            |r| r.get(0),
        )
        .optional()
        .expect("sequence")
    }

    #[test]
    fn ids_keep_rising_past_the_newest_and_the_old_sequence_without_writing_it() {
        let conn = db();
        let sql: String = conn
            .query_row(
                "SELECT sql FROM sqlite_schema WHERE name = 'events'",
                [],
                |r| r.get(0),
            )
            .expect("schema");
        assert!(!sql.contains("AUTOINCREMENT"), "{sql}");
        add(&conn, 1);
        add(&conn, 2);
        assert_eq!(last_id(&conn).expect("last"), 2);
        assert_eq!(sequence(&conn), None, "an insert writes no sequence row");
        // A log emptied by retention before V23: the id recorded then
        // is never handed out again.
        conn.execute("DELETE FROM events", []).expect("empty");
        conn.execute(
            "INSERT INTO sqlite_sequence (name, seq) VALUES ('events', 41)",
            [],
        )
        .expect("old sequence");
        assert_eq!(oldest_kept(&conn).expect("oldest"), 42);
        add(&conn, 3);
        add(&conn, 4);
        let ids: Vec<i64> = after(&conn, 0, None, 10)
            .expect("read")
            .iter()
            .map(|e| e.id)
            .collect();
        assert_eq!(ids, vec![42, 43]);
        assert_eq!(sequence(&conn), Some(41), "still not written");
    }

    #[test]
    fn retention_deletes_from_the_old_end_in_chunks() {
        let conn = db();
        assert_eq!(oldest_kept(&conn).expect("oldest"), 1, "an empty log");
        for s in 0..10 {
            add(&conn, 100 + s);
        }
        assert_eq!(retention_bound(&conn, None, None).expect("bound"), 0);
        assert_eq!(retention_bound(&conn, None, Some(4)).expect("bound"), 7);
        assert_eq!(
            retention_bound(&conn, Some(at(103)), None).expect("bound"),
            4
        );
        assert_eq!(
            retention_bound(&conn, Some(at(103)), Some(4)).expect("bound"),
            7,
            "the stricter limit wins"
        );
        assert_eq!(
            retention_bound(&conn, Some(at(500)), None).expect("bound"),
            11
        );

        assert_eq!(prune(&conn, 7, 4).expect("prune"), 4);
        assert_eq!(oldest_kept(&conn).expect("oldest"), 5);
        assert_eq!(prune(&conn, 7, 4).expect("prune"), 2);
        assert_eq!(prune(&conn, 7, 4).expect("prune"), 0);
        assert_eq!(oldest_kept(&conn).expect("oldest"), 7);
        let left: Vec<i64> = after(&conn, 0, None, 50)
            .expect("read")
            .iter()
            .map(|e| e.id)
            .collect();
        assert_eq!(left, [7, 8, 9, 10]);

        // Asked for everything, it keeps the newest: the next id follows it.
        assert_eq!(prune(&conn, 11, 100).expect("prune"), 3);
        assert_eq!(oldest_kept(&conn).expect("oldest"), 10);
        add(&conn, 200);
        assert_eq!(last_id(&conn).expect("last"), 11);
        assert_eq!(oldest_kept(&conn).expect("oldest"), 10);
    }
}
