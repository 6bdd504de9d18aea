//! API keys: unique names and hashes, live lookups, revocation, and usage
//! counted per day.

use m3shd_api::{ApiKeyInfo, Role, Timestamp};

use super::{Backend, backends};
use crate::clock::Clock;
use crate::store::StoreError;
use crate::store::repos::ApiKeyRow;

fn key(id: &str, name: &str, at: Timestamp) -> ApiKeyInfo {
    ApiKeyInfo {
        id: id.into(),
        name: name.into(),
        role: Some(Role::Commander),
        permissions: Role::Commander.permissions(),
        rate_limit_per_minute: 60,
        daily_cap: 1000,
        usage_today: 0,
        usage_total: 0,
        last_used_at: None,
        created_at: at,
        created_by: "operator".into(),
        revoked_at: None,
    }
}

async fn insert(b: &Backend, hash: &str, k: ApiKeyInfo) -> Result<(), StoreError> {
    let hash = hash.to_string();
    b.store
        .write(move |tx| tx.api_keys().insert(&hash, &k))
        .await
}

fn by_hash(b: &Backend, hash: &str) -> Option<ApiKeyRow> {
    b.store
        .read(|r| r.api_keys().by_hash(hash))
        .expect("by_hash")
}

async fn add_usage(b: &Backend, day: &'static str, n: u64, at: Timestamp) {
    b.store
        .write(move |tx| tx.api_keys().add_usage("ak-1", day, n, at))
        .await
        .expect("add_usage");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_keys_are_unique_listed_and_revoked() {
    for b in backends() {
        let t0 = b.clock.now();
        let k1 = key("ak-1", "ci", t0);
        let mut k2 = key("ak-2", "bot", t0 - chrono::TimeDelta::seconds(1));
        k2.role = None;
        insert(&b, "h1", k1.clone()).await.expect("insert");
        insert(&b, "h2", k2.clone()).await.expect("insert");
        let same_name = insert(&b, "h3", key("ak-3", "ci", t0)).await;
        assert!(
            matches!(same_name, Err(StoreError::Duplicate(_))),
            "{}",
            b.name
        );
        let same_hash = insert(&b, "h1", key("ak-4", "other", t0)).await;
        assert!(
            matches!(same_hash, Err(StoreError::Duplicate(_))),
            "{}",
            b.name
        );

        let row = by_hash(&b, "h1").expect("live");
        assert_eq!(
            (row.info, row.usage_day.as_str()),
            (k1.clone(), ""),
            "{}",
            b.name
        );
        let list: Vec<ApiKeyInfo> = b
            .store
            .read(|r| r.api_keys().list())
            .expect("list")
            .into_iter()
            .map(|r| r.info)
            .collect();
        assert_eq!(list, [k2, k1], "oldest first: {}", b.name);

        let first = b.store.write(|tx| tx.api_keys().revoke("ak-1")).await;
        let again = b.store.write(|tx| tx.api_keys().revoke("ak-1")).await;
        assert_eq!(
            (first.expect("r"), again.expect("r")),
            (true, false),
            "{}",
            b.name
        );
        assert!(by_hash(&b, "h1").is_none(), "{}", b.name);
        let (live, exists, unknown) = b
            .store
            .read(|r| {
                Ok::<_, StoreError>((
                    r.api_keys().live("ak-1")?,
                    r.api_keys().exists("ak-1")?,
                    r.api_keys().exists("ak-9")?,
                ))
            })
            .expect("read");
        assert_eq!((live, exists, unknown), (false, true, false), "{}", b.name);
        assert!(b.store.read(|r| r.api_keys().live("ak-2")).expect("live"));
        let revoked = &b.store.read(|r| r.api_keys().list()).expect("list")[1];
        assert_eq!(revoked.info.revoked_at, Some(t0), "{}", b.name);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn usage_restarts_each_day_and_a_late_batch_only_adds_to_the_total() {
    for b in backends() {
        let t0 = b.clock.now();
        insert(&b, "h1", key("ak-1", "ci", t0))
            .await
            .expect("insert");
        let usage = |b: &Backend| {
            let r = by_hash(b, "h1").expect("live");
            (
                r.usage_day,
                r.info.usage_today,
                r.info.usage_total,
                r.info.last_used_at,
            )
        };
        let t1 = t0 + chrono::TimeDelta::seconds(10);
        add_usage(&b, "2024-05-01", 3, t1).await;
        assert_eq!(
            usage(&b),
            ("2024-05-01".into(), 3, 3, Some(t1)),
            "{}",
            b.name
        );
        add_usage(&b, "2024-05-01", 2, t0).await;
        assert_eq!(
            usage(&b),
            ("2024-05-01".into(), 5, 5, Some(t1)),
            "last use never moves back: {}",
            b.name
        );
        let t2 = t1 + chrono::TimeDelta::days(1);
        add_usage(&b, "2024-05-02", 1, t2).await;
        assert_eq!(
            usage(&b),
            ("2024-05-02".into(), 1, 6, Some(t2)),
            "{}",
            b.name
        );
        add_usage(&b, "2024-05-01", 4, t1).await;
        assert_eq!(
            usage(&b),
            ("2024-05-02".into(), 1, 10, Some(t2)),
            "yesterday's late batch: {}",
            b.name
        );
    }
}
