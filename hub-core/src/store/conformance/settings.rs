//! Hub settings: JSON values by key, set and replaced.

use super::backends;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_are_set_replaced_and_read() {
    for b in backends() {
        let s = &b.store;
        assert_eq!(s.read(|r| r.settings().get("budget")).expect("get"), None);
        s.write(|tx| tx.settings().set("budget", r#"{"daily_usd":5}"#))
            .await
            .expect("set");
        s.write(|tx| tx.settings().set("other", "[1,2]"))
            .await
            .expect("set");
        s.write(|tx| tx.settings().set("budget", r#"{"daily_usd":7.5}"#))
            .await
            .expect("replace");
        let got = s.read(|r| r.settings().get("budget")).expect("get");
        let got: serde_json::Value = serde_json::from_str(&got.expect("set")).expect("json");
        assert_eq!(got, serde_json::json!({"daily_usd": 7.5}), "{}", b.name);
        let other = s.read(|r| r.settings().get("other")).expect("get");
        assert_eq!(other.as_deref(), Some("[1,2]"), "{}", b.name);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_that_freed_its_caches_reads_and_writes_on() {
    for b in backends() {
        let s = &b.store;
        let budget = || s.read(|r| r.settings().get("budget")).expect("get");
        s.write(|tx| tx.settings().set("budget", "1"))
            .await
            .expect("set");
        assert_eq!(budget().as_deref(), Some("1"));
        s.release_memory()
            .await
            .unwrap_or_else(|e| panic!("{}: release: {e}", b.name));
        assert_eq!(budget().as_deref(), Some("1"), "{}", b.name);
        s.write(|tx| tx.settings().set("budget", "2"))
            .await
            .expect("set");
        assert_eq!(budget().as_deref(), Some("2"), "{}", b.name);
    }
}
