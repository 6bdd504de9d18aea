//! The PostgreSQL side of `migrate-store`: an empty database at the latest
//! schema takes a SQLite hub's rows in one transaction (foreign keys
//! checked at its commit, so tables may arrive in any order), reads them
//! back for the comparison, and moves each id sequence past the ids used.

use std::cell::{Cell, RefCell};

use tokio_postgres::types::{ToSql, Type};

use super::db::{Db, Io, col};
use super::session::Session;
use super::{keys, migrations};
use crate::clock::Clock;
use crate::crypto::KeyRing;
use crate::store::copied::{ColType, Counter, Table, Tally, Value};
use crate::store::error::StoreError;

/// Rows read back per round trip.
const PAGE: i64 = 1000;

/// Rows written per statement (a round trip each): well under the
/// protocol's 65,535 parameters for the widest table.
const ROWS_PER_INSERT: usize = 250;

pub(crate) struct Target {
    _io: Io,
    db: Db,
    /// Rows of the table being copied, not yet written, as parameters.
    pending: RefCell<Vec<Box<dyn ToSql + Sync>>>,
    pending_rows: Cell<usize>,
    /// The column types of the table being copied (`prepare`).
    types: RefCell<Option<(String, Vec<ColType>)>>,
}

fn list(cols: &[String]) -> String {
    cols.iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

fn col_type(t: &Type) -> Result<ColType, StoreError> {
    match *t {
        Type::INT8 => Ok(ColType::Int),
        Type::FLOAT8 => Ok(ColType::Real),
        Type::TEXT => Ok(ColType::Text),
        Type::BYTEA => Ok(ColType::Blob),
        _ => Err(StoreError::Migration(
            format!("a column of type {t} cannot be copied").into(),
        )),
    }
}

impl Target {
    /// Connect, bring the schema to the latest version, and record the key
    /// ring the rows were sealed with (replicas must bring the same keys).
    pub fn open(url: &str, ring: &KeyRing) -> Result<Target, StoreError> {
        let io = Io::start()?;
        let db = io.connect(url)?;
        migrations::migrate(&db)?;
        keys::agree(&db, ring)?;
        Ok(Target {
            _io: io,
            db,
            pending: RefCell::new(Vec::new()),
            pending_rows: Cell::new(0),
            types: RefCell::new(None),
        })
    }

    /// Take this side's columns into `t`: every SQLite column must exist
    /// here, and a `rowid` kept here as a column is copied as well.
    pub fn adopt(&self, t: &mut Table) -> Result<(), StoreError> {
        let rows = self.db.query(
            "SELECT column_name::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = $1",
            &[&t.name],
        )?;
        let mine = rows
            .iter()
            .map(|r| col::<String>(r, 0))
            .collect::<Result<Vec<_>, _>>()?;
        if mine.is_empty() {
            return Err(StoreError::Migration(
                format!("table {} has no counterpart in PostgreSQL", t.name).into(),
            ));
        }
        if let Some(missing) = t.columns.iter().find(|c| !mine.contains(c)) {
            return Err(StoreError::Migration(
                format!(
                    "column {}.{missing} has no counterpart in PostgreSQL",
                    t.name
                )
                .into(),
            ));
        }
        if mine.iter().any(|c| c == "rowid") && !t.columns.iter().any(|c| c == "rowid") {
            t.columns.push("rowid".into());
        }
        Ok(())
    }

    /// Refuse a database that holds data already. The built-in templates
    /// every new database starts with do not count: the source has its own
    /// (or has deleted them), and they replace these (`begin`).
    pub fn check_empty(&self, tables: &[Table]) -> Result<(), StoreError> {
        for t in tables {
            let seeded = if t.name == "templates" {
                " WHERE id NOT LIKE 'seed-%'"
            } else {
                ""
            };
            let row = self.db.query_one(
                &format!("SELECT EXISTS (SELECT 1 FROM \"{}\"{seeded})", t.name),
                &[],
            )?;
            if col::<bool>(&row, 0)? {
                return Err(StoreError::Migration(
                    format!(
                        "the target database holds data already (table {}); \
                         migrate into an empty database",
                        t.name
                    )
                    .into(),
                ));
            }
        }
        Ok(())
    }

    pub fn begin(&self) -> Result<(), StoreError> {
        self.db
            .batch("BEGIN; SET CONSTRAINTS ALL DEFERRED; DELETE FROM templates")
    }

    /// An insert of `rows` rows of `t`.
    fn insert_sql(t: &Table, rows: usize) -> String {
        let n = t.columns.len();
        let tuples = (0..rows)
            .map(|r| {
                let params = (1..=n)
                    .map(|i| format!("${}", r * n + i))
                    .collect::<Vec<_>>()
                    .join(", ");
                format!("({params})")
            })
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "INSERT INTO \"{}\" ({}) VALUES {tuples}",
            t.name,
            list(&t.columns)
        )
    }

    /// The types `t`'s values must have here.
    pub fn prepare(&self, t: &Table) -> Result<Vec<ColType>, StoreError> {
        if let Some((table, types)) = &*self.types.borrow()
            && *table == t.name
        {
            return Ok(types.clone());
        }
        let types = self
            .db
            .param_types(&Target::insert_sql(t, 1))?
            .iter()
            .map(col_type)
            .collect::<Result<Vec<_>, _>>()?;
        *self.types.borrow_mut() = Some((t.name.clone(), types.clone()));
        Ok(types)
    }

    /// Write the rows of `t` taken so far.
    fn flush(&self, t: &Table) -> Result<(), StoreError> {
        let rows = self.pending_rows.replace(0);
        if rows == 0 {
            return Ok(());
        }
        let values = std::mem::take(&mut *self.pending.borrow_mut());
        let params: Vec<&(dyn ToSql + Sync)> = values.iter().map(|b| b.as_ref()).collect();
        self.db.execute(&Target::insert_sql(t, rows), &params)?;
        Ok(())
    }

    /// Take one row of `t`, written with the next few hundred (the copy
    /// is one transaction: when they are written does not matter).
    pub fn insert(&self, t: &Table, row: Vec<Value>) -> Result<(), StoreError> {
        let types = self.prepare(t)?;
        let values: Vec<Box<dyn ToSql + Sync>> = row
            .into_iter()
            .zip(types)
            .map(|(v, ty)| -> Box<dyn ToSql + Sync> {
                match (v, ty) {
                    (Value::Int(i), _) => Box::new(i),
                    (Value::Real(f), _) => Box::new(f),
                    (Value::Text(s), _) => Box::new(s),
                    (Value::Blob(b), _) => Box::new(b),
                    (Value::Null, ColType::Int) => Box::new(None::<i64>),
                    (Value::Null, ColType::Real) => Box::new(None::<f64>),
                    (Value::Null, ColType::Text) => Box::new(None::<String>),
                    (Value::Null, ColType::Blob) => Box::new(None::<Vec<u8>>),
                }
            })
            .collect::<Vec<_>>();
        self.pending.borrow_mut().extend(values);
        let rows = self.pending_rows.get() + 1;
        self.pending_rows.set(rows);
        if rows >= ROWS_PER_INSERT {
            self.flush(t)?;
        }
        Ok(())
    }

    /// `t` as stored here, in the same order as the source read it.
    pub fn tally(&self, t: &Table) -> Result<Tally, StoreError> {
        self.flush(t)?;
        let types = self.prepare(t)?;
        let order = if t.order_by.is_empty() {
            "rowid".to_string()
        } else {
            list(&t.order_by)
        };
        // A cursor per table: the FETCH statement is prepared (and kept)
        // with the shape of the rows it returns.
        let cursor = format!("tally_{}", t.name);
        self.db.batch(&format!(
            "DECLARE \"{cursor}\" NO SCROLL CURSOR FOR SELECT {} FROM \"{}\" ORDER BY {order}",
            list(&t.columns),
            t.name
        ))?;
        let mut counter = Counter::default();
        loop {
            let rows = self
                .db
                .query(&format!("FETCH {PAGE} FROM \"{cursor}\""), &[])?;
            for r in &rows {
                let mut row = Vec::with_capacity(types.len());
                for (i, ty) in types.iter().enumerate() {
                    row.push(match ty {
                        ColType::Int => col::<Option<i64>>(r, i)?.map_or(Value::Null, Value::Int),
                        ColType::Real => col::<Option<f64>>(r, i)?.map_or(Value::Null, Value::Real),
                        ColType::Text => {
                            col::<Option<String>>(r, i)?.map_or(Value::Null, Value::Text)
                        }
                        ColType::Blob => {
                            col::<Option<Vec<u8>>>(r, i)?.map_or(Value::Null, Value::Blob)
                        }
                    });
                }
                counter.add(&row);
            }
            if i64::try_from(rows.len()).unwrap_or(PAGE) < PAGE {
                break;
            }
        }
        self.db.batch(&format!("CLOSE \"{cursor}\""))?;
        Ok(counter.finish())
    }

    /// Build the memory search index from the copied entries (SQLite's
    /// index does not keep the words it indexed).
    pub fn index_memories(&self, ring: &KeyRing, clock: &dyn Clock) -> Result<u64, StoreError> {
        super::memories::index_all(&Session::new(&self.db, ring, clock.now()))
    }

    /// Move every id sequence past the ids used here and those SQLite had
    /// handed out (`sequences`), so no id is ever reused.
    pub fn finish(&self, sequences: &[(String, i64)]) -> Result<(), StoreError> {
        let rows = self.db.query(
            "SELECT table_name::text, column_name::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND is_identity = 'YES'",
            &[],
        )?;
        for r in &rows {
            let table: String = col(r, 0)?;
            let column: String = col(r, 1)?;
            let used = sequences
                .iter()
                .find(|(t, _)| *t == table && column == "id")
                .map_or(0, |(_, n)| *n);
            self.db.execute(
                &format!(
                    "SELECT setval(pg_get_serial_sequence('\"{table}\"', '{column}'), \
                       greatest((SELECT max(\"{column}\") FROM \"{table}\"), $1, 1), \
                       (SELECT max(\"{column}\") FROM \"{table}\") IS NOT NULL OR $1 > 0)"
                ),
                &[&used],
            )?;
        }
        Ok(())
    }

    pub fn commit(&self) -> Result<(), StoreError> {
        self.db.batch("COMMIT")
    }

    pub fn rollback(&self) {
        let _ = self.db.batch("ROLLBACK");
    }
}
