//! SQL for approval requests.

use m3shd_api::{Approval, ApprovalStatus, Timestamp};
use tokio_postgres::Row;

use super::db::col;
use super::session::Session;
use crate::store::error::StoreError;
use crate::store::repos::{ApprovalReads, ApprovalWrites, approvals::status_str};
use crate::store::time::{from_micros, to_micros};

const COLS: &str = "id, agent, action, description, status, task_id, decided_by, created_at, decided_at, expires_at";

fn parse_status(s: &str) -> Result<ApprovalStatus, StoreError> {
    match s {
        "pending" => Ok(ApprovalStatus::Pending),
        "approved" => Ok(ApprovalStatus::Approved),
        "rejected" => Ok(ApprovalStatus::Rejected),
        "expired" => Ok(ApprovalStatus::Expired),
        o => Err(StoreError::Corrupt(format!(
            "unknown approval status `{o}`"
        ))),
    }
}

fn from_row(r: &Row) -> Result<Approval, StoreError> {
    let status: String = col(r, 4)?;
    Ok(Approval {
        id: col(r, 0)?,
        agent: col(r, 1)?,
        action: col(r, 2)?,
        description: col(r, 3)?,
        status: parse_status(&status)?,
        task_id: col(r, 5)?,
        decided_by: col(r, 6)?,
        created_at: from_micros(col(r, 7)?),
        decided_at: col::<Option<i64>>(r, 8)?.map(from_micros),
        expires_at: col::<Option<i64>>(r, 9)?.map(from_micros),
    })
}

impl ApprovalReads for Session<'_> {
    fn get(&self, id: &str) -> Result<Option<Approval>, StoreError> {
        let row = self.query_opt(
            &format!("SELECT {COLS} FROM approvals WHERE id = $1"),
            &[&id],
        )?;
        row.as_ref().map(from_row).transpose()
    }

    /// The most recent pending request.
    fn latest_pending(&self) -> Result<Option<Approval>, StoreError> {
        let row = self.query_opt(
            &format!(
                "SELECT {COLS} FROM approvals WHERE status = 'pending' \
                 ORDER BY created_at DESC, rowid DESC LIMIT 1"
            ),
            &[],
        )?;
        row.as_ref().map(from_row).transpose()
    }

    /// Newest first.
    fn list(
        &self,
        status: Option<ApprovalStatus>,
        limit: i64,
    ) -> Result<Vec<Approval>, StoreError> {
        let rows = self.query(
            &format!(
                "SELECT {COLS} FROM approvals WHERE ($1::text IS NULL OR status = $1) \
                 ORDER BY created_at DESC, rowid DESC LIMIT $2"
            ),
            &[&status.map(status_str), &limit],
        )?;
        rows.iter().map(from_row).collect()
    }

    /// Pending requests whose time ran out.
    fn expired(&self, now: Timestamp) -> Result<Vec<String>, StoreError> {
        let rows = self.query(
            "SELECT id FROM approvals WHERE status = 'pending' AND expires_at IS NOT NULL \
             AND expires_at <= $1 ORDER BY created_at, rowid",
            &[&to_micros(now)],
        )?;
        rows.iter().map(|r| col(r, 0)).collect()
    }

    /// The status of the approval gating a task, if any (latest first).
    fn for_task(&self, task: &str) -> Result<Option<ApprovalStatus>, StoreError> {
        let row = self.query_opt(
            "SELECT status FROM approvals WHERE task_id = $1 \
             ORDER BY created_at DESC, rowid DESC LIMIT 1",
            &[&task],
        )?;
        row.map(|r| parse_status(&col::<String>(&r, 0)?))
            .transpose()
    }
}

impl ApprovalWrites for Session<'_> {
    fn insert(&self, a: &Approval) -> Result<(), StoreError> {
        self.execute(
            &format!(
                "INSERT INTO approvals ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
            ),
            &[
                &a.id,
                &a.agent,
                &a.action,
                &a.description,
                &status_str(a.status),
                &a.task_id,
                &a.decided_by,
                &to_micros(a.created_at),
                &a.decided_at.map(to_micros),
                &a.expires_at.map(to_micros),
            ],
        )?;
        Ok(())
    }

    fn save(&self, a: &Approval) -> Result<(), StoreError> {
        self.execute(
            "UPDATE approvals SET status = $2, decided_by = $3, decided_at = $4 WHERE id = $1",
            &[
                &a.id,
                &status_str(a.status),
                &a.decided_by,
                &a.decided_at.map(to_micros),
            ],
        )?;
        Ok(())
    }
}
