//! Self-evolving agents: evolution tasks and the amendments they proposed
//! round-trip, list newest first by agent and status, decisions are saved,
//! the open task is found, and an agent's finished tasks are counted per
//! capability in a window.

use m3shd_api::{AmendmentKind, AmendmentStatus, TaskStatus};

use super::{Backend, at, backends, task};
use crate::store::repos::task_record::{TaskBody, TaskRecord};
use crate::store::repos::task_state::{Holder, LastHolder, TaskState};
use crate::store::{AmendmentRow, EvolutionRequestRow, FinishedTally, StoreError};

fn amendment(id: &str, agent: &str, status: AmendmentStatus, n: i64) -> AmendmentRow {
    AmendmentRow {
        id: id.into(),
        agent_id: agent.into(),
        kind: AmendmentKind::Add,
        text: format!("guideline {id}"),
        confidence: 0.75,
        evidence: "3 failures".into(),
        source_task: "ev".into(),
        status,
        target: None,
        created_at: at(n),
        updated_at: at(n),
        decided_at: None,
        decided_by: None,
        reverted_at: None,
        reverted_by: None,
        reason: None,
    }
}

/// A finished task of `agent`: done or failed at `finished`, asking for
/// `cap`.
async fn finished(
    b: &Backend,
    id: &str,
    agent: &str,
    cap: Option<&str>,
    status: TaskStatus,
    finished: i64,
) {
    let mut t = m3shd_api::Task::queued(id, "p", at(0));
    t.required_capability = cap.map(Into::into);
    if status == TaskStatus::Failed {
        t.error = Some(format!("error of {id}"));
    }
    let last = LastHolder {
        holder: Holder {
            agent: m3shd_api::AgentId::parse(agent).expect("agent"),
            fence: m3shd_api::Fence(1),
        },
        started_at: Some(at(finished - 1)),
    };
    let state = match status {
        TaskStatus::Done => TaskState::Done {
            last,
            finished_at: at(finished),
        },
        _ => TaskState::Failed {
            last,
            finished_at: at(finished),
        },
    };
    let rec = TaskRecord {
        task: TaskBody::from_api(t),
        state,
        output_seq: 0,
    };
    b.store
        .write(move |tx| tx.tasks().insert(&rec, None))
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", b.name));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn amendments_and_their_evolution_tasks_round_trip() {
    for b in backends() {
        let s = &b.store;
        task(&b, "ev").await;
        task(&b, "ev2").await;
        let req = EvolutionRequestRow {
            task_id: "ev".into(),
            agent_id: "rex".into(),
            created_at: at(1),
            recorded_at: None,
            recorded: None,
        };
        let r = req.clone();
        s.write(move |tx| tx.evolution().insert_request(&r))
            .await
            .expect("request");
        let later = EvolutionRequestRow {
            task_id: "ev2".into(),
            created_at: at(5),
            ..req.clone()
        };
        s.write(move |tx| tx.evolution().insert_request(&later))
            .await
            .expect("request");
        let read = |id: &str| s.read(|r| r.evolution().request(id)).expect("read");
        assert_eq!(read("ev"), Some(req.clone()), "{}", b.name);
        assert_eq!(read("nope"), None, "{}", b.name);
        let latest = s
            .read(|r| r.evolution().latest_request("rex"))
            .expect("latest");
        assert_eq!(
            latest.map(|r| r.task_id).as_deref(),
            Some("ev2"),
            "{}",
            b.name
        );
        // Both tasks are queued: open.
        assert!(
            s.read(|r| r.evolution().open_request("rex"))
                .expect("open")
                .is_some(),
            "{}",
            b.name
        );
        assert_eq!(
            s.read(|r| r.evolution().open_request("sam")).expect("open"),
            None,
            "{}",
            b.name
        );
        assert!(
            s.write(|tx| tx.evolution().record_request("ev", at(9), 2))
                .await
                .expect("record"),
            "{}",
            b.name
        );
        let recorded = read("ev").expect("ev");
        assert_eq!(
            (recorded.recorded_at, recorded.recorded),
            (Some(at(9)), Some(2))
        );

        for a in [
            amendment("am-1", "rex", AmendmentStatus::Proposed, 10),
            amendment("am-2", "rex", AmendmentStatus::Applied, 20),
            amendment("am-3", "sam", AmendmentStatus::Proposed, 30),
        ] {
            s.write(move |tx| tx.evolution().insert_amendment(&a))
                .await
                .expect("insert");
        }
        let dup = amendment("am-1", "rex", AmendmentStatus::Proposed, 40);
        let res = s
            .write(move |tx| tx.evolution().insert_amendment(&dup))
            .await;
        assert!(
            matches!(res, Err(StoreError::Duplicate(_))),
            "{}: {res:?}",
            b.name
        );
        let mut bad = amendment("am-9", "rex", AmendmentStatus::Proposed, 40);
        bad.confidence = 1.5;
        assert!(
            s.write(move |tx| tx.evolution().insert_amendment(&bad))
                .await
                .is_err(),
            "{}: confidence above 1",
            b.name
        );

        let ids = |agent: Option<&'static str>, status| -> Vec<String> {
            s.read(|r| r.evolution().amendments(agent, status, 10))
                .expect("list")
                .into_iter()
                .map(|a| a.id)
                .collect()
        };
        assert_eq!(ids(None, None), ["am-3", "am-2", "am-1"], "{}", b.name);
        assert_eq!(ids(Some("rex"), None), ["am-2", "am-1"], "{}", b.name);
        assert_eq!(
            ids(None, Some(AmendmentStatus::Proposed)),
            ["am-3", "am-1"],
            "{}",
            b.name
        );
        assert_eq!(
            ids(Some("rex"), Some(AmendmentStatus::Applied)),
            ["am-2"],
            "{}",
            b.name
        );
        let limited = s
            .read(|r| r.evolution().amendments(None, None, 1))
            .expect("list");
        assert_eq!(limited.len(), 1, "{}", b.name);

        // A decision is saved whole.
        let mut remove = amendment("am-1", "rex", AmendmentStatus::Applied, 10);
        remove.kind = AmendmentKind::Remove;
        remove.target = Some("am-2".into());
        remove.decided_at = Some(at(50));
        remove.decided_by = Some("op".into());
        remove.updated_at = at(50);
        let mut saved = remove.clone();
        // The kind and text are what was proposed; an update keeps them.
        saved.kind = AmendmentKind::Add;
        let u = remove.clone();
        assert!(
            s.write(move |tx| tx.evolution().update_amendment(&u))
                .await
                .expect("update"),
            "{}",
            b.name
        );
        let got = s.read(|r| r.evolution().amendment("am-1")).expect("get");
        assert_eq!(got, Some(saved), "{}", b.name);
        let applied = s
            .read(|r| r.evolution().amendments_in("rex", AmendmentStatus::Applied))
            .expect("applied");
        let order: Vec<&str> = applied.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(order, ["am-2", "am-1"], "{}: oldest decision first", b.name);
        let mut reverted = remove;
        reverted.status = AmendmentStatus::Reverted;
        reverted.reverted_at = Some(at(60));
        reverted.reverted_by = Some("op".into());
        reverted.reason = Some("why".into());
        let r2 = reverted.clone();
        s.write(move |tx| tx.evolution().update_amendment(&r2))
            .await
            .expect("revert");
        let got = s
            .read(|r| r.evolution().amendment("am-1"))
            .expect("get")
            .expect("am-1");
        assert_eq!(
            (got.status, got.reverted_at, got.reason.as_deref()),
            (AmendmentStatus::Reverted, Some(at(60)), Some("why")),
            "{}",
            b.name
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn finished_tasks_are_counted_per_capability_in_the_window() {
    for b in backends() {
        use TaskStatus::{Done, Failed};
        for (id, agent, cap, status, when) in [
            ("t1", "rex", None, Done, 100),
            ("t2", "rex", Some("research"), Failed, 200),
            ("t3", "rex", Some("research"), Done, 300),
            ("t4", "rex", Some("research"), Failed, 400),
            ("t5", "rex", Some("code"), Done, 10),
            ("t6", "sam", Some("research"), Failed, 500),
        ] {
            finished(&b, id, agent, cap, status, when).await;
        }
        task(&b, "open").await;
        let tallies = b
            .store
            .read(|r| r.evolution().finished_tallies("rex", at(100)))
            .expect("tallies");
        let tally = |cap: Option<&str>, done, failed| FinishedTally {
            capability: cap.map(Into::into),
            done,
            failed,
        };
        assert_eq!(
            tallies,
            [tally(None, 1, 0), tally(Some("research"), 1, 2)],
            "{}: the code task finished before the window",
            b.name
        );
        let failures = b
            .store
            .read(|r| r.evolution().recent_failures("rex", at(0), 5))
            .expect("failures");
        let got: Vec<(&str, Option<&str>)> = failures
            .iter()
            .map(|f| (f.task_id.as_str(), f.error.as_deref()))
            .collect();
        assert_eq!(
            got,
            [("t4", Some("error of t4")), ("t2", Some("error of t2"))],
            "{}",
            b.name
        );
        assert_eq!(failures[0].finished_at, at(400), "{}", b.name);
        let one = b
            .store
            .read(|r| r.evolution().recent_failures("rex", at(0), 1))
            .expect("failures");
        assert_eq!(one.len(), 1, "{}", b.name);
    }
}
