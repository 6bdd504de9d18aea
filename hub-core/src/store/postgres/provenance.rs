//! SQL for provenance links (one per signed task result).

use tokio_postgres::Row;

use super::db::col;
use super::session::Session;
use crate::store::error::StoreError;
use crate::store::repos::{FederatedLinkRow, LinkRow, ProvenanceReads, ProvenanceWrites};
use crate::store::time::{from_micros, to_micros};

fn link(r: &Row) -> Result<LinkRow, StoreError> {
    Ok(LinkRow {
        task_id: col(r, 0)?,
        prev_hash: col(r, 1)?,
        signed_at: from_micros(col(r, 2)?),
        agent_id: col(r, 3)?,
        output_hash: col(r, 4)?,
        signature: col(r, 5)?,
    })
}

const FEDERATED_COLS: &str = "task_id, peer, hub, peer_task_id, agent_id, signed_at, prev_hash, \
    output_hash, signature";

fn federated(r: &Row) -> Result<FederatedLinkRow, StoreError> {
    Ok(FederatedLinkRow {
        task_id: col(r, 0)?,
        peer: col(r, 1)?,
        link: m3shd_api::FederatedLink {
            hub: col(r, 2)?,
            task_id: col(r, 3)?,
            agent_id: col(r, 4)?,
            signed_at: from_micros(col(r, 5)?),
            prev_hash: col(r, 6)?,
            output_hash: col(r, 7)?,
            signature: col(r, 8)?,
        },
    })
}

impl ProvenanceReads for Session<'_> {
    fn link(&self, task: &str) -> Result<Option<LinkRow>, StoreError> {
        let row = self.query_opt(
            "SELECT task_id, prev_hash, signed_at, agent_id, output_hash, signature \
             FROM provenance WHERE task_id = $1",
            &[&task],
        )?;
        row.as_ref().map(link).transpose()
    }

    /// The signature of `task`'s link, if it has one.
    fn signature(&self, task: &str) -> Result<Option<String>, StoreError> {
        let row = self.query_opt(
            "SELECT signature FROM provenance WHERE task_id = $1",
            &[&task],
        )?;
        row.map(|r| col(&r, 0)).transpose()
    }

    fn federated_link(&self, task: &str) -> Result<Option<FederatedLinkRow>, StoreError> {
        let row = self.query_opt(
            &format!("SELECT {FEDERATED_COLS} FROM federated_links WHERE task_id = $1"),
            &[&task],
        )?;
        row.as_ref().map(federated).transpose()
    }
}

impl ProvenanceWrites for Session<'_> {
    fn insert(&self, l: &LinkRow) -> Result<(), StoreError> {
        self.execute(
            "INSERT INTO provenance (task_id, prev_hash, signed_at, agent_id, output_hash, signature) \
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                &l.task_id,
                &l.prev_hash,
                &to_micros(l.signed_at),
                &l.agent_id,
                &l.output_hash,
                &l.signature,
            ],
        )?;
        Ok(())
    }

    fn insert_federated_link(&self, l: &FederatedLinkRow) -> Result<(), StoreError> {
        self.execute(
            &format!(
                "INSERT INTO federated_links ({FEDERATED_COLS}) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
            ),
            &[
                &l.task_id,
                &l.peer,
                &l.link.hub,
                &l.link.task_id,
                &l.link.agent_id,
                &to_micros(l.link.signed_at),
                &l.link.prev_hash,
                &l.link.output_hash,
                &l.link.signature,
            ],
        )?;
        Ok(())
    }
}
