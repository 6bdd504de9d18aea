//! SQL for task templates.

use rusqlite::{Connection, params};

use super::session::{Connected, SqliteTx};
use crate::store::error::StoreError;
use crate::store::repos::{TemplateReads, TemplateRow, TemplateWrites};
use crate::store::time::{from_micros, to_micros};

const COLS: &str = "id, name, description, prompt_template, capability, priority, created_by, \
    created_at, model, protocol, federated_input";

fn collect(
    conn: &Connection,
    sql: &str,
    p: impl rusqlite::Params,
) -> Result<Vec<TemplateRow>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt
        .query_map(p, |r| {
            let protocol: String = r.get(9)?;
            let federated: String = r.get(10)?;
            let row = TemplateRow {
                id: r.get(0)?,
                name: r.get(1)?,
                description: r.get(2)?,
                prompt_template: r.get(3)?,
                capability: r.get(4)?,
                priority: r.get(5)?,
                created_by: r.get(6)?,
                created_at: from_micros(r.get(7)?),
                model: r.get(8)?,
                protocol: Default::default(),
                federated_input: Default::default(),
            };
            Ok((row, protocol, federated))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(|(mut row, protocol, federated)| {
            row.protocol = serde_json::from_str(&protocol)?;
            row.federated_input = crate::store::task_cols::parse(&federated)?;
            Ok(row)
        })
        .collect()
}

/// By id or by name.
pub fn get(conn: &Connection, key: &str) -> Result<Option<TemplateRow>, StoreError> {
    let sql =
        format!("SELECT {COLS} FROM templates WHERE id = ?1 OR name = ?1 ORDER BY id = ?1 DESC");
    Ok(collect(conn, &sql, [key])?.into_iter().next())
}

pub fn list(conn: &Connection) -> Result<Vec<TemplateRow>, StoreError> {
    let sql = format!("SELECT {COLS} FROM templates ORDER BY name");
    collect(conn, &sql, [])
}

pub fn insert(conn: &Connection, t: &TemplateRow) -> Result<(), StoreError> {
    let res = conn
        .prepare_cached(&format!(
            "INSERT INTO templates ({COLS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
        ))?
        .execute(params![
            t.id,
            t.name,
            t.description,
            t.prompt_template,
            t.capability,
            t.priority,
            t.created_by,
            to_micros(t.created_at),
            t.model,
            serde_json::to_string(&t.protocol)?,
            t.federated_input.as_str(),
        ]);
    super::constraint_as_duplicate(res)
}

pub fn delete(conn: &Connection, id: &str) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached("DELETE FROM templates WHERE id = ?1")?
        .execute([id])?
        > 0)
}

pub fn set_federated_input(
    conn: &Connection,
    id: &str,
    value: m3shd_api::FederatedInput,
) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached("UPDATE templates SET federated_input = ?2 WHERE id = ?1")?
        .execute(params![id, value.as_str()])?
        > 0)
}

impl<C: Connected> TemplateReads for C {
    fn get(&self, key: &str) -> Result<Option<TemplateRow>, StoreError> {
        get(self.conn(), key)
    }

    fn list(&self) -> Result<Vec<TemplateRow>, StoreError> {
        list(self.conn())
    }
}

impl TemplateWrites for SqliteTx<'_> {
    fn insert(&self, t: &TemplateRow) -> Result<(), StoreError> {
        insert(&self.txn, t)
    }

    fn delete(&self, id: &str) -> Result<bool, StoreError> {
        delete(&self.txn, id)
    }

    fn set_federated_input(
        &self,
        id: &str,
        value: m3shd_api::FederatedInput,
    ) -> Result<bool, StoreError> {
        set_federated_input(&self.txn, id, value)
    }
}
