//! SQL for schedules.

use m3shd_api::Timestamp;
use tokio_postgres::Row;

use super::db::col;
use super::session::Session;
use crate::store::error::StoreError;
use crate::store::repos::{FireRecord, ScheduleReads, ScheduleRow, ScheduleWrites};
use crate::store::time::{from_micros, to_micros};

const COLS: &str = "id, name, cron, tz, template, action, vars, paused, next_due, \
    last_fired_at, last_task_id, last_error, created_by, created_at, updated_at";

fn from_row(r: &Row) -> Result<ScheduleRow, StoreError> {
    let vars: String = col(r, 6)?;
    let paused: i64 = col(r, 7)?;
    Ok(ScheduleRow {
        id: col(r, 0)?,
        name: col(r, 1)?,
        cron: col(r, 2)?,
        tz: col(r, 3)?,
        template: col(r, 4)?,
        action: col(r, 5)?,
        vars: serde_json::from_str(&vars)?,
        paused: paused != 0,
        next_due: from_micros(col(r, 8)?),
        last_fired_at: col::<Option<i64>>(r, 9)?.map(from_micros),
        last_task_id: col(r, 10)?,
        last_error: col(r, 11)?,
        created_by: col(r, 12)?,
        created_at: from_micros(col(r, 13)?),
        updated_at: from_micros(col(r, 14)?),
    })
}

impl ScheduleReads for Session<'_> {
    /// By id or by name (the id wins).
    fn get(&self, key: &str) -> Result<Option<ScheduleRow>, StoreError> {
        let rows = self.query(
            &format!(
                "SELECT {COLS} FROM schedules WHERE id = $1 OR name = $1 \
                 ORDER BY (id = $1) DESC LIMIT 1"
            ),
            &[&key],
        )?;
        rows.first().map(from_row).transpose()
    }

    fn list(&self) -> Result<Vec<ScheduleRow>, StoreError> {
        let rows = self.query(&format!("SELECT {COLS} FROM schedules ORDER BY name"), &[])?;
        rows.iter().map(from_row).collect()
    }

    fn due(&self, now: Timestamp) -> Result<Vec<ScheduleRow>, StoreError> {
        let rows = self.query(
            &format!(
                "SELECT {COLS} FROM schedules WHERE paused = 0 AND next_due <= $1 \
                 ORDER BY next_due, name"
            ),
            &[&to_micros(now)],
        )?;
        rows.iter().map(from_row).collect()
    }
}

impl ScheduleWrites for Session<'_> {
    fn insert(&self, s: &ScheduleRow) -> Result<(), StoreError> {
        self.execute(
            &format!(
                "INSERT INTO schedules ({COLS}) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
            ),
            &[
                &s.id,
                &s.name,
                &s.cron,
                &s.tz,
                &s.template,
                &s.action,
                &serde_json::to_string(&s.vars)?,
                &i64::from(s.paused),
                &to_micros(s.next_due),
                &s.last_fired_at.map(to_micros),
                &s.last_task_id,
                &s.last_error,
                &s.created_by,
                &to_micros(s.created_at),
                &to_micros(s.updated_at),
            ],
        )?;
        Ok(())
    }

    fn update(&self, s: &ScheduleRow) -> Result<(), StoreError> {
        self.execute(
            "UPDATE schedules SET cron = $2, tz = $3, vars = $4, paused = $5, next_due = $6, \
             updated_at = $7 WHERE id = $1",
            &[
                &s.id,
                &s.cron,
                &s.tz,
                &serde_json::to_string(&s.vars)?,
                &i64::from(s.paused),
                &to_micros(s.next_due),
                &to_micros(s.updated_at),
            ],
        )?;
        Ok(())
    }

    fn delete(&self, id: &str) -> Result<bool, StoreError> {
        Ok(self.execute("DELETE FROM schedules WHERE id = $1", &[&id])? > 0)
    }

    fn claim_due(
        &self,
        id: &str,
        due: Timestamp,
        next_due: Timestamp,
        fire: &FireRecord<'_>,
    ) -> Result<bool, StoreError> {
        Ok(self.execute(
            "UPDATE schedules SET next_due = $3, last_fired_at = $4, last_task_id = $5, \
             last_error = $6 WHERE id = $1 AND next_due = $2 AND paused = 0",
            &[
                &id,
                &to_micros(due),
                &to_micros(next_due),
                &to_micros(fire.fired_at),
                &fire.task_id,
                &fire.error,
            ],
        )? == 1)
    }

    fn record_fire(&self, id: &str, fire: &FireRecord<'_>) -> Result<bool, StoreError> {
        Ok(self.execute(
            "UPDATE schedules SET last_fired_at = $2, last_task_id = $3, last_error = $4 \
             WHERE id = $1",
            &[&id, &to_micros(fire.fired_at), &fire.task_id, &fire.error],
        )? == 1)
    }
}
