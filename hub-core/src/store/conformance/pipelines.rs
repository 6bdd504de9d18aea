//! Pipelines and their named steps.

use std::time::Duration;

use super::backends;
use super::tasks::{put, queued};
use crate::store::StoreError;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pipelines_keep_their_steps_in_order_and_list_newest_first() {
    for b in backends() {
        let s = &b.store;
        put(s, vec![queued("t1", 0), queued("t2", 1), queued("t3", 2)]).await;
        let first = s
            .write(|tx| {
                tx.pipelines().insert("pl-1", "build")?;
                tx.pipelines().insert_step("pl-1", 1, "test", "t2")?;
                tx.pipelines().insert_step("pl-1", 0, "compile", "t1")?;
                Ok::<_, StoreError>(tx.now())
            })
            .await
            .expect("pipeline");
        b.clock.advance(Duration::from_secs(1));
        s.write(|tx| {
            tx.pipelines().insert("pl-2", "deploy")?;
            tx.pipelines().insert_step("pl-2", 0, "ship", "t3")
        })
        .await
        .expect("pipeline");
        // Created at the same instant as pl-2: inserted later, listed first.
        s.write(|tx| tx.pipelines().insert("pl-3", "empty"))
            .await
            .expect("pipeline");

        let got = s
            .read(|q| q.pipelines().get("pl-1"))
            .expect("get")
            .expect("pl-1");
        assert_eq!(got.name, "build", "{}", b.name);
        assert_eq!(
            got.created_at.timestamp_micros(),
            first.timestamp_micros(),
            "{}",
            b.name
        );
        let steps: Vec<(&str, &str)> = got
            .steps
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        assert_eq!(steps, [("compile", "t1"), ("test", "t2")], "{}", b.name);
        assert!(
            s.read(|q| q.pipelines().get("nope"))
                .expect("get")
                .is_none(),
            "{}",
            b.name
        );

        let listed = s.read(|q| q.pipelines().list(10)).expect("list");
        let names: Vec<(&str, usize)> = listed
            .iter()
            .map(|p| (p.id.as_str(), p.steps.len()))
            .collect();
        assert_eq!(names, [("pl-3", 0), ("pl-2", 1), ("pl-1", 2)], "{}", b.name);
        let listed = s.read(|q| q.pipelines().list(1)).expect("list");
        assert_eq!(listed.len(), 1, "{}", b.name);

        let again = s.write(|tx| tx.pipelines().insert("pl-1", "x")).await;
        assert!(
            matches!(again, Err(StoreError::Duplicate(_))),
            "{} {again:?}",
            b.name
        );
        let same_name = s
            .write(|tx| tx.pipelines().insert_step("pl-1", 5, "test", "t3"))
            .await;
        assert!(
            matches!(same_name, Err(StoreError::Duplicate(_))),
            "{} {same_name:?}",
            b.name
        );
        let same_place = s
            .write(|tx| tx.pipelines().insert_step("pl-1", 0, "other", "t3"))
            .await;
        assert!(
            matches!(same_place, Err(StoreError::Duplicate(_))),
            "{} {same_place:?}",
            b.name
        );
    }
}
