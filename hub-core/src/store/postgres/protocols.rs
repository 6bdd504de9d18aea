//! SQL for protocol edges, validation receipts and the ledger.

use m3shd_api::{Credit, LedgerEntry, ValidationReceipt};
use tokio_postgres::Row;

use super::db::col;
use super::session::Session;
use super::task_rows::{TASK_COLS, tasks_from_rows};
use crate::store::error::StoreError;
use crate::store::repos::{EdgeRow, ProtocolReads, ProtocolWrites, StrandedRow, TaskRecord};
use crate::store::task_cols::parse;
use crate::store::time::{from_micros, to_micros};

const RECEIPT_COLS: &str = "task_id, result_hash, result_task, producer, validation_task, \
    validator, verdict, reason, signature, created_at";

fn receipt(r: &Row) -> Result<ValidationReceipt, StoreError> {
    Ok(ValidationReceipt {
        task_id: col(r, 0)?,
        result_hash: col(r, 1)?,
        result_task: col(r, 2)?,
        producer: col(r, 3)?,
        validation_task: col(r, 4)?,
        validator: col(r, 5)?,
        verdict: parse(col(r, 6)?)?,
        reason: col(r, 7)?,
        signature: col(r, 8)?,
        created_at: from_micros(col(r, 9)?),
    })
}

impl ProtocolReads for Session<'_> {
    fn steps_of(&self, subject: &str) -> Result<Vec<TaskRecord>, StoreError> {
        let sql = format!(
            "SELECT {TASK_COLS} FROM tasks WHERE protocol_of = $1 ORDER BY created_at, rowid"
        );
        tasks_from_rows(&self.query(&sql, &[&subject])?)
    }

    fn edges_of(&self, subject: &str) -> Result<Vec<EdgeRow>, StoreError> {
        self.query(
            "SELECT e.from_id, e.to_id, e.role FROM protocol_edges e \
             JOIN tasks t ON t.id = e.to_id WHERE t.protocol_of = $1 \
             ORDER BY t.created_at, t.rowid, e.rowid",
            &[&subject],
        )?
        .iter()
        .map(|r| {
            Ok(EdgeRow {
                from: col(r, 0)?,
                to: col(r, 1)?,
                role: parse(col(r, 2)?)?,
            })
        })
        .collect()
    }

    fn stranded(&self) -> Result<Vec<StrandedRow>, StoreError> {
        self.query(
            "SELECT t.id, t.assign_to FROM tasks t JOIN agents a ON a.id = t.assign_to \
             WHERE t.assign_strict = 1 AND a.status = 'offline' \
               AND t.status IN ('blocked','queued','assigned','running') \
               AND (t.protocol_of IS NOT NULL OR t.protocol::jsonb ->> 'state' = 'running') \
             ORDER BY t.rowid",
            &[],
        )?
        .iter()
        .map(|r| {
            Ok(StrandedRow {
                task_id: col(r, 0)?,
                agent_id: col(r, 1)?,
            })
        })
        .collect()
    }

    fn receipts_of(&self, task: &str) -> Result<Vec<ValidationReceipt>, StoreError> {
        let sql = format!(
            "SELECT {RECEIPT_COLS} FROM validation_receipts WHERE task_id = $1 \
             ORDER BY created_at, rowid"
        );
        self.query(&sql, &[&task])?.iter().map(receipt).collect()
    }

    fn credits_of(&self, task: &str) -> Result<Vec<Credit>, StoreError> {
        self.query(
            "SELECT agent_id, task_id, credits, validation_task, created_at FROM ledger_credits \
             WHERE task_id = $1 ORDER BY created_at, rowid",
            &[&task],
        )?
        .iter()
        .map(|r| {
            Ok(Credit {
                agent_id: col(r, 0)?,
                task_id: col(r, 1)?,
                credits: col(r, 2)?,
                validation_task: col(r, 3)?,
                created_at: from_micros(col(r, 4)?),
            })
        })
        .collect()
    }

    fn ledger(&self) -> Result<Vec<LedgerEntry>, StoreError> {
        // Receipts name the producer; credits only exist for accepted ones.
        self.query(
            "SELECT v.producer, \
                    count(*) FILTER (WHERE v.verdict = 'accept'), \
                    count(*) FILTER (WHERE v.verdict = 'reject'), \
                    coalesce((SELECT sum(c.credits) FROM ledger_credits c \
                              WHERE c.agent_id = v.producer), 0.0), \
                    (SELECT max(c.created_at) FROM ledger_credits c \
                     WHERE c.agent_id = v.producer) \
             FROM validation_receipts v GROUP BY v.producer \
             ORDER BY 4 DESC, v.producer",
            &[],
        )?
        .iter()
        .map(|r| {
            Ok(LedgerEntry {
                agent_id: col(r, 0)?,
                validated_results: col(r, 1)?,
                rejected_results: col(r, 2)?,
                credits: col(r, 3)?,
                last_credit_at: col::<Option<i64>>(r, 4)?.map(from_micros),
            })
        })
        .collect()
    }
}

impl ProtocolWrites for Session<'_> {
    fn insert_edge(&self, e: &EdgeRow) -> Result<(), StoreError> {
        self.execute(
            "INSERT INTO protocol_edges (from_id, to_id, role) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
            &[&e.from, &e.to, &e.role.as_str()],
        )?;
        Ok(())
    }

    fn insert_receipt(&self, rc: &ValidationReceipt) -> Result<(), StoreError> {
        let sql = format!(
            "INSERT INTO validation_receipts ({RECEIPT_COLS}) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
        );
        self.execute(
            &sql,
            &[
                &rc.task_id,
                &rc.result_hash,
                &rc.result_task,
                &rc.producer,
                &rc.validation_task,
                &rc.validator,
                &rc.verdict.as_str(),
                &rc.reason,
                &rc.signature,
                &to_micros(rc.created_at),
            ],
        )?;
        Ok(())
    }

    fn insert_credit(&self, c: &Credit) -> Result<(), StoreError> {
        self.execute(
            "INSERT INTO ledger_credits (validation_task, agent_id, task_id, credits, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
            &[
                &c.validation_task,
                &c.agent_id,
                &c.task_id,
                &c.credits,
                &to_micros(c.created_at),
            ],
        )?;
        Ok(())
    }
}
