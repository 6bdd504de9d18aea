//! SQL for inbound webhooks. The secret is sealed with the key ring on the
//! way in (as under SQLite) and unsealed only when a delivery is checked.

use m3shd_api::Timestamp;
use tokio_postgres::Row;

use super::db::col;
use super::session::Session;
use crate::store::error::StoreError;
use crate::store::repos::{WebhookReads, WebhookRow, WebhookWrites};
use crate::store::time::{from_micros, to_micros};

const COLS: &str = "id, name, kind, template, variables, created_by, created_at, last_triggered_at";

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("webhooks: {e}"))
}

fn from_row(r: &Row) -> Result<WebhookRow, StoreError> {
    let kind: String = col(r, 2)?;
    let vars: String = col(r, 4)?;
    Ok(WebhookRow {
        id: col(r, 0)?,
        name: col(r, 1)?,
        kind: kind.parse().map_err(corrupt)?,
        template: col(r, 3)?,
        variables: serde_json::from_str(&vars).map_err(corrupt)?,
        created_by: col(r, 5)?,
        created_at: from_micros(col(r, 6)?),
        last_triggered_at: col::<Option<i64>>(r, 7)?.map(from_micros),
    })
}

impl WebhookReads for Session<'_> {
    /// By id or by name (the id wins).
    fn get(&self, key: &str) -> Result<Option<WebhookRow>, StoreError> {
        let rows = self.query(
            &format!(
                "SELECT {COLS} FROM webhooks WHERE id = $1 OR name = $1 \
                 ORDER BY (id = $1) DESC LIMIT 1"
            ),
            &[&key],
        )?;
        rows.first().map(from_row).transpose()
    }

    fn list(&self) -> Result<Vec<WebhookRow>, StoreError> {
        let rows = self.query(&format!("SELECT {COLS} FROM webhooks ORDER BY name"), &[])?;
        rows.iter().map(from_row).collect()
    }

    fn secret(&self, id: &str) -> Result<Option<String>, StoreError> {
        let Some(row) = self.query_opt("SELECT secret FROM webhooks WHERE id = $1", &[&id])? else {
            return Ok(None);
        };
        let sealed: String = col(&row, 0)?;
        self.ring()
            .decrypt(&sealed)
            .map(Some)
            .map_err(|e| StoreError::Corrupt(format!("webhook {id}: {e}")))
    }
}

impl WebhookWrites for Session<'_> {
    fn insert(&self, w: &WebhookRow, secret: &str) -> Result<(), StoreError> {
        self.execute(
            &format!(
                "INSERT INTO webhooks ({COLS}, secret) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
            ),
            &[
                &w.id,
                &w.name,
                &w.kind.as_str(),
                &w.template,
                &serde_json::to_string(&w.variables)?,
                &w.created_by,
                &to_micros(w.created_at),
                &w.last_triggered_at.map(to_micros),
                &self.ring().encrypt(secret),
            ],
        )?;
        Ok(())
    }

    fn update(&self, w: &WebhookRow) -> Result<bool, StoreError> {
        let changed = self.execute(
            "UPDATE webhooks SET name = $2, kind = $3, template = $4, variables = $5 \
             WHERE id = $1",
            &[
                &w.id,
                &w.name,
                &w.kind.as_str(),
                &w.template,
                &serde_json::to_string(&w.variables)?,
            ],
        )?;
        Ok(changed > 0)
    }

    fn set_secret(&self, id: &str, secret: &str) -> Result<bool, StoreError> {
        let sealed = self.ring().encrypt(secret);
        Ok(self.execute(
            "UPDATE webhooks SET secret = $2 WHERE id = $1",
            &[&id, &sealed],
        )? > 0)
    }

    fn delete(&self, id: &str) -> Result<bool, StoreError> {
        Ok(self.execute("DELETE FROM webhooks WHERE id = $1", &[&id])? > 0)
    }

    /// The last delivery only moves forward.
    fn touch(&self, id: &str, at: Timestamp) -> Result<(), StoreError> {
        self.execute(
            "UPDATE webhooks SET last_triggered_at = greatest(coalesce(last_triggered_at, 0), $2) \
             WHERE id = $1",
            &[&id, &to_micros(at)],
        )?;
        Ok(())
    }
}
