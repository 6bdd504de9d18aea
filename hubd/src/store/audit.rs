//! SQL for the audit log.

use m3shd_api::{AuditEntry, Timestamp};
use rusqlite::{Connection, Row, params};

use super::StoreError;
use super::time::{from_micros, to_micros};

/// A row to append (its id comes from the database).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    pub at: Timestamp,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub status: u16,
    pub payload_sha256: String,
}

pub fn insert(conn: &Connection, r: &AuditRow) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO audit_log (at, actor, action, target, status, payload_sha256)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
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

/// Rows matching the filters, oldest first: the first `limit` after
/// `after`, or without it the newest `limit`. `action` matches as a
/// substring, `actor` exactly.
pub fn list(
    conn: &Connection,
    after: Option<i64>,
    actor: Option<&str>,
    action: Option<&str>,
    limit: i64,
) -> Result<Vec<AuditEntry>, StoreError> {
    const COLS: &str = "id, at, actor, action, target, status, payload_sha256";
    const FILTER: &str = "(?1 IS NULL OR actor = ?1) AND (?2 IS NULL OR instr(action, ?2) > 0)";
    let rows = if let Some(after) = after {
        let sql =
            format!("SELECT {COLS} FROM audit_log WHERE id > ?3 AND {FILTER} ORDER BY id LIMIT ?4");
        conn.prepare_cached(&sql)?
            .query_map(params![actor, action, after, limit], entry)?
            .collect::<Result<Vec<_>, _>>()?
    } else {
        let sql = format!("SELECT {COLS} FROM audit_log WHERE {FILTER} ORDER BY id DESC LIMIT ?3");
        let mut newest = conn
            .prepare_cached(&sql)?
            .query_map(params![actor, action, limit], entry)?
            .collect::<Result<Vec<_>, _>>()?;
        newest.reverse();
        newest
    };
    Ok(rows)
}

/// Delete up to `chunk` rows older than `before`; returns how many went.
/// Chunked so one sweep never holds the writer for long.
pub fn prune(conn: &Connection, before: Timestamp, chunk: i64) -> Result<usize, StoreError> {
    Ok(conn
        .prepare_cached(
            "DELETE FROM audit_log WHERE id IN \
             (SELECT id FROM audit_log WHERE at < ?1 ORDER BY at LIMIT ?2)",
        )?
        .execute(params![to_micros(before), chunk])?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> Connection {
        let mut conn = Connection::open_in_memory().expect("open");
        super::super::migrations::migrations()
            .to_latest(&mut conn)
            .expect("migrate");
        conn
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
        let newest = list(&conn, None, None, None, 3).expect("list");
        assert_eq!(
            newest.iter().map(|e| e.id).collect::<Vec<_>>(),
            [8, 9, 10],
            "the newest rows, oldest first"
        );
        let page = list(&conn, Some(2), None, None, 3).expect("page");
        assert_eq!(page.iter().map(|e| e.id).collect::<Vec<_>>(), [3, 4, 5]);
        let rex = list(&conn, None, Some("rex"), Some("cancel"), 50).expect("filter");
        assert_eq!(rex.iter().map(|e| e.id).collect::<Vec<_>>(), [6, 8, 10]);
        assert!(rex.iter().all(|e| e.actor == "rex"));
        // Rows at 100..=104 are older than 105.
        assert_eq!(prune(&conn, from_micros(105_000_000), 3).expect("prune"), 3);
        assert_eq!(prune(&conn, from_micros(105_000_000), 3).expect("prune"), 2);
        assert_eq!(prune(&conn, from_micros(105_000_000), 3).expect("prune"), 0);
        assert_eq!(list(&conn, None, None, None, 50).expect("rest").len(), 5);
    }
}
