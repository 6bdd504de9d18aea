//! SQL for federation: peers (the token sealed with the key ring on the way
//! in, opened only when the hub calls the peer) and `task_federation`.

use rusqlite::{OptionalExtension, Row, params};

use super::sealed::SealedColumn;
use super::session::{Connected, SqliteTx};
use crate::store::error::StoreError;
use crate::store::repos::{FederationReads, FederationWrites, PeerRow, TaskFederationRow};
use crate::store::task_cols::parse;
use crate::store::time::{from_micros, to_micros};

const PEER_TOKENS: SealedColumn = SealedColumn {
    table: "peers",
    key: "name",
    column: "token",
    what: "peer",
};

const CALLBACK_SECRETS: SealedColumn = SealedColumn {
    table: "task_federation",
    key: "task_id",
    column: "callback_secret",
    what: "relay callback of task",
};

const COLS: &str = "task_id, trust, origin_hub, origin_task_id, hops, visited, relayed_to, \
    peer_hub, peer_task_id, relay_fence, template, return_task_id, return_fence, push";

const PEER_COLS: &str = "name, url, created_at, hub, relayed, succeeded, failed, latency_us";

/// The open relays, read from their partial index every federation pass
/// (however many tasks were ever relayed); sorted after the read.
pub const OPEN_RELAYS_SQL: &str = "SELECT task_id, trust, origin_hub, origin_task_id, hops, \
    visited, relayed_to, peer_hub, peer_task_id, relay_fence, template, return_task_id, \
    return_fence, push FROM task_federation WHERE relay_fence IS NOT NULL";

/// Results still to be pushed back, from their partial index.
pub const PENDING_CALLBACKS_SQL: &str = "SELECT task_id, trust, origin_hub, origin_task_id, \
    hops, visited, relayed_to, peer_hub, peer_task_id, relay_fence, template, return_task_id, \
    return_fence, push FROM task_federation WHERE callback_secret IS NOT NULL";

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("task_federation: {e}"))
}

type Raw = (TaskFederationRow, String, String);

fn from_row(r: &Row<'_>) -> rusqlite::Result<Raw> {
    Ok((
        TaskFederationRow {
            task_id: r.get(0)?,
            trust: m3shd_api::Trust::Local,
            origin_hub: r.get(2)?,
            origin_task_id: r.get(3)?,
            hops: r.get(4)?,
            visited: Vec::new(),
            relayed_to: r.get(6)?,
            peer_hub: r.get(7)?,
            peer_task_id: r.get(8)?,
            relay_fence: r.get(9)?,
            template: r.get(10)?,
            return_task_id: r.get(11)?,
            return_fence: r.get(12)?,
            push: r.get::<_, i64>(13)? != 0,
        },
        r.get(1)?,
        r.get(5)?,
    ))
}

fn finish((mut row, trust, visited): Raw) -> Result<TaskFederationRow, StoreError> {
    row.trust = parse(&trust)?;
    row.visited = serde_json::from_str(&visited).map_err(corrupt)?;
    Ok(row)
}

impl<C: Connected> FederationReads for C {
    fn peers(&self) -> Result<Vec<PeerRow>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare_cached(&format!("SELECT {PEER_COLS} FROM peers ORDER BY name"))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(PeerRow {
                    name: r.get(0)?,
                    url: r.get(1)?,
                    created_at: from_micros(r.get(2)?),
                    hub: r.get(3)?,
                    relayed: r.get(4)?,
                    succeeded: r.get(5)?,
                    failed: r.get(6)?,
                    latency_us: r.get(7)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    fn peer_token(&self, name: &str) -> Result<Option<String>, StoreError> {
        let sealed: Option<String> = self
            .conn()
            .prepare_cached("SELECT token FROM peers WHERE name = ?1")?
            .query_row([name], |r| r.get(0))
            .optional()?;
        sealed
            .map(|s| {
                self.ring()
                    .decrypt(&s)
                    .map_err(|e| StoreError::Corrupt(format!("peer {name}: {e}")))
            })
            .transpose()
    }

    fn task_federation(&self, task_id: &str) -> Result<Option<TaskFederationRow>, StoreError> {
        self.conn()
            .prepare_cached(&format!(
                "SELECT {COLS} FROM task_federation WHERE task_id = ?1"
            ))?
            .query_row([task_id], from_row)
            .optional()?
            .map(finish)
            .transpose()
    }

    fn open_relays(&self) -> Result<Vec<TaskFederationRow>, StoreError> {
        let mut stmt = self.conn().prepare_cached(OPEN_RELAYS_SQL)?;
        let raw = stmt
            .query_map([], from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        let mut rows: Vec<TaskFederationRow> =
            raw.into_iter().map(finish).collect::<Result<_, _>>()?;
        rows.sort_by(|a, b| a.task_id.cmp(&b.task_id));
        Ok(rows)
    }

    fn callback_secret(&self, task_id: &str) -> Result<Option<String>, StoreError> {
        let sealed: Option<Option<String>> = self
            .conn()
            .prepare_cached("SELECT callback_secret FROM task_federation WHERE task_id = ?1")?
            .query_row([task_id], |r| r.get(0))
            .optional()?;
        sealed
            .flatten()
            .map(|s| {
                self.ring()
                    .decrypt(&s)
                    .map_err(|e| StoreError::Corrupt(format!("relay callback of {task_id}: {e}")))
            })
            .transpose()
    }

    fn pending_callbacks(&self) -> Result<Vec<TaskFederationRow>, StoreError> {
        let mut stmt = self.conn().prepare_cached(PENDING_CALLBACKS_SQL)?;
        let raw = stmt
            .query_map([], from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        let mut rows: Vec<TaskFederationRow> =
            raw.into_iter().map(finish).collect::<Result<_, _>>()?;
        rows.sort_by(|a, b| a.task_id.cmp(&b.task_id));
        Ok(rows)
    }
}

impl FederationWrites for SqliteTx<'_> {
    fn upsert_peer(&self, row: &PeerRow, token: &str) -> Result<(), StoreError> {
        self.txn
            .prepare_cached(
                "INSERT INTO peers (name, url, token, created_at) VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT (name) DO UPDATE SET url = excluded.url, token = excluded.token",
            )?
            .execute(params![
                row.name,
                row.url,
                self.ring.encrypt(token),
                to_micros(row.created_at)
            ])?;
        Ok(())
    }

    fn delete_peer(&self, name: &str) -> Result<bool, StoreError> {
        Ok(self
            .txn
            .prepare_cached("DELETE FROM peers WHERE name = ?1")?
            .execute([name])?
            > 0)
    }

    fn save_task_federation(&self, row: &TaskFederationRow) -> Result<(), StoreError> {
        let visited = serde_json::to_string(&row.visited).map_err(corrupt)?;
        // An upsert of the listed columns: the callback secret is kept.
        self.txn
            .prepare_cached(&format!(
                "INSERT INTO task_federation ({COLS}) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) \
                 ON CONFLICT (task_id) DO UPDATE SET trust = excluded.trust, \
                 origin_hub = excluded.origin_hub, origin_task_id = excluded.origin_task_id, \
                 hops = excluded.hops, visited = excluded.visited, \
                 relayed_to = excluded.relayed_to, peer_hub = excluded.peer_hub, \
                 peer_task_id = excluded.peer_task_id, relay_fence = excluded.relay_fence, \
                 template = excluded.template, return_task_id = excluded.return_task_id, \
                 return_fence = excluded.return_fence, push = excluded.push"
            ))?
            .execute(params![
                row.task_id,
                row.trust.as_str(),
                row.origin_hub,
                row.origin_task_id,
                row.hops,
                visited,
                row.relayed_to,
                row.peer_hub,
                row.peer_task_id,
                row.relay_fence,
                row.template,
                row.return_task_id,
                row.return_fence,
                i64::from(row.push),
            ])?;
        Ok(())
    }

    fn set_callback_secret(&self, task_id: &str, secret: Option<&str>) -> Result<(), StoreError> {
        self.txn
            .prepare_cached("UPDATE task_federation SET callback_secret = ?2 WHERE task_id = ?1")?
            .execute(params![task_id, secret.map(|s| self.ring.encrypt(s))])?;
        Ok(())
    }

    fn note_peer(
        &self,
        name: &str,
        hub: Option<&str>,
        latency_us: Option<i64>,
    ) -> Result<(), StoreError> {
        self.txn
            .prepare_cached(
                "UPDATE peers SET hub = coalesce(?2, hub), latency_us = coalesce(?3, latency_us) \
                 WHERE name = ?1",
            )?
            .execute(params![name, hub, latency_us])?;
        Ok(())
    }

    fn count_peer(
        &self,
        name: &str,
        relayed: i64,
        succeeded: i64,
        failed: i64,
    ) -> Result<(), StoreError> {
        self.txn
            .prepare_cached(
                "UPDATE peers SET relayed = relayed + ?2, succeeded = succeeded + ?3, \
                 failed = failed + ?4 WHERE name = ?1",
            )?
            .execute(params![name, relayed, succeeded, failed])?;
        Ok(())
    }
}

/// Re-encrypt up to `batch` peer tokens and relay callback secrets not
/// sealed under the ring's newest key; returns how many.
pub fn reseal(
    conn: &rusqlite::Connection,
    ring: &crate::crypto::KeyRing,
    batch: i64,
) -> Result<usize, StoreError> {
    let tokens = PEER_TOKENS.reseal(conn, ring, batch)?;
    Ok(tokens + CALLBACK_SECRETS.reseal(conn, ring, batch)?)
}

/// Peer tokens and callback secrets not yet sealed under the newest key.
pub fn unsealed(
    conn: &rusqlite::Connection,
    ring: &crate::crypto::KeyRing,
) -> Result<i64, StoreError> {
    Ok(PEER_TOKENS.unsealed(conn, ring)? + CALLBACK_SECRETS.unsealed(conn, ring)?)
}
