//! Operator accounts: unique names, lookups by id or name, role and
//! password changes, and deletion taking the sessions along.

use std::time::Duration;

use m3shd_api::UserRole;

use super::{Backend, backends};
use crate::clock::Clock;
use crate::store::StoreError;

async fn add(b: &Backend, id: &str, name: &str, role: UserRole) -> Result<(), StoreError> {
    let (id, name) = (id.to_string(), name.to_string());
    b.store
        .write(move |tx| tx.users().insert(&id, &name, &format!("hash-{name}"), role))
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_are_unique_found_changed_listed_and_deleted() {
    for b in backends() {
        let t0 = b.clock.now();
        add(&b, "u-2", "bob", UserRole::User).await.expect("bob");
        add(&b, "u-1", "alice", UserRole::Admin)
            .await
            .expect("alice");
        // A user whose name is another's id: a lookup by id wins.
        add(&b, "u-3", "u-1", UserRole::Viewer)
            .await
            .expect("odd name");
        let dup = add(&b, "u-4", "bob", UserRole::Viewer).await;
        assert!(
            matches!(dup, Err(StoreError::Duplicate(_))),
            "{}: {dup:?}",
            b.name
        );

        let bob = b.store.read(|r| r.users().by_name("bob")).expect("by_name");
        let bob = bob.expect("bob");
        assert_eq!(
            (bob.id.as_str(), bob.password_hash.as_str(), bob.role),
            ("u-2", "hash-bob", UserRole::User),
            "{}",
            b.name
        );
        let by_ref = |s: &str| {
            b.store
                .read(|r| r.users().by_ref(s))
                .expect("by_ref")
                .map(|u| u.username)
        };
        assert_eq!(by_ref("u-1").as_deref(), Some("alice"), "{}", b.name);
        assert_eq!(by_ref("u-3").as_deref(), Some("u-1"), "{}", b.name);
        assert_eq!(by_ref("bob").as_deref(), Some("bob"), "{}", b.name);
        assert_eq!(by_ref("carol"), None, "{}", b.name);
        assert_eq!(b.store.read(|r| r.users().count()).expect("count"), 3);
        assert_eq!(
            b.store.read(|r| r.users().admin_count()).expect("admins"),
            1
        );

        b.clock.advance(Duration::from_secs(60));
        let t1 = b.clock.now();
        let changed = b
            .store
            .write(|tx| {
                Ok::<_, StoreError>((
                    tx.users().set_role("u-2", UserRole::Admin)?,
                    tx.users().set_password("u-1", "new-hash")?,
                    tx.users().set_role("u-9", UserRole::Admin)?,
                    tx.users().set_password("u-9", "x")?,
                ))
            })
            .await
            .expect("changes");
        assert_eq!(changed, (true, true, false, false), "{}", b.name);
        assert_eq!(
            b.store.read(|r| r.users().admin_count()).expect("admins"),
            2
        );
        let alice = b.store.read(|r| r.users().by_name("alice")).expect("alice");
        assert_eq!(
            alice.expect("alice").password_hash,
            "new-hash",
            "{}",
            b.name
        );

        let list = b.store.read(|r| r.users().list(t1)).expect("list");
        let names: Vec<&str> = list.iter().map(|u| u.username.as_str()).collect();
        assert_eq!(names, ["alice", "bob", "u-1"], "by name: {}", b.name);
        let bob = &list[1];
        assert_eq!(
            (bob.role, bob.created_at, bob.updated_at),
            (UserRole::Admin, t0, t1)
        );
        assert_eq!(bob.permissions, UserRole::Admin.permissions(), "{}", b.name);
        assert_eq!(list[2].updated_at, t0, "untouched: {}", b.name);

        // Sessions count while live, and go with their user.
        let hour = chrono::TimeDelta::hours(1);
        b.store
            .write(move |tx| {
                tx.sessions().insert("s-1", "sh-1", "u-2", t1, t1 + hour)?;
                tx.sessions().insert("s-2", "sh-2", "u-2", t1, t1 + hour)?;
                tx.sessions().insert("s-3", "sh-3", "u-2", t0, t1)?;
                tx.sessions().revoke("s-2")
            })
            .await
            .expect("sessions");
        let list = b.store.read(|r| r.users().list(t1)).expect("list");
        let sessions: Vec<u32> = list.iter().map(|u| u.sessions).collect();
        assert_eq!(sessions, [0, 1, 0], "live ones only: {}", b.name);

        let gone = b.store.write(|tx| tx.users().delete("u-2")).await;
        let again = b.store.write(|tx| tx.users().delete("u-2")).await;
        assert_eq!(
            (gone.expect("d"), again.expect("d")),
            (true, false),
            "{}",
            b.name
        );
        assert!(
            b.store
                .read(|r| r.users().by_name("bob"))
                .expect("bob")
                .is_none()
        );
        let live = b
            .store
            .read(|r| r.sessions().live("sh-1", t1))
            .expect("live");
        assert!(live.is_none(), "sessions deleted with the user: {}", b.name);
        let purged = b
            .store
            .write(move |tx| tx.sessions().purge(t1 + hour + hour))
            .await;
        assert_eq!(purged.expect("purge"), 0, "nothing left of bob: {}", b.name);
        assert_eq!(b.store.read(|r| r.users().count()).expect("count"), 2);
    }
}
