//! SQL for provenance links (one per signed task result).

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::session::{Connected, SqliteTx};
use crate::store::error::StoreError;
use crate::store::repos::{FederatedLinkRow, LinkRow, ProvenanceReads, ProvenanceWrites};
use crate::store::time::{from_micros, to_micros};

pub fn insert(conn: &Connection, l: &LinkRow) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO provenance (task_id, prev_hash, signed_at, agent_id, output_hash, signature)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        l.task_id,
        l.prev_hash,
        to_micros(l.signed_at),
        l.agent_id,
        l.output_hash,
        l.signature
    ])?;
    Ok(())
}

fn link(r: &Row<'_>) -> rusqlite::Result<LinkRow> {
    Ok(LinkRow {
        task_id: r.get(0)?,
        prev_hash: r.get(1)?,
        signed_at: from_micros(r.get(2)?),
        agent_id: r.get(3)?,
        output_hash: r.get(4)?,
        signature: r.get(5)?,
    })
}

pub fn get(conn: &Connection, task: &str) -> Result<Option<LinkRow>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT task_id, prev_hash, signed_at, agent_id, output_hash, signature \
             FROM provenance WHERE task_id = ?1",
        )?
        .query_row([task], link)
        .optional()?)
}

/// The signature of `task`'s link, if it has one.
pub fn signature(conn: &Connection, task: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT signature FROM provenance WHERE task_id = ?1")?
        .query_row([task], |r| r.get(0))
        .optional()?)
}

const FEDERATED_COLS: &str = "task_id, peer, hub, peer_task_id, agent_id, signed_at, prev_hash, \
    output_hash, signature";

fn federated(r: &Row<'_>) -> rusqlite::Result<FederatedLinkRow> {
    Ok(FederatedLinkRow {
        task_id: r.get(0)?,
        peer: r.get(1)?,
        link: m3shd_api::FederatedLink {
            hub: r.get(2)?,
            task_id: r.get(3)?,
            agent_id: r.get(4)?,
            signed_at: from_micros(r.get(5)?),
            prev_hash: r.get(6)?,
            output_hash: r.get(7)?,
            signature: r.get(8)?,
        },
    })
}

impl<C: Connected> ProvenanceReads for C {
    fn link(&self, task: &str) -> Result<Option<LinkRow>, StoreError> {
        get(self.conn(), task)
    }

    fn signature(&self, task: &str) -> Result<Option<String>, StoreError> {
        signature(self.conn(), task)
    }

    fn federated_link(&self, task: &str) -> Result<Option<FederatedLinkRow>, StoreError> {
        Ok(self
            .conn()
            .prepare_cached(&format!(
                "SELECT {FEDERATED_COLS} FROM federated_links WHERE task_id = ?1"
            ))?
            .query_row([task], federated)
            .optional()?)
    }
}

impl ProvenanceWrites for SqliteTx<'_> {
    fn insert(&self, link: &LinkRow) -> Result<(), StoreError> {
        insert(&self.txn, link)
    }

    fn insert_federated_link(&self, l: &FederatedLinkRow) -> Result<(), StoreError> {
        self.txn
            .prepare_cached(&format!(
                "INSERT INTO federated_links ({FEDERATED_COLS}) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
            ))?
            .execute(params![
                l.task_id,
                l.peer,
                l.link.hub,
                l.link.task_id,
                l.link.agent_id,
                to_micros(l.link.signed_at),
                l.link.prev_hash,
                l.link.output_hash,
                l.link.signature,
            ])?;
        Ok(())
    }
}
