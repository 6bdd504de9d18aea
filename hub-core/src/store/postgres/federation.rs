//! SQL for federation on PostgreSQL (as `sqlite/federation.rs`).

use tokio_postgres::Row;

use super::db::col;
use super::session::Session;
use crate::store::error::StoreError;
use crate::store::repos::{FederationReads, FederationWrites, PeerRow, TaskFederationRow};
use crate::store::task_cols::parse;
use crate::store::time::{from_micros, to_micros};

const COLS: &str = "task_id, trust, origin_hub, origin_task_id, hops, visited, relayed_to, \
    peer_hub, peer_task_id, relay_fence";

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
    })
}

impl FederationReads for Session<'_> {
    fn peers(&self) -> Result<Vec<PeerRow>, StoreError> {
        self.query("SELECT name, url, created_at FROM peers ORDER BY name", &[])?
            .iter()
            .map(|r| {
                Ok(PeerRow {
                    name: col(r, 0)?,
                    url: col(r, 1)?,
                    created_at: from_micros(col(r, 2)?),
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
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
                 ON CONFLICT (task_id) DO UPDATE SET trust = excluded.trust, \
                 origin_hub = excluded.origin_hub, origin_task_id = excluded.origin_task_id, \
                 hops = excluded.hops, visited = excluded.visited, \
                 relayed_to = excluded.relayed_to, peer_hub = excluded.peer_hub, \
                 peer_task_id = excluded.peer_task_id, relay_fence = excluded.relay_fence"
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
            ],
        )?;
        Ok(())
    }
}
