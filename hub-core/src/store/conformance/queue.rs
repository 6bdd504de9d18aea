//! The dispatcher's walk over the queue: dispatch order across
//! capabilities, what it skips, and stopping when told.

use super::backends;
use super::tasks::{at, put, queued};
use crate::store::{QueueScan, QueuedRow, Store, TaskRecord};

fn task(
    id: &str,
    cap: Option<&str>,
    priority: i64,
    created: i64,
    assign_to: Option<&str>,
) -> TaskRecord {
    let mut r = queued(id, created);
    r.task.required_capability = cap.map(str::to_string);
    r.task.priority = priority;
    r.task.assign_to = assign_to.map(str::to_string);
    r
}

fn pinned(mut r: TaskRecord) -> TaskRecord {
    r.task.assign_strict = true;
    r
}

fn walk(s: &Store, scan: &QueueScan<'_>, stop_after: usize) -> Vec<QueuedRow> {
    let mut seen = Vec::new();
    s.read(|q| {
        q.tasks().scan_queued(scan, &mut |row| {
            seen.push(row);
            seen.len() < stop_after
        })
    })
    .expect("scan");
    seen
}

fn walk_ids(s: &Store, scan: &QueueScan<'_>, stop_after: usize) -> Vec<String> {
    walk(s, scan, stop_after)
        .into_iter()
        .map(|r| r.id)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_walk_keeps_dispatch_order_across_capabilities() {
    for b in backends() {
        let s = &b.store;
        put(
            s,
            vec![
                task("a-old", Some("a"), 5, 1, None),
                task("b-urgent", Some("b"), 9, 4, None),
                task("untyped", None, 5, 2, None),
                // Same priority and age as "a-old": inserted later, after it.
                task("a-twin", Some("a"), 5, 1, None),
                task("a-new", Some("a"), 5, 3, None),
                task("c-nobody", Some("c"), 9, 0, None),
                task("b-for-other", Some("b"), 9, 1, Some("other")),
                task("b-for-me", Some("b"), 1, 5, Some("me")),
                task("untyped-for-me", None, 0, 6, Some("me")),
                task("untyped-for-other", None, 8, 0, Some("other")),
            ],
        )
        .await;
        // Not yet waited long enough for anything to fall through.
        let scan = QueueScan {
            capabilities: &["a", "b"],
            agents: &["me"],
            general: true,
            pinned_until: at(-1),
        };
        // Priority first, then age; a capability nobody free has and a task
        // waiting for another agent are never read.
        assert_eq!(
            walk_ids(s, &scan, usize::MAX),
            [
                "b-urgent",
                "a-old",
                "a-twin",
                "untyped",
                "a-new",
                "b-for-me",
                "untyped-for-me"
            ],
            "{}",
            b.name
        );
        assert_eq!(walk_ids(s, &scan, 2), ["b-urgent", "a-old"], "{}", b.name);
        // Untyped work only for an agent that takes it, unless it names one
        // of the free agents.
        let typed_only = QueueScan {
            general: false,
            ..scan.clone()
        };
        assert_eq!(
            walk_ids(s, &typed_only, usize::MAX),
            [
                "b-urgent",
                "a-old",
                "a-twin",
                "a-new",
                "b-for-me",
                "untyped-for-me"
            ],
            "{}",
            b.name
        );
        let nothing_free = QueueScan {
            capabilities: &[],
            agents: &[],
            general: false,
            pinned_until: at(-1),
        };
        assert!(walk(s, &nothing_free, usize::MAX).is_empty(), "{}", b.name);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_task_for_a_busy_agent_falls_through_once_it_waited_unless_pinned() {
    for b in backends() {
        let s = &b.store;
        put(
            s,
            vec![
                task("for-other-old", Some("a"), 5, 1, Some("other")),
                task("for-other-new", Some("a"), 5, 10, Some("other")),
                pinned(task("pinned-other", Some("a"), 9, 0, Some("other"))),
                pinned(task("pinned-me", Some("a"), 1, 0, Some("me"))),
                task("for-me", Some("a"), 1, 1, Some("me")),
                task("anyone", Some("a"), 1, 2, None),
            ],
        )
        .await;
        let scan = QueueScan {
            capabilities: &["a"],
            agents: &["me"],
            general: false,
            pinned_until: at(5),
        };
        let seen: Vec<(String, Option<String>, bool)> = walk(s, &scan, usize::MAX)
            .into_iter()
            .map(|r| (r.id, r.assign_to, r.may_fall_through))
            .collect();
        let row =
            |id: &str, to: Option<&str>, fall: bool| (id.to_string(), to.map(str::to_string), fall);
        assert_eq!(
            seen,
            [
                row("for-other-old", Some("other"), true),
                row("pinned-me", Some("me"), false),
                row("for-me", Some("me"), true),
                row("anyone", None, false),
            ],
            "{}",
            b.name
        );
        let cap = walk(s, &scan, usize::MAX);
        assert!(
            cap.iter()
                .all(|r| r.required_capability.as_deref() == Some("a")),
            "{}",
            b.name
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deep_queue_walks_in_order_and_stops_when_told() {
    for b in backends() {
        let s = &b.store;
        // Priorities and ages spread so that capabilities interleave, with
        // ties on both; more rows than one read of the walk takes.
        let mut recs = Vec::new();
        for i in 0..120_i64 {
            let cap = match i % 3 {
                0 => Some("a"),
                1 => Some("b"),
                _ => None,
            };
            recs.push(task(&format!("t{i:03}"), cap, (i * 7) % 11, i % 13, None));
        }
        let mut expected: Vec<(i64, i64, usize, String)> = recs
            .iter()
            .enumerate()
            .map(|(n, r)| {
                (
                    -r.task.priority,
                    r.task.created_at.timestamp_micros(),
                    n,
                    r.task.id.clone(),
                )
            })
            .collect();
        expected.sort();
        let expected: Vec<String> = expected.into_iter().map(|e| e.3).collect();
        put(s, recs).await;
        let scan = QueueScan {
            capabilities: &["a", "b"],
            agents: &[],
            general: true,
            pinned_until: at(-1),
        };
        assert_eq!(walk_ids(s, &scan, usize::MAX), expected, "{}", b.name);
        for stop in [1, 16, 17, 50] {
            assert_eq!(
                walk_ids(s, &scan, stop),
                expected[..stop],
                "{} stop {stop}",
                b.name
            );
        }
        // Without untyped work, the same order with those left out.
        let typed = QueueScan {
            general: false,
            ..scan.clone()
        };
        let typed_expected: Vec<&String> = expected
            .iter()
            .filter(|id| {
                let n: usize = id[1..].parse().expect("number");
                n % 3 != 2
            })
            .collect();
        let seen = walk_ids(s, &typed, usize::MAX);
        assert_eq!(
            seen.iter().collect::<Vec<_>>(),
            typed_expected,
            "{}",
            b.name
        );
    }
}
