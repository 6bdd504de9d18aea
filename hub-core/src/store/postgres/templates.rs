//! SQL for task templates.

use tokio_postgres::Row;

use super::db::col;
use super::session::Session;
use crate::store::error::StoreError;
use crate::store::repos::{TemplateReads, TemplateRow, TemplateWrites};
use crate::store::time::{from_micros, to_micros};

const COLS: &str = "id, name, description, prompt_template, capability, priority, created_by, \
    created_at, model, protocol, federated_input";

fn from_row(r: &Row) -> Result<TemplateRow, StoreError> {
    let protocol: String = col(r, 9)?;
    let federated: String = col(r, 10)?;
    Ok(TemplateRow {
        id: col(r, 0)?,
        name: col(r, 1)?,
        description: col(r, 2)?,
        prompt_template: col(r, 3)?,
        capability: col(r, 4)?,
        priority: col(r, 5)?,
        created_by: col(r, 6)?,
        created_at: from_micros(col(r, 7)?),
        model: col(r, 8)?,
        protocol: serde_json::from_str(&protocol)?,
        federated_input: crate::store::task_cols::parse(&federated)?,
    })
}

impl TemplateReads for Session<'_> {
    /// By id or by name (the id wins).
    fn get(&self, key: &str) -> Result<Option<TemplateRow>, StoreError> {
        let rows = self.query(
            &format!(
                "SELECT {COLS} FROM templates WHERE id = $1 OR name = $1 \
                 ORDER BY (id = $1) DESC LIMIT 1"
            ),
            &[&key],
        )?;
        rows.first().map(from_row).transpose()
    }

    fn list(&self) -> Result<Vec<TemplateRow>, StoreError> {
        let rows = self.query(&format!("SELECT {COLS} FROM templates ORDER BY name"), &[])?;
        rows.iter().map(from_row).collect()
    }
}

impl TemplateWrites for Session<'_> {
    fn insert(&self, t: &TemplateRow) -> Result<(), StoreError> {
        self.execute(
            &format!(
                "INSERT INTO templates ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
            ),
            &[
                &t.id,
                &t.name,
                &t.description,
                &t.prompt_template,
                &t.capability,
                &t.priority,
                &t.created_by,
                &to_micros(t.created_at),
                &t.model,
                &serde_json::to_string(&t.protocol)?,
                &t.federated_input.as_str(),
            ],
        )?;
        Ok(())
    }

    fn delete(&self, id: &str) -> Result<bool, StoreError> {
        Ok(self.execute("DELETE FROM templates WHERE id = $1", &[&id])? > 0)
    }

    fn set_federated_input(
        &self,
        id: &str,
        value: m3shd_api::FederatedInput,
    ) -> Result<bool, StoreError> {
        Ok(self.execute(
            "UPDATE templates SET federated_input = $2 WHERE id = $1",
            &[&id, &value.as_str()],
        )? > 0)
    }
}
