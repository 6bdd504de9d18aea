//! The hot queries' plans, checked: none may read the task history row by
//! row or sort it in a temporary B-tree, so their cost stays flat however
//! long the mesh has run (ARCHITECTURE.md, "The hub's layers").

use rusqlite::Connection;

use super::agents::CANDIDATES_SQL;
use super::migrations::migrations;
use super::rows::AGENT_COLS;
use super::tasks::{
    ANY_PINNED_WAITING_SQL, EXTEND_LEASES_SQL, HOLDS_ASSIGNED_SQL, OVERDUE_SQL, held_in_status_sql,
    held_sql, list_sql, recently_finished_sql,
};

fn store() -> Connection {
    let mut conn = Connection::open_in_memory().expect("open");
    migrations().to_latest(&mut conn).expect("migrate");
    conn
}

/// One text column of what `EXPLAIN…` (`how`) answers for `sql`.
fn explained(conn: &Connection, how: &str, sql: &str, column: usize) -> Vec<String> {
    let mut stmt = conn
        .prepare(&format!("{how} {sql}"))
        .unwrap_or_else(|e| panic!("{e}: {sql}"));
    // Unbound parameters read as NULL: neither the plan nor the program
    // depends on them.
    let mut rows = stmt.raw_query();
    let mut lines = Vec::new();
    while let Some(r) = rows.next().expect("explain row") {
        lines.push(r.get::<_, String>(column).expect("explain column"));
    }
    lines
}

/// The plan's lines, as `EXPLAIN QUERY PLAN` words them.
fn plan(conn: &Connection, sql: &str) -> Vec<String> {
    explained(conn, "EXPLAIN QUERY PLAN", sql, 3)
}

/// A full read of `tasks` (not through an index), or a sort of the rows
/// it found. (A row's own dependency list is sorted per row: that is
/// `json_group_array(ORDER BY)`, a handful of edges, and allowed.)
fn reads_history(lines: &[String]) -> Option<&String> {
    lines.iter().find(|l| {
        (l.starts_with("SCAN tasks") && !l.contains("USING INDEX") && !l.contains("COVERING"))
            || l.contains("TEMP B-TREE FOR ORDER BY")
            || l.contains("TEMP B-TREE FOR RIGHT PART OF ORDER BY")
            || l.contains("TEMP B-TREE FOR GROUP BY")
    })
}

#[test]
fn every_task_list_walks_an_index_and_sorts_nothing() {
    let conn = store();
    for status in [false, true] {
        for agent in [false, true] {
            for before in [false, true] {
                let sql = list_sql(status, agent, before);
                let lines = plan(&conn, &sql);
                assert_eq!(
                    reads_history(&lines),
                    None,
                    "status {status}, agent {agent}, before {before}: {lines:#?}"
                );
            }
        }
    }
}

#[test]
fn the_dispatch_pass_walks_each_capability_in_order_and_sorts_nothing() {
    let conn = store();
    for sql in [
        super::queue::SCAN_CAPABILITY_SQL,
        super::queue::SCAN_UNTYPED_SQL,
    ] {
        let lines = plan(&conn, sql);
        assert!(
            lines
                .iter()
                .any(|l| l.contains("tasks USING INDEX tasks_queue_cap")),
            "the walk searches the per-capability queue index: {lines:#?}"
        );
        assert_eq!(reads_history(&lines), None, "{lines:#?}");
    }
}

/// Every question asked about what an agent holds, by name.
fn holding_statements() -> [(&'static str, String); 6] {
    [
        ("held in one status", held_in_status_sql()),
        ("everything held", held_sql()),
        ("holds assigned work", HOLDS_ASSIGNED_SQL.to_string()),
        ("lease extension", EXTEND_LEASES_SQL.to_string()),
        (
            "an agent's row",
            format!("SELECT {AGENT_COLS} FROM agents WHERE id = ?1"),
        ),
        ("dispatch candidates", CANDIDATES_SQL.to_string()),
    ]
}

/// Fails when one of these loses the exact `status IN ('assigned','running')`
/// term: SQLite then falls back to another index or a scan.
#[test]
fn what_an_agent_holds_is_read_from_the_open_tasks_index() {
    let conn = store();
    for (what, sql) in holding_statements() {
        let lines = plan(&conn, &sql);
        assert!(
            lines.iter().any(|l| l.contains("INDEX tasks_holding")),
            "{what}: {lines:#?}"
        );
        // Sorting what one agent holds (at most its slots) is fine.
        assert!(
            !lines.iter().any(|l| l.starts_with("SCAN tasks")),
            "{what}: {lines:#?}"
        );
    }
}

/// The opcodes of a statement's program.
fn opcodes(conn: &Connection, sql: &str) -> Vec<String> {
    explained(conn, "EXPLAIN", sql, 1)
}

/// The questions asked about what an agent holds, several times for each
/// task handed out, build no temporary table: an `IN` list that drives an
/// index lookup would be built into one in every execution (migration V25).
#[test]
fn what_an_agent_holds_is_read_without_a_temporary_table() {
    let conn = store();
    // The lease extension (a heartbeat, not per task) matches the tasks a
    // worker names against a JSON list, which SQLite builds into one.
    let per_task = holding_statements()
        .into_iter()
        .filter(|(what, _)| *what != "lease extension");
    for (what, sql) in per_task {
        let ops = opcodes(&conn, &sql);
        // A task row may build its dependency list (sorted), but only for a
        // task that has dependencies, after `EXISTS` found one.
        let temporary = ops.iter().filter(|o| *o == "OpenEphemeral").count();
        let sorted_deps = usize::from(sql.contains("json_group_array"));
        assert_eq!(temporary, sorted_deps, "{what}: {ops:?}");
    }
}

#[test]
fn status_counts_are_kept_not_counted() {
    let conn = store();
    conn.execute_batch(
        "INSERT INTO tasks (id, title, prompt, status, priority, max_attempts, created_at, \
         updated_at) VALUES ('a', 't', 'p', 'queued', 5, 3, 1, 1), \
         ('b', 't', 'p', 'queued', 5, 3, 2, 2); \
         UPDATE tasks SET status = 'running' WHERE id = 'a'; \
         UPDATE tasks SET title = 'x' WHERE id = 'b';",
    )
    .expect("write");
    let counts = super::tasks::counts(&conn).expect("counts");
    let mut counts: Vec<(String, i64)> = counts
        .into_iter()
        .map(|(s, n)| (s.to_string(), n))
        .collect();
    counts.sort();
    assert_eq!(
        counts,
        [("queued".to_string(), 1), ("running".to_string(), 1)]
    );
    assert_eq!(super::tasks::count_all(&conn).expect("total"), 2);
    let lines = plan(&conn, "SELECT status, n FROM task_counts WHERE n > 0");
    assert!(lines.iter().all(|l| !l.contains("tasks ")), "{lines:#?}");
}

#[test]
fn the_sweepers_and_the_summary_read_only_what_they_look_for() {
    let conn = store();
    for (what, sql, index) in [
        (
            "named tasks waiting",
            ANY_PINNED_WAITING_SQL.to_string(),
            "tasks_named_waiting",
        ),
        (
            "overdue tasks",
            OVERDUE_SQL.to_string(),
            "tasks_deadline_open",
        ),
        ("latest finished", recently_finished_sql(), "tasks_finished"),
    ] {
        let lines = plan(&conn, &sql);
        assert_eq!(reads_history(&lines), None, "{what}: {lines:#?}");
        assert!(
            lines.iter().any(|l| l.contains(index)),
            "{what} reads {index}: {lines:#?}"
        );
    }
}

/// The evolution statistics read an agent's finished tasks of the window
/// from `tasks_agent_finished` alone (counting reads no task row), and its
/// latest failures from the index's newest end.
#[test]
fn the_evolution_statistics_read_only_the_window_from_their_index() {
    let conn = store();
    let lines = plan(&conn, super::evolution::FINISHED_SQL);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("USING COVERING INDEX tasks_agent_finished")),
        "{lines:#?}"
    );
    assert_eq!(reads_history(&lines), None, "{lines:#?}");
    let lines = plan(&conn, super::evolution::FAILURES_SQL);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("INDEX tasks_agent_finished")),
        "{lines:#?}"
    );
    assert_eq!(reads_history(&lines), None, "{lines:#?}");
}

#[test]
fn the_federation_pass_reads_only_the_open_relays() {
    let conn = store();
    let lines = plan(&conn, super::federation::OPEN_RELAYS_SQL);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("USING INDEX task_federation_open")),
        "{lines:#?}"
    );
    assert!(
        !lines.iter().any(|l| l.starts_with("SCAN task_federation")),
        "{lines:#?}"
    );
}

#[test]
fn the_federation_pass_reads_only_the_results_still_to_push() {
    let conn = store();
    let lines = plan(&conn, super::federation::PENDING_CALLBACKS_SQL);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("USING INDEX task_federation_callbacks")),
        "{lines:#?}"
    );
    // A walk of the partial index holds only what is still to push.
    assert!(
        !lines
            .iter()
            .any(|l| l.starts_with("SCAN task_federation")
                && !l.contains("task_federation_callbacks")),
        "{lines:#?}"
    );
}

#[test]
fn memory_counts_walk_the_agent_index() {
    let conn = store();
    let lines = plan(&conn, super::memory::COUNTS_SQL);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("COVERING INDEX agent_memory_recent")),
        "{lines:#?}"
    );
    assert!(
        !lines.iter().any(|l| l.contains("TEMP B-TREE")),
        "{lines:#?}"
    );
}
