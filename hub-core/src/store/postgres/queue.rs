//! The dispatch pass's walk over the queue (ARCHITECTURE.md, "Dispatch").
//!
//! One query reads a page of the walk in dispatch order: each capability
//! some free agent has is one ordered range of the queue index (a lateral
//! subquery per capability), untyped work another, each cut at the page's
//! size before they are merged. So a page reads at most a page per
//! capability, however deep the queue. Pages resume after the last row
//! handed out (keyset), and grow as the walk goes on: a pass that stops
//! after a task or two reads little, a long one makes few round trips.

use tokio_postgres::Row;

use super::db::col;
use super::session::Session;
use crate::store::error::StoreError;
use crate::store::repos::{QueueScan, QueuedRow};
use crate::store::time::to_micros;

/// A page of the walk. `$1` the capabilities, `$2` 1 when a free agent
/// takes untyped (`general`) work, else only untyped tasks naming an agent
/// are read, `$3` the free agents, `$4` the cutoff past which a task naming
/// a busy or absent agent may fall through, `$5..$7` the keyset
/// (-priority, created_at, rowid) of the last row handed out, `$8` the
/// page's size.
const SCAN_PAGE_SQL: &str = "SELECT id, required_capability, assign_to, may_fall_through, \
       rank, created_at, rowid FROM ( \
       SELECT w.* FROM unnest($1::text[]) AS c(cap) CROSS JOIN LATERAL ( \
         SELECT id, required_capability, assign_to, \
           (assign_to IS NOT NULL AND assign_strict = 0 AND updated_at <= $4) \
             AS may_fall_through, \
           -priority AS rank, created_at, rowid \
         FROM tasks \
         WHERE status = 'queued' AND required_capability = c.cap \
           AND (-priority, created_at, rowid) > ($5, $6, $7) \
           AND (assign_to IS NULL OR assign_to = ANY($3) \
                OR (assign_strict = 0 AND updated_at <= $4)) \
         ORDER BY -priority, created_at, rowid LIMIT $8) w \
       UNION ALL ( \
         SELECT id, required_capability, assign_to, \
           (assign_to IS NOT NULL AND assign_strict = 0 AND updated_at <= $4), \
           -priority, created_at, rowid \
         FROM tasks \
         WHERE status = 'queued' AND required_capability IS NULL \
           AND ($2::bigint = 1 OR assign_to IS NOT NULL) \
           AND (-priority, created_at, rowid) > ($5, $6, $7) \
           AND (assign_to IS NULL OR assign_to = ANY($3) \
                OR (assign_strict = 0 AND updated_at <= $4)) \
         ORDER BY -priority, created_at, rowid LIMIT $8)) q \
     ORDER BY rank, created_at, rowid LIMIT $8";

const FIRST_PAGE: i64 = 16;
const LARGEST_PAGE: i64 = 512;

/// Dispatch order as one ascending key: higher priority first, then older,
/// then inserted first.
type Keyset = (i64, i64, i64);

/// Before every row: priorities are 0..=10.
const START: Keyset = (-11, i64::MIN, i64::MIN);

fn queued_row(r: &Row) -> Result<(Keyset, QueuedRow), StoreError> {
    Ok((
        (col(r, 4)?, col(r, 5)?, col(r, 6)?),
        QueuedRow {
            id: col(r, 0)?,
            required_capability: col(r, 1)?,
            assign_to: col(r, 2)?,
            may_fall_through: col(r, 3)?,
        },
    ))
}

/// Walk queued tasks in dispatch order, pre-filtered to those some free
/// agent could take, until `f` says stop.
pub(super) fn scan_queued(
    s: &Session<'_>,
    scan: &QueueScan<'_>,
    f: &mut dyn FnMut(QueuedRow) -> bool,
) -> Result<(), StoreError> {
    let general = i64::from(scan.general);
    let until = to_micros(scan.pinned_until);
    let mut after = START;
    let mut page = FIRST_PAGE;
    loop {
        let rows = s.query(
            SCAN_PAGE_SQL,
            &[
                &scan.capabilities,
                &general,
                &scan.agents,
                &until,
                &after.0,
                &after.1,
                &after.2,
                &page,
            ],
        )?;
        let full = i64::try_from(rows.len()).unwrap_or(i64::MAX) >= page;
        for r in &rows {
            let (key, row) = queued_row(r)?;
            after = key;
            if !f(row) {
                return Ok(());
            }
        }
        if !full {
            return Ok(());
        }
        page = (page * 2).min(LARGEST_PAGE);
    }
}
