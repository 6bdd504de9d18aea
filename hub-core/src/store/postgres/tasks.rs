//! SQL for tasks and their dependency edges.

use m3shd_api::{TaskStatus, Timestamp};
use tokio_postgres::types::ToSql;

use super::db::col;
use super::session::Session;
use super::task_rows::{TASK_COLS, tasks_from_rows};
use crate::store::error::StoreError;
use crate::store::repos::{
    LeaseView, QueueScan, QueuedRow, TaskFact, TaskReads, TaskRecord, TaskWrites,
};
use crate::store::task_cols::{TaskValues, lease_view_from_cols, parse};
use crate::store::time::to_micros;

/// The task list's query for the filters given: each combination has its
/// own text, so the planner sees plain equalities it can walk an index
/// with, newest first.
fn list_sql(status: bool, agent: bool, before: bool) -> String {
    let mut conds: Vec<String> = Vec::new();
    let mut n = 1;
    let mut next = || {
        n += 1;
        n
    };
    if status {
        conds.push(format!("status = ${}", next()));
    }
    if agent {
        conds.push(format!("assigned_to = ${}", next()));
    }
    if before {
        // Keyset paging: strictly after the `before` task in the list's order.
        let b = next();
        conds.push(format!(
            "(created_at, rowid) < (SELECT created_at, rowid FROM tasks WHERE id = ${b})"
        ));
    }
    let filter = if conds.is_empty() {
        String::new()
    } else {
        format!("WHERE {} ", conds.join(" AND "))
    };
    format!("SELECT {TASK_COLS} FROM tasks {filter}ORDER BY created_at DESC, rowid DESC LIMIT $1")
}

fn ids(
    s: &Session<'_>,
    sql: &str,
    params: &[&(dyn ToSql + Sync)],
) -> Result<Vec<String>, StoreError> {
    s.query(sql, params)?.iter().map(|r| col(r, 0)).collect()
}

fn exists(s: &Session<'_>, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<bool, StoreError> {
    Ok(s.query_opt(sql, params)?.is_some())
}

impl TaskReads for Session<'_> {
    fn get(&self, id: &str) -> Result<Option<TaskRecord>, StoreError> {
        let sql = format!("SELECT {TASK_COLS} FROM tasks WHERE id = $1");
        Ok(tasks_from_rows(&self.query(&sql, &[&id])?)?.pop())
    }

    fn by_idempotency_key(&self, key: &str) -> Result<Option<TaskRecord>, StoreError> {
        let sql = format!("SELECT {TASK_COLS} FROM tasks WHERE idempotency_key = $1");
        Ok(tasks_from_rows(&self.query(&sql, &[&key])?)?.pop())
    }

    fn status(&self, id: &str) -> Result<Option<TaskStatus>, StoreError> {
        match self.query_opt("SELECT status FROM tasks WHERE id = $1", &[&id])? {
            Some(r) => Ok(Some(parse(col(&r, 0)?)?)),
            None => Ok(None),
        }
    }

    fn lease_view(&self, id: &str) -> Result<Option<LeaseView>, StoreError> {
        let row = self.query_opt(
            "SELECT status, assigned_to, lease_fence, lease_expires_at, started_at, finished_at, \
             coalesce(octet_length(output), 0)::bigint, output_seq FROM tasks WHERE id = $1",
            &[&id],
        )?;
        row.map(|r| lease_view_from_cols(&r, id)).transpose()
    }

    /// Newest first. `limit` is already clamped by the caller.
    fn list(
        &self,
        status: Option<TaskStatus>,
        assigned_to: Option<&str>,
        before: Option<&str>,
        limit: i64,
    ) -> Result<Vec<TaskRecord>, StoreError> {
        let sql = list_sql(status.is_some(), assigned_to.is_some(), before.is_some());
        let status = status.map(|s| s.as_str());
        let mut bind: Vec<&(dyn ToSql + Sync)> = vec![&limit];
        if let Some(s) = &status {
            bind.push(s);
        }
        if let Some(a) = &assigned_to {
            bind.push(a);
        }
        if let Some(b) = &before {
            bind.push(b);
        }
        tasks_from_rows(&self.query(&sql, &bind)?)
    }

    /// Tasks an agent holds in the given leased status (`assigned` or
    /// `running`), first to hand out first; or in either, oldest first.
    fn held_by(
        &self,
        agent: &str,
        status: Option<TaskStatus>,
    ) -> Result<Vec<TaskRecord>, StoreError> {
        let rows = match status {
            Some(s) => self.query(
                &format!(
                    "SELECT {TASK_COLS} FROM tasks WHERE assigned_to = $1 \
                     AND status IN ('assigned','running') AND status = $2 \
                     ORDER BY priority DESC, created_at ASC, rowid ASC"
                ),
                &[&agent, &s.as_str()],
            )?,
            None => self.query(
                &format!(
                    "SELECT {TASK_COLS} FROM tasks WHERE assigned_to = $1 \
                     AND status IN ('assigned','running') ORDER BY created_at ASC, rowid ASC"
                ),
                &[&agent],
            )?,
        };
        tasks_from_rows(&rows)
    }

    /// Whether the agent has work assigned and not yet claimed.
    fn holds_assigned(&self, agent: &str) -> Result<bool, StoreError> {
        exists(
            self,
            "SELECT 1 FROM tasks WHERE assigned_to = $1 AND status IN ('assigned','running') \
             AND status = 'assigned' LIMIT 1",
            &[&agent],
        )
    }

    fn any_queued(&self) -> Result<bool, StoreError> {
        exists(
            self,
            "SELECT 1 FROM tasks WHERE status = 'queued' LIMIT 1",
            &[],
        )
    }

    fn scan_queued(
        &self,
        scan: &QueueScan<'_>,
        f: &mut dyn FnMut(QueuedRow) -> bool,
    ) -> Result<(), StoreError> {
        super::queue::scan_queued(self, scan, f)
    }

    /// Whether a task for a named agent (not pinned to it) has been queued
    /// since `cutoff` or earlier: the dispatcher should look at it again.
    fn any_pinned_waiting(&self, cutoff: Timestamp) -> Result<bool, StoreError> {
        exists(
            self,
            "SELECT 1 FROM tasks WHERE status = 'queued' AND assign_to IS NOT NULL \
             AND assign_strict = 0 AND updated_at <= $1 LIMIT 1",
            &[&to_micros(cutoff)],
        )
    }

    fn expired_leases(&self, now: Timestamp) -> Result<Vec<String>, StoreError> {
        ids(
            self,
            "SELECT id FROM tasks WHERE status IN ('assigned','running') \
             AND lease_expires_at < $1 ORDER BY lease_expires_at, rowid",
            &[&to_micros(now)],
        )
    }

    /// Tasks per status, as the triggers keep them (never a count over the
    /// history).
    fn counts(&self) -> Result<Vec<(TaskStatus, i64)>, StoreError> {
        self.query(
            "SELECT status, n FROM task_counts WHERE n > 0 ORDER BY status",
            &[],
        )?
        .iter()
        .map(|r| Ok((parse(col(r, 0)?)?, col(r, 1)?)))
        .collect()
    }

    fn parent_statuses(&self, child: &str) -> Result<Vec<TaskStatus>, StoreError> {
        self.query(
            "SELECT t.status FROM task_deps d JOIN tasks t ON t.id = d.parent_task_id \
             WHERE d.child_task_id = $1 ORDER BY d.ord, d.rowid",
            &[&child],
        )?
        .iter()
        .map(|r| parse(col(r, 0)?))
        .collect()
    }

    fn children(&self, parent: &str) -> Result<Vec<String>, StoreError> {
        ids(
            self,
            "SELECT child_task_id FROM task_deps WHERE parent_task_id = $1 \
             ORDER BY child_task_id",
            &[&parent],
        )
    }

    /// Parent ids of a task, in the order they were given.
    fn parents(&self, child: &str) -> Result<Vec<String>, StoreError> {
        ids(
            self,
            "SELECT parent_task_id FROM task_deps WHERE child_task_id = $1 ORDER BY ord, rowid",
            &[&child],
        )
    }

    /// Open tasks past their deadline whose urgency can still rise.
    fn overdue(&self, now: Timestamp) -> Result<Vec<String>, StoreError> {
        ids(
            self,
            "SELECT id FROM tasks WHERE deadline IS NOT NULL AND deadline < $1 \
             AND status IN ('blocked','queued','assigned','running') AND urgency != 'critical' \
             ORDER BY deadline, rowid",
            &[&to_micros(now)],
        )
    }

    /// Finished tasks, most recently finished first.
    fn recently_finished(&self, limit: i64) -> Result<Vec<TaskRecord>, StoreError> {
        let sql = format!(
            "SELECT {TASK_COLS} FROM tasks WHERE finished_at IS NOT NULL \
             ORDER BY finished_at DESC, rowid DESC LIMIT $1"
        );
        tasks_from_rows(&self.query(&sql, &[&limit])?)
    }

    /// Facts of the tasks created since `from`.
    fn facts_since(&self, from: Timestamp) -> Result<Vec<TaskFact>, StoreError> {
        self.query(
            "SELECT status, assigned_to, \
             to_char(to_timestamp(created_at / 1000000) AT TIME ZONE 'UTC', 'YYYY-MM-DD'), \
             required_capability FROM tasks WHERE created_at >= $1",
            &[&to_micros(from)],
        )?
        .iter()
        .map(|r| Ok((parse(col(r, 0)?)?, col(r, 1)?, col(r, 2)?, col(r, 3)?)))
        .collect()
    }

    /// How many tasks exist (tests and checks that nothing was written).
    fn total(&self) -> Result<i64, StoreError> {
        let row = self.query_one("SELECT coalesce(sum(n), 0)::bigint FROM task_counts", &[])?;
        col(&row, 0)
    }
}

impl TaskWrites for Session<'_> {
    fn insert(&self, rec: &TaskRecord, idem: Option<&str>) -> Result<(), StoreError> {
        let t = &rec.task;
        let v = TaskValues::of(rec)?;
        self.execute(
            "INSERT INTO tasks (id, title, prompt, status, required_capability, assign_to, \
             assigned_to, priority, attempts, max_attempts, lease_fence, lease_expires_at, \
             output, output_seq, error, confidence, deadline, idempotency_key, created_at, \
             updated_at, started_at, finished_at, urgency, requires_approval, pipeline_id, \
             continues, max_cost_usd, model, input_tokens, output_tokens, cost_usd, held, \
             assign_strict, protocol_role, protocol_of, protocol) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, \
             $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, \
             $33, $34, $35, $36)",
            &[
                &t.id,
                &t.title,
                &t.prompt,
                &v.status,
                &t.required_capability,
                &t.assign_to,
                &v.assigned_to,
                &t.priority,
                &t.attempts,
                &t.max_attempts,
                &v.fence,
                &v.lease_expires_at,
                &t.output,
                &rec.output_seq,
                &t.error,
                &t.confidence,
                &v.deadline,
                &idem,
                &v.created_at,
                &v.updated_at,
                &v.started_at,
                &v.finished_at,
                &v.urgency,
                &v.requires_approval,
                &t.pipeline_id,
                &t.continues,
                &t.max_cost_usd,
                &t.model,
                &t.input_tokens,
                &t.output_tokens,
                &t.cost_usd,
                &v.held,
                &v.assign_strict,
                &v.protocol_role,
                &t.protocol_of,
                &v.protocol,
            ],
        )?;
        Ok(())
    }

    /// Write every mutable column of a task: the domain changes a record as
    /// a whole, so no field can be forgotten (and left stale) by a partial
    /// update.
    fn save(&self, rec: &TaskRecord) -> Result<(), StoreError> {
        let t = &rec.task;
        let v = TaskValues::of(rec)?;
        self.execute(
            "UPDATE tasks SET title = $2, status = $3, assigned_to = $4, priority = $5, \
             attempts = $6, lease_fence = $7, lease_expires_at = $8, output = $9, \
             output_seq = $10, error = $11, confidence = $12, updated_at = $13, \
             started_at = $14, finished_at = $15, urgency = $16, model = $17, \
             input_tokens = $18, output_tokens = $19, cost_usd = $20, injected_memories = $21, \
             held = $22, protocol = $23 WHERE id = $1",
            &[
                &t.id,
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
            ],
        )?;
        Ok(())
    }

    /// Append a streamed chunk without reading the output back.
    fn append_output(&self, id: &str, chunk: &str, seq: i64) -> Result<(), StoreError> {
        self.execute(
            "UPDATE tasks SET output = coalesce(output, '') || $2, output_seq = $3, \
             updated_at = $4 WHERE id = $1",
            &[&id, &chunk, &seq, &to_micros(self.now())],
        )?;
        Ok(())
    }

    /// Push out to `until` the leases of an agent's tasks that are waiting
    /// for its claim (`assigned`) or that it reports executing (`running`
    /// and named in `running`). A running task the worker does not name
    /// (its claim reply was lost, say) keeps its deadline, expires and goes
    /// back to the queue.
    fn extend_leases(
        &self,
        agent: &str,
        running: &[String],
        until: Timestamp,
    ) -> Result<Vec<String>, StoreError> {
        ids(
            self,
            "UPDATE tasks SET lease_expires_at = $2 \
             WHERE assigned_to = $1 AND status IN ('assigned','running') \
               AND (status = 'assigned' OR (status = 'running' AND id = ANY($3))) \
             RETURNING id",
            &[&agent, &to_micros(until), &running],
        )
    }

    fn insert_dep(&self, parent: &str, child: &str, ord: i64) -> Result<(), StoreError> {
        self.execute(
            "INSERT INTO task_deps (parent_task_id, child_task_id, ord) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
            &[&parent, &child, &ord],
        )?;
        Ok(())
    }

    fn clear_deps(&self, child: &str) -> Result<(), StoreError> {
        self.execute("DELETE FROM task_deps WHERE child_task_id = $1", &[&child])?;
        Ok(())
    }

    /// Children of `from` depend on `to` instead (a handoff's continuation).
    /// An edge a child already has to `to` stays as it is (SQLite's `UPDATE
    /// OR IGNORE`), and moved edges keep their place in the child's order.
    fn repoint_children(&self, from: &str, to: &str) -> Result<(), StoreError> {
        self.execute(
            "UPDATE task_deps d SET parent_task_id = $2 WHERE d.parent_task_id = $1 \
             AND NOT EXISTS (SELECT 1 FROM task_deps e \
                             WHERE e.parent_task_id = $2 AND e.child_task_id = d.child_task_id)",
            &[&from, &to],
        )?;
        self.execute("DELETE FROM task_deps WHERE parent_task_id = $1", &[&from])?;
        Ok(())
    }

    fn set_prompt(&self, id: &str, prompt: &str) -> Result<(), StoreError> {
        self.execute(
            "UPDATE tasks SET prompt = $2 WHERE id = $1",
            &[&id, &prompt],
        )?;
        Ok(())
    }
}
