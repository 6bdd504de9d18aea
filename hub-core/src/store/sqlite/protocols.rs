//! SQL for protocol edges, validation receipts and the ledger.

use m3shd_api::{Credit, LedgerEntry, ValidationReceipt};
use rusqlite::{Connection, Row, params};

use super::rows::{TASK_COLS, parse, task_from_row};
use super::session::{Connected, SqliteTx};
use crate::store::time::{from_micros, to_micros};
use crate::store::error::StoreError;
use crate::store::repos::{EdgeRow, ProtocolReads, ProtocolWrites, StrandedRow, TaskRecord};

pub fn steps_of(conn: &Connection, subject: &str) -> Result<Vec<TaskRecord>, StoreError> {
    let sql =
        format!("SELECT {TASK_COLS} FROM tasks WHERE protocol_of = ?1 ORDER BY created_at, rowid");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([subject])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(task_from_row(r)?);
    }
    Ok(out)
}

pub fn edges_of(conn: &Connection, subject: &str) -> Result<Vec<EdgeRow>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.from_id, e.to_id, e.role FROM protocol_edges e \
         JOIN tasks t ON t.id = e.to_id WHERE t.protocol_of = ?1 \
         ORDER BY t.created_at, t.rowid, e.rowid",
    )?;
    let rows = stmt
        .query_map([subject], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(|(from, to, role)| {
            Ok(EdgeRow {
                from,
                to,
                role: parse(&role)?,
            })
        })
        .collect()
}

pub fn stranded(conn: &Connection) -> Result<Vec<StrandedRow>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.id, t.assign_to FROM tasks t JOIN agents a ON a.id = t.assign_to \
         WHERE t.assign_strict = 1 AND a.status = 'offline' \
           AND t.status IN ('blocked','queued','assigned','running') \
           AND (t.protocol_of IS NOT NULL \
                OR json_extract(t.protocol, '$.state') = 'running')",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(StrandedRow {
                task_id: r.get(0)?,
                agent_id: r.get(1)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

const RECEIPT_COLS: &str = "task_id, result_hash, result_task, producer, validation_task, \
    validator, verdict, reason, signature, created_at";

fn receipt(r: &Row<'_>) -> rusqlite::Result<(ValidationReceipt, String)> {
    let verdict: String = r.get(6)?;
    Ok((
        ValidationReceipt {
            task_id: r.get(0)?,
            result_hash: r.get(1)?,
            result_task: r.get(2)?,
            producer: r.get(3)?,
            validation_task: r.get(4)?,
            validator: r.get(5)?,
            verdict: m3shd_api::Verdict::Accept,
            reason: r.get(7)?,
            signature: r.get(8)?,
            created_at: from_micros(r.get(9)?),
        },
        verdict,
    ))
}

pub fn receipts_of(conn: &Connection, task: &str) -> Result<Vec<ValidationReceipt>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {RECEIPT_COLS} FROM validation_receipts WHERE task_id = ?1 \
         ORDER BY created_at, rowid"
    ))?;
    let rows = stmt
        .query_map([task], receipt)?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(|(mut rc, verdict)| {
            rc.verdict = parse(&verdict)?;
            Ok(rc)
        })
        .collect()
}

pub fn credits_of(conn: &Connection, task: &str) -> Result<Vec<Credit>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT agent_id, task_id, credits, validation_task, created_at FROM ledger_credits \
         WHERE task_id = ?1 ORDER BY created_at, rowid",
    )?;
    let rows = stmt
        .query_map([task], |r| {
            Ok(Credit {
                agent_id: r.get(0)?,
                task_id: r.get(1)?,
                credits: r.get(2)?,
                validation_task: r.get(3)?,
                created_at: from_micros(r.get(4)?),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

pub fn ledger(conn: &Connection) -> Result<Vec<LedgerEntry>, StoreError> {
    // Receipts name the producer; credits only exist for accepted ones.
    let mut stmt = conn.prepare_cached(
        "SELECT v.producer, \
                sum(v.verdict = 'accept'), sum(v.verdict = 'reject'), \
                coalesce((SELECT sum(c.credits) FROM ledger_credits c \
                          WHERE c.agent_id = v.producer), 0.0), \
                (SELECT max(c.created_at) FROM ledger_credits c WHERE c.agent_id = v.producer) \
         FROM validation_receipts v GROUP BY v.producer \
         ORDER BY 4 DESC, v.producer",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(LedgerEntry {
                agent_id: r.get(0)?,
                validated_results: r.get(1)?,
                rejected_results: r.get(2)?,
                credits: r.get(3)?,
                last_credit_at: r.get::<_, Option<i64>>(4)?.map(from_micros),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

pub fn insert_edge(conn: &Connection, e: &EdgeRow) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO protocol_edges (from_id, to_id, role) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![e.from, e.to, e.role.as_str()])?;
    Ok(())
}

pub fn insert_receipt(conn: &Connection, rc: &ValidationReceipt) -> Result<(), StoreError> {
    let res = conn
        .prepare_cached(&format!(
            "INSERT INTO validation_receipts ({RECEIPT_COLS}) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
        ))?
        .execute(params![
            rc.task_id,
            rc.result_hash,
            rc.result_task,
            rc.producer,
            rc.validation_task,
            rc.validator,
            rc.verdict.as_str(),
            rc.reason,
            rc.signature,
            to_micros(rc.created_at),
        ]);
    super::constraint_as_duplicate(res)
}

pub fn insert_credit(conn: &Connection, c: &Credit) -> Result<(), StoreError> {
    let res = conn
        .prepare_cached(
            "INSERT INTO ledger_credits (validation_task, agent_id, task_id, credits, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            c.validation_task,
            c.agent_id,
            c.task_id,
            c.credits,
            to_micros(c.created_at),
        ]);
    super::constraint_as_duplicate(res)
}

impl<C: Connected> ProtocolReads for C {
    fn steps_of(&self, subject: &str) -> Result<Vec<TaskRecord>, StoreError> {
        steps_of(self.conn(), subject)
    }

    fn edges_of(&self, subject: &str) -> Result<Vec<EdgeRow>, StoreError> {
        edges_of(self.conn(), subject)
    }

    fn stranded(&self) -> Result<Vec<StrandedRow>, StoreError> {
        stranded(self.conn())
    }

    fn receipts_of(&self, task: &str) -> Result<Vec<ValidationReceipt>, StoreError> {
        receipts_of(self.conn(), task)
    }

    fn credits_of(&self, task: &str) -> Result<Vec<Credit>, StoreError> {
        credits_of(self.conn(), task)
    }

    fn ledger(&self) -> Result<Vec<LedgerEntry>, StoreError> {
        ledger(self.conn())
    }
}

impl ProtocolWrites for SqliteTx<'_> {
    fn insert_edge(&self, edge: &EdgeRow) -> Result<(), StoreError> {
        insert_edge(&self.txn, edge)
    }

    fn insert_receipt(&self, receipt: &ValidationReceipt) -> Result<(), StoreError> {
        insert_receipt(&self.txn, receipt)
    }

    fn insert_credit(&self, credit: &Credit) -> Result<(), StoreError> {
        insert_credit(&self.txn, credit)
    }
}
