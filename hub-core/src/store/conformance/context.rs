//! The shared context and the event log's basics.

use m3shd_api::Event;

use super::backends;
use crate::store::StoreError;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn context_entries_are_set_replaced_listed_and_deleted() {
    for b in backends() {
        let s = &b.store;
        s.write(|tx| tx.context().set("b", "two", "rex").map(drop))
            .await
            .expect("set");
        s.write(|tx| tx.context().set("a", "one", "ops").map(drop))
            .await
            .expect("set");
        s.write(|tx| tx.context().set("b", "TWO", "ops").map(drop))
            .await
            .expect("replace");
        let all = s.read(|r| r.context().list()).expect("list");
        let seen: Vec<(&str, &str, &str)> = all
            .iter()
            .map(|e| (e.key.as_str(), e.value.as_str(), e.set_by.as_str()))
            .collect();
        assert_eq!(
            seen,
            [("a", "one", "ops"), ("b", "TWO", "ops")],
            "{}",
            b.name
        );
        let gone = s
            .write(|tx| tx.context().delete("a"))
            .await
            .expect("delete");
        let again = s
            .write(|tx| tx.context().delete("a"))
            .await
            .expect("delete");
        assert!(gone && !again, "{}", b.name);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_get_increasing_ids_and_an_undone_write_leaves_none() {
    for b in backends() {
        let s = &b.store;
        let mut live = s.subscribe();
        let first = s
            .write(|tx| tx.emit(Event::ContextDeleted { key: "k1".into() }))
            .await
            .expect("emit");
        let refused: Result<i64, StoreError> = s
            .write(|tx| {
                tx.emit(Event::ContextDeleted { key: "k2".into() })?;
                Err(StoreError::Corrupt("refused on purpose".into()))
            })
            .await;
        assert!(refused.is_err(), "{}", b.name);
        let second = s
            .write(|tx| tx.emit(Event::ContextDeleted { key: "k3".into() }))
            .await
            .expect("emit");
        assert!(second > first, "{}", b.name);
        let stored = s.read(|r| r.events().after(0, None, 10)).expect("after");
        let ids: Vec<i64> = stored.iter().map(|e| e.id).collect();
        assert_eq!(ids, [first, second], "{}", b.name);
        assert_eq!(s.read(|r| r.events().last_id()).expect("last"), second);
        // Published live, in order, the undone one never.
        assert_eq!(live.recv().await.expect("live").id, first, "{}", b.name);
        assert_eq!(live.recv().await.expect("live").id, second, "{}", b.name);
    }
}

/// A refused write leaves nothing behind, whether it ran alone (its
/// transaction rolls back) or shared a batch (its savepoint does), and the
/// writes beside it stand.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_write_leaves_no_row_alone_or_in_a_batch() {
    for b in backends() {
        let s = &b.store;
        let refuse = |key: &'static str| {
            s.write(move |tx| {
                tx.context().set(key, "half", "ops")?;
                Err::<(), _>(StoreError::Corrupt("refused on purpose".into()))
            })
        };
        assert!(refuse("alone").await.is_err(), "{}", b.name);
        // Queued together, so the writer may well run them in one batch.
        let kept =
            |key: &'static str| s.write(move |tx| tx.context().set(key, "v", "ops").map(drop));
        let (a, r, c) = tokio::join!(kept("before"), refuse("between"), kept("after"));
        assert!(a.is_ok() && r.is_err() && c.is_ok(), "{}", b.name);
        // The first of a batch runs without a savepoint: its refusal rolls
        // the transaction back, and the ones after it still go in.
        let (r, c, d) = tokio::join!(refuse("leading"), kept("next"), kept("last"));
        assert!(r.is_err() && c.is_ok() && d.is_ok(), "{}", b.name);
        let keys: Vec<String> = s
            .read(|r| r.context().list())
            .expect("list")
            .into_iter()
            .map(|e| e.key)
            .collect();
        assert_eq!(keys, ["after", "before", "last", "next"], "{}", b.name);
    }
}
