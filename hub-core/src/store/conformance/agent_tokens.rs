//! Agents' bearer tokens: found by hash while live, listed, touched,
//! revoked once.

use std::time::Duration;

use m3shd_api::{PermissionSet, Role, Timestamp, TokenInfo};

use super::{Backend, backends};
use crate::clock::Clock;
use crate::store::StoreError;

fn token(id: &str, agent: &str, role: Option<Role>, at: Timestamp) -> TokenInfo {
    TokenInfo {
        id: id.into(),
        agent_id: agent.into(),
        role,
        permissions: role.map(Role::permissions).unwrap_or(PermissionSet::EMPTY),
        created_at: at,
        created_by: "operator".into(),
        last_used_at: None,
        revoked_at: None,
    }
}

async fn insert(b: &Backend, hash: &str, t: TokenInfo) -> Result<(), StoreError> {
    let hash = hash.to_string();
    b.store
        .write(move |tx| tx.agent_tokens().insert(&hash, &t))
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_are_found_by_hash_listed_touched_and_revoked() {
    for b in backends() {
        let t0 = b.clock.now();
        let earlier = t0 - chrono::TimeDelta::seconds(5);
        let t1 = token("tok-1", "w1", Some(Role::Worker), t0);
        let t2 = token("tok-2", "w2", None, earlier);
        insert(&b, "h1", t1.clone()).await.expect("insert");
        insert(&b, "h2", t2.clone()).await.expect("insert");

        let dup_hash = insert(&b, "h1", token("tok-3", "w3", None, t0)).await;
        assert!(
            matches!(dup_hash, Err(StoreError::Duplicate(_))),
            "{}: {dup_hash:?}",
            b.name
        );
        let dup_id = insert(&b, "h3", token("tok-1", "w3", None, t0)).await;
        assert!(
            matches!(dup_id, Err(StoreError::Duplicate(_))),
            "{}: {dup_id:?}",
            b.name
        );

        let found = b
            .store
            .read(|r| r.agent_tokens().by_hash("h1"))
            .expect("by_hash");
        assert_eq!(found, Some(t1.clone()), "{}", b.name);
        assert_eq!(
            b.store
                .read(|r| r.agent_tokens().by_hash("nope"))
                .expect("none"),
            None
        );
        let list = b.store.read(|r| r.agent_tokens().list()).expect("list");
        assert_eq!(list, [t2.clone(), t1.clone()], "oldest first: {}", b.name);

        b.clock.advance(Duration::from_secs(10));
        let used = b.clock.now();
        b.store
            .write(|tx| tx.agent_tokens().touch("tok-1"))
            .await
            .expect("touch");
        let found = b
            .store
            .read(|r| r.agent_tokens().by_hash("h1"))
            .expect("by_hash");
        assert_eq!(found.expect("live").last_used_at, Some(used), "{}", b.name);

        let r = |f: fn(&dyn crate::store::queries::Queries) -> Result<bool, StoreError>| {
            b.store.read(f).expect("read")
        };
        assert!(r(|q| q.agent_tokens().live("tok-1")), "{}", b.name);
        assert!(r(|q| q.agent_tokens().exists("tok-1")), "{}", b.name);
        assert!(r(|q| q.agent_tokens().any_live_for("w1")), "{}", b.name);
        assert!(!r(|q| q.agent_tokens().any_live_for("w3")), "{}", b.name);
        assert!(!r(|q| q.agent_tokens().exists("tok-9")), "{}", b.name);

        b.clock.advance(Duration::from_secs(10));
        let revoked_at = b.clock.now();
        let first = b.store.write(|tx| tx.agent_tokens().revoke("tok-1")).await;
        let second = b.store.write(|tx| tx.agent_tokens().revoke("tok-1")).await;
        let unknown = b.store.write(|tx| tx.agent_tokens().revoke("tok-9")).await;
        assert_eq!(
            (first.expect("r"), second.expect("r"), unknown.expect("r")),
            (true, false, false),
            "{}",
            b.name
        );
        assert_eq!(
            b.store
                .read(|r| r.agent_tokens().by_hash("h1"))
                .expect("gone"),
            None
        );
        assert!(!r(|q| q.agent_tokens().live("tok-1")), "{}", b.name);
        assert!(r(|q| q.agent_tokens().exists("tok-1")), "{}", b.name);
        assert!(!r(|q| q.agent_tokens().any_live_for("w1")), "{}", b.name);
        let list = b.store.read(|r| r.agent_tokens().list()).expect("list");
        assert_eq!(
            list[1].revoked_at,
            Some(revoked_at),
            "still listed: {}",
            b.name
        );
    }
}
