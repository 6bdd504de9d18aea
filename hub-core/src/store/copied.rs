//! What `migrate-store` moves between backends: typed values, tables, and
//! the tally (row count and checksum) both sides compare. Shared by the
//! backends' import and export, which the migration drives.

use sha2::{Digest, Sha256};

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
