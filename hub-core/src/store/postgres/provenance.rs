//! SQL for provenance links (one per signed task result).

use tokio_postgres::Row;

use super::db::col;
use super::session::Session;
use crate::store::error::StoreError;
use crate::store::repos::{LinkRow, ProvenanceReads, ProvenanceWrites};
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
}
