//! SQL for pipelines and their named steps.

use super::db::col;
use super::session::Session;
use crate::store::error::StoreError;
use crate::store::repos::{PipelineReads, PipelineRow, PipelineWrites};
use crate::store::time::{from_micros, to_micros};

fn steps(s: &Session<'_>, id: &str) -> Result<Vec<(String, String)>, StoreError> {
    s.query(
        "SELECT name, task_id FROM pipeline_steps WHERE pipeline_id = $1 ORDER BY ord",
        &[&id],
    )?
    .iter()
    .map(|r| Ok((col(r, 0)?, col(r, 1)?)))
    .collect()
}

impl PipelineReads for Session<'_> {
    fn get(&self, id: &str) -> Result<Option<PipelineRow>, StoreError> {
        let Some(r) = self.query_opt(
            "SELECT id, name, created_at FROM pipelines WHERE id = $1",
            &[&id],
        )?
        else {
            return Ok(None);
        };
        let id: String = col(&r, 0)?;
        let steps = steps(self, &id)?;
        Ok(Some(PipelineRow {
            name: col(&r, 1)?,
            created_at: from_micros(col(&r, 2)?),
            id,
            steps,
        }))
    }

    /// Newest first.
    fn list(&self, limit: i64) -> Result<Vec<PipelineRow>, StoreError> {
        let rows = self.query(
            "SELECT id FROM pipelines ORDER BY created_at DESC, rowid DESC LIMIT $1",
            &[&limit],
        )?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let id: &str = col(r, 0)?;
            if let Some(p) = self.get(id)? {
                out.push(p);
            }
        }
        Ok(out)
    }
}

impl PipelineWrites for Session<'_> {
    fn insert(&self, id: &str, name: &str) -> Result<(), StoreError> {
        self.execute(
            "INSERT INTO pipelines (id, name, created_at) VALUES ($1, $2, $3)",
            &[&id, &name, &to_micros(self.now())],
        )?;
        Ok(())
    }

    fn insert_step(
        &self,
        pipeline: &str,
        ord: i64,
        name: &str,
        task: &str,
    ) -> Result<(), StoreError> {
        self.execute(
            "INSERT INTO pipeline_steps (pipeline_id, ord, name, task_id) \
             VALUES ($1, $2, $3, $4)",
            &[&pipeline, &ord, &name, &task],
        )?;
        Ok(())
    }
}
