//! Plaintext left behind by databases from before encryption at rest: the
//! full-text index that copied memory values was dropped and rows were
//! sealed in place, but SQLite only marks such pages and cells free, so the
//! old words could still be read from the file. Every connection that
//! writes runs with `secure_delete` (freed content is zeroed from then on),
//! and a database that existed before that gets one `VACUUM`, which
//! rewrites the file without its free space.

use std::sync::mpsc::RecvTimeoutError;
use std::time::{Duration, Instant};

use rusqlite::Connection;

use super::settings;
use crate::store::error::StoreError;

/// Set once the database holds no free space from before `secure_delete`.
const DONE: &str = "store.free_space_scrubbed";

/// How often a long `VACUUM` says it is still at work.
const TICK: Duration = Duration::from_secs(2);

/// What [`scrub_once`] did, for the caller's log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scrub {
    /// Done before, or a new database that never held plaintext.
    NotNeeded,
    Vacuumed {
        before_bytes: u64,
        after_bytes: u64,
        took: Duration,
    },
}

fn size(conn: &Connection) -> Result<u64, StoreError> {
    let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
    let page: i64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
    Ok(u64::try_from(pages * page).unwrap_or(0))
}

/// `VACUUM` the database once, unless `created` (it was made by this
/// version, with `secure_delete` from the start). Progress goes to stderr:
/// on a large database on a Pi this can take minutes of a start-up.
pub fn scrub_once(conn: &Connection, created: bool) -> Result<Scrub, StoreError> {
    if settings::get(conn, DONE)?.is_some() {
        return Ok(Scrub::NotNeeded);
    }
    if created {
        settings::set(conn, DONE, "true")?;
        return Ok(Scrub::NotNeeded);
    }
    let before_bytes = size(conn)?;
    eprintln!(
        "m3shd-hubd: rewriting the database once ({} MiB) so no plaintext from before \
         encryption at rest is left in its free space…",
        before_bytes / (1024 * 1024)
    );
    let start = Instant::now();
    let (finished, ticks) = std::sync::mpsc::channel::<()>();
    // The copy VACUUM makes goes to a temporary file, not to memory (the
    // writer's usual temp_store): the database may be larger than the RAM.
    let vacuumed = std::thread::scope(|scope| {
        scope.spawn(move || {
            while let Err(RecvTimeoutError::Timeout) = ticks.recv_timeout(TICK) {
                eprintln!(
                    "m3shd-hubd: … still rewriting ({} s)",
                    start.elapsed().as_secs()
                );
            }
        });
        let done = conn.execute_batch(
            "PRAGMA temp_store = FILE; VACUUM; PRAGMA temp_store = MEMORY; \
             PRAGMA wal_checkpoint(TRUNCATE);",
        );
        drop(finished);
        done
    });
    vacuumed?;
    settings::set(conn, DONE, "true")?;
    let after_bytes = size(conn)?;
    let took = start.elapsed();
    eprintln!(
        "m3shd-hubd: database rewritten in {:.1} s ({} MiB now)",
        took.as_secs_f64(),
        after_bytes / (1024 * 1024)
    );
    Ok(Scrub::Vacuumed {
        before_bytes,
        after_bytes,
        took,
    })
}
