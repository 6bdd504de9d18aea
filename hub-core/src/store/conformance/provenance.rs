//! Provenance links: one per task, read back as signed.

use super::{at, backends, task};
use crate::store::repos::LinkRow;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_task_has_one_link_read_back_as_signed() {
    for b in backends() {
        task(&b, "t1").await;
        let s = &b.store;
        let link = LinkRow {
            task_id: "t1".into(),
            prev_hash: "0".repeat(64),
            signed_at: at(7),
            agent_id: "rex".into(),
            output_hash: "ab".repeat(32),
            signature: "sig-1".into(),
        };
        let l = link.clone();
        s.write(move |tx| tx.provenance().insert(&l))
            .await
            .expect("insert");
        assert_eq!(
            s.read(|r| r.provenance().link("t1")).expect("link"),
            Some(link.clone()),
            "{}",
            b.name
        );
        assert_eq!(
            s.read(|r| r.provenance().signature("t1"))
                .expect("sig")
                .as_deref(),
            Some("sig-1"),
            "{}",
            b.name
        );
        assert_eq!(s.read(|r| r.provenance().link("t2")).expect("link"), None);
        assert_eq!(
            s.read(|r| r.provenance().signature("t2")).expect("sig"),
            None
        );
        let again = LinkRow {
            signature: "sig-2".into(),
            ..link
        };
        let dup = s.write(move |tx| tx.provenance().insert(&again)).await;
        // Refused (SQLite does not name it a duplicate, PostgreSQL does).
        assert!(dup.is_err(), "{}", b.name);
    }
}
