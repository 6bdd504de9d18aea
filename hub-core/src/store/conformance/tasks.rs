//! Tasks: records in every state, the list and its paging, leases, counts
//! and dependency edges. (The dispatcher's walk is in `queue.rs`.)

use m3shd_api::{AgentId, Fence, ProtocolRole, Task, TaskStatus, Timestamp, Urgency};

use super::backends;
use crate::store::repos::{CancelledFrom, Holder, LastHolder};
use crate::store::time::from_micros;
use crate::store::{Store, StoreError, TaskBody, TaskRecord, TaskState};

/// A fixed instant plus `us` microseconds (stored times are microseconds).
pub(super) fn at(us: i64) -> Timestamp {
    from_micros(1_700_000_000_000_000 + us)
}

pub(super) fn holder(agent: &str, fence: i64) -> Holder {
    Holder {
        agent: AgentId::parse(agent).expect("agent id"),
        fence: Fence(fence),
    }
}

/// A queued task created at `at(created)`.
pub(super) fn queued(id: &str, created: i64) -> TaskRecord {
    TaskRecord {
        task: TaskBody::from_api(Task::queued(id, "p", at(created))),
        state: TaskState::new(false),
        output_seq: 0,
    }
}

pub(super) fn with_state(mut rec: TaskRecord, state: TaskState) -> TaskRecord {
    rec.state = state;
    rec
}

pub(super) async fn put(s: &Store, recs: Vec<TaskRecord>) {
    s.write(move |tx| recs.iter().try_for_each(|r| tx.tasks().insert(r, None)))
        .await
        .expect("insert tasks");
}

async fn save(s: &Store, rec: TaskRecord) {
    s.write(move |tx| tx.tasks().save(&rec))
        .await
        .expect("save task");
}

fn ids(recs: &[TaskRecord]) -> Vec<&str> {
    recs.iter().map(|r| r.task.id.as_str()).collect()
}

/// One task with every optional field set, in each state.
fn every_state() -> Vec<TaskRecord> {
    let full = |id: &str| {
        let mut r = queued(id, 1);
        let t = &mut r.task;
        t.title = "a title".into();
        t.required_capability = Some("rust".into());
        t.assign_to = Some("w1".into());
        t.priority = 7;
        t.attempts = 1;
        t.output = Some("out ✓".into());
        t.error = Some("err".into());
        t.confidence = Some(0.5);
        t.deadline = Some(at(9));
        t.urgency = Some(Urgency::High);
        t.requires_approval = true;
        t.pipeline_id = Some("pl".into());
        t.continues = Some("prev".into());
        t.max_cost_usd = Some(1.25);
        t.model = Some("m".into());
        t.input_tokens = Some(10);
        t.output_tokens = Some(20);
        t.cost_usd = Some(0.01);
        t.held = true;
        t.assign_strict = true;
        t.protocol_role = Some(ProtocolRole::Verifies);
        r.output_seq = 3;
        r
    };
    let last = LastHolder {
        holder: holder("w1", 2),
        started_at: Some(at(3)),
    };
    vec![
        queued("plain", 0),
        with_state(full("blocked"), TaskState::Blocked { fence: Fence(1) }),
        with_state(full("queued"), TaskState::Queued { fence: Fence(2) }),
        with_state(
            full("assigned"),
            TaskState::Assigned {
                holder: holder("w1", 3),
                lease_until: at(100),
            },
        ),
        with_state(
            full("running"),
            TaskState::Running {
                holder: holder("w1", 4),
                started_at: at(3),
                lease_until: at(100),
            },
        ),
        with_state(
            full("done"),
            TaskState::Done {
                last: last.clone(),
                finished_at: at(5),
            },
        ),
        with_state(
            full("failed"),
            TaskState::Failed {
                last: LastHolder {
                    started_at: None,
                    ..last.clone()
                },
                finished_at: at(5),
            },
        ),
        with_state(
            full("suspended"),
            TaskState::Suspended {
                last: last.clone(),
                finished_at: at(5),
            },
        ),
        with_state(
            full("cancelled-held"),
            TaskState::Cancelled {
                from: CancelledFrom::Held(last),
                finished_at: at(5),
            },
        ),
        with_state(
            full("cancelled-waiting"),
            TaskState::Cancelled {
                from: CancelledFrom::Waiting { fence: Fence(6) },
                finished_at: at(5),
            },
        ),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_task_reads_back_as_written_in_every_state() {
    for b in backends() {
        let s = &b.store;
        let all = every_state();
        // The protocol step points at a task that exists.
        let mut recs = all.clone();
        for r in &mut recs {
            if r.task.protocol_role.is_some() {
                r.task.protocol_of = Some("plain".into());
            }
        }
        let stored = recs.clone();
        s.write(move |tx| {
            for r in &stored {
                let idem = format!("idem-{}", r.task.id);
                tx.tasks().insert(r, Some(&idem))?;
            }
            Ok::<_, StoreError>(())
        })
        .await
        .expect("insert");
        for r in &recs {
            let id = r.task.id.clone();
            let got = s.read(|q| q.tasks().get(&id)).expect("get");
            assert_eq!(got.as_ref(), Some(r), "{} {id}", b.name);
            let by_key = s
                .read(|q| q.tasks().by_idempotency_key(&format!("idem-{id}")))
                .expect("by key");
            assert_eq!(by_key.as_ref(), Some(r), "{} {id}", b.name);
            let status = s.read(|q| q.tasks().status(&id)).expect("status");
            assert_eq!(status, Some(r.state.status()), "{} {id}", b.name);
            let view = s
                .read(|q| q.tasks().lease_view(&id))
                .expect("lease view")
                .expect("exists");
            assert_eq!(view.state, r.state, "{} {id}", b.name);
            let bytes = r
                .task
                .output
                .as_ref()
                .map_or(0, |o| i64::try_from(o.len()).expect("small"));
            assert_eq!(
                (view.output_bytes, view.output_seq),
                (bytes, r.output_seq),
                "{} {id}",
                b.name
            );
        }
        // Memories injected are recorded when the task is handed out
        // (`save`), never by the insert.
        let mut with_memories = queued("with-memories", 1);
        with_memories.task.injected_memories = vec!["k1".into()];
        put(s, vec![with_memories]).await;
        let got = s.read(|q| q.tasks().get("with-memories")).expect("get");
        assert!(
            got.expect("exists").task.injected_memories.is_empty(),
            "{}",
            b.name
        );
        // Urgency only reads back for a task with a deadline.
        let mut no_deadline = queued("no-deadline", 1);
        no_deadline.task.urgency = Some(Urgency::Critical);
        put(s, vec![no_deadline]).await;
        let got = s.read(|q| q.tasks().get("no-deadline")).expect("get");
        assert_eq!(got.expect("exists").task.urgency, None, "{}", b.name);

        let none = s.read(|q| {
            Ok::<_, StoreError>((
                q.tasks().get("nope")?,
                q.tasks().by_idempotency_key("nope")?,
                q.tasks().status("nope")?,
                q.tasks().lease_view("nope")?,
            ))
        });
        assert!(
            matches!(none, Ok((None, None, None, None))),
            "{} {none:?}",
            b.name
        );
        let again = s
            .write(|tx| tx.tasks().insert(&queued("plain", 0), None))
            .await;
        assert!(
            matches!(again, Err(StoreError::Duplicate(_))),
            "{} {again:?}",
            b.name
        );
        let same_key = s
            .write(|tx| tx.tasks().insert(&queued("other", 0), Some("idem-plain")))
            .await;
        assert!(
            matches!(same_key, Err(StoreError::Duplicate(_))),
            "{} {same_key:?}",
            b.name
        );
        assert_eq!(
            s.read(|q| q.tasks().total()).expect("total"),
            i64::try_from(all.len()).expect("small") + 2,
            "{}",
            b.name
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn save_rewrites_every_mutable_column_and_counts_follow_the_status() {
    for b in backends() {
        let s = &b.store;
        put(s, vec![queued("t1", 0), queued("t2", 1), queued("t3", 2)]).await;
        let counts = s.read(|q| q.tasks().counts()).expect("counts");
        assert_eq!(counts, [(TaskStatus::Queued, 3)], "{}", b.name);

        let mut t1 = queued("t1", 0);
        t1.task.title = "renamed".into();
        t1.task.priority = 9;
        t1.task.attempts = 2;
        t1.task.output = Some("partial".into());
        t1.task.error = Some("e".into());
        t1.task.confidence = Some(0.9);
        t1.task.updated_at = at(50);
        t1.task.model = Some("m2".into());
        t1.task.input_tokens = Some(1);
        t1.task.output_tokens = Some(2);
        t1.task.cost_usd = Some(0.5);
        t1.task.injected_memories = vec!["mem".into()];
        t1.task.held = true;
        t1.output_seq = 4;
        t1.state = TaskState::Running {
            holder: holder("w1", 1),
            started_at: at(40),
            lease_until: at(60),
        };
        save(s, t1.clone()).await;
        let got = s.read(|q| q.tasks().get("t1")).expect("get");
        assert_eq!(got, Some(t1.clone()), "{}", b.name);

        let done = with_state(
            queued("t2", 1),
            TaskState::Done {
                last: LastHolder {
                    holder: holder("w1", 1),
                    started_at: None,
                },
                finished_at: at(70),
            },
        );
        save(s, done).await;
        let mut counts = s.read(|q| q.tasks().counts()).expect("counts");
        counts.sort_by_key(|(st, _)| st.as_str());
        assert_eq!(
            counts,
            [
                (TaskStatus::Done, 1),
                (TaskStatus::Queued, 1),
                (TaskStatus::Running, 1)
            ],
            "{}",
            b.name
        );
        // Back to queued: a status nobody holds any more is not listed.
        save(s, queued("t1", 0)).await;
        let mut counts = s.read(|q| q.tasks().counts()).expect("counts");
        counts.sort_by_key(|(st, _)| st.as_str());
        assert_eq!(
            counts,
            [(TaskStatus::Done, 1), (TaskStatus::Queued, 2)],
            "{}",
            b.name
        );
        assert_eq!(
            s.read(|q| q.tasks().total()).expect("total"),
            3,
            "{}",
            b.name
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_list_is_newest_first_filtered_and_pages_with_before() {
    for b in backends() {
        let s = &b.store;
        let running = |id: &str, created: i64, agent: &str| {
            with_state(
                queued(id, created),
                TaskState::Running {
                    holder: holder(agent, 1),
                    started_at: at(created),
                    lease_until: at(1000),
                },
            )
        };
        // "c1" and "c2" were created at the same instant: the one inserted
        // later lists first.
        put(
            s,
            vec![
                queued("a", 1),
                running("b", 2, "w1"),
                queued("c1", 3),
                queued("c2", 3),
                running("d", 4, "w2"),
                running("e", 5, "w1"),
            ],
        )
        .await;
        let list = |status: Option<TaskStatus>, agent: Option<&str>, before: Option<&str>, n| {
            s.read(|q| q.tasks().list(status, agent, before, n))
                .expect("list")
        };
        assert_eq!(
            ids(&list(None, None, None, 10)),
            ["e", "d", "c2", "c1", "b", "a"],
            "{}",
            b.name
        );
        // Page by page, each page after the last one's final task.
        let mut pages = Vec::new();
        let mut before: Option<String> = None;
        loop {
            let page = list(None, None, before.as_deref(), 2);
            if page.is_empty() {
                break;
            }
            before = page.last().map(|r| r.task.id.clone());
            pages.push(ids(&page).join(","));
        }
        assert_eq!(pages, ["e,d", "c2,c1", "b,a"], "{}", b.name);
        assert_eq!(
            ids(&list(None, None, Some("c2"), 10)),
            ["c1", "b", "a"],
            "{}",
            b.name
        );
        assert_eq!(
            ids(&list(Some(TaskStatus::Queued), None, None, 10)),
            ["c2", "c1", "a"],
            "{}",
            b.name
        );
        assert_eq!(
            ids(&list(Some(TaskStatus::Queued), None, Some("c1"), 10)),
            ["a"],
            "{}",
            b.name
        );
        assert_eq!(
            ids(&list(None, Some("w1"), None, 10)),
            ["e", "b"],
            "{}",
            b.name
        );
        assert_eq!(
            ids(&list(Some(TaskStatus::Running), Some("w1"), Some("e"), 10)),
            ["b"],
            "{}",
            b.name
        );
        assert!(
            list(None, None, Some("unknown"), 10).is_empty(),
            "{}",
            b.name
        );
        assert_eq!(ids(&list(None, None, None, 1)), ["e"], "{}", b.name);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leases_are_held_extended_and_expire() {
    for b in backends() {
        let s = &b.store;
        let assigned = |id: &str, created: i64, priority: i64, agent: &str, until: i64| {
            let mut r = with_state(
                queued(id, created),
                TaskState::Assigned {
                    holder: holder(agent, 1),
                    lease_until: at(until),
                },
            );
            r.task.priority = priority;
            r
        };
        let running = |id: &str, created: i64, agent: &str, until: i64| {
            with_state(
                queued(id, created),
                TaskState::Running {
                    holder: holder(agent, 1),
                    started_at: at(created),
                    lease_until: at(until),
                },
            )
        };
        put(
            s,
            vec![
                assigned("as-low", 1, 1, "w1", 30),
                assigned("as-high", 2, 9, "w1", 10),
                running("run-a", 3, "w1", 20),
                running("run-b", 4, "w1", 40),
                running("other", 5, "w2", 5),
                queued("waiting", 6),
            ],
        )
        .await;
        let held = |agent: &str, status| {
            ids(&s
                .read(|q| q.tasks().held_by(agent, status))
                .expect("held by"))
            .into_iter()
            .map(str::to_string)
            .collect::<Vec<_>>()
        };
        assert_eq!(
            held("w1", Some(TaskStatus::Assigned)),
            ["as-high", "as-low"],
            "{}",
            b.name
        );
        assert_eq!(
            held("w1", Some(TaskStatus::Running)),
            ["run-a", "run-b"],
            "{}",
            b.name
        );
        assert_eq!(
            held("w1", None),
            ["as-low", "as-high", "run-a", "run-b"],
            "{}",
            b.name
        );
        let holds = |agent: &str| s.read(|q| q.tasks().holds_assigned(agent)).expect("holds");
        assert!(holds("w1") && !holds("w2") && !holds("w3"), "{}", b.name);
        assert!(
            s.read(|q| q.tasks().any_queued()).expect("any"),
            "{}",
            b.name
        );

        // Soonest to expire first; a lease expiring exactly now has not.
        let expired = s
            .read(|q| q.tasks().expired_leases(at(30)))
            .expect("expired");
        assert_eq!(expired, ["other", "as-high", "run-a"], "{}", b.name);

        // Assigned ones, and running ones the worker names, are extended.
        let mut extended = s
            .write(|tx| {
                tx.tasks()
                    .extend_leases("w1", &["run-b".to_string(), "other".to_string()], at(90))
            })
            .await
            .expect("extend");
        extended.sort();
        assert_eq!(extended, ["as-high", "as-low", "run-b"], "{}", b.name);
        let expired = s
            .read(|q| q.tasks().expired_leases(at(60)))
            .expect("expired");
        assert_eq!(expired, ["other", "run-a"], "{}", b.name);
        let view = s
            .read(|q| q.tasks().lease_view("as-high"))
            .expect("view")
            .expect("exists");
        assert_eq!(view.state.lease_until(), Some(at(90)), "{}", b.name);
        let none = s
            .write(|tx| tx.tasks().extend_leases("w3", &[], at(90)))
            .await
            .expect("extend");
        assert!(none.is_empty(), "{}", b.name);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dependencies_keep_their_order_and_move_on_a_handoff() {
    for b in backends() {
        let s = &b.store;
        let done = with_state(
            queued("p2", 2),
            TaskState::Done {
                last: LastHolder {
                    holder: holder("w1", 1),
                    started_at: None,
                },
                finished_at: at(3),
            },
        );
        put(
            s,
            vec![
                queued("p1", 1),
                done,
                queued("p3", 3),
                queued("p4", 4),
                queued("c1", 5),
                queued("c2", 6),
            ],
        )
        .await;
        s.write(|tx| {
            let t = tx.tasks();
            t.insert_dep("p3", "c1", 0)?;
            t.insert_dep("p1", "c1", 1)?;
            t.insert_dep("p2", "c1", 2)?;
            // Given again: ignored, keeps its place.
            t.insert_dep("p3", "c1", 5)?;
            t.insert_dep("p1", "c2", 0)?;
            t.insert_dep("p4", "c2", 1)
        })
        .await
        .expect("deps");
        let parents = |c: &str| s.read(|q| q.tasks().parents(c)).expect("parents");
        assert_eq!(parents("c1"), ["p3", "p1", "p2"], "{}", b.name);
        let c1 = s.read(|q| q.tasks().get("c1")).expect("get").expect("c1");
        assert_eq!(c1.task.depends_on, ["p3", "p1", "p2"], "{}", b.name);
        let statuses = s
            .read(|q| q.tasks().parent_statuses("c1"))
            .expect("statuses");
        assert_eq!(
            statuses,
            [TaskStatus::Queued, TaskStatus::Queued, TaskStatus::Done],
            "{}",
            b.name
        );
        let children = |p: &str| {
            let mut c = s.read(|q| q.tasks().children(p)).expect("children");
            c.sort();
            c
        };
        assert_eq!(children("p1"), ["c1", "c2"], "{}", b.name);

        // p1 hands off to p4: c1 now waits on p4 in p1's place; c2 already
        // waited on p4 and keeps that one edge.
        s.write(|tx| tx.tasks().repoint_children("p1", "p4"))
            .await
            .expect("repoint");
        assert!(children("p1").is_empty(), "{}", b.name);
        assert_eq!(children("p4"), ["c1", "c2"], "{}", b.name);
        assert_eq!(parents("c1"), ["p3", "p4", "p2"], "{}", b.name);
        assert_eq!(parents("c2"), ["p4"], "{}", b.name);

        s.write(|tx| tx.tasks().clear_deps("c1"))
            .await
            .expect("clear");
        assert!(parents("c1").is_empty(), "{}", b.name);
        assert_eq!(children("p4"), ["c2"], "{}", b.name);
        let c1 = s.read(|q| q.tasks().get("c1")).expect("get").expect("c1");
        assert!(c1.task.depends_on.is_empty(), "{}", b.name);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn output_prompt_deadlines_and_finished_tasks() {
    for b in backends() {
        let s = &b.store;
        let mut late = queued("late", 1);
        late.task.deadline = Some(at(10));
        late.task.urgency = Some(Urgency::Medium);
        let mut later = queued("later", 2);
        later.task.deadline = Some(at(5));
        later.task.urgency = Some(Urgency::Low);
        let mut critical = queued("critical", 3);
        critical.task.deadline = Some(at(1));
        critical.task.urgency = Some(Urgency::Critical);
        let mut on_time = queued("on-time", 4);
        on_time.task.deadline = Some(at(500));
        let finished = |id: &str, created: i64, when: i64| {
            let mut r = with_state(
                queued(id, created),
                TaskState::Failed {
                    last: LastHolder {
                        holder: holder("w1", 1),
                        started_at: None,
                    },
                    finished_at: at(when),
                },
            );
            r.task.deadline = Some(at(1));
            r.task.required_capability = Some("rust".into());
            r
        };
        put(
            s,
            vec![
                late,
                later,
                critical,
                on_time,
                finished("f-old", 5, 20),
                finished("f-new", 6, 30),
            ],
        )
        .await;
        let overdue = s.read(|q| q.tasks().overdue(at(100))).expect("overdue");
        assert_eq!(overdue, ["later", "late"], "{}", b.name);

        let recent = s.read(|q| q.tasks().recently_finished(10)).expect("recent");
        assert_eq!(ids(&recent), ["f-new", "f-old"], "{}", b.name);
        let recent = s.read(|q| q.tasks().recently_finished(1)).expect("recent");
        assert_eq!(ids(&recent), ["f-new"], "{}", b.name);

        b.clock.advance(std::time::Duration::from_secs(1));
        let now = s
            .write(|tx| {
                tx.tasks().append_output("late", "héllo ", 1)?;
                tx.tasks().append_output("late", "world", 2)?;
                tx.tasks().set_prompt("late", "new prompt")?;
                Ok::<_, StoreError>(tx.now())
            })
            .await
            .expect("append");
        let got = s
            .read(|q| q.tasks().get("late"))
            .expect("get")
            .expect("late");
        assert_eq!(
            got.task.output.as_deref(),
            Some("héllo world"),
            "{}",
            b.name
        );
        assert_eq!(got.output_seq, 2, "{}", b.name);
        assert_eq!(got.task.prompt, "new prompt", "{}", b.name);
        assert_eq!(
            got.task.updated_at.timestamp_micros(),
            now.timestamp_micros(),
            "{}",
            b.name
        );
        let view = s
            .read(|q| q.tasks().lease_view("late"))
            .expect("view")
            .expect("late");
        assert_eq!(
            view.output_bytes,
            i64::try_from("héllo world".len()).expect("small"),
            "{}",
            b.name
        );

        let mut facts = s.read(|q| q.tasks().facts_since(at(5))).expect("facts");
        facts.sort();
        let day = at(0).format("%Y-%m-%d").to_string();
        let fact = || {
            (
                TaskStatus::Failed,
                Some("w1".to_string()),
                day.clone(),
                Some("rust".to_string()),
            )
        };
        assert_eq!(facts, [fact(), fact()], "{}", b.name);
    }
}
