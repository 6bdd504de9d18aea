//! SQL for escalations.

use m3shd_api::{Escalation, EscalationStatus};
use tokio_postgres::Row;

use super::db::col;
use super::session::Session;
use crate::store::error::StoreError;
use crate::store::repos::{EscalationReads, EscalationWrites, escalations::status_str};
use crate::store::time::{from_micros, to_micros};

const COLS: &str = "id, from_agent, to_agent, task_id, reason, status, created_at, updated_at";

fn parse_status(s: &str) -> Result<EscalationStatus, StoreError> {
    match s {
        "open" => Ok(EscalationStatus::Open),
        "acknowledged" => Ok(EscalationStatus::Acknowledged),
        "resolved" => Ok(EscalationStatus::Resolved),
        o => Err(StoreError::Corrupt(format!(
            "unknown escalation status `{o}`"
        ))),
    }
}

fn from_row(r: &Row) -> Result<Escalation, StoreError> {
    let status: String = col(r, 5)?;
    Ok(Escalation {
        id: col(r, 0)?,
        from_agent: col(r, 1)?,
        to_agent: col(r, 2)?,
        task_id: col(r, 3)?,
        reason: col(r, 4)?,
        status: parse_status(&status)?,
        created_at: from_micros(col(r, 6)?),
        updated_at: from_micros(col(r, 7)?),
    })
}

impl EscalationReads for Session<'_> {
    fn get(&self, id: &str) -> Result<Option<Escalation>, StoreError> {
        let row = self.query_opt(
            &format!("SELECT {COLS} FROM escalations WHERE id = $1"),
            &[&id],
        )?;
        row.as_ref().map(from_row).transpose()
    }

    /// Newest first.
    fn list(
        &self,
        status: Option<EscalationStatus>,
        limit: i64,
    ) -> Result<Vec<Escalation>, StoreError> {
        let rows = self.query(
            &format!(
                "SELECT {COLS} FROM escalations WHERE ($1::text IS NULL OR status = $1) \
                 ORDER BY created_at DESC, rowid DESC LIMIT $2"
            ),
            &[&status.map(status_str), &limit],
        )?;
        rows.iter().map(from_row).collect()
    }
}

impl EscalationWrites for Session<'_> {
    fn insert(&self, e: &Escalation) -> Result<(), StoreError> {
        self.execute(
            &format!("INSERT INTO escalations ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"),
            &[
                &e.id,
                &e.from_agent,
                &e.to_agent,
                &e.task_id,
                &e.reason,
                &status_str(e.status),
                &to_micros(e.created_at),
                &to_micros(e.updated_at),
            ],
        )?;
        Ok(())
    }

    fn save(&self, e: &Escalation) -> Result<(), StoreError> {
        self.execute(
            "UPDATE escalations SET status = $2, updated_at = $3 WHERE id = $1",
            &[&e.id, &status_str(e.status), &to_micros(e.updated_at)],
        )?;
        Ok(())
    }
}
