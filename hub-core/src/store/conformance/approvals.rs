//! Approval requests: newest first, the latest pending one, those whose
//! time ran out, decisions saved, the status gating a task.

use m3shd_api::{Approval, ApprovalStatus};

use super::{at, backends, task};

fn approval(id: &str, when: i64, expires: Option<i64>) -> Approval {
    Approval {
        id: id.into(),
        agent: "rex".into(),
        action: "deploy".into(),
        description: format!("deploy {id}"),
        status: ApprovalStatus::Pending,
        task_id: None,
        decided_by: None,
        created_at: at(when),
        decided_at: None,
        expires_at: expires.map(at),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approvals_are_listed_newest_first_and_expire_when_pending() {
    for b in backends() {
        let s = &b.store;
        // a2 and a3 share a time: the later insert counts as newer.
        let all = [
            approval("a1", 10, Some(100)),
            approval("a2", 20, Some(50)),
            approval("a3", 20, None),
            approval("a4", 5, Some(60)),
        ];
        for a in all.clone() {
            s.write(move |tx| tx.approvals().insert(&a))
                .await
                .expect("insert");
        }
        let ids = |status: Option<ApprovalStatus>, limit: i64| -> Vec<String> {
            s.read(|r| r.approvals().list(status, limit))
                .expect("list")
                .into_iter()
                .map(|a| a.id)
                .collect()
        };
        assert_eq!(ids(None, 10), ["a3", "a2", "a1", "a4"], "{}", b.name);
        assert_eq!(ids(None, 1), ["a3"], "{}", b.name);
        let latest = s.read(|r| r.approvals().latest_pending()).expect("latest");
        assert_eq!(latest, Some(all[2].clone()), "{}", b.name);

        // Due at or before `now`, oldest request first; no expiry, never.
        let expired = |now: i64| s.read(|r| r.approvals().expired(at(now))).expect("expired");
        assert_eq!(expired(60), ["a4", "a2"], "{}", b.name);
        assert_eq!(expired(49), Vec::<String>::new(), "{}", b.name);

        let mut decided = all[2].clone();
        decided.status = ApprovalStatus::Approved;
        decided.decided_by = Some("ops".into());
        decided.decided_at = Some(at(70));
        let d = decided.clone();
        s.write(move |tx| tx.approvals().save(&d))
            .await
            .expect("save");
        let mut rejected = all[3].clone();
        rejected.status = ApprovalStatus::Rejected;
        s.write(move |tx| tx.approvals().save(&rejected))
            .await
            .expect("save");
        assert_eq!(
            s.read(|r| r.approvals().get("a3")).expect("get"),
            Some(decided)
        );
        assert_eq!(s.read(|r| r.approvals().get("a9")).expect("get"), None);
        let latest = s.read(|r| r.approvals().latest_pending()).expect("latest");
        assert_eq!(latest.map(|a| a.id).as_deref(), Some("a2"), "{}", b.name);
        assert_eq!(
            ids(Some(ApprovalStatus::Pending), 10),
            ["a2", "a1"],
            "{}",
            b.name
        );
        assert_eq!(
            ids(Some(ApprovalStatus::Approved), 10),
            ["a3"],
            "{}",
            b.name
        );
        assert!(
            ids(Some(ApprovalStatus::Expired), 10).is_empty(),
            "{}",
            b.name
        );
        // Decided requests no longer expire.
        assert_eq!(expired(1000), ["a1", "a2"], "{}", b.name);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_task_is_gated_by_its_latest_approval() {
    for b in backends() {
        task(&b, "t1").await;
        let s = &b.store;
        assert_eq!(s.read(|r| r.approvals().for_task("t1")).expect("for"), None);
        let mut old = approval("a1", 10, None);
        old.task_id = Some("t1".into());
        old.status = ApprovalStatus::Rejected;
        let mut new = approval("a2", 20, None);
        new.task_id = Some("t1".into());
        for a in [new, old] {
            s.write(move |tx| tx.approvals().insert(&a))
                .await
                .expect("insert");
        }
        assert_eq!(
            s.read(|r| r.approvals().for_task("t1")).expect("for"),
            Some(ApprovalStatus::Pending),
            "{}",
            b.name
        );
        assert_eq!(s.read(|r| r.approvals().for_task("t2")).expect("for"), None);
    }
}
