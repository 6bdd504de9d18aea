//! SQL for approval requests.

use m3shd_api::{Approval, ApprovalStatus, Timestamp};
use rusqlite::{Connection, OptionalExtension, params};

use super::session::{Connected, SqliteTx};
use crate::store::time::{from_micros, to_micros};
use crate::store::error::StoreError;
use crate::store::repos::{ApprovalReads, ApprovalWrites, approvals::status_str};

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

fn collect(
    conn: &Connection,
    sql: &str,
    p: impl rusqlite::Params,
) -> Result<Vec<Approval>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(p)?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let status: String = r.get(4)?;
        out.push(Approval {
            id: r.get(0)?,
            agent: r.get(1)?,
            action: r.get(2)?,
            description: r.get(3)?,
            status: parse_status(&status)?,
            task_id: r.get(5)?,
            decided_by: r.get(6)?,
            created_at: from_micros(r.get(7)?),
            decided_at: r.get::<_, Option<i64>>(8)?.map(from_micros),
            expires_at: r.get::<_, Option<i64>>(9)?.map(from_micros),
        });
    }
    Ok(out)
}

pub fn insert(conn: &Connection, a: &Approval) -> Result<(), StoreError> {
    conn.prepare_cached(&format!(
        "INSERT INTO approvals ({COLS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
    ))?
    .execute(params![
        a.id,
        a.agent,
        a.action,
        a.description,
        status_str(a.status),
        a.task_id,
        a.decided_by,
        to_micros(a.created_at),
        a.decided_at.map(to_micros),
        a.expires_at.map(to_micros),
    ])?;
    Ok(())
}

pub fn save(conn: &Connection, a: &Approval) -> Result<(), StoreError> {
    conn.prepare_cached(
        "UPDATE approvals SET status = ?2, decided_by = ?3, decided_at = ?4 WHERE id = ?1",
    )?
    .execute(params![
        a.id,
        status_str(a.status),
        a.decided_by,
        a.decided_at.map(to_micros)
    ])?;
    Ok(())
}

pub fn get(conn: &Connection, id: &str) -> Result<Option<Approval>, StoreError> {
    Ok(collect(
        conn,
        &format!("SELECT {COLS} FROM approvals WHERE id = ?1"),
        [id],
    )?
    .pop())
}

/// The most recent pending request.
pub fn latest_pending(conn: &Connection) -> Result<Option<Approval>, StoreError> {
    let sql = format!(
        "SELECT {COLS} FROM approvals WHERE status = 'pending' \
         ORDER BY created_at DESC, rowid DESC LIMIT 1"
    );
    Ok(collect(conn, &sql, [])?.pop())
}

/// Newest first.
pub fn list(
    conn: &Connection,
    status: Option<ApprovalStatus>,
    limit: i64,
) -> Result<Vec<Approval>, StoreError> {
    let sql = format!(
        "SELECT {COLS} FROM approvals WHERE (?1 IS NULL OR status = ?1) \
         ORDER BY created_at DESC, rowid DESC LIMIT ?2"
    );
    collect(conn, &sql, params![status.map(status_str), limit])
}

/// Pending requests whose time ran out.
pub fn expired(conn: &Connection, now: Timestamp) -> Result<Vec<String>, StoreError> {
    let ids = conn
        .prepare_cached(
            "SELECT id FROM approvals WHERE status = 'pending' AND expires_at IS NOT NULL \
             AND expires_at <= ?1 ORDER BY created_at",
        )?
        .query_map([to_micros(now)], |r| r.get(0))?
        .collect::<Result<Vec<String>, _>>()?;
    Ok(ids)
}

/// The status of the approval gating a task, if any (latest first).
pub fn for_task(conn: &Connection, task: &str) -> Result<Option<ApprovalStatus>, StoreError> {
    let s: Option<String> = conn
        .prepare_cached(
            "SELECT status FROM approvals WHERE task_id = ?1 ORDER BY created_at DESC, rowid DESC \
             LIMIT 1",
        )?
        .query_row([task], |r| r.get(0))
        .optional()?;
    s.map(|s| parse_status(&s)).transpose()
}

impl<C: Connected> ApprovalReads for C {
    fn get(&self, id: &str) -> Result<Option<Approval>, StoreError> {
        get(self.conn(), id)
    }

    fn latest_pending(&self) -> Result<Option<Approval>, StoreError> {
        latest_pending(self.conn())
    }

    fn list(
        &self,
        status: Option<ApprovalStatus>,
        limit: i64,
    ) -> Result<Vec<Approval>, StoreError> {
        list(self.conn(), status, limit)
    }

    fn expired(&self, now: Timestamp) -> Result<Vec<String>, StoreError> {
        expired(self.conn(), now)
    }

    fn for_task(&self, task: &str) -> Result<Option<ApprovalStatus>, StoreError> {
        for_task(self.conn(), task)
    }
}

impl ApprovalWrites for SqliteTx<'_> {
    fn insert(&self, a: &Approval) -> Result<(), StoreError> {
        insert(&self.txn, a)
    }

    fn save(&self, a: &Approval) -> Result<(), StoreError> {
        save(&self.txn, a)
    }
}
