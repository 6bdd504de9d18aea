//! `m3shd-hubd migrate-store`: a mesh's data moved from SQLite to an empty
//! PostgreSQL database, table by table, in one PostgreSQL transaction. Each
//! table is copied in primary-key order, then read back on both sides and
//! compared by row count and a checksum of its typed values; on any
//! difference nothing is committed. The data dir stays locked throughout,
//! so no hub writes while it is read.

use std::path::Path;

use sha2::{Digest, Sha256};

use super::error::StoreError;

/// One stored value, as both backends hold it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl Value {
    /// Feed the value into a checksum, tagged so that no two values of
    /// different types or lengths hash alike.
    fn digest(&self, h: &mut Sha256) {
        match self {
            Value::Null => h.update(b"N"),
            Value::Int(i) => {
                h.update(b"I");
                h.update(i.to_le_bytes());
            }
            Value::Real(f) => {
                h.update(b"R");
                h.update(f.to_bits().to_le_bytes());
            }
            Value::Text(s) => {
                h.update(b"T");
                h.update((s.len() as u64).to_le_bytes());
                h.update(s.as_bytes());
            }
            Value::Blob(b) => {
                h.update(b"B");
                h.update((b.len() as u64).to_le_bytes());
                h.update(b);
            }
        }
    }
}

/// The column types both backends use (see the PostgreSQL schema).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ColType {
    Int,
    Real,
    Text,
    Blob,
}

/// A table to copy: its name, its columns (shared by both backends), and
/// the columns that order it.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub name: String,
    pub columns: Vec<String>,
    pub order_by: Vec<String>,
}

/// Row count and checksum of one table on one side.
#[derive(Debug, Clone, PartialEq)]
pub struct Tally {
    pub rows: u64,
    pub sha256: String,
}

/// Accumulates a table's tally from its rows, in order.
#[derive(Default)]
pub(crate) struct Counter {
    rows: u64,
    hash: Sha256,
}

impl Counter {
    pub fn add(&mut self, row: &[Value]) {
        self.rows += 1;
        self.hash.update(b"|");
        for v in row {
            v.digest(&mut self.hash);
        }
    }

    pub fn finish(self) -> Tally {
        Tally {
            rows: self.rows,
            sha256: hex::encode(self.hash.finalize()),
        }
    }
}

/// What happened to one table.
#[derive(Debug, Clone)]
pub struct Copied {
    pub table: String,
    pub tally: Tally,
}

/// Where a migration stands, for the progress line.
#[derive(Debug, Clone)]
pub enum Progress<'a> {
    Table { table: &'a str, done: u64, of: u64 },
    Verified { table: &'a str, rows: u64 },
    Indexed { memories: u64 },
}

/// Move everything in the hub data dir `from` (SQLite) into the empty
/// PostgreSQL database `to`. Refuses while a hub holds the dir, and when
/// the target holds data already.
pub fn sqlite_to_postgres(
    from: &Path,
    to: &str,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<Vec<Copied>, StoreError> {
    let source = super::sqlite::export::Source::open(from)?;
    let target = super::postgres::import::Target::open(to, source.ring())?;
    let mut tables = source.tables()?;
    for t in &mut tables {
        target.adopt(t)?;
    }
    target.check_empty(&tables)?;
    target.begin()?;
    let result = (|| {
        let mut copied = Vec::new();
        for t in &tables {
            let types = target.prepare(t)?;
            let of = source.count(t)?;
            let mut done = 0;
            let mut expected = Counter::default();
            source.rows(t, &types, &mut |row| {
                expected.add(&row);
                target.insert(t, row)?;
                done += 1;
                if done % 1000 == 0 || done == of {
                    progress(Progress::Table {
                        table: &t.name,
                        done,
                        of,
                    });
                }
                Ok(())
            })?;
            let expected = expected.finish();
            let actual = target.tally(t)?;
            if actual != expected {
                return Err(StoreError::Migration(
                    format!(
                        "table {}: {} rows copied with checksum {}, but the target reads {} \
                         rows with checksum {}; nothing was committed",
                        t.name, expected.rows, expected.sha256, actual.rows, actual.sha256
                    )
                    .into(),
                ));
            }
            progress(Progress::Verified {
                table: &t.name,
                rows: actual.rows,
            });
            copied.push(Copied {
                table: t.name.clone(),
                tally: actual,
            });
        }
        target.finish(&source.sequences()?)?;
        let indexed = target.index_memories(source.ring())?;
        progress(Progress::Indexed { memories: indexed });
        Ok(copied)
    })();
    match result {
        Ok(copied) => {
            target.commit()?;
            Ok(copied)
        }
        Err(e) => {
            target.rollback();
            Err(e)
        }
    }
}
