//! Enrolment join keys: usable while live, unexpired and with uses left;
//! each join takes one use.

use std::time::Duration;

use m3shd_api::{JoinKeyInfo, Role, Timestamp};

use super::{Backend, backends};
use crate::clock::Clock;
use crate::store::StoreError;

fn key(id: &str, uses: u32, created: Timestamp, expires: Timestamp) -> JoinKeyInfo {
    JoinKeyInfo {
        id: id.into(),
        role: Some(Role::Worker),
        permissions: Role::Worker.permissions(),
        expires_at: expires,
        uses_left: uses,
        created_at: created,
        created_by: "operator".into(),
        revoked_at: None,
    }
}

async fn insert(b: &Backend, hash: &str, k: JoinKeyInfo) -> Result<(), StoreError> {
    let hash = hash.to_string();
    b.store
        .write(move |tx| tx.join_keys().insert(&hash, &k))
        .await
}

fn usable(b: &Backend, hash: &str, at: Timestamp) -> Option<JoinKeyInfo> {
    b.store
        .read(|r| r.join_keys().usable(hash, at))
        .expect("usable")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn join_keys_run_out_expire_and_are_revoked() {
    for b in backends() {
        let t0 = b.clock.now();
        let hour = chrono::TimeDelta::hours(1);
        let k1 = key("jk-1", 2, t0, t0 + hour);
        let k2 = key("jk-2", 1, t0 - hour, t0 + hour);
        insert(&b, "h1", k1.clone()).await.expect("insert");
        insert(&b, "h2", k2.clone()).await.expect("insert");
        let dup = insert(&b, "h1", key("jk-3", 1, t0, t0 + hour)).await;
        assert!(
            matches!(dup, Err(StoreError::Duplicate(_))),
            "{}: {dup:?}",
            b.name
        );

        let list = b.store.read(|r| r.join_keys().list()).expect("list");
        assert_eq!(list, [k2.clone(), k1.clone()], "oldest first: {}", b.name);
        assert_eq!(usable(&b, "h1", t0), Some(k1.clone()), "{}", b.name);
        assert_eq!(usable(&b, "nope", t0), None, "{}", b.name);
        // Expiry is exclusive: not usable at the instant it expires.
        assert_eq!(usable(&b, "h1", t0 + hour), None, "{}", b.name);

        let mut took = Vec::new();
        for _ in 0..3 {
            took.push(
                b.store
                    .write(|tx| tx.join_keys().take_use("jk-1"))
                    .await
                    .expect("take"),
            );
        }
        assert_eq!(took, [true, true, false], "{}", b.name);
        assert_eq!(usable(&b, "h1", t0), None, "used up: {}", b.name);
        let spent = b
            .store
            .read(|r| r.join_keys().by_hash("h1"))
            .expect("by_hash");
        assert_eq!(spent.expect("still there").uses_left, 0, "{}", b.name);

        b.clock.advance(Duration::from_secs(5));
        let when = b.clock.now();
        let first = b.store.write(|tx| tx.join_keys().revoke("jk-2")).await;
        let again = b.store.write(|tx| tx.join_keys().revoke("jk-2")).await;
        assert_eq!(
            (first.expect("r"), again.expect("r")),
            (true, false),
            "{}",
            b.name
        );
        assert_eq!(usable(&b, "h2", t0), None, "revoked: {}", b.name);
        let revoked = b
            .store
            .read(|r| r.join_keys().by_hash("h2"))
            .expect("by_hash");
        let revoked = revoked.expect("still there");
        assert_eq!(
            (revoked.revoked_at, revoked.uses_left),
            (Some(when), 1),
            "{}",
            b.name
        );
    }
}
