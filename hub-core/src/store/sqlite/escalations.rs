//! SQL for escalations.

use m3shd_api::{Escalation, EscalationStatus};
use rusqlite::{Connection, params};

use super::session::{Connected, SqliteTx};
use crate::store::time::{from_micros, to_micros};
use crate::store::error::StoreError;
use crate::store::repos::{EscalationReads, EscalationWrites, escalations::status_str};

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

fn collect(
    conn: &Connection,
    sql: &str,
    p: impl rusqlite::Params,
) -> Result<Vec<Escalation>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(p)?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let status: String = r.get(5)?;
        out.push(Escalation {
            id: r.get(0)?,
            from_agent: r.get(1)?,
            to_agent: r.get(2)?,
            task_id: r.get(3)?,
            reason: r.get(4)?,
            status: parse_status(&status)?,
            created_at: from_micros(r.get(6)?),
            updated_at: from_micros(r.get(7)?),
        });
    }
    Ok(out)
}

pub fn insert(conn: &Connection, e: &Escalation) -> Result<(), StoreError> {
    conn.prepare_cached(&format!(
        "INSERT INTO escalations ({COLS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
    ))?
    .execute(params![
        e.id,
        e.from_agent,
        e.to_agent,
        e.task_id,
        e.reason,
        status_str(e.status),
        to_micros(e.created_at),
        to_micros(e.updated_at)
    ])?;
    Ok(())
}

pub fn save(conn: &Connection, e: &Escalation) -> Result<(), StoreError> {
    conn.prepare_cached("UPDATE escalations SET status = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![e.id, status_str(e.status), to_micros(e.updated_at)])?;
    Ok(())
}

pub fn get(conn: &Connection, id: &str) -> Result<Option<Escalation>, StoreError> {
    Ok(collect(
        conn,
        &format!("SELECT {COLS} FROM escalations WHERE id = ?1"),
        [id],
    )?
    .pop())
}

pub fn list(
    conn: &Connection,
    status: Option<EscalationStatus>,
    limit: i64,
) -> Result<Vec<Escalation>, StoreError> {
    let sql = format!(
        "SELECT {COLS} FROM escalations WHERE (?1 IS NULL OR status = ?1) \
         ORDER BY created_at DESC, rowid DESC LIMIT ?2"
    );
    collect(conn, &sql, params![status.map(status_str), limit])
}

impl<C: Connected> EscalationReads for C {
    fn get(&self, id: &str) -> Result<Option<Escalation>, StoreError> {
        get(self.conn(), id)
    }

    fn list(
        &self,
        status: Option<EscalationStatus>,
        limit: i64,
    ) -> Result<Vec<Escalation>, StoreError> {
        list(self.conn(), status, limit)
    }
}

impl EscalationWrites for SqliteTx<'_> {
    fn insert(&self, e: &Escalation) -> Result<(), StoreError> {
        insert(&self.txn, e)
    }

    fn save(&self, e: &Escalation) -> Result<(), StoreError> {
        save(&self.txn, e)
    }
}
