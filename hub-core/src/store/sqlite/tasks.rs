//! SQL for tasks and their dependency edges.

use m3shd_api::{TaskStatus, Timestamp};
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, OptionalExtension, ToSql, params};

use super::rows::{TASK_COLS, parse, task_from_row};
use super::session::{Connected, SqliteTx};
use crate::store::error::StoreError;
use crate::store::repos::{
    LeaseView, QueueScan, QueuedRow, TaskFact, TaskReads, TaskRecord, TaskWrites,
};
use crate::store::task_cols::{TaskValues, lease_view_from_cols};
use crate::store::time::to_micros;

fn collect(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<TaskRecord>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(params)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(task_from_row(row)?);
    }
    Ok(out)
}

pub fn get(conn: &Connection, id: &str) -> Result<Option<TaskRecord>, StoreError> {
    let sql = format!("SELECT {TASK_COLS} FROM tasks WHERE id = ?1");
    Ok(collect(conn, &sql, [id])?.pop())
}

pub fn by_idempotency_key(conn: &Connection, key: &str) -> Result<Option<TaskRecord>, StoreError> {
    let sql = format!("SELECT {TASK_COLS} FROM tasks WHERE idempotency_key = ?1");
    Ok(collect(conn, &sql, [key])?.pop())
}

pub fn status_of(conn: &Connection, id: &str) -> Result<Option<TaskStatus>, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT status FROM tasks WHERE id = ?1")?;
    let s: Option<String> = stmt.query_row([id], |r| r.get(0)).optional()?;
    s.map(|s| parse(&s)).transpose()
}

pub fn lease_view(conn: &Connection, id: &str) -> Result<Option<LeaseView>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT status, assigned_to, lease_fence, lease_expires_at, started_at, finished_at, \
         coalesce(length(CAST(output AS BLOB)), 0), output_seq FROM tasks WHERE id = ?1",
    )?;
    let mut rows = stmt.query([id])?;
    let Some(r) = rows.next()? else {
        return Ok(None);
    };
    Ok(Some(lease_view_from_cols(r, id)?))
}

/// The task list's query for the filters given: each combination has its
/// own text so SQLite can walk the index that matches it from its newest
/// end (a `(?1 IS NULL OR status = ?1)` form would defeat every index).
pub fn list_sql(status: bool, agent: bool, before: bool) -> String {
    let mut conds: Vec<&str> = Vec::new();
    if status {
        conds.push("status = :status");
    }
    if agent {
        conds.push("assigned_to = :agent");
    }
    if before {
        // Keyset paging: strictly after the `before` task in the list's order.
        conds
            .push("(created_at, rowid) < (SELECT created_at, rowid FROM tasks WHERE id = :before)");
    }
    let filter = if conds.is_empty() {
        String::new()
    } else {
        format!("WHERE {} ", conds.join(" AND "))
    };
    format!(
        "SELECT {TASK_COLS} FROM tasks {filter}ORDER BY created_at DESC, rowid DESC LIMIT :limit"
    )
}

/// Newest first. `limit` is already clamped by the caller.
pub fn list(
    conn: &Connection,
    status: Option<TaskStatus>,
    assigned_to: Option<&str>,
    before: Option<&str>,
    limit: i64,
) -> Result<Vec<TaskRecord>, StoreError> {
    let sql = list_sql(status.is_some(), assigned_to.is_some(), before.is_some());
    let status = status.map(|s| s.as_str());
    let mut bind: Vec<(&str, &dyn rusqlite::ToSql)> = vec![(":limit", &limit)];
    if let Some(s) = &status {
        bind.push((":status", s));
    }
    if let Some(a) = &assigned_to {
        bind.push((":agent", a));
    }
    if let Some(b) = &before {
        bind.push((":before", b));
    }
    collect(conn, &sql, bind.as_slice())
}

/// The term every question about what an agent holds carries, word for
/// word: it is the predicate of the partial index `tasks_holding`, and
/// SQLite uses a partial index only for queries that repeat it.
pub const HOLDING: &str = "status IN ('assigned','running')";

/// An agent's tasks in one leased status (`?2`), first to hand out first.
pub fn held_in_status_sql() -> String {
    format!(
        "SELECT {TASK_COLS} FROM tasks INDEXED BY tasks_holding \
         WHERE assigned_to = ?1 AND {HOLDING} AND status = ?2 \
         ORDER BY priority DESC, created_at ASC"
    )
}

/// Everything an agent holds. (Named index: ordered by age, SQLite would
/// rather walk the agent's whole history in `tasks_agent_created`.)
pub fn held_sql() -> String {
    format!(
        "SELECT {TASK_COLS} FROM tasks INDEXED BY tasks_holding \
         WHERE assigned_to = ?1 AND {HOLDING} ORDER BY created_at ASC"
    )
}

pub const HOLDS_ASSIGNED_SQL: &str = "SELECT 1 FROM tasks \
     WHERE assigned_to = ?1 AND status IN ('assigned','running') AND status = 'assigned' LIMIT 1";

/// Tasks an agent holds in the given leased status (`assigned` or `running`),
/// or in either when `status` is None.
pub fn held_by(
    conn: &Connection,
    agent: &str,
    status: Option<TaskStatus>,
) -> Result<Vec<TaskRecord>, StoreError> {
    match status {
        Some(s) => collect(conn, &held_in_status_sql(), params![agent, s.as_str()]),
        None => collect(conn, &held_sql(), [agent]),
    }
}

/// Whether the agent has work assigned and not yet claimed.
pub fn holds_assigned(conn: &Connection, agent: &str) -> Result<bool, StoreError> {
    let mut stmt = conn.prepare_cached(HOLDS_ASSIGNED_SQL)?;
    Ok(stmt.exists([agent])?)
}

pub fn any_queued(conn: &Connection) -> Result<bool, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT 1 FROM tasks WHERE status = 'queued' LIMIT 1")?;
    Ok(stmt.exists([])?)
}

pub const ANY_PINNED_WAITING_SQL: &str = "SELECT 1 FROM tasks INDEXED BY tasks_named_waiting \
     WHERE status = 'queued' AND assign_to IS NOT NULL AND assign_strict = 0 \
       AND updated_at <= ?1 LIMIT 1";

/// Whether a task for a named agent (not pinned to it) has been queued
/// since `cutoff` or earlier: the dispatcher should look at it again.
pub fn any_pinned_waiting(conn: &Connection, cutoff: Timestamp) -> Result<bool, StoreError> {
    let mut stmt = conn.prepare_cached(ANY_PINNED_WAITING_SQL)?;
    Ok(stmt.exists([to_micros(cutoff)])?)
}

pub fn expired_leases(conn: &Connection, now: Timestamp) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM tasks WHERE status IN ('assigned','running') AND lease_expires_at < ?1 \
         ORDER BY lease_expires_at",
    )?;
    let ids = stmt
        .query_map([to_micros(now)], |r| r.get(0))?
        .collect::<Result<Vec<String>, _>>()?;
    Ok(ids)
}

/// Tasks per status, as the triggers keep them (never a count over the
/// history).
pub fn counts(conn: &Connection) -> Result<Vec<(TaskStatus, i64)>, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT status, n FROM task_counts WHERE n > 0")?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let s: String = r.get(0)?;
        out.push((parse(&s)?, r.get(1)?));
    }
    Ok(out)
}

pub fn insert(conn: &Connection, rec: &TaskRecord, idem: Option<&str>) -> Result<(), StoreError> {
    let t = &rec.task;
    let v = TaskValues::of(rec)?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO tasks (id, title, prompt, status, required_capability, assign_to, \
         assigned_to, priority, attempts, max_attempts, lease_fence, lease_expires_at, output, \
         output_seq, error, confidence, deadline, idempotency_key, created_at, updated_at, \
         started_at, finished_at, urgency, requires_approval, pipeline_id, continues, \
         max_cost_usd, model, input_tokens, output_tokens, cost_usd, held, assign_strict, \
         protocol_role, protocol_of, protocol) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, \
         ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, \
         ?35, ?36)",
    )?;
    let res = stmt.execute(params![
        t.id,
        t.title,
        t.prompt,
        v.status,
        t.required_capability,
        t.assign_to,
        v.assigned_to,
        t.priority,
        t.attempts,
        t.max_attempts,
        v.fence,
        v.lease_expires_at,
        t.output,
        rec.output_seq,
        t.error,
        t.confidence,
        v.deadline,
        idem,
        v.created_at,
        v.updated_at,
        v.started_at,
        v.finished_at,
        v.urgency,
        v.requires_approval,
        t.pipeline_id,
        t.continues,
        t.max_cost_usd,
        t.model,
        t.input_tokens,
        t.output_tokens,
        t.cost_usd,
        v.held,
        v.assign_strict,
        v.protocol_role,
        t.protocol_of,
        v.protocol,
    ]);
    match res {
        Ok(_) => Ok(()),
        // A taken id or idempotency key; not a failed CHECK or reference.
        Err(rusqlite::Error::SqliteFailure(e, msg))
            if e.code == rusqlite::ErrorCode::ConstraintViolation
                && (e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                    || e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY) =>
        {
            Err(StoreError::Duplicate(msg.unwrap_or_default()))
        }
        Err(e) => Err(e.into()),
    }
}

/// Write every mutable column of a task: the domain changes a record as a
/// whole, so no field can be forgotten (and left stale) by a partial update.
/// The columns `save` may change, in the order of its values.
const SAVED_COLS: [&str; 22] = [
    "title",
    "status",
    "assigned_to",
    "priority",
    "attempts",
    "lease_fence",
    "lease_expires_at",
    "output",
    "output_seq",
    "error",
    "confidence",
    "updated_at",
    "started_at",
    "finished_at",
    "urgency",
    "model",
    "input_tokens",
    "output_tokens",
    "cost_usd",
    "injected_memories",
    "held",
    "protocol",
];

/// Write back the columns of a task that differ from its stored row, and
/// only those. SQLite rewrites every index on a column an UPDATE names,
/// changed or not, and the tasks table has a dozen: naming only what
/// changed (a claim changes status, holder, lease and times; the title,
/// priority and capability indexes stay untouched) saves index rewrites
/// and the WAL pages they dirty (ARCHITECTURE.md, "The write path"). The row
/// read for the comparison is the page the caller has just loaded.
pub fn save(conn: &Connection, rec: &TaskRecord) -> Result<(), StoreError> {
    let t = &rec.task;
    let v = TaskValues::of(rec)?;
    let values: [&dyn ToSql; 22] = [
        &t.title,
        &v.status,
        &v.assigned_to,
        &t.priority,
        &t.attempts,
        &v.fence,
        &v.lease_expires_at,
        &t.output,
        &rec.output_seq,
        &t.error,
        &t.confidence,
        &v.updated_at,
        &v.started_at,
        &v.finished_at,
        &v.urgency,
        &t.model,
        &t.input_tokens,
        &t.output_tokens,
        &t.cost_usd,
        &v.injected_memories,
        &v.held,
        &v.protocol,
    ];
    let changed = {
        let mut stmt = conn.prepare_cached(SAVED_ROW_SQL)?;
        let mut rows = stmt.query([&t.id])?;
        let Some(row) = rows.next()? else {
            // Gone (deleted meanwhile): nothing to write, as an UPDATE of
            // no row would.
            return Ok(());
        };
        let mut changed = Vec::with_capacity(SAVED_COLS.len());
        for (i, value) in values.iter().enumerate() {
            let new = value.to_sql()?;
            let new = match &new {
                ToSqlOutput::Borrowed(r) => *r,
                ToSqlOutput::Owned(o) => ValueRef::from(o),
                _ => return Err(StoreError::Commit("unexpected task column value".into())),
            };
            if row.get_ref(i)? != new {
                changed.push(i);
            }
        }
        changed
    };
    if changed.is_empty() {
        return Ok(());
    }
    let mut sql = String::with_capacity(40 + changed.len() * 24);
    sql.push_str("UPDATE tasks SET ");
    for (k, &i) in changed.iter().enumerate() {
        if k > 0 {
            sql.push_str(", ");
        }
        sql.push_str(SAVED_COLS[i]);
        sql.push_str(" = ?");
        sql.push_str(&(k + 2).to_string());
    }
    sql.push_str(" WHERE id = ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    let params = std::iter::once(&t.id as &dyn ToSql).chain(changed.iter().map(|&i| values[i]));
    stmt.execute(rusqlite::params_from_iter(params))?;
    Ok(())
}

/// The stored values of `SAVED_COLS`, in that order.
const SAVED_ROW_SQL: &str = "SELECT title, status, assigned_to, priority, attempts, lease_fence, \
     lease_expires_at, output, output_seq, error, confidence, updated_at, started_at, \
     finished_at, urgency, model, input_tokens, output_tokens, cost_usd, injected_memories, \
     held, protocol FROM tasks WHERE id = ?1";

/// Append a streamed chunk without reading the output back.
pub fn append_output(
    conn: &Connection,
    id: &str,
    chunk: &str,
    seq: i64,
    now: Timestamp,
) -> Result<(), StoreError> {
    let mut stmt = conn.prepare_cached(
        "UPDATE tasks SET output = coalesce(output, '') || ?2, output_seq = ?3, updated_at = ?4 \
         WHERE id = ?1",
    )?;
    stmt.execute(params![id, chunk, seq, to_micros(now)])?;
    Ok(())
}

/// Push out to `until` the leases of an agent's tasks that are waiting for
/// its claim (`assigned`) or that it reports executing (`running` and named
/// in `running`). A running task the worker does not name (its claim reply
/// was lost, say) keeps its deadline, expires and goes back to the queue.
pub const EXTEND_LEASES_SQL: &str = "UPDATE tasks SET lease_expires_at = ?2 \
     WHERE assigned_to = ?1 AND status IN ('assigned','running') AND (status = 'assigned' \
       OR (status = 'running' AND id IN (SELECT value FROM json_each(?3)))) \
     RETURNING id";

pub fn extend_leases(
    conn: &Connection,
    agent: &str,
    running: &[String],
    until: Timestamp,
) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare_cached(EXTEND_LEASES_SQL)?;
    let reported = serde_json::to_string(running)?;
    let ids = stmt
        .query_map(params![agent, to_micros(until), reported], |r| r.get(0))?
        .collect::<Result<Vec<String>, _>>()?;
    Ok(ids)
}

pub fn insert_dep(
    conn: &Connection,
    parent: &str,
    child: &str,
    ord: i64,
) -> Result<(), StoreError> {
    let mut stmt = conn.prepare_cached(
        "INSERT OR IGNORE INTO task_deps (parent_task_id, child_task_id, ord) VALUES (?1, ?2, ?3)",
    )?;
    stmt.execute(params![parent, child, ord])?;
    Ok(())
}

pub fn clear_deps(conn: &Connection, child: &str) -> Result<(), StoreError> {
    conn.prepare_cached("DELETE FROM task_deps WHERE child_task_id = ?1")?
        .execute([child])?;
    Ok(())
}

/// Children of `from` depend on `to` instead (a handoff's continuation).
pub fn repoint_children(conn: &Connection, from: &str, to: &str) -> Result<(), StoreError> {
    conn.prepare_cached(
        "UPDATE OR IGNORE task_deps SET parent_task_id = ?2 WHERE parent_task_id = ?1",
    )?
    .execute([from, to])?;
    conn.prepare_cached("DELETE FROM task_deps WHERE parent_task_id = ?1")?
        .execute([from])?;
    Ok(())
}

/// Parent ids of a task, in the order they were given.
pub fn parents(conn: &Connection, child: &str) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT parent_task_id FROM task_deps WHERE child_task_id = ?1 ORDER BY ord, rowid",
    )?;
    let ids = stmt
        .query_map([child], |r| r.get(0))?
        .collect::<Result<Vec<String>, _>>()?;
    Ok(ids)
}

pub fn set_prompt(conn: &Connection, id: &str, prompt: &str) -> Result<(), StoreError> {
    conn.prepare_cached("UPDATE tasks SET prompt = ?2 WHERE id = ?1")?
        .execute([id, prompt])?;
    Ok(())
}

/// Open tasks past their deadline whose urgency can still rise.
pub const OVERDUE_SQL: &str = "SELECT id FROM tasks INDEXED BY tasks_deadline_open \
     WHERE deadline IS NOT NULL AND deadline < ?1 \
       AND status IN ('blocked','queued','assigned','running') AND urgency != 'critical' \
     ORDER BY deadline";

pub fn overdue(conn: &Connection, now: Timestamp) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare_cached(OVERDUE_SQL)?;
    let ids = stmt
        .query_map([to_micros(now)], |r| r.get(0))?
        .collect::<Result<Vec<String>, _>>()?;
    Ok(ids)
}

pub fn recently_finished_sql() -> String {
    format!(
        "SELECT {TASK_COLS} FROM tasks WHERE finished_at IS NOT NULL \
         ORDER BY finished_at DESC, rowid DESC LIMIT ?1"
    )
}

/// Finished tasks, most recently finished first.
pub fn recently_finished(conn: &Connection, limit: i64) -> Result<Vec<TaskRecord>, StoreError> {
    collect(conn, &recently_finished_sql(), [limit])
}

/// How many tasks exist (tests and checks that nothing was written).
pub fn count_all(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn
        .prepare_cached("SELECT coalesce(sum(n), 0) FROM task_counts")?
        .query_row([], |r| r.get(0))?)
}

pub fn parent_statuses(conn: &Connection, child: &str) -> Result<Vec<TaskStatus>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.status FROM task_deps d JOIN tasks t ON t.id = d.parent_task_id \
         WHERE d.child_task_id = ?1",
    )?;
    let mut rows = stmt.query([child])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let s: String = r.get(0)?;
        out.push(parse(&s)?);
    }
    Ok(out)
}

pub fn children(conn: &Connection, parent: &str) -> Result<Vec<String>, StoreError> {
    let mut stmt =
        conn.prepare_cached("SELECT child_task_id FROM task_deps WHERE parent_task_id = ?1")?;
    let ids = stmt
        .query_map([parent], |r| r.get(0))?
        .collect::<Result<Vec<String>, _>>()?;
    Ok(ids)
}

/// Facts of the tasks created since `from`.
pub fn facts_since(conn: &Connection, from: Timestamp) -> Result<Vec<TaskFact>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT status, assigned_to, strftime('%Y-%m-%d', created_at / 1000000, 'unixepoch'), \
         required_capability FROM tasks WHERE created_at >= ?1",
    )?;
    let mut rows = stmt.query([to_micros(from)])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let s: String = r.get(0)?;
        out.push((parse(&s)?, r.get(1)?, r.get(2)?, r.get(3)?));
    }
    Ok(out)
}

impl<C: Connected> TaskReads for C {
    fn get(&self, id: &str) -> Result<Option<TaskRecord>, StoreError> {
        get(self.conn(), id)
    }

    fn by_idempotency_key(&self, key: &str) -> Result<Option<TaskRecord>, StoreError> {
        by_idempotency_key(self.conn(), key)
    }

    fn status(&self, id: &str) -> Result<Option<TaskStatus>, StoreError> {
        status_of(self.conn(), id)
    }

    fn lease_view(&self, id: &str) -> Result<Option<LeaseView>, StoreError> {
        lease_view(self.conn(), id)
    }

    fn list(
        &self,
        status: Option<TaskStatus>,
        assigned_to: Option<&str>,
        before: Option<&str>,
        limit: i64,
    ) -> Result<Vec<TaskRecord>, StoreError> {
        list(self.conn(), status, assigned_to, before, limit)
    }

    fn held_by(
        &self,
        agent: &str,
        status: Option<TaskStatus>,
    ) -> Result<Vec<TaskRecord>, StoreError> {
        held_by(self.conn(), agent, status)
    }

    fn holds_assigned(&self, agent: &str) -> Result<bool, StoreError> {
        holds_assigned(self.conn(), agent)
    }

    fn any_queued(&self) -> Result<bool, StoreError> {
        any_queued(self.conn())
    }

    fn scan_queued(
        &self,
        scan: &QueueScan<'_>,
        f: &mut dyn FnMut(QueuedRow) -> bool,
    ) -> Result<(), StoreError> {
        super::queue::scan_queued(self.conn(), scan, f)
    }

    fn any_pinned_waiting(&self, cutoff: Timestamp) -> Result<bool, StoreError> {
        any_pinned_waiting(self.conn(), cutoff)
    }

    fn expired_leases(&self, now: Timestamp) -> Result<Vec<String>, StoreError> {
        expired_leases(self.conn(), now)
    }

    fn counts(&self) -> Result<Vec<(TaskStatus, i64)>, StoreError> {
        counts(self.conn())
    }

    fn parent_statuses(&self, child: &str) -> Result<Vec<TaskStatus>, StoreError> {
        parent_statuses(self.conn(), child)
    }

    fn children(&self, parent: &str) -> Result<Vec<String>, StoreError> {
        children(self.conn(), parent)
    }

    fn parents(&self, child: &str) -> Result<Vec<String>, StoreError> {
        parents(self.conn(), child)
    }

    fn overdue(&self, now: Timestamp) -> Result<Vec<String>, StoreError> {
        overdue(self.conn(), now)
    }

    fn recently_finished(&self, limit: i64) -> Result<Vec<TaskRecord>, StoreError> {
        recently_finished(self.conn(), limit)
    }

    fn facts_since(&self, from: Timestamp) -> Result<Vec<TaskFact>, StoreError> {
        facts_since(self.conn(), from)
    }

    fn total(&self) -> Result<i64, StoreError> {
        count_all(self.conn())
    }
}

impl TaskWrites for SqliteTx<'_> {
    fn insert(&self, rec: &TaskRecord, idem: Option<&str>) -> Result<(), StoreError> {
        insert(&self.txn, rec, idem)
    }

    fn save(&self, rec: &TaskRecord) -> Result<(), StoreError> {
        save(&self.txn, rec)
    }

    fn append_output(&self, id: &str, chunk: &str, seq: i64) -> Result<(), StoreError> {
        append_output(&self.txn, id, chunk, seq, self.now)
    }

    fn extend_leases(
        &self,
        agent: &str,
        running: &[String],
        until: Timestamp,
    ) -> Result<Vec<String>, StoreError> {
        extend_leases(&self.txn, agent, running, until)
    }

    fn insert_dep(&self, parent: &str, child: &str, ord: i64) -> Result<(), StoreError> {
        insert_dep(&self.txn, parent, child, ord)
    }

    fn clear_deps(&self, child: &str) -> Result<(), StoreError> {
        clear_deps(&self.txn, child)
    }

    fn repoint_children(&self, from: &str, to: &str) -> Result<(), StoreError> {
        repoint_children(&self.txn, from, to)
    }

    fn set_prompt(&self, id: &str, prompt: &str) -> Result<(), StoreError> {
        set_prompt(&self.txn, id, prompt)
    }
}
