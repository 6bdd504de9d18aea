//! SQL for the cost log, today's spend per agent and budget alerts.

use m3shd_api::{CostEntry, Timestamp};
use rusqlite::{Connection, params};

use super::session::{Connected, SqliteTx};
use crate::store::time::{from_micros, to_micros};
use crate::store::error::StoreError;
use crate::store::repos::{CostReads, CostWrites, SpendRow};

/// Append to the cost log and to the day's running totals.
pub fn record(conn: &Connection, day: &str, e: &mut CostEntry) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO cost_log (ts, agent_id, task_id, model, input_tokens, output_tokens, \
         cost_usd) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        to_micros(e.ts),
        e.agent_id,
        e.task_id,
        e.model,
        e.input_tokens,
        e.output_tokens,
        e.cost_usd
    ])?;
    e.id = conn.last_insert_rowid();
    conn.prepare_cached(
        "INSERT INTO daily_spend (day, agent_id, tokens, cost_usd) VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT (day, agent_id) DO UPDATE SET tokens = tokens + excluded.tokens, \
         cost_usd = cost_usd + excluded.cost_usd",
    )?
    .execute(params![
        day,
        e.agent_id,
        e.input_tokens.saturating_add(e.output_tokens),
        e.cost_usd.unwrap_or(0.0)
    ])?;
    Ok(())
}

/// Spend per agent on `day` (a handful of rows).
pub fn spend(conn: &Connection, day: &str) -> Result<Vec<SpendRow>, StoreError> {
    let rows = conn
        .prepare_cached(
            "SELECT agent_id, tokens, cost_usd FROM daily_spend WHERE day = ?1 ORDER BY agent_id",
        )?
        .query_map([day], |r| {
            Ok(SpendRow {
                agent_id: r.get(0)?,
                tokens: r.get(1)?,
                cost_usd: r.get(2)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Note a budget alert for (`day`, `agent`); false when already raised.
pub fn mark_alert(conn: &Connection, day: &str, agent: &str) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached("INSERT OR IGNORE INTO budget_alerts (day, agent_id) VALUES (?1, ?2)")?
        .execute([day, agent])?
        > 0)
}

pub fn entries_between(
    conn: &Connection,
    from: Timestamp,
    to: Timestamp,
) -> Result<Vec<CostEntry>, StoreError> {
    let rows = conn
        .prepare_cached(
            "SELECT id, ts, agent_id, task_id, model, input_tokens, output_tokens, cost_usd \
             FROM cost_log WHERE ts >= ?1 AND ts < ?2 ORDER BY id",
        )?
        .query_map([to_micros(from), to_micros(to)], |r| {
            Ok(CostEntry {
                id: r.get(0)?,
                ts: from_micros(r.get(1)?),
                agent_id: r.get(2)?,
                task_id: r.get(3)?,
                model: r.get(4)?,
                input_tokens: r.get(5)?,
                output_tokens: r.get(6)?,
                cost_usd: r.get(7)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

impl<C: Connected> CostReads for C {
    fn spend(&self, day: &str) -> Result<Vec<SpendRow>, StoreError> {
        spend(self.conn(), day)
    }

    fn entries_between(
        &self,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<CostEntry>, StoreError> {
        entries_between(self.conn(), from, to)
    }
}

impl CostWrites for SqliteTx<'_> {
    fn record(&self, day: &str, e: &mut CostEntry) -> Result<(), StoreError> {
        record(&self.txn, day, e)
    }

    fn mark_alert(&self, day: &str, agent: &str) -> Result<bool, StoreError> {
        mark_alert(&self.txn, day, agent)
    }
}
