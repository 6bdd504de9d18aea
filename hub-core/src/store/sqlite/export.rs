//! The SQLite side of `migrate-store`: every table of a stopped hub's data
//! dir, read in primary-key order with each value typed as the target
//! column wants it.

use std::path::Path;

use rusqlite::types::ValueRef;

use super::{conn, lock, migrations};
use crate::crypto::KeyRing;
use crate::store::copied::{ColType, Table, Value};
use crate::store::durability::Durability;
use crate::store::error::StoreError;

/// Derived tables the target rebuilds itself (counts kept by triggers,
/// the full-text index, SQLite's own bookkeeping).
const DERIVED: &[&str] = &["task_counts", "sqlite_sequence"];

pub(crate) struct Source {
    conn: rusqlite::Connection,
    ring: KeyRing,
    _lock: std::fs::File,
}

impl Source {
    /// Lock the dir (no hub may write while it is read) and bring its
    /// database to the latest schema.
    pub fn open(dir: &Path) -> Result<Source, StoreError> {
        let path = dir.join("m3shd.db");
        if !path.exists() {
            return Err(StoreError::Migration(
                format!("no hub database in {}", dir.display()).into(),
            ));
        }
        let lock = lock::lock_data_dir(dir)?;
        let mut conn = conn::open_writer(&path, Durability::Full)?;
        migrations::migrations().to_latest(&mut conn)?;
        let ring = KeyRing::load_or_create(dir).map_err(|e| StoreError::Keys(e.to_string()))?;
        Ok(Source {
            conn,
            ring,
            _lock: lock,
        })
    }

    /// The key ring the data was sealed with: the target's replicas need it.
    pub fn ring(&self) -> &KeyRing {
        &self.ring
    }

    pub fn tables(&self) -> Result<Vec<Table>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'agent_memory_fts%' ORDER BY name",
        )?;
        let names = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        let mut tables = Vec::new();
        for name in names.into_iter().filter(|n| !DERIVED.contains(&n.as_str())) {
            let mut info = self
                .conn
                .prepare("SELECT name, pk FROM pragma_table_info(?1)")?;
            let cols = info
                .query_map([&name], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            let mut keys: Vec<&(String, i64)> = cols.iter().filter(|(_, pk)| *pk > 0).collect();
            keys.sort_by_key(|(_, pk)| *pk);
            tables.push(Table {
                columns: cols.iter().map(|(c, _)| c.clone()).collect(),
                order_by: keys.iter().map(|(c, _)| c.clone()).collect(),
                name,
            });
        }
        Ok(tables)
    }

    pub fn count(&self, t: &Table) -> Result<u64, StoreError> {
        let n: i64 =
            self.conn
                .query_row(&format!("SELECT count(*) FROM \"{}\"", t.name), [], |r| {
                    r.get(0)
                })?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Every row of `t` in key order, each value converted to `types`.
    pub fn rows(
        &self,
        t: &Table,
        types: &[ColType],
        f: &mut dyn FnMut(Vec<Value>) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let cols = t
            .columns
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let order = if t.order_by.is_empty() {
            "rowid".to_string()
        } else {
            t.order_by
                .iter()
                .map(|c| format!("\"{c}\""))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {cols} FROM \"{}\" ORDER BY {order}",
            t.name
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let mut row = Vec::with_capacity(types.len());
            for (i, ty) in types.iter().enumerate() {
                row.push(typed(&t.name, &t.columns[i], r.get_ref(i)?, *ty)?);
            }
            f(row)?;
        }
        Ok(())
    }

    /// Where each AUTOINCREMENT table's ids stand (ids are never reused,
    /// even those of rows since deleted).
    pub fn sequences(&self) -> Result<Vec<(String, i64)>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT name, seq FROM sqlite_sequence")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }
}

/// A SQLite value as the target column's type holds it.
fn typed(table: &str, column: &str, v: ValueRef<'_>, ty: ColType) -> Result<Value, StoreError> {
    let bad = || {
        StoreError::Corrupt(format!(
            "{table}.{column}: a {} value where {ty:?} is expected",
            v.data_type()
        ))
    };
    Ok(match (v, ty) {
        (ValueRef::Null, _) => Value::Null,
        (ValueRef::Integer(i), ColType::Int) => Value::Int(i),
        #[allow(clippy::cast_precision_loss)]
        (ValueRef::Integer(i), ColType::Real) => Value::Real(i as f64),
        (ValueRef::Real(f), ColType::Real) => Value::Real(f),
        (ValueRef::Text(s), ColType::Text) => {
            Value::Text(String::from_utf8(s.to_vec()).map_err(|_| bad())?)
        }
        (ValueRef::Blob(b), ColType::Blob) => Value::Blob(b.to_vec()),
        _ => return Err(bad()),
    })
}
