//! The audit log (filtered, paged, pruned in chunks) and the per-hour
//! counts of routine calls.

use m3shd_api::Timestamp;

use super::{Backend, backends};
use crate::store::repos::{AuditFilter, AuditRow};
use crate::store::time::from_micros;

fn row(at_secs: i64, actor: &str, action: &str) -> AuditRow {
    AuditRow {
        at: from_micros(at_secs * 1_000_000),
        actor: actor.into(),
        action: action.into(),
        target: "/api/tasks".into(),
        status: 201,
        payload_sha256: "00".into(),
    }
}

fn ids(b: &Backend, after: Option<i64>, f: AuditFilter<'_>, limit: i64) -> Vec<i64> {
    b.store
        .read(|r| r.audit().list(after, f, limit))
        .expect("list")
        .into_iter()
        .map(|e| e.id)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_rows_filter_page_and_prune() {
    for b in backends() {
        for i in 0..10 {
            let actor = if i % 2 == 0 { "operator" } else { "rex" };
            let action = if i < 5 {
                "POST /api/tasks"
            } else {
                "POST /api/tasks/{id}/cancel"
            };
            let r = row(100 + i, actor, action);
            b.store
                .write(move |tx| tx.audit().insert(&r))
                .await
                .expect("insert");
        }
        let all = AuditFilter::default();
        let every = ids(&b, None, all, 50);
        assert_eq!(every.len(), 10, "{}", b.name);
        assert!(
            every.windows(2).all(|w| w[0] < w[1]),
            "increasing: {}",
            b.name
        );
        let id = |i: usize| every[i];

        let stored = b.store.read(|r| r.audit().list(None, all, 1)).expect("one");
        let last = &stored[0];
        assert_eq!(
            (
                last.id,
                last.at,
                last.actor.as_str(),
                last.status,
                last.target.as_str()
            ),
            (id(9), from_micros(109_000_000), "rex", 201, "/api/tasks"),
            "{}",
            b.name
        );
        assert_eq!(last.payload_sha256, "00", "{}", b.name);
        assert_eq!(
            ids(&b, None, all, 3),
            [id(7), id(8), id(9)],
            "newest, oldest first"
        );
        assert_eq!(
            ids(&b, Some(id(1)), all, 3),
            [id(2), id(3), id(4)],
            "{}",
            b.name
        );
        let f = AuditFilter {
            actor: Some("rex"),
            action: Some("cancel"),
            ..all
        };
        assert_eq!(ids(&b, None, f, 50), [id(5), id(7), id(9)], "{}", b.name);
        assert_eq!(ids(&b, Some(id(5)), f, 50), [id(7), id(9)], "{}", b.name);
        let f = AuditFilter {
            except_actions: &["POST /api/tasks"],
            ..all
        };
        assert_eq!(ids(&b, None, f, 50), every[5..], "{}", b.name);

        // Rows at 100..=104 are older than 105.
        let before = from_micros(105_000_000);
        let mut pruned = Vec::new();
        for _ in 0..3 {
            pruned.push(
                b.store
                    .write(move |tx| tx.audit().prune(before, 3))
                    .await
                    .expect("p"),
            );
        }
        assert_eq!(pruned, [3, 2, 0], "{}", b.name);
        assert_eq!(
            ids(&b, None, all, 50),
            every[5..],
            "the newer half: {}",
            b.name
        );
        let f = AuditFilter {
            except_actions: &["POST /api/tasks/{id}/cancel", "other"],
            ..all
        };
        assert!(ids(&b, None, f, 50).is_empty(), "{}", b.name);
    }
}

async fn count(
    b: &Backend,
    hour: Timestamp,
    agent: &'static str,
    action: &'static str,
    failed: bool,
) {
    b.store
        .write(move |tx| tx.audit().count(hour, agent, action, failed))
        .await
        .expect("count");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_counts_add_up_per_hour_agent_and_action_and_expire() {
    for b in backends() {
        let (h1, h2) = (from_micros(3_600_000_000), from_micros(7_200_000_000));
        let hb = "POST /api/agents/{id}/heartbeat";
        let claim = "POST /api/agents/{id}/claim";
        for failed in [false, false, true] {
            count(&b, h1, "w1", hb, failed).await;
        }
        count(&b, h2, "w1", hb, false).await;
        count(&b, h2, "w2", claim, false).await;
        count(&b, h2, "w1", claim, true).await;
        let view =
            |since, agent: Option<&str>, limit| -> Vec<(Timestamp, String, String, u64, u64)> {
                b.store
                    .read(|r| r.audit().counts(since, agent, limit))
                    .expect("counts")
                    .into_iter()
                    .map(|c| (c.hour, c.agent, c.action, c.calls, c.failed))
                    .collect()
            };
        let v = |h, a: &str, act: &str, c, f| (h, a.to_string(), act.to_string(), c, f);
        assert_eq!(
            view(h1, None, 50),
            [
                v(h2, "w1", claim, 1, 1),
                v(h2, "w1", hb, 1, 0),
                v(h2, "w2", claim, 1, 0),
                v(h1, "w1", hb, 3, 1),
            ],
            "newest hour first, then agent and action: {}",
            b.name
        );
        assert_eq!(view(h1, None, 2).len(), 2, "{}", b.name);
        assert_eq!(
            view(h2, Some("w2"), 50),
            [v(h2, "w2", claim, 1, 0)],
            "{}",
            b.name
        );
        assert_eq!(view(h1, Some("w1"), 50).len(), 3, "{}", b.name);
        b.store
            .write(move |tx| tx.audit().prune(h2, 10))
            .await
            .expect("prune");
        assert_eq!(
            view(h1, None, 50).len(),
            3,
            "the older hour went: {}",
            b.name
        );
    }
}
