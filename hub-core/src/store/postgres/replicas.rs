//! SQL for replicas and the failed logins each saw.

use m3shd_api::Timestamp;

use super::db::col;
use super::session::Session;
use crate::store::error::StoreError;
use crate::store::repos::{LoginFailure, ReplicaReads, ReplicaWrites};
use crate::store::time::{from_micros, to_micros};

impl ReplicaReads for Session<'_> {
    fn live(&self, since: Timestamp) -> Result<i64, StoreError> {
        let row = self.query_one(
            "SELECT count(*)::bigint FROM replicas WHERE last_seen >= $1",
            &[&to_micros(since)],
        )?;
        col(&row, 0)
    }

    fn login_failures_after(
        &self,
        after: i64,
        not_from: &str,
        limit: i64,
    ) -> Result<Vec<LoginFailure>, StoreError> {
        self.query(
            "SELECT id, at, ip, username FROM login_failures \
             WHERE id > $1 AND replica <> $2 ORDER BY id LIMIT $3",
            &[&after, &not_from, &limit],
        )?
        .iter()
        .map(|r| {
            Ok(LoginFailure {
                id: col(r, 0)?,
                at: from_micros(col(r, 1)?),
                ip: col(r, 2)?,
                username: col(r, 3)?,
            })
        })
        .collect()
    }

    fn last_login_failure(&self) -> Result<i64, StoreError> {
        let row = self.query_one("SELECT coalesce(max(id), 0) FROM login_failures", &[])?;
        col(&row, 0)
    }
}

impl ReplicaWrites for Session<'_> {
    fn heartbeat(&self, replica: &str) -> Result<(), StoreError> {
        self.execute(
            "INSERT INTO replicas (id, started_at, last_seen) VALUES ($1, $2, $2) \
             ON CONFLICT (id) DO UPDATE SET last_seen = excluded.last_seen",
            &[&replica, &to_micros(self.now())],
        )?;
        Ok(())
    }

    fn record_login_failure(
        &self,
        replica: &str,
        ip: &str,
        username: &str,
    ) -> Result<(), StoreError> {
        self.execute(
            "INSERT INTO login_failures (at, replica, ip, username) VALUES ($1, $2, $3, $4)",
            &[&to_micros(self.now()), &replica, &ip, &username],
        )?;
        Ok(())
    }

    fn prune(&self, before: Timestamp) -> Result<usize, StoreError> {
        let before = to_micros(before);
        let n = self.execute("DELETE FROM login_failures WHERE at < $1", &[&before])?
            + self.execute("DELETE FROM replicas WHERE last_seen < $1", &[&before])?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }
}
