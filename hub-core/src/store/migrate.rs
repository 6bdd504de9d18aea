//! `m3shd-hubd migrate-store`: a mesh's data moved from SQLite to an empty
//! PostgreSQL database, table by table, in one PostgreSQL transaction. Each
//! table is copied in primary-key order, then read back on both sides and
//! compared by row count and a checksum of its typed values; on any
//! difference nothing is committed. The data dir stays locked throughout,
//! so no hub writes while it is read.

use std::path::Path;

use super::copied::Counter;
pub use super::copied::Tally;
use super::error::StoreError;
use crate::clock::Clock;

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
/// the target holds data already. `clock` is the time the copy's own
/// writes (the memory search index) are made at.
pub fn sqlite_to_postgres(
    from: &Path,
    to: &str,
    clock: &dyn Clock,
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
        let indexed = target.index_memories(source.ring(), clock)?;
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
