//! Escalations: newest first, filtered by status, limited, updated.

use m3shd_api::{Escalation, EscalationStatus};

use super::{at, backends};

fn escalation(id: &str, when: i64) -> Escalation {
    Escalation {
        id: id.into(),
        from_agent: Some("rex".into()),
        to_agent: "operator".into(),
        task_id: None,
        reason: format!("stuck on {id}"),
        status: EscalationStatus::Open,
        created_at: at(when),
        updated_at: at(when),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn escalations_list_newest_first_by_status() {
    for b in backends() {
        let s = &b.store;
        let mut quiet = escalation("e1", 10);
        quiet.from_agent = None;
        // e2 and e3 share a time: the later insert counts as newer.
        for e in [quiet.clone(), escalation("e2", 20), escalation("e3", 20)] {
            s.write(move |tx| tx.escalations().insert(&e))
                .await
                .expect("insert");
        }
        let ids = |status: Option<EscalationStatus>, limit: i64| -> Vec<String> {
            s.read(|r| r.escalations().list(status, limit))
                .expect("list")
                .into_iter()
                .map(|e| e.id)
                .collect()
        };
        assert_eq!(ids(None, 10), ["e3", "e2", "e1"], "{}", b.name);
        assert_eq!(ids(None, 2), ["e3", "e2"], "{}", b.name);

        let mut done = escalation("e2", 20);
        done.status = EscalationStatus::Resolved;
        done.updated_at = at(30);
        let d = done.clone();
        s.write(move |tx| tx.escalations().save(&d))
            .await
            .expect("save");
        assert_eq!(
            ids(Some(EscalationStatus::Resolved), 10),
            ["e2"],
            "{}",
            b.name
        );
        assert_eq!(
            ids(Some(EscalationStatus::Open), 10),
            ["e3", "e1"],
            "{}",
            b.name
        );
        assert!(ids(Some(EscalationStatus::Acknowledged), 10).is_empty());
        assert_eq!(
            s.read(|r| r.escalations().get("e2")).expect("get"),
            Some(done)
        );
        assert_eq!(
            s.read(|r| r.escalations().get("e1")).expect("get"),
            Some(quiet)
        );
        assert_eq!(s.read(|r| r.escalations().get("e9")).expect("get"), None);
    }
}
