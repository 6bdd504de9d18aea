//! The cost log, the running spend per agent and day, and budget alerts
//! raised once per agent and day.

use m3shd_api::{CostEntry, Timestamp};

use super::{Backend, backends};
use crate::clock::Clock;
use crate::store::repos::SpendRow;

async fn record(b: &Backend, day: &'static str, e: CostEntry) -> CostEntry {
    b.store
        .write(move |tx| {
            let mut e = e;
            tx.costs().record(day, &mut e)?;
            Ok::<_, crate::store::StoreError>(e)
        })
        .await
        .expect("record")
}

fn entry(ts: Timestamp, agent: &str, tokens: (i64, i64), cost: Option<f64>) -> CostEntry {
    CostEntry {
        id: 0,
        ts,
        agent_id: agent.into(),
        task_id: Some("t1".into()).filter(|_| cost.is_some()),
        model: "m-large".into(),
        input_tokens: tokens.0,
        output_tokens: tokens.1,
        cost_usd: cost,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn costs_are_logged_summed_per_day_and_alerted_once() {
    for b in backends() {
        let t0 = b.clock.now();
        let s = chrono::TimeDelta::seconds;
        let day = "2024-05-01";
        let e1 = record(&b, day, entry(t0, "w2", (100, 20), Some(0.5))).await;
        let e2 = record(&b, day, entry(t0 + s(1), "w1", (10, 5), None)).await;
        let e3 = record(&b, day, entry(t0 + s(2), "w2", (1, 2), Some(0.25))).await;
        let e4 = record(&b, "2024-05-02", entry(t0 + s(3), "w2", (7, 0), Some(1.0))).await;
        assert!(
            e1.id < e2.id && e2.id < e3.id && e3.id < e4.id,
            "{}",
            b.name
        );

        let spend = b.store.read(|r| r.costs().spend(day)).expect("spend");
        let row = |a: &str, tokens, cost_usd| SpendRow {
            agent_id: a.into(),
            tokens,
            cost_usd,
        };
        assert_eq!(
            spend,
            [row("w1", 15, 0.0), row("w2", 123, 0.75)],
            "{}",
            b.name
        );
        let next = b
            .store
            .read(|r| r.costs().spend("2024-05-02"))
            .expect("spend");
        assert_eq!(next, [row("w2", 7, 1.0)], "{}", b.name);
        assert!(
            b.store
                .read(|r| r.costs().spend("2024-04-30"))
                .expect("s")
                .is_empty()
        );

        // Half-open: from `from`, up to but not including `to`.
        let between = b
            .store
            .read(|r| r.costs().entries_between(t0 + s(1), t0 + s(3)))
            .expect("between");
        assert_eq!(between, [e2, e3], "{}", b.name);
        let all = b.store.read(|r| r.costs().entries_between(t0, t0 + s(4)));
        assert_eq!(all.expect("all").len(), 4, "{}", b.name);

        let mut alerts = Vec::new();
        for (d, a) in [(day, "w1"), (day, "w1"), (day, "w2"), ("2024-05-02", "w1")] {
            alerts.push(
                b.store
                    .write(move |tx| tx.costs().mark_alert(d, a))
                    .await
                    .expect("a"),
            );
        }
        assert_eq!(alerts, [true, false, true, true], "{}", b.name);
    }
}
