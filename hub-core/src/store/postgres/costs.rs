//! SQL for the cost log, today's spend per agent and budget alerts.

use m3shd_api::{CostEntry, Timestamp};

use super::db::col;
use super::session::Session;
use crate::store::error::StoreError;
use crate::store::repos::{CostReads, CostWrites, SpendRow};
use crate::store::time::{from_micros, to_micros};

impl CostReads for Session<'_> {
    /// Spend per agent on `day` (a handful of rows).
    fn spend(&self, day: &str) -> Result<Vec<SpendRow>, StoreError> {
        self.query(
            "SELECT agent_id, tokens, cost_usd FROM daily_spend WHERE day = $1 ORDER BY agent_id",
            &[&day],
        )?
        .iter()
        .map(|r| {
            Ok(SpendRow {
                agent_id: col(r, 0)?,
                tokens: col(r, 1)?,
                cost_usd: col(r, 2)?,
            })
        })
        .collect()
    }

    fn entries_between(
        &self,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<CostEntry>, StoreError> {
        self.query(
            "SELECT id, ts, agent_id, task_id, model, input_tokens, output_tokens, cost_usd \
             FROM cost_log WHERE ts >= $1 AND ts < $2 ORDER BY id",
            &[&to_micros(from), &to_micros(to)],
        )?
        .iter()
        .map(|r| {
            Ok(CostEntry {
                id: col(r, 0)?,
                ts: from_micros(col(r, 1)?),
                agent_id: col(r, 2)?,
                task_id: col(r, 3)?,
                model: col(r, 4)?,
                input_tokens: col(r, 5)?,
                output_tokens: col(r, 6)?,
                cost_usd: col(r, 7)?,
            })
        })
        .collect()
    }
}

impl CostWrites for Session<'_> {
    /// Append to the cost log and to the day's running totals.
    fn record(&self, day: &str, e: &mut CostEntry) -> Result<(), StoreError> {
        let row = self.query_one(
            "INSERT INTO cost_log \
               (ts, agent_id, task_id, model, input_tokens, output_tokens, cost_usd) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            &[
                &to_micros(e.ts),
                &e.agent_id,
                &e.task_id,
                &e.model,
                &e.input_tokens,
                &e.output_tokens,
                &e.cost_usd,
            ],
        )?;
        e.id = col(&row, 0)?;
        self.execute(
            "INSERT INTO daily_spend (day, agent_id, tokens, cost_usd) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (day, agent_id) DO UPDATE SET \
               tokens = daily_spend.tokens + excluded.tokens, \
               cost_usd = daily_spend.cost_usd + excluded.cost_usd",
            &[
                &day,
                &e.agent_id,
                &e.input_tokens.saturating_add(e.output_tokens),
                &e.cost_usd.unwrap_or(0.0),
            ],
        )?;
        Ok(())
    }

    /// Note a budget alert for (`day`, `agent`); false when already raised.
    fn mark_alert(&self, day: &str, agent: &str) -> Result<bool, StoreError> {
        Ok(self.execute(
            "INSERT INTO budget_alerts (day, agent_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            &[&day, &agent],
        )? > 0)
    }
}
