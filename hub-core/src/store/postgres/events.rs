//! SQL for the event log. Ids come from one sequence shared by every
//! replica, and the writer takes the event lock before its first insert,
//! so ids are committed in order (ARCHITECTURE.md, "PostgreSQL").

use m3shd_api::{Event, EventRecord, Timestamp};

use super::db::col;
use super::session::Session;
use crate::store::error::StoreError;
use crate::store::repos::{EventReads, EventWrites};
use crate::store::time::{from_micros, to_micros};

pub(super) fn insert(s: &Session<'_>, ts: Timestamp, event: &Event) -> Result<i64, StoreError> {
    let data = serde_json::to_string(event)?;
    let row = s.query_one(
        "INSERT INTO events (ts, type, task_id, data) VALUES ($1, $2, $3, $4) RETURNING id",
        &[&to_micros(ts), &event.kind(), &event.task_id(), &data],
    )?;
    col(&row, 0)
}

/// Events with id > `after`, oldest first, optionally about one task.
pub(super) fn after(
    s: &Session<'_>,
    after: i64,
    task: Option<&str>,
    limit: i64,
) -> Result<Vec<EventRecord>, StoreError> {
    let rows = match task {
        Some(task) => s.query(
            "SELECT id, ts, data FROM events WHERE task_id = $2 AND id > $1 ORDER BY id LIMIT $3",
            &[&after, &task, &limit],
        )?,
        None => s.query(
            "SELECT id, ts, data FROM events WHERE id > $1 ORDER BY id LIMIT $2",
            &[&after, &limit],
        )?,
    };
    rows.iter()
        .map(|r| {
            let data: &str = col(r, 2)?;
            Ok(EventRecord {
                id: col(r, 0)?,
                ts: from_micros(col(r, 1)?),
                event: serde_json::from_str(data)?,
            })
        })
        .collect()
}

pub(super) fn last_id(s: &Session<'_>) -> Result<i64, StoreError> {
    // The sequence, not max(id): an empty log that once held events still
    // knows where it stands.
    let row = s.query_one(
        "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM events_id_seq",
        &[],
    )?;
    col(&row, 0)
}

/// The oldest id still in the log; an empty log answers the id its next
/// event gets.
fn oldest_kept(s: &Session<'_>) -> Result<i64, StoreError> {
    let row = s.query_one("SELECT min(id) FROM events", &[])?;
    match col::<Option<i64>>(&row, 0)? {
        Some(id) => Ok(id),
        None => Ok(last_id(s)? + 1),
    }
}

fn retention_bound(
    s: &Session<'_>,
    older_than: Option<Timestamp>,
    keep_newest: Option<i64>,
) -> Result<i64, StoreError> {
    let last = last_id(s)?;
    let by_count = keep_newest.map_or(0, |n| last.saturating_sub(n) + 1);
    let by_age = match older_than {
        None => 0,
        Some(t) => match s.query_opt(
            "SELECT id FROM events WHERE ts >= $1 ORDER BY id LIMIT 1",
            &[&to_micros(t)],
        )? {
            Some(row) => col(&row, 0)?,
            None => last + 1,
        },
    };
    Ok(by_count.max(by_age))
}

/// As SQLite's `prune`: the newest event always stays.
fn prune(s: &Session<'_>, before: i64, chunk: i64) -> Result<usize, StoreError> {
    let n = s.execute(
        "DELETE FROM events WHERE id < least($1, (SELECT min(id) FROM events) + $2, \
         (SELECT max(id) FROM events))",
        &[&before, &chunk],
    )?;
    Ok(usize::try_from(n).unwrap_or(usize::MAX))
}

impl EventReads for Session<'_> {
    fn after(
        &self,
        after: i64,
        task: Option<&str>,
        limit: i64,
    ) -> Result<Vec<EventRecord>, StoreError> {
        self::after(self, after, task, limit)
    }

    fn last_id(&self) -> Result<i64, StoreError> {
        last_id(self)
    }

    fn oldest_id(&self) -> Result<i64, StoreError> {
        oldest_kept(self)
    }

    fn retention_bound(
        &self,
        older_than: Option<Timestamp>,
        keep_newest: Option<i64>,
    ) -> Result<i64, StoreError> {
        retention_bound(self, older_than, keep_newest)
    }
}

impl EventWrites for Session<'_> {
    fn prune(&self, before: i64, chunk: i64) -> Result<usize, StoreError> {
        prune(self, before, chunk)
    }
}
