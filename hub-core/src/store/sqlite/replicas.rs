//! SQL for replicas and their failed logins (a single SQLite hub has no
//! replicas; the tables keep the interface the same on both backends).

use m3shd_api::Timestamp;
use rusqlite::params;

use super::session::{Connected, SqliteTx};
use crate::store::error::StoreError;
use crate::store::repos::{LoginFailure, ReplicaReads, ReplicaWrites};
use crate::store::time::{from_micros, to_micros};

impl<C: Connected> ReplicaReads for C {
    fn live(&self, since: Timestamp) -> Result<i64, StoreError> {
        Ok(self
            .conn()
            .prepare_cached("SELECT count(*) FROM replicas WHERE last_seen >= ?1")?
            .query_row([to_micros(since)], |r| r.get(0))?)
    }

    fn login_failures_after(
        &self,
        after: i64,
        not_from: &str,
        limit: i64,
    ) -> Result<Vec<LoginFailure>, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, at, ip, username FROM login_failures \
             WHERE id > ?1 AND replica <> ?2 ORDER BY id LIMIT ?3",
        )?;
        let rows = stmt
            .query_map(params![after, not_from, limit], |r| {
                Ok(LoginFailure {
                    id: r.get(0)?,
                    at: from_micros(r.get(1)?),
                    ip: r.get(2)?,
                    username: r.get(3)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    fn last_login_failure(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn()
            .prepare_cached("SELECT coalesce(max(id), 0) FROM login_failures")?
            .query_row([], |r| r.get(0))?)
    }
}

impl ReplicaWrites for SqliteTx<'_> {
    fn heartbeat(&self, replica: &str) -> Result<(), StoreError> {
        let now = to_micros(self.now);
        self.txn
            .prepare_cached(
                "INSERT INTO replicas (id, started_at, last_seen) VALUES (?1, ?2, ?2) \
                 ON CONFLICT (id) DO UPDATE SET last_seen = excluded.last_seen",
            )?
            .execute(params![replica, now])?;
        Ok(())
    }

    fn record_login_failure(
        &self,
        replica: &str,
        ip: &str,
        username: &str,
    ) -> Result<(), StoreError> {
        self.txn
            .prepare_cached(
                "INSERT INTO login_failures (at, replica, ip, username) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![to_micros(self.now), replica, ip, username])?;
        Ok(())
    }

    fn prune(&self, before: Timestamp) -> Result<usize, StoreError> {
        let before = to_micros(before);
        let failures = self
            .txn
            .prepare_cached("DELETE FROM login_failures WHERE at < ?1")?
            .execute([before])?;
        let replicas = self
            .txn
            .prepare_cached("DELETE FROM replicas WHERE last_seen < ?1")?
            .execute([before])?;
        Ok(failures + replicas)
    }
}
