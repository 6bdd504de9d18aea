//! Login sessions: live until expiry or logout, revoked one by one or all
//! of a user's at once, purged after they end.

use m3shd_api::UserRole;

use super::backends;
use crate::clock::Clock;
use crate::store::StoreError;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_live_expire_revoke_and_purge() {
    for b in backends() {
        let t0 = b.clock.now();
        let hour = chrono::TimeDelta::hours(1);
        b.store
            .write(move |tx| {
                tx.users().insert("u-1", "alice", "x", UserRole::Viewer)?;
                tx.users().insert("u-2", "bob", "x", UserRole::Admin)?;
                tx.sessions().insert("s-1", "h1", "u-1", t0, t0 + hour)?;
                tx.sessions()
                    .insert("s-2", "h2", "u-1", t0, t0 + hour + hour)?;
                tx.sessions().insert("s-3", "h3", "u-2", t0, t0 + hour)
            })
            .await
            .expect("setup");

        let live = b.store.read(|r| r.sessions().live("h1", t0)).expect("live");
        let live = live.expect("live");
        assert_eq!(
            (
                live.session_id.as_str(),
                live.expires_at,
                live.user_id.as_str(),
                live.username.as_str(),
                live.role
            ),
            ("s-1", t0 + hour, "u-1", "alice", UserRole::Viewer),
            "{}",
            b.name
        );
        let role =
            |id: &'static str, at| b.store.read(|r| r.sessions().role(id, at)).expect("role");
        assert_eq!(role("s-3", t0), Some(UserRole::Admin), "{}", b.name);
        assert_eq!(role("s-9", t0), None, "{}", b.name);
        // Expiry is exclusive.
        assert_eq!(role("s-1", t0 + hour), None, "{}", b.name);
        let at_end = b
            .store
            .read(|r| r.sessions().live("h1", t0 + hour))
            .expect("live");
        assert!(at_end.is_none(), "{}", b.name);
        assert_eq!(role("s-2", t0 + hour), Some(UserRole::Viewer), "{}", b.name);

        let first = b.store.write(|tx| tx.sessions().revoke("s-3")).await;
        let again = b.store.write(|tx| tx.sessions().revoke("s-3")).await;
        assert_eq!(
            (first.expect("r"), again.expect("r")),
            (true, false),
            "{}",
            b.name
        );
        assert_eq!(role("s-3", t0), None, "logged out: {}", b.name);
        assert!(
            b.store
                .read(|r| r.sessions().live("h3", t0))
                .expect("l")
                .is_none()
        );

        let all = b.store.write(|tx| tx.sessions().revoke_all_of("u-1")).await;
        assert_eq!(all.expect("revoke all"), 2, "{}", b.name);
        let none_left = b.store.write(|tx| tx.sessions().revoke_all_of("u-1")).await;
        assert_eq!(none_left.expect("revoke all"), 0, "{}", b.name);
        assert_eq!(role("s-2", t0), None, "{}", b.name);

        // All three were revoked at t0: a purge before t0 keeps them, one
        // after takes them all.
        let kept = b.store.write(move |tx| tx.sessions().purge(t0)).await;
        assert_eq!(kept.expect("purge"), 0, "{}", b.name);
        let later = t0 + chrono::TimeDelta::seconds(1);
        let purged = b.store.write(move |tx| tx.sessions().purge(later)).await;
        assert_eq!(purged.expect("purge"), 3, "{}", b.name);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn purge_takes_expired_sessions_and_keeps_live_ones() {
    for b in backends() {
        let t0 = b.clock.now();
        let hour = chrono::TimeDelta::hours(1);
        b.store
            .write(move |tx| {
                tx.users().insert("u-1", "alice", "x", UserRole::User)?;
                tx.sessions().insert("old", "h1", "u-1", t0 - hour, t0)?;
                tx.sessions().insert("new", "h2", "u-1", t0, t0 + hour)
            })
            .await
            .expect("setup");
        let purged = b
            .store
            .write(move |tx| tx.sessions().purge(t0 + hour))
            .await;
        assert_eq!(purged.expect("purge"), 1, "{}", b.name);
        assert!(
            b.store
                .read(|r| r.sessions().live("h2", t0))
                .expect("l")
                .is_some()
        );
        let r: Result<usize, StoreError> = b.store.write(move |tx| tx.sessions().purge(t0)).await;
        assert_eq!(r.expect("purge"), 0, "{}", b.name);
    }
}
