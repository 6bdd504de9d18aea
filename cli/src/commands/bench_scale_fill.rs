//! The store `m3shd bench scale` measures at size: finished tasks of
//! history, tasks queued for a capability no agent has, and an event log.
//! Written through the store's own write API (the same inserts the hub
//! makes, so every CHECK and the status-count triggers apply) while no hub
//! serves the data dir, in batched transactions.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::TimeDelta;
use m3shd_api::{AgentId, Event, Fence, Timestamp};
use m3shd_client::bench::mix;
use m3shd_hubd::store::repos::task_state::{Holder, LastHolder};
use m3shd_hubd::store::{Durability, Store, StoreError, TaskBody, TaskRecord, TaskState, Tx};

use crate::exit::CliError;

/// Rows per write transaction.
const BATCH: u64 = 10_000;
/// What the queued tasks ask for: no agent of the bench has it, so they
/// stay queued, and the dispatch pass should never read them.
pub const UNCLAIMED: &str = "bench-unclaimed";
/// The agent the history names as the one that ran it.
const HISTORY_AGENT: &str = "bench-history";

/// How much to write.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Sizes {
    pub tasks: u64,
    pub queued: u64,
    pub events: u64,
}

impl Sizes {
    pub const NONE: Sizes = Sizes {
        tasks: 0,
        queued: 0,
        events: 0,
    };
}

/// Where every row of a store filled to `full` goes, whichever fill
/// writes it: ids and creation times follow the row's number, the history
/// first, then the queued tasks.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    full: Sizes,
    /// When the first history task was created; each next task 1 ms later,
    /// the newest a minute ago.
    base: Timestamp,
}

impl Layout {
    pub fn new(full: Sizes) -> Layout {
        let span = full
            .tasks
            .saturating_add(full.queued)
            .saturating_add(60_000);
        Layout {
            full,
            base: chrono::Utc::now()
                - TimeDelta::milliseconds(i64::try_from(span).unwrap_or(i64::MAX)),
        }
    }

    /// The id of the `n`th task (the history first, then the queued
    /// tasks): 16 lowercase hex digits, as the hub's own. Each task gets a
    /// random point in its own slice of the id space, so the ids spread
    /// over all of it as random ones do (the hub's new tasks land between
    /// them), yet rise with `n`, so filling appends to the id index instead
    /// of splitting pages all over it, which would make the fill itself
    /// slow down as the store grows.
    fn task_id(&self, n: u64) -> String {
        let slice = u64::MAX / self.full.tasks.saturating_add(self.full.queued).max(1);
        let id = n
            .saturating_mul(slice)
            .saturating_add(mix(n) % slice.max(1));
        format!("{id:016x}")
    }

    /// The id of history task `i` (0 is the oldest).
    pub fn history_id(&self, i: u64) -> String {
        self.task_id(i)
    }

    fn at(&self, n: u64) -> Timestamp {
        self.base + TimeDelta::milliseconds(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

/// What every row is derived from.
#[derive(Clone)]
struct Plan {
    layout: Layout,
    agent: AgentId,
}

type Row = fn(&mut Tx<'_>, &Plan, u64) -> Result<(), StoreError>;

fn body(id: String, title: String, created_at: Timestamp) -> TaskBody {
    // A plain queued task as the wire knows it; its state is set by the
    // caller's record.
    let mut t = m3shd_api::Task::queued(id, format!("echo {title}"), created_at);
    t.title = title;
    TaskBody::from_api(t)
}

fn history_row(tx: &mut Tx<'_>, plan: &Plan, i: u64) -> Result<(), StoreError> {
    let created = plan.layout.at(i);
    let finished = created + TimeDelta::microseconds(500);
    let title = format!("bench history {i}");
    let mut task = body(plan.layout.history_id(i), title.clone(), created);
    task.attempts = 1;
    task.output = Some(title);
    task.updated_at = finished;
    let state = TaskState::Done {
        last: LastHolder {
            holder: Holder {
                agent: plan.agent.clone(),
                fence: Fence(1),
            },
            started_at: Some(created),
        },
        finished_at: finished,
    };
    let rec = TaskRecord {
        task,
        state,
        output_seq: 1,
    };
    tx.tasks().insert(&rec, None)
}

fn queued_row(tx: &mut Tx<'_>, plan: &Plan, i: u64) -> Result<(), StoreError> {
    let n = plan.layout.full.tasks + i;
    let created = plan.layout.at(n);
    let mut task = body(plan.layout.task_id(n), format!("bench queued {i}"), created);
    task.required_capability = Some(UNCLAIMED.to_string());
    let rec = TaskRecord {
        task,
        state: TaskState::Queued { fence: Fence(0) },
        output_seq: 0,
    };
    tx.tasks().insert(&rec, None)
}

/// Output lines of the history's tasks, the most numerous events a mesh logs.
fn event_row(tx: &mut Tx<'_>, plan: &Plan, i: u64) -> Result<(), StoreError> {
    let tasks = plan.layout.full.tasks.max(1);
    tx.emit(Event::TaskOutput {
        task_id: plan.layout.history_id(i % tasks),
        seq: i64::try_from(i / tasks + 1).unwrap_or(i64::MAX),
        chunk: format!("output line {i}\n"),
    })?;
    Ok(())
}

/// Fill the (not served) data dir `dir` with the rows of `layout` from
/// those of `from` up to those of `to`; progress on stderr.
pub async fn fill(
    dir: &Path,
    layout: Layout,
    from: Sizes,
    to: Sizes,
) -> Result<Duration, CliError> {
    let started = Instant::now();
    let failed = |e: StoreError| CliError::Failed(format!("cannot fill the store: {e}"));
    let store = Store::open(dir, Durability::Normal).map_err(failed)?;
    let plan = Plan {
        layout,
        agent: AgentId::parse(HISTORY_AGENT).map_err(|e| CliError::Failed(e.to_string()))?,
    };
    let kinds: [(&str, u64, u64, Row); 3] = [
        ("finished tasks", from.tasks, to.tasks, history_row),
        ("queued tasks", from.queued, to.queued, queued_row),
        ("events", from.events, to.events, event_row),
    ];
    for (what, from, to, row) in kinds {
        rows(&store, &plan, what, from..to, row).await?;
    }
    // Closing checkpoints the WAL into the database file.
    store.close().map_err(failed)?;
    Ok(started.elapsed())
}

/// Rows `range` of one kind, `BATCH` per transaction.
async fn rows(
    store: &Store,
    plan: &Plan,
    what: &str,
    range: std::ops::Range<u64>,
    row: Row,
) -> Result<(), CliError> {
    let total = range.end;
    let started = Instant::now();
    let mut reported = Instant::now();
    let mut done = range.start;
    while done < total {
        let (from, to) = (done, done.saturating_add(BATCH).min(total));
        let plan = plan.clone();
        store
            .write(move |tx| -> Result<(), StoreError> {
                for i in from..to {
                    row(tx, &plan, i)?;
                }
                Ok(())
            })
            .await
            .map_err(|e| CliError::Failed(format!("cannot write {what}: {e}")))?;
        done = to;
        if reported.elapsed() >= Duration::from_secs(1) || done == total {
            eprintln!(
                "  {what}: {done}/{total} ({:.1} s)",
                started.elapsed().as_secs_f64()
            );
            reported = Instant::now();
        }
    }
    Ok(())
}
