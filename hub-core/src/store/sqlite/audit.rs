//! SQL for the audit log.

use std::sync::LazyLock;

use m3shd_api::{AuditCount, AuditEntry, Timestamp};
use rusqlite::{Connection, Row, params};

use super::session::{Connected, SqliteTx};
use crate::store::error::StoreError;
use crate::store::repos::{AuditFilter, AuditReads, AuditRow, AuditWrites};
use crate::store::time::{from_micros, to_micros};

/// Ids one past the newest and past the last one handed out before V24
/// (`sqlite::next_id`).
static INSERT_SQL: LazyLock<String> = LazyLock::new(|| {
    format!(
        "INSERT INTO audit_log (id, at, actor, action, target, status, payload_sha256) \
         VALUES ({}, ?1, ?2, ?3, ?4, ?5, ?6)",
        super::next_id("audit_log")
    )
});

pub fn insert(conn: &Connection, r: &AuditRow) -> Result<(), StoreError> {
    conn.prepare_cached(&INSERT_SQL)?.execute(params![
        to_micros(r.at),
        r.actor,
        r.action,
        r.target,
        r.status,
        r.payload_sha256
    ])?;
    Ok(())
}

fn entry(r: &Row<'_>) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        id: r.get(0)?,
        at: from_micros(r.get(1)?),
        actor: r.get(2)?,
        action: r.get(3)?,
        target: r.get(4)?,
        status: r.get(5)?,
        payload_sha256: r.get(6)?,
    })
}

/// Rows matching the filter, oldest first: the first `limit` after
/// `after`, or without it the newest `limit`.
pub fn list(
    conn: &Connection,
    after: Option<i64>,
    f: AuditFilter<'_>,
    limit: i64,
) -> Result<Vec<AuditEntry>, StoreError> {
    const COLS: &str = "id, at, actor, action, target, status, payload_sha256";
    const FILTER: &str = "(?1 IS NULL OR actor = ?1) AND (?2 IS NULL OR instr(action, ?2) > 0) \
         AND action NOT IN (SELECT value FROM json_each(?3))";
    let except = serde_json::to_string(f.except_actions)?;
    let rows = if let Some(after) = after {
        let sql =
            format!("SELECT {COLS} FROM audit_log WHERE id > ?4 AND {FILTER} ORDER BY id LIMIT ?5");
        conn.prepare_cached(&sql)?
            .query_map(params![f.actor, f.action, except, after, limit], entry)?
            .collect::<Result<Vec<_>, _>>()?
    } else {
        let sql = format!("SELECT {COLS} FROM audit_log WHERE {FILTER} ORDER BY id DESC LIMIT ?4");
        let mut newest = conn
            .prepare_cached(&sql)?
            .query_map(params![f.actor, f.action, except, limit], entry)?
            .collect::<Result<Vec<_>, _>>()?;
        newest.reverse();
        newest
    };
    Ok(rows)
}

/// Count one call of `agent`'s in the hour starting at `hour`.
pub fn count(
    conn: &Connection,
    hour: Timestamp,
    agent: &str,
    action: &str,
    failed: bool,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO audit_counts (hour, agent, action, calls, failed) VALUES (?1, ?2, ?3, 1, ?4)
         ON CONFLICT (hour, agent, action)
         DO UPDATE SET calls = calls + 1, failed = failed + excluded.failed",
    )?
    .execute(params![to_micros(hour), agent, action, i64::from(failed)])?;
    Ok(())
}

/// Counts of the hours from `since` on, newest hour first.
pub fn counts(
    conn: &Connection,
    since: Timestamp,
    agent: Option<&str>,
    limit: i64,
) -> Result<Vec<AuditCount>, StoreError> {
    let rows = conn
        .prepare_cached(
            "SELECT hour, agent, action, calls, failed FROM audit_counts \
             WHERE hour >= ?1 AND (?2 IS NULL OR agent = ?2) \
             ORDER BY hour DESC, agent, action LIMIT ?3",
        )?
        .query_map(params![to_micros(since), agent, limit], |r| {
            Ok(AuditCount {
                hour: from_micros(r.get(0)?),
                agent: r.get(1)?,
                action: r.get(2)?,
                calls: u64::try_from(r.get::<_, i64>(3)?).unwrap_or(0),
                failed: u64::try_from(r.get::<_, i64>(4)?).unwrap_or(0),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Delete up to `chunk` rows older than `before`, and the counts of the
/// hours before it (a few rows per agent and hour); returns how many rows
/// went. Chunked so one sweep never holds the writer for long. The newest
/// row always stays: ids continue from it (`sqlite::next_id`).
pub fn prune(conn: &Connection, before: Timestamp, chunk: i64) -> Result<usize, StoreError> {
    conn.prepare_cached("DELETE FROM audit_counts WHERE hour < ?1")?
        .execute([to_micros(before)])?;
    Ok(conn
        .prepare_cached(
            "DELETE FROM audit_log WHERE id IN \
             (SELECT id FROM audit_log WHERE at < ?1 AND id < (SELECT max(id) FROM audit_log) \
              ORDER BY at LIMIT ?2)",
        )?
        .execute(params![to_micros(before), chunk])?)
}

impl<C: Connected> AuditReads for C {
    fn list(
        &self,
        after: Option<i64>,
        filter: AuditFilter<'_>,
        limit: i64,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        list(self.conn(), after, filter, limit)
    }

    fn counts(
        &self,
        since: Timestamp,
        agent: Option<&str>,
        limit: i64,
    ) -> Result<Vec<AuditCount>, StoreError> {
        counts(self.conn(), since, agent, limit)
    }
}

impl AuditWrites for SqliteTx<'_> {
    fn insert(&self, row: &AuditRow) -> Result<(), StoreError> {
        insert(&self.txn, row)
    }

    fn count(
        &self,
        hour: Timestamp,
        agent: &str,
        action: &str,
        failed: bool,
    ) -> Result<(), StoreError> {
        count(&self.txn, hour, agent, action, failed)
    }

    fn prune(&self, before: Timestamp, chunk: i64) -> Result<usize, StoreError> {
        prune(&self.txn, before, chunk)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> Connection {
        super::super::migrations::migrated_in_memory()
    }

    fn row(at_secs: i64, actor: &str, action: &str) -> AuditRow {
        AuditRow {
            at: from_micros(at_secs * 1_000_000),
            actor: actor.into(),
            action: action.into(),
            target: "/api/tasks".into(),
            status: 201,
            payload_sha256: "00".into(),
        }
    }

    #[test]
    fn ids_keep_rising_and_pruning_everything_keeps_the_newest_row() {
        let conn = db();
        let ids = |conn: &Connection| -> Vec<i64> {
            list(conn, Some(0), AuditFilter::default(), 50)
                .expect("list")
                .iter()
                .map(|e| e.id)
                .collect()
        };
        insert(&conn, &row(1, "operator", "POST /api/tasks")).expect("insert");
        insert(&conn, &row(2, "operator", "POST /api/tasks")).expect("insert");
        assert_eq!(
            prune(&conn, from_micros(1_000_000_000), 10).expect("prune"),
            1
        );
        assert_eq!(ids(&conn), [2], "the newest row stays");
        insert(&conn, &row(3, "operator", "POST /api/tasks")).expect("insert");
        assert_eq!(ids(&conn), [2, 3]);
        // A log emptied before V24 continues past the id recorded then,
        // and nothing writes that record any more.
        conn.execute("DELETE FROM audit_log", []).expect("empty");
        conn.execute(
            "INSERT OR REPLACE INTO sqlite_sequence (name, seq) VALUES ('audit_log', 90)",
            [],
        )
        .expect("old sequence");
        insert(&conn, &row(4, "operator", "POST /api/tasks")).expect("insert");
        assert_eq!(ids(&conn), [91]);
        let seq: i64 = conn
            .query_row(
                "SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'",
                [],
                |r| r.get(0),
            )
            .expect("seq");
        assert_eq!(seq, 90);
    }

    #[test]
    fn filters_pages_and_prunes() {
        let conn = db();
        for i in 0..10 {
            let actor = if i % 2 == 0 { "operator" } else { "rex" };
            let action = if i < 5 {
                "POST /api/tasks"
            } else {
                "POST /api/tasks/{id}/cancel"
            };
            insert(&conn, &row(100 + i, actor, action)).expect("insert");
        }
        let all = AuditFilter::default();
        let newest = list(&conn, None, all, 3).expect("list");
        assert_eq!(
            newest.iter().map(|e| e.id).collect::<Vec<_>>(),
            [8, 9, 10],
            "the newest rows, oldest first"
        );
        let page = list(&conn, Some(2), all, 3).expect("page");
        assert_eq!(page.iter().map(|e| e.id).collect::<Vec<_>>(), [3, 4, 5]);
        let f = AuditFilter {
            actor: Some("rex"),
            action: Some("cancel"),
            ..all
        };
        let rex = list(&conn, None, f, 50).expect("filter");
        assert_eq!(rex.iter().map(|e| e.id).collect::<Vec<_>>(), [6, 8, 10]);
        assert!(rex.iter().all(|e| e.actor == "rex"));
        // Rows at 100..=104 are older than 105.
        assert_eq!(prune(&conn, from_micros(105_000_000), 3).expect("prune"), 3);
        assert_eq!(prune(&conn, from_micros(105_000_000), 3).expect("prune"), 2);
        assert_eq!(prune(&conn, from_micros(105_000_000), 3).expect("prune"), 0);
        assert_eq!(list(&conn, None, all, 50).expect("rest").len(), 5);
        let f = AuditFilter {
            except_actions: &["POST /api/tasks/{id}/cancel"],
            ..all
        };
        assert!(list(&conn, None, f, 50).expect("none left").is_empty());
    }

    #[test]
    fn counts_add_up_per_hour_agent_and_action_and_expire() {
        let conn = db();
        let (h1, h2) = (from_micros(3_600_000_000), from_micros(7_200_000_000));
        let hb = "POST /api/agents/{id}/heartbeat";
        for failed in [false, false, true] {
            count(&conn, h1, "w1", hb, failed).expect("count");
        }
        count(&conn, h2, "w1", hb, false).expect("count");
        count(&conn, h2, "w2", "POST /api/agents/{id}/claim", false).expect("count");
        let got = counts(&conn, h1, None, 50).expect("counts");
        let view: Vec<_> = got
            .iter()
            .map(|c| (c.hour, c.agent.as_str(), c.calls, c.failed))
            .collect();
        assert_eq!(view, [(h2, "w1", 1, 0), (h2, "w2", 1, 0), (h1, "w1", 3, 1)]);
        assert_eq!(counts(&conn, h2, Some("w2"), 50).expect("one").len(), 1);
        prune(&conn, h2, 10).expect("prune");
        assert_eq!(counts(&conn, h1, None, 50).expect("left").len(), 2);
    }
}
