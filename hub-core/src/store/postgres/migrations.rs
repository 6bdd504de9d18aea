//! PostgreSQL's schema versions. Version numbers are shared with SQLite's
//! migrations: the baseline is SQLite's version 16 in one step, and every
//! later version is added to both backends (a test keeps them level).
//! Replicas starting together migrate one at a time (an advisory lock), and
//! a hub refuses a database a newer hub has migrated.

use super::db::{Db, col};
use crate::store::error::StoreError;

const MIGRATE_LOCK: i64 = 0x6d33_7368_6400_0002;

/// (version reached, SQL), oldest first.
const MIGRATIONS: &[(i64, &str)] = &[(16, include_str!("schema.sql"))];

/// The newest version this hub knows.
pub const LATEST: i64 = 16;

fn current(db: &Db) -> Result<i64, StoreError> {
    db.batch("CREATE TABLE IF NOT EXISTS m3shd_schema (version BIGINT NOT NULL)")?;
    let row = db.query_one("SELECT coalesce(max(version), 0) FROM m3shd_schema", &[])?;
    col(&row, 0)
}

pub(super) fn migrate(db: &Db) -> Result<(), StoreError> {
    db.execute("SELECT pg_advisory_lock($1)", &[&MIGRATE_LOCK])?;
    let result = migrate_locked(db);
    let unlock = db.execute("SELECT pg_advisory_unlock($1)", &[&MIGRATE_LOCK]);
    result?;
    unlock?;
    Ok(())
}

fn migrate_locked(db: &Db) -> Result<(), StoreError> {
    let version = current(db)?;
    if version > LATEST {
        return Err(StoreError::Migration(
            format!(
                "the database is at schema version {version}, newer than this hub knows \
                 ({LATEST}); run the newer m3shd-hubd, or restore a backup"
            )
            .into(),
        ));
    }
    for (to, sql) in MIGRATIONS.iter().filter(|(to, _)| *to > version) {
        tracing::info!(from = version, to, "migrating the database");
        db.batch("BEGIN")?;
        let step = db
            .batch(sql)
            .and_then(|()| {
                db.execute("DELETE FROM m3shd_schema", &[])?;
                db.execute("INSERT INTO m3shd_schema (version) VALUES ($1)", &[to])
            });
        match step {
            Ok(_) => db.batch("COMMIT")?,
            Err(e) => {
                let _ = db.batch("ROLLBACK");
                return Err(StoreError::Migration(
                    format!("to version {to}: {e}").into(),
                ));
            }
        }
    }
    Ok(())
}
