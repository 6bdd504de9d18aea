//! SQL for self-evolving agents: evolution tasks, amendments, and the
//! statistics' reads of an agent's finished tasks.

use m3shd_api::{AmendmentStatus, Timestamp};
use tokio_postgres::Row;

use super::db::col;
use super::session::Session;
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

fn opt_time(r: &Row, i: usize) -> Result<Option<Timestamp>, StoreError> {
    Ok(col::<Option<i64>>(r, i)?.map(from_micros))
}

fn amendment_from_row(r: &Row) -> Result<AmendmentRow, StoreError> {
    let kind: String = col(r, 2)?;
    let status: String = col(r, 7)?;
    Ok(AmendmentRow {
        id: col(r, 0)?,
        agent_id: col(r, 1)?,
        kind: parse(&kind)?,
        text: col(r, 3)?,
        confidence: col(r, 4)?,
        evidence: col(r, 5)?,
        source_task: col(r, 6)?,
        status: parse(&status)?,
        target: col(r, 8)?,
        created_at: from_micros(col(r, 9)?),
        updated_at: from_micros(col(r, 10)?),
        decided_at: opt_time(r, 11)?,
        decided_by: col(r, 12)?,
        reverted_at: opt_time(r, 13)?,
        reverted_by: col(r, 14)?,
        reason: col(r, 15)?,
    })
}

fn request_from_row(r: &Row) -> Result<EvolutionRequestRow, StoreError> {
    Ok(EvolutionRequestRow {
        task_id: col(r, 0)?,
        agent_id: col(r, 1)?,
        created_at: from_micros(col(r, 2)?),
        recorded_at: opt_time(r, 3)?,
        recorded: col(r, 4)?,
    })
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

impl EvolutionReads for Session<'_> {
    fn amendment(&self, id: &str) -> Result<Option<AmendmentRow>, StoreError> {
        let rows = self.query(
            &format!("SELECT {AMENDMENT_COLS} FROM evolution_amendments WHERE id = $1"),
            &[&id],
        )?;
        rows.first().map(amendment_from_row).transpose()
    }

    fn amendments(
        &self,
        agent: Option<&str>,
        status: Option<AmendmentStatus>,
        limit: i64,
    ) -> Result<Vec<AmendmentRow>, StoreError> {
        let status = status.map(AmendmentStatus::as_str);
        self.query(
            &format!(
                "SELECT {AMENDMENT_COLS} FROM evolution_amendments \
                 WHERE ($1::text IS NULL OR agent_id = $1) AND ($2::text IS NULL OR status = $2) \
                 ORDER BY created_at DESC, id DESC LIMIT $3"
            ),
            &[&agent, &status, &limit],
        )?
        .iter()
        .map(amendment_from_row)
        .collect()
    }

    fn amendments_in(
        &self,
        agent: &str,
        status: AmendmentStatus,
    ) -> Result<Vec<AmendmentRow>, StoreError> {
        self.query(
            &format!(
                "SELECT {AMENDMENT_COLS} FROM evolution_amendments \
                 WHERE agent_id = $1 AND status = $2 \
                 ORDER BY coalesce(decided_at, created_at), created_at, id"
            ),
            &[&agent, &status.as_str()],
        )?
        .iter()
        .map(amendment_from_row)
        .collect()
    }

    fn request(&self, task_id: &str) -> Result<Option<EvolutionRequestRow>, StoreError> {
        let rows = self.query(
            &format!("SELECT {REQUEST_COLS} FROM evolution_requests WHERE task_id = $1"),
            &[&task_id],
        )?;
        rows.first().map(request_from_row).transpose()
    }

    fn latest_request(&self, agent: &str) -> Result<Option<EvolutionRequestRow>, StoreError> {
        let rows = self.query(
            &format!(
                "SELECT {REQUEST_COLS} FROM evolution_requests WHERE agent_id = $1 \
                 ORDER BY created_at DESC, task_id DESC LIMIT 1"
            ),
            &[&agent],
        )?;
        rows.first().map(request_from_row).transpose()
    }

    fn open_request(&self, agent: &str) -> Result<Option<String>, StoreError> {
        let rows = self.query(
            "SELECT r.task_id FROM evolution_requests r JOIN tasks t ON t.id = r.task_id \
             WHERE r.agent_id = $1 AND t.status IN ('blocked','queued','assigned','running') \
             ORDER BY r.created_at DESC LIMIT 1",
            &[&agent],
        )?;
        rows.first().map(|r| col(r, 0)).transpose()
    }

    fn finished_tallies(
        &self,
        agent: &str,
        since: Timestamp,
    ) -> Result<Vec<FinishedTally>, StoreError> {
        self.query(
            "SELECT required_capability, \
                    count(*) FILTER (WHERE status = 'done')::bigint, \
                    count(*) FILTER (WHERE status = 'failed')::bigint \
             FROM tasks WHERE assigned_to = $1 AND finished_at >= $2 \
               AND status IN ('done','failed') \
             GROUP BY required_capability ORDER BY required_capability NULLS FIRST",
            &[&agent, &to_micros(since)],
        )?
        .iter()
        .map(|r| {
            Ok(FinishedTally {
                capability: col(r, 0)?,
                done: count(col(r, 1)?),
                failed: count(col(r, 2)?),
            })
        })
        .collect()
    }

    fn recent_failures(
        &self,
        agent: &str,
        since: Timestamp,
        limit: i64,
    ) -> Result<Vec<FailedRow>, StoreError> {
        self.query(
            "SELECT id, required_capability, error, finished_at FROM tasks \
             WHERE assigned_to = $1 AND finished_at >= $2 AND status = 'failed' \
             ORDER BY finished_at DESC LIMIT $3",
            &[&agent, &to_micros(since), &limit],
        )?
        .iter()
        .map(|r| {
            Ok(FailedRow {
                task_id: col(r, 0)?,
                capability: col(r, 1)?,
                error: col(r, 2)?,
                finished_at: from_micros(col(r, 3)?),
            })
        })
        .collect()
    }
}

impl EvolutionWrites for Session<'_> {
    fn insert_request(&self, r: &EvolutionRequestRow) -> Result<(), StoreError> {
        self.execute(
            &format!("INSERT INTO evolution_requests ({REQUEST_COLS}) VALUES ($1, $2, $3, $4, $5)"),
            &[
                &r.task_id,
                &r.agent_id,
                &to_micros(r.created_at),
                &r.recorded_at.map(to_micros),
                &r.recorded,
            ],
        )?;
        Ok(())
    }

    fn record_request(&self, task_id: &str, at: Timestamp, count: i64) -> Result<bool, StoreError> {
        Ok(self.execute(
            "UPDATE evolution_requests SET recorded_at = $2, recorded = $3 WHERE task_id = $1",
            &[&task_id, &to_micros(at), &count],
        )? == 1)
    }

    fn insert_amendment(&self, a: &AmendmentRow) -> Result<(), StoreError> {
        self.execute(
            &format!(
                "INSERT INTO evolution_amendments ({AMENDMENT_COLS}) VALUES \
                 ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
            ),
            &[
                &a.id,
                &a.agent_id,
                &a.kind.as_str(),
                &a.text,
                &a.confidence,
                &a.evidence,
                &a.source_task,
                &a.status.as_str(),
                &a.target,
                &to_micros(a.created_at),
                &to_micros(a.updated_at),
                &a.decided_at.map(to_micros),
                &a.decided_by,
                &a.reverted_at.map(to_micros),
                &a.reverted_by,
                &a.reason,
            ],
        )?;
        Ok(())
    }

    fn update_amendment(&self, a: &AmendmentRow) -> Result<bool, StoreError> {
        Ok(self.execute(
            "UPDATE evolution_amendments SET status = $2, target = $3, updated_at = $4, \
             decided_at = $5, decided_by = $6, reverted_at = $7, reverted_by = $8, \
             reason = $9 WHERE id = $1",
            &[
                &a.id,
                &a.status.as_str(),
                &a.target,
                &to_micros(a.updated_at),
                &a.decided_at.map(to_micros),
                &a.decided_by,
                &a.reverted_at.map(to_micros),
                &a.reverted_by,
                &a.reason,
            ],
        )? == 1)
    }
}
