//! SQL for self-evolving agents: evolution tasks, amendments, and the
//! statistics' reads of an agent's finished tasks.

use std::collections::BTreeMap;

use m3shd_api::{AmendmentStatus, Timestamp};
use rusqlite::{Connection, Row, params};

use super::session::{Connected, SqliteTx};
use crate::store::error::StoreError;
use crate::store::repos::{
    AmendmentRow, EvolutionReads, EvolutionRequestRow, EvolutionWrites, FailedRow, FinishedTally,
};
use crate::store::task_cols::parse;
use crate::store::time::{from_micros, to_micros};

const AMENDMENT_COLS: &str = "id, agent_id, kind, text, confidence, evidence, source_task, \
    status, target, created_at, updated_at, decided_at, decided_by, reverted_at, reverted_by, \
    reason";

const REQUEST_COLS: &str = "task_id, agent_id, created_at, recorded_at, recorded";

/// What the statistics count: an index-only walk of the agent's tasks
/// finished in the window (`tasks_agent_finished` holds every column read).
pub const FINISHED_SQL: &str = "SELECT required_capability, status FROM tasks \
    WHERE assigned_to = ?1 AND finished_at >= ?2 AND status IN ('done','failed')";

/// The latest failures in the window, walked from the index's newest end.
pub const FAILURES_SQL: &str = "SELECT id, required_capability, error, finished_at FROM tasks \
    WHERE assigned_to = ?1 AND finished_at >= ?2 AND status = 'failed' \
    ORDER BY finished_at DESC LIMIT ?3";

fn opt_time(v: Option<i64>) -> Option<Timestamp> {
    v.map(from_micros)
}

fn amendment_from_row(r: &Row<'_>) -> Result<AmendmentRow, StoreError> {
    let kind: String = r.get(2)?;
    let status: String = r.get(7)?;
    Ok(AmendmentRow {
        id: r.get(0)?,
        agent_id: r.get(1)?,
        kind: parse(&kind)?,
        text: r.get(3)?,
        confidence: r.get(4)?,
        evidence: r.get(5)?,
        source_task: r.get(6)?,
        status: parse(&status)?,
        target: r.get(8)?,
        created_at: from_micros(r.get(9)?),
        updated_at: from_micros(r.get(10)?),
        decided_at: opt_time(r.get(11)?),
        decided_by: r.get(12)?,
        reverted_at: opt_time(r.get(13)?),
        reverted_by: r.get(14)?,
        reason: r.get(15)?,
    })
}

fn request_from_row(r: &Row<'_>) -> Result<EvolutionRequestRow, StoreError> {
    Ok(EvolutionRequestRow {
        task_id: r.get(0)?,
        agent_id: r.get(1)?,
        created_at: from_micros(r.get(2)?),
        recorded_at: opt_time(r.get(3)?),
        recorded: r.get(4)?,
    })
}

fn amendments_where(
    conn: &Connection,
    sql: &str,
    p: impl rusqlite::Params,
) -> Result<Vec<AmendmentRow>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(p)?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(amendment_from_row(r)?);
    }
    Ok(out)
}

fn one_request(
    conn: &Connection,
    sql: &str,
    p: impl rusqlite::Params,
) -> Result<Option<EvolutionRequestRow>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(p)?;
    rows.next()?.map(request_from_row).transpose()
}

pub fn amendments(
    conn: &Connection,
    agent: Option<&str>,
    status: Option<AmendmentStatus>,
    limit: i64,
) -> Result<Vec<AmendmentRow>, StoreError> {
    let status = status.map(AmendmentStatus::as_str);
    let sql = format!(
        "SELECT {AMENDMENT_COLS} FROM evolution_amendments \
         WHERE (?1 IS NULL OR agent_id = ?1) AND (?2 IS NULL OR status = ?2) \
         ORDER BY created_at DESC, id DESC LIMIT ?3"
    );
    amendments_where(conn, &sql, params![agent, status, limit])
}

pub fn finished_tallies(
    conn: &Connection,
    agent: &str,
    since: i64,
) -> Result<Vec<FinishedTally>, StoreError> {
    let mut stmt = conn.prepare_cached(FINISHED_SQL)?;
    let mut rows = stmt.query(params![agent, since])?;
    let mut by_cap: BTreeMap<Option<String>, FinishedTally> = BTreeMap::new();
    while let Some(r) = rows.next()? {
        let capability: Option<String> = r.get(0)?;
        let status: String = r.get(1)?;
        let tally = by_cap
            .entry(capability.clone())
            .or_insert_with(|| FinishedTally {
                capability,
                ..FinishedTally::default()
            });
        if status == "done" {
            tally.done += 1;
        } else {
            tally.failed += 1;
        }
    }
    Ok(by_cap.into_values().collect())
}

pub fn recent_failures(
    conn: &Connection,
    agent: &str,
    since: i64,
    limit: i64,
) -> Result<Vec<FailedRow>, StoreError> {
    let mut stmt = conn.prepare_cached(FAILURES_SQL)?;
    let mut rows = stmt.query(params![agent, since, limit])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(FailedRow {
            task_id: r.get(0)?,
            capability: r.get(1)?,
            error: r.get(2)?,
            finished_at: from_micros(r.get(3)?),
        });
    }
    Ok(out)
}

impl<C: Connected> EvolutionReads for C {
    fn amendment(&self, id: &str) -> Result<Option<AmendmentRow>, StoreError> {
        let sql = format!("SELECT {AMENDMENT_COLS} FROM evolution_amendments WHERE id = ?1");
        Ok(amendments_where(self.conn(), &sql, [id])?
            .into_iter()
            .next())
    }

    fn amendments(
        &self,
        agent: Option<&str>,
        status: Option<AmendmentStatus>,
        limit: i64,
    ) -> Result<Vec<AmendmentRow>, StoreError> {
        amendments(self.conn(), agent, status, limit)
    }

    fn amendments_in(
        &self,
        agent: &str,
        status: AmendmentStatus,
    ) -> Result<Vec<AmendmentRow>, StoreError> {
        let sql = format!(
            "SELECT {AMENDMENT_COLS} FROM evolution_amendments \
             WHERE agent_id = ?1 AND status = ?2 \
             ORDER BY coalesce(decided_at, created_at), created_at, id"
        );
        amendments_where(self.conn(), &sql, params![agent, status.as_str()])
    }

    fn request(&self, task_id: &str) -> Result<Option<EvolutionRequestRow>, StoreError> {
        let sql = format!("SELECT {REQUEST_COLS} FROM evolution_requests WHERE task_id = ?1");
        one_request(self.conn(), &sql, [task_id])
    }

    fn latest_request(&self, agent: &str) -> Result<Option<EvolutionRequestRow>, StoreError> {
        let sql = format!(
            "SELECT {REQUEST_COLS} FROM evolution_requests WHERE agent_id = ?1 \
             ORDER BY created_at DESC, task_id DESC LIMIT 1"
        );
        one_request(self.conn(), &sql, [agent])
    }

    fn open_request(&self, agent: &str) -> Result<Option<String>, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT r.task_id FROM evolution_requests r JOIN tasks t ON t.id = r.task_id \
             WHERE r.agent_id = ?1 AND t.status IN ('blocked','queued','assigned','running') \
             ORDER BY r.created_at DESC LIMIT 1",
        )?;
        let mut rows = stmt.query([agent])?;
        Ok(match rows.next()? {
            Some(r) => Some(r.get(0)?),
            None => None,
        })
    }

    fn finished_tallies(
        &self,
        agent: &str,
        since: Timestamp,
    ) -> Result<Vec<FinishedTally>, StoreError> {
        finished_tallies(self.conn(), agent, to_micros(since))
    }

    fn recent_failures(
        &self,
        agent: &str,
        since: Timestamp,
        limit: i64,
    ) -> Result<Vec<FailedRow>, StoreError> {
        recent_failures(self.conn(), agent, to_micros(since), limit)
    }
}

impl EvolutionWrites for SqliteTx<'_> {
    fn insert_request(&self, r: &EvolutionRequestRow) -> Result<(), StoreError> {
        self.txn
            .prepare_cached(&format!(
                "INSERT INTO evolution_requests ({REQUEST_COLS}) VALUES (?1, ?2, ?3, ?4, ?5)"
            ))?
            .execute(params![
                r.task_id,
                r.agent_id,
                to_micros(r.created_at),
                r.recorded_at.map(to_micros),
                r.recorded,
            ])?;
        Ok(())
    }

    fn record_request(&self, task_id: &str, at: Timestamp, count: i64) -> Result<bool, StoreError> {
        Ok(self
            .txn
            .prepare_cached(
                "UPDATE evolution_requests SET recorded_at = ?2, recorded = ?3 WHERE task_id = ?1",
            )?
            .execute(params![task_id, to_micros(at), count])?
            == 1)
    }

    fn insert_amendment(&self, a: &AmendmentRow) -> Result<(), StoreError> {
        let res = self
            .txn
            .prepare_cached(&format!(
                "INSERT INTO evolution_amendments ({AMENDMENT_COLS}) VALUES \
                 (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"
            ))?
            .execute(params![
                a.id,
                a.agent_id,
                a.kind.as_str(),
                a.text,
                a.confidence,
                a.evidence,
                a.source_task,
                a.status.as_str(),
                a.target,
                to_micros(a.created_at),
                to_micros(a.updated_at),
                a.decided_at.map(to_micros),
                a.decided_by,
                a.reverted_at.map(to_micros),
                a.reverted_by,
                a.reason,
            ]);
        match res {
            Ok(_) => Ok(()),
            Err(rusqlite::Error::SqliteFailure(e, msg))
                if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY =>
            {
                Err(StoreError::Duplicate(msg.unwrap_or_default()))
            }
            Err(e) => Err(e.into()),
        }
    }

    fn update_amendment(&self, a: &AmendmentRow) -> Result<bool, StoreError> {
        Ok(self
            .txn
            .prepare_cached(
                "UPDATE evolution_amendments SET status = ?2, target = ?3, updated_at = ?4, \
                 decided_at = ?5, decided_by = ?6, reverted_at = ?7, reverted_by = ?8, \
                 reason = ?9 WHERE id = ?1",
            )?
            .execute(params![
                a.id,
                a.status.as_str(),
                a.target,
                to_micros(a.updated_at),
                a.decided_at.map(to_micros),
                a.decided_by,
                a.reverted_at.map(to_micros),
                a.reverted_by,
                a.reason,
            ])?
            == 1)
    }
}
