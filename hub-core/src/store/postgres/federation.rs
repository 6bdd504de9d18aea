//! SQL for federation on PostgreSQL (as `sqlite/federation.rs`).

use tokio_postgres::Row;

use super::db::col;
use super::session::Session;
use crate::store::error::StoreError;
use crate::store::repos::{FederationReads, FederationWrites, PeerRow, TaskFederationRow};
use crate::store::task_cols::parse;
use crate::store::time::{from_micros, to_micros};

const COLS: &str = "task_id, trust, origin_hub, origin_task_id, hops, visited, relayed_to, \
    peer_hub, peer_task_id, relay_fence, template, return_task_id, return_fence, push";

const PEER_COLS: &str = "name, url, created_at, hub, relayed, succeeded, failed, latency_us";

fn from_row(r: &Row) -> Result<TaskFederationRow, StoreError> {
    let trust: String = col(r, 1)?;
    let visited: String = col(r, 5)?;
    Ok(TaskFederationRow {
        task_id: col(r, 0)?,
        trust: parse(&trust)?,
        origin_hub: col(r, 2)?,
        origin_task_id: col(r, 3)?,
        hops: col(r, 4)?,
        visited: serde_json::from_str(&visited)
            .map_err(|e| StoreError::Corrupt(format!("task_federation: {e}")))?,
        relayed_to: col(r, 6)?,
        peer_hub: col(r, 7)?,
        peer_task_id: col(r, 8)?,
        relay_fence: col(r, 9)?,
        template: col(r, 10)?,
        return_task_id: col(r, 11)?,
        return_fence: col(r, 12)?,
        push: col::<i64>(r, 13)? != 0,
    })
}

impl FederationReads for Session<'_> {
    fn peers(&self) -> Result<Vec<PeerRow>, StoreError> {
        self.query(&format!("SELECT {PEER_COLS} FROM peers ORDER BY name"), &[])?
            .iter()
            .map(|r| {
                Ok(PeerRow {
                    name: col(r, 0)?,
                    url: col(r, 1)?,
                    created_at: from_micros(col(r, 2)?),
                    hub: col(r, 3)?,
                    relayed: col(r, 4)?,
                    succeeded: col(r, 5)?,
                    failed: col(r, 6)?,
                    latency_us: col(r, 7)?,
                })
            })
            .collect()
    }

    fn peer_token(&self, name: &str) -> Result<Option<String>, StoreError> {
        let Some(r) = self.query_opt("SELECT token FROM peers WHERE name = $1", &[&name])? else {
            return Ok(None);
        };
        let sealed: String = col(&r, 0)?;
        self.ring()
            .decrypt(&sealed)
            .map(Some)
            .map_err(|e| StoreError::Corrupt(format!("peer {name}: {e}")))
    }

    fn task_federation(&self, task_id: &str) -> Result<Option<TaskFederationRow>, StoreError> {
        self.query_opt(
            &format!("SELECT {COLS} FROM task_federation WHERE task_id = $1"),
            &[&task_id],
        )?
        .as_ref()
        .map(from_row)
        .transpose()
    }

    fn open_relays(&self) -> Result<Vec<TaskFederationRow>, StoreError> {
        self.query(
            &format!(
                "SELECT {COLS} FROM task_federation WHERE relay_fence IS NOT NULL ORDER BY task_id"
            ),
            &[],
        )?
        .iter()
        .map(from_row)
        .collect()
    }

    fn callback_secret(&self, task_id: &str) -> Result<Option<String>, StoreError> {
        let Some(r) = self.query_opt(
            "SELECT callback_secret FROM task_federation WHERE task_id = $1",
            &[&task_id],
        )?
        else {
            return Ok(None);
        };
        let sealed: Option<String> = col(&r, 0)?;
        sealed
            .map(|s| {
                self.ring()
                    .decrypt(&s)
                    .map_err(|e| StoreError::Corrupt(format!("relay callback of {task_id}: {e}")))
            })
            .transpose()
    }

    fn pending_callbacks(&self) -> Result<Vec<TaskFederationRow>, StoreError> {
        self.query(
            &format!(
                "SELECT {COLS} FROM task_federation WHERE callback_secret IS NOT NULL \
                 ORDER BY task_id"
            ),
            &[],
        )?
        .iter()
        .map(from_row)
        .collect()
    }
}

impl FederationWrites for Session<'_> {
    fn upsert_peer(&self, row: &PeerRow, token: &str) -> Result<(), StoreError> {
        self.execute(
            "INSERT INTO peers (name, url, token, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (name) DO UPDATE SET url = excluded.url, token = excluded.token",
            &[
                &row.name,
                &row.url,
                &self.ring().encrypt(token),
                &to_micros(row.created_at),
            ],
        )?;
        Ok(())
    }

    fn delete_peer(&self, name: &str) -> Result<bool, StoreError> {
        Ok(self.execute("DELETE FROM peers WHERE name = $1", &[&name])? > 0)
    }

    fn save_task_federation(&self, row: &TaskFederationRow) -> Result<(), StoreError> {
        let visited = serde_json::to_string(&row.visited)
            .map_err(|e| StoreError::Corrupt(format!("task_federation: {e}")))?;
        self.execute(
            &format!(
                "INSERT INTO task_federation ({COLS}) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) \
                 ON CONFLICT (task_id) DO UPDATE SET trust = excluded.trust, \
                 origin_hub = excluded.origin_hub, origin_task_id = excluded.origin_task_id, \
                 hops = excluded.hops, visited = excluded.visited, \
                 relayed_to = excluded.relayed_to, peer_hub = excluded.peer_hub, \
                 peer_task_id = excluded.peer_task_id, relay_fence = excluded.relay_fence, \
                 template = excluded.template, return_task_id = excluded.return_task_id, \
                 return_fence = excluded.return_fence, push = excluded.push"
            ),
            &[
                &row.task_id,
                &row.trust.as_str(),
                &row.origin_hub,
                &row.origin_task_id,
                &row.hops,
                &visited,
                &row.relayed_to,
                &row.peer_hub,
                &row.peer_task_id,
                &row.relay_fence,
                &row.template,
                &row.return_task_id,
                &row.return_fence,
                &i64::from(row.push),
            ],
        )?;
        Ok(())
    }

    fn set_callback_secret(&self, task_id: &str, secret: Option<&str>) -> Result<(), StoreError> {
        let sealed = secret.map(|s| self.ring().encrypt(s));
        self.execute(
            "UPDATE task_federation SET callback_secret = $2 WHERE task_id = $1",
            &[&task_id, &sealed],
        )?;
        Ok(())
    }

    fn note_peer(
        &self,
        name: &str,
        hub: Option<&str>,
        latency_us: Option<i64>,
    ) -> Result<(), StoreError> {
        self.execute(
            "UPDATE peers SET hub = coalesce($2, hub), latency_us = coalesce($3, latency_us) \
             WHERE name = $1",
            &[&name, &hub, &latency_us],
        )?;
        Ok(())
    }

    fn count_peer(
        &self,
        name: &str,
        relayed: i64,
        succeeded: i64,
        failed: i64,
    ) -> Result<(), StoreError> {
        self.execute(
            "UPDATE peers SET relayed = relayed + $2, succeeded = succeeded + $3, \
             failed = failed + $4 WHERE name = $1",
            &[&name, &relayed, &succeeded, &failed],
        )?;
        Ok(())
    }
}
