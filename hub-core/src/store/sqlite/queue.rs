//! The dispatch pass's walk over the queue (ARCHITECTURE.md, "Dispatch").
//!
//! Each capability some free agent has, and untyped work, is one ordered
//! walk of the per-capability queue index `(required_capability, priority
//! DESC, created_at)`; the walks are merged here, in dispatch order, one row
//! at a time. So a pass reads only as many queued rows as it hands out (plus
//! those it must skip), however deep the queue: a single query over all the
//! capabilities at once would have SQLite sort every queued row first.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use rusqlite::{Connection, Rows, params};

use crate::store::time::to_micros;
use crate::store::error::StoreError;
use crate::store::repos::{QueueScan, QueuedRow};

/// The rows of one capability a free agent advertises, in dispatch order.
/// `?1` the capability, `?2` the free agents (JSON), `?3` the cutoff past
/// which a task naming a busy or absent agent may fall through.
pub const SCAN_CAPABILITY_SQL: &str = "SELECT id, required_capability, assign_to, \
       (assign_to IS NOT NULL AND assign_strict = 0 AND updated_at <= ?3), \
       priority, created_at, rowid \
     FROM tasks INDEXED BY tasks_queue_cap \
     WHERE status = 'queued' AND required_capability = ?1 \
       AND (assign_to IS NULL OR assign_to IN (SELECT value FROM json_each(?2)) \
            OR (assign_strict = 0 AND updated_at <= ?3)) \
     ORDER BY priority DESC, created_at ASC, rowid ASC";

/// Untyped rows, in dispatch order: all of them when `?1` (a free agent
/// takes `general` work), else only those naming an agent.
pub const SCAN_UNTYPED_SQL: &str = "SELECT id, required_capability, assign_to, \
       (assign_to IS NOT NULL AND assign_strict = 0 AND updated_at <= ?3), \
       priority, created_at, rowid \
     FROM tasks INDEXED BY tasks_queue_cap \
     WHERE status = 'queued' AND required_capability IS NULL \
       AND (?1 OR assign_to IS NOT NULL) \
       AND (assign_to IS NULL OR assign_to IN (SELECT value FROM json_each(?2)) \
            OR (assign_strict = 0 AND updated_at <= ?3)) \
     ORDER BY priority DESC, created_at ASC, rowid ASC";

/// Walks open at once with a statement of their own in the cache.
const CACHED_WALKS: usize = 16;

/// The text of walk `i`. The walks of one pass are open together, and the
/// statement cache keeps one statement per text: with one text, every walk
/// but the first would be parsed again on every pass. So the first
/// [`CACHED_WALKS`] differ by a comment; a fleet with more capabilities than
/// that pays a parse for the rest.
fn capability_walk(i: usize) -> &'static str {
    static TEXTS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
        (0..CACHED_WALKS)
            .map(|i| format!("{SCAN_CAPABILITY_SQL} -- walk {i}"))
            .collect()
    });
    TEXTS.get(i).map_or(SCAN_CAPABILITY_SQL, String::as_str)
}

/// Dispatch order: higher priority first, then older, then inserted first.
type Rank = (Reverse<i64>, i64, i64);

fn head(rows: &mut Rows<'_>) -> Result<Option<(Rank, QueuedRow)>, StoreError> {
    let Some(r) = rows.next()? else {
        return Ok(None);
    };
    let rank = (Reverse(r.get(4)?), r.get(5)?, r.get(6)?);
    Ok(Some((
        rank,
        QueuedRow {
            id: r.get(0)?,
            required_capability: r.get(1)?,
            assign_to: r.get(2)?,
            may_fall_through: r.get(3)?,
        },
    )))
}

/// Walk queued tasks in dispatch order, pre-filtered to those some free
/// agent could take, until `f` says stop.
pub fn scan_queued(
    conn: &Connection,
    scan: &QueueScan<'_>,
    mut f: impl FnMut(QueuedRow) -> bool,
) -> Result<(), StoreError> {
    let agents = serde_json::to_string(scan.agents)?;
    let until = to_micros(scan.pinned_until);
    let mut typed = Vec::with_capacity(scan.capabilities.len());
    for i in 0..scan.capabilities.len() {
        typed.push(conn.prepare_cached(capability_walk(i))?);
    }
    let mut untyped = conn.prepare_cached(SCAN_UNTYPED_SQL)?;
    let mut walks = Vec::with_capacity(typed.len() + 1);
    for (stmt, cap) in typed.iter_mut().zip(scan.capabilities) {
        walks.push(stmt.query(params![cap, agents, until])?);
    }
    walks.push(untyped.query(params![scan.general, agents, until])?);

    let mut heads: Vec<Option<QueuedRow>> = Vec::with_capacity(walks.len());
    let mut next = BinaryHeap::new();
    for (i, walk) in walks.iter_mut().enumerate() {
        let h = head(walk)?;
        if let Some((rank, _)) = &h {
            next.push(Reverse((*rank, i)));
        }
        heads.push(h.map(|(_, row)| row));
    }
    while let Some(Reverse((_, i))) = next.pop() {
        let Some(row) = heads[i].take() else { continue };
        if !f(row) {
            break;
        }
        if let Some((rank, row)) = head(&mut walks[i])? {
            next.push(Reverse((rank, i)));
            heads[i] = Some(row);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use super::super::migrations::migrations;
    use super::*;

    /// (id, capability, priority, created, named agent)
    type Queued<'a> = (&'a str, Option<&'a str>, i64, i64, Option<&'a str>);

    fn queued(conn: &Connection, rows: &[Queued<'_>]) {
        for (id, cap, priority, created, assign_to) in rows {
            conn.execute(
                "INSERT INTO tasks (id, title, prompt, status, priority, max_attempts, \
                 created_at, updated_at, required_capability, assign_to) \
                 VALUES (?1, 't', 'p', 'queued', ?2, 3, ?3, ?3, ?4, ?5)",
                params![id, priority, created, cap, assign_to],
            )
            .expect("insert");
        }
    }

    fn walk(conn: &Connection, scan: &QueueScan<'_>, stop_after: usize) -> Vec<String> {
        let mut seen = Vec::new();
        scan_queued(conn, scan, |row| {
            seen.push(row.id);
            seen.len() < stop_after
        })
        .expect("scan");
        seen
    }

    #[test]
    fn the_merged_walks_keep_dispatch_order_across_capabilities() {
        let mut conn = Connection::open_in_memory().expect("open");
        migrations().to_latest(&mut conn).expect("migrate");
        queued(
            &conn,
            &[
                ("a-old", Some("a"), 5, 1, None),
                ("b-urgent", Some("b"), 9, 4, None),
                ("untyped", None, 5, 2, None),
                ("a-new", Some("a"), 5, 3, None),
                ("c-nobody", Some("c"), 9, 0, None),
                ("b-for-other", Some("b"), 9, 1, Some("other")),
                ("b-for-me", Some("b"), 1, 5, Some("me")),
            ],
        );
        let scan = QueueScan {
            capabilities: &["a", "b", "general"],
            agents: &["me"],
            general: true,
            pinned_until: chrono::DateTime::from_timestamp_micros(0).expect("epoch"),
        };
        // Priority first, then age; a capability nobody free has and a task
        // waiting for another agent are never read.
        assert_eq!(
            walk(&conn, &scan, usize::MAX),
            ["b-urgent", "a-old", "untyped", "a-new", "b-for-me"]
        );
        assert_eq!(walk(&conn, &scan, 2), ["b-urgent", "a-old"]);
        let typed_only = QueueScan {
            general: false,
            ..scan
        };
        assert_eq!(
            walk(&conn, &typed_only, usize::MAX),
            ["b-urgent", "a-old", "a-new", "b-for-me"]
        );
    }
}
