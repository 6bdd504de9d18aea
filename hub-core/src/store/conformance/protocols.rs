//! Quality protocols: steps and edges, receipts, credits and the ledger.

use m3shd_api::{Credit, ProtocolRole, ValidationReceipt, Verdict};

use super::backends;
use super::tasks::{at, put, queued};
use crate::store::StoreError;
use crate::store::repos::EdgeRow;

fn step(id: &str, created: i64, role: ProtocolRole) -> crate::store::TaskRecord {
    let mut r = queued(id, created);
    r.task.protocol_of = Some("subject".into());
    r.task.protocol_role = Some(role);
    r
}

fn receipt(validation: &str, producer: &str, verdict: Verdict, when: i64) -> ValidationReceipt {
    ValidationReceipt {
        task_id: "subject".into(),
        result_hash: "abc".into(),
        result_task: "subject".into(),
        producer: producer.into(),
        validation_task: validation.into(),
        validator: "val".into(),
        verdict,
        reason: "because".into(),
        signature: "sig".into(),
        created_at: at(when),
    }
}

fn credit(validation: &str, agent: &str, credits: f64, when: i64) -> Credit {
    Credit {
        agent_id: agent.into(),
        task_id: "subject".into(),
        credits,
        validation_task: validation.into(),
        created_at: at(when),
    }
}

fn edge(from: &str, to: &str, role: ProtocolRole) -> EdgeRow {
    EdgeRow {
        from: from.into(),
        to: to.into(),
        role,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn steps_edges_receipts_and_the_ledger() {
    for b in backends() {
        let s = &b.store;
        put(
            s,
            vec![
                queued("subject", 0),
                step("verify", 2, ProtocolRole::Verifies),
                step("challenge", 1, ProtocolRole::Challenges),
                step("v1", 3, ProtocolRole::Validates),
                step("v2", 3, ProtocolRole::Validates),
                step("v3", 4, ProtocolRole::Validates),
                queued("unrelated", 5),
            ],
        )
        .await;
        let steps = s
            .read(|q| q.protocols().steps_of("subject"))
            .expect("steps");
        let ids: Vec<&str> = steps.iter().map(|r| r.task.id.as_str()).collect();
        assert_eq!(ids, ["challenge", "verify", "v1", "v2", "v3"], "{}", b.name);
        assert_eq!(
            steps[0].task.protocol_role,
            Some(ProtocolRole::Challenges),
            "{}",
            b.name
        );

        s.write(|tx| {
            let p = tx.protocols();
            p.insert_edge(&edge("subject", "verify", ProtocolRole::Verifies))?;
            p.insert_edge(&edge("verify", "v1", ProtocolRole::Validates))?;
            p.insert_edge(&edge("subject", "v1", ProtocolRole::Validates))?;
            p.insert_edge(&edge("subject", "challenge", ProtocolRole::Challenges))?;
            // Again: ignored.
            p.insert_edge(&edge("subject", "verify", ProtocolRole::Revises))?;
            p.insert_edge(&edge("unrelated", "subject", ProtocolRole::Votes))
        })
        .await
        .expect("edges");
        let edges = s
            .read(|q| q.protocols().edges_of("subject"))
            .expect("edges");
        assert_eq!(
            edges,
            [
                edge("subject", "challenge", ProtocolRole::Challenges),
                edge("subject", "verify", ProtocolRole::Verifies),
                edge("verify", "v1", ProtocolRole::Validates),
                edge("subject", "v1", ProtocolRole::Validates),
            ],
            "{}",
            b.name
        );

        let receipts = vec![
            receipt("v2", "w1", Verdict::Accept, 20),
            receipt("v1", "w1", Verdict::Accept, 10),
            receipt("v3", "w2", Verdict::Reject, 30),
        ];
        let stored = receipts.clone();
        s.write(move |tx| {
            for r in &stored {
                tx.protocols().insert_receipt(r)?;
            }
            tx.protocols().insert_credit(&credit("v2", "w1", 1.5, 21))?;
            tx.protocols().insert_credit(&credit("v1", "w1", 0.5, 11))
        })
        .await
        .expect("receipts");
        let got = s
            .read(|q| q.protocols().receipts_of("subject"))
            .expect("receipts");
        assert_eq!(
            got,
            [
                receipts[1].clone(),
                receipts[0].clone(),
                receipts[2].clone()
            ],
            "{}",
            b.name
        );
        let credits = s
            .read(|q| q.protocols().credits_of("subject"))
            .expect("credits");
        assert_eq!(
            credits,
            [credit("v1", "w1", 0.5, 11), credit("v2", "w1", 1.5, 21)],
            "{}",
            b.name
        );
        assert!(
            s.read(|q| q.protocols().receipts_of("unrelated"))
                .expect("receipts")
                .is_empty(),
            "{}",
            b.name
        );

        let ledger = s.read(|q| q.protocols().ledger()).expect("ledger");
        let rows: Vec<(&str, i64, i64, f64, Option<i64>)> = ledger
            .iter()
            .map(|e| {
                (
                    e.agent_id.as_str(),
                    e.validated_results,
                    e.rejected_results,
                    e.credits,
                    e.last_credit_at.map(|t| t.timestamp_micros()),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("w1", 2, 0, 2.0, Some(at(21).timestamp_micros())),
                ("w2", 0, 1, 0.0, None),
            ],
            "{}",
            b.name
        );

        let again = s
            .write(|tx| {
                tx.protocols()
                    .insert_receipt(&receipt("v1", "w9", Verdict::Reject, 1))
            })
            .await;
        assert!(
            matches!(again, Err(StoreError::Duplicate(_))),
            "{} {again:?}",
            b.name
        );
        let again = s
            .write(|tx| tx.protocols().insert_credit(&credit("v1", "w9", 1.0, 1)))
            .await;
        assert!(
            matches!(again, Err(StoreError::Duplicate(_))),
            "{} {again:?}",
            b.name
        );
        // No agent is offline (there are none): nothing is stranded.
        assert!(
            s.read(|q| q.protocols().stranded())
                .expect("stranded")
                .is_empty(),
            "{}",
            b.name
        );
    }
}
