//! SQL for the audit log and the per-hour counts of routine calls.

use m3shd_api::{AuditCount, AuditEntry, Timestamp};
use tokio_postgres::Row;

use super::db::col;
use super::session::Session;
use crate::store::error::StoreError;
use crate::store::repos::{AuditFilter, AuditReads, AuditRow, AuditWrites};
use crate::store::time::{from_micros, to_micros};

const COLS: &str = "id, at, actor, action, target, status, payload_sha256";
const FILTER: &str = "($1::text IS NULL OR actor = $1) \
     AND ($2::text IS NULL OR strpos(action, $2) > 0) \
     AND NOT (action = ANY($3))";

fn entry(r: &Row) -> Result<AuditEntry, StoreError> {
    Ok(AuditEntry {
        id: col(r, 0)?,
        at: from_micros(col(r, 1)?),
        actor: col(r, 2)?,
        action: col(r, 3)?,
        target: col(r, 4)?,
        status: u16::try_from(col::<i64>(r, 5)?)
            .map_err(|e| StoreError::Corrupt(format!("audit_log.status: {e}")))?,
        payload_sha256: col(r, 6)?,
    })
}

fn count(r: &Row) -> Result<AuditCount, StoreError> {
    Ok(AuditCount {
        hour: from_micros(col(r, 0)?),
        agent: col(r, 1)?,
        action: col(r, 2)?,
        calls: u64::try_from(col::<i64>(r, 3)?).unwrap_or(0),
        failed: u64::try_from(col::<i64>(r, 4)?).unwrap_or(0),
    })
}

impl AuditReads for Session<'_> {
    /// Rows matching the filter, oldest first: the first `limit` after
    /// `after`, or without it the newest `limit`.
    fn list(
        &self,
        after: Option<i64>,
        f: AuditFilter<'_>,
        limit: i64,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let except = f.except_actions;
        match after {
            Some(after) => self
                .query(
                    &format!(
                        "SELECT {COLS} FROM audit_log WHERE id > $4 AND {FILTER} \
                         ORDER BY id LIMIT $5"
                    ),
                    &[&f.actor, &f.action, &except, &after, &limit],
                )?
                .iter()
                .map(entry)
                .collect(),
            None => {
                let mut newest = self
                    .query(
                        &format!(
                            "SELECT {COLS} FROM audit_log WHERE {FILTER} \
                             ORDER BY id DESC LIMIT $4"
                        ),
                        &[&f.actor, &f.action, &except, &limit],
                    )?
                    .iter()
                    .map(entry)
                    .collect::<Result<Vec<_>, _>>()?;
                newest.reverse();
                Ok(newest)
            }
        }
    }

    /// Counts of the hours from `since` on, newest hour first.
    fn counts(
        &self,
        since: Timestamp,
        agent: Option<&str>,
        limit: i64,
    ) -> Result<Vec<AuditCount>, StoreError> {
        self.query(
            "SELECT hour, agent, action, calls, failed FROM audit_counts \
             WHERE hour >= $1 AND ($2::text IS NULL OR agent = $2) \
             ORDER BY hour DESC, agent, action LIMIT $3",
            &[&to_micros(since), &agent, &limit],
        )?
        .iter()
        .map(count)
        .collect()
    }
}

impl AuditWrites for Session<'_> {
    fn insert(&self, r: &AuditRow) -> Result<(), StoreError> {
        self.execute(
            "INSERT INTO audit_log (at, actor, action, target, status, payload_sha256) \
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                &to_micros(r.at),
                &r.actor,
                &r.action,
                &r.target,
                &i64::from(r.status),
                &r.payload_sha256,
            ],
        )?;
        Ok(())
    }

    /// Count one call of `agent`'s in the hour starting at `hour`.
    fn count(
        &self,
        hour: Timestamp,
        agent: &str,
        action: &str,
        failed: bool,
    ) -> Result<(), StoreError> {
        self.execute(
            "INSERT INTO audit_counts (hour, agent, action, calls, failed) \
             VALUES ($1, $2, $3, 1, $4) \
             ON CONFLICT (hour, agent, action) DO UPDATE SET \
               calls = audit_counts.calls + 1, failed = audit_counts.failed + excluded.failed",
            &[&to_micros(hour), &agent, &action, &i64::from(failed)],
        )?;
        Ok(())
    }

    /// Delete up to `chunk` rows older than `before`, and the counts of the
    /// hours before it (a few rows per agent and hour); returns how many rows
    /// went. Chunked so one sweep never holds the writer for long.
    fn prune(&self, before: Timestamp, chunk: i64) -> Result<usize, StoreError> {
        let before = to_micros(before);
        self.execute("DELETE FROM audit_counts WHERE hour < $1", &[&before])?;
        let n = self.execute(
            "DELETE FROM audit_log WHERE id IN \
             (SELECT id FROM audit_log WHERE at < $1 AND id < (SELECT max(id) FROM audit_log) \
              ORDER BY at LIMIT $2)",
            &[&before, &chunk],
        )?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }
}
