//! Agent memories: replace-on-write, full-text search (any word, best bm25
//! first, per agent, limited) and values sealed at rest.

use std::time::Duration;

use m3shd_api::Memory;

use super::{Backend, backends};

async fn put(b: &Backend, agent: &str, key: &str, value: &str) -> Memory {
    let (agent, key, value) = (agent.to_string(), key.to_string(), value.to_string());
    b.store
        .write(move |tx| tx.memories().upsert(&agent, &key, &value, 0.5, "test"))
        .await
        .expect("upsert")
}

fn keys(b: &Backend, agent: &str, words: &[&str], limit: i64) -> Vec<String> {
    let words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
    b.store
        .read(|r| r.memories().search(agent, &words, limit))
        .unwrap_or_else(|e| panic!("{}: search {words:?}: {e}", b.name))
        .into_iter()
        .map(|m| m.key)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upsert_replaces_the_entry_under_its_key() {
    for b in backends() {
        let s = &b.store;
        assert!(
            !s.read(|r| r.memories().any("rex")).expect("any"),
            "{}",
            b.name
        );
        let first = put(&b, "rex", "editor", "emacs").await;
        b.clock.advance(Duration::from_secs(5));
        let other = put(&b, "rex", "lunch", "pizza").await;
        b.clock.advance(Duration::from_secs(5));
        let second = put(&b, "rex", "editor", "vim").await;
        assert_eq!(second.id, first.id, "{}", b.name);
        assert_eq!(second.created_at, first.created_at, "{}", b.name);
        assert!(second.updated_at > first.updated_at, "{}", b.name);
        assert_eq!(second.value, "vim", "{}", b.name);
        put(&b, "ada", "editor", "helix").await;

        let got = s
            .read(|r| r.memories().get("rex", "editor"))
            .expect("get")
            .expect("stored");
        assert_eq!(got, second, "{}", b.name);
        assert!(
            s.read(|r| r.memories().get("rex", "nope"))
                .expect("get")
                .is_none()
        );
        let newest: Vec<String> = s
            .read(|r| r.memories().list("rex", 10))
            .expect("list")
            .into_iter()
            .map(|m| format!("{}={}", m.key, m.value))
            .collect();
        assert_eq!(newest, ["editor=vim", "lunch=pizza"], "{}", b.name);
        let one = s.read(|r| r.memories().list("rex", 1)).expect("list");
        assert_eq!(one.len(), 1, "{}", b.name);
        let oldest = s.read(|r| r.memories().all_of("rex")).expect("all_of");
        assert_eq!(oldest, [other, second], "{}", b.name);
        let agents = s.read(|r| r.memories().agents()).expect("agents");
        assert_eq!(agents, ["ada", "rex"], "{}", b.name);
        assert!(
            s.read(|r| r.memories().any("rex")).expect("any"),
            "{}",
            b.name
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_matches_any_word_best_first_per_agent() {
    for b in backends() {
        put(&b, "a", "editor", "uses vim for rust").await;
        put(&b, "a", "rust_version", "1.95").await;
        put(&b, "a", "lunch", "pizza").await;
        put(&b, "b", "rust_notes", "rust rust rust").await;
        // A match in the key counts double.
        assert_eq!(
            keys(&b, "a", &["rust", "version"], 10),
            ["rust_version", "editor"],
            "{}",
            b.name
        );
        assert_eq!(keys(&b, "a", &["rust", "version"], 1), ["rust_version"]);
        assert_eq!(
            keys(&b, "a", &["PIZZA", "nothing"], 10),
            ["lunch"],
            "{}",
            b.name
        );
        // Numbers split at the dot, keys at `_`.
        assert_eq!(keys(&b, "a", &["95"], 10), ["rust_version"], "{}", b.name);
        assert_eq!(keys(&b, "b", &["notes"], 10), ["rust_notes"], "{}", b.name);
        assert_eq!(keys(&b, "b", &["rust"], 10), ["rust_notes"], "{}", b.name);
        assert!(keys(&b, "a", &["notes"], 10).is_empty(), "{}", b.name);
        assert!(keys(&b, "nobody", &["rust"], 10).is_empty(), "{}", b.name);
        assert!(keys(&b, "a", &[], 10).is_empty(), "{}", b.name);
        // A replaced value is found by its new words only.
        put(&b, "a", "lunch", "sushi").await;
        assert!(keys(&b, "a", &["pizza"], 10).is_empty(), "{}", b.name);
        assert_eq!(keys(&b, "a", &["sushi"], 10), ["lunch"], "{}", b.name);
        // Whatever a word holds, it is only ever a literal.
        for bad in [
            "\"",
            "*",
            "NEAR(",
            "OR",
            "-",
            ":",
            "key_words:",
            "a\"b",
            "^",
            "(",
            "ü",
            "'",
            "!",
            "&",
            "|",
            "\\",
        ] {
            keys(&b, "a", &[bad], 10);
        }
        assert_eq!(keys(&b, "a", &["OR", "sushi"], 10), ["lunch"], "{}", b.name);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn more_occurrences_and_shorter_entries_rank_higher_and_ties_go_newest_first() {
    for b in backends() {
        put(
            &b,
            "a",
            "once_long",
            "tea with milk and two sugars every morning",
        )
        .await;
        put(&b, "a", "once_short", "tea please").await;
        put(&b, "a", "twice", "tea then more tea").await;
        put(&b, "a", "same_old", "coffee black").await;
        put(&b, "a", "same_new", "coffee black").await;
        assert_eq!(
            keys(&b, "a", &["tea"], 10),
            ["twice", "once_short", "once_long"],
            "{}",
            b.name
        );
        assert_eq!(
            keys(&b, "a", &["coffee"], 10),
            ["same_new", "same_old"],
            "{}",
            b.name
        );
        // A rarer word outweighs a common one.
        put(&b, "a", "rare", "tea and crumpets").await;
        assert_eq!(
            keys(&b, "a", &["tea", "crumpets"], 1),
            ["rare"],
            "{}",
            b.name
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn very_common_words_are_left_out_when_rarer_ones_are_searched() {
    for b in backends() {
        b.store
            .write(|tx| {
                for i in 0..=2_000 {
                    tx.memories()
                        .upsert("a", &format!("k{i}"), "common", 1.0, "t")?;
                }
                tx.memories()
                    .upsert("a", "rare", "common unusual", 1.0, "t")
            })
            .await
            .expect("upsert");
        assert_eq!(
            keys(&b, "a", &["common", "unusual"], 500),
            ["rare"],
            "{}",
            b.name
        );
        assert_eq!(keys(&b, "a", &["common"], 500).len(), 500, "{}", b.name);
        assert!(
            keys(&b, "a", &["common", "missing"], 5).is_empty(),
            "{}",
            b.name
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_entry_is_gone_from_reads_and_searches() {
    for b in backends() {
        put(&b, "a", "k", "shared alpha").await;
        put(&b, "b", "k", "shared beta").await;
        let s = &b.store;
        assert!(
            s.write(|tx| tx.memories().delete("a", "k"))
                .await
                .expect("delete")
        );
        assert!(
            !s.write(|tx| tx.memories().delete("a", "k"))
                .await
                .expect("delete")
        );
        assert!(
            s.read(|r| r.memories().get("a", "k"))
                .expect("get")
                .is_none()
        );
        assert!(
            !s.read(|r| r.memories().any("a")).expect("any"),
            "{}",
            b.name
        );
        assert!(keys(&b, "a", &["shared"], 10).is_empty(), "{}", b.name);
        assert_eq!(keys(&b, "b", &["shared"], 10), ["k"], "{}", b.name);
        // An agent that comes back is searchable again.
        put(&b, "a", "k2", "shared again").await;
        assert_eq!(keys(&b, "a", &["shared"], 10), ["k2"], "{}", b.name);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn values_are_sealed_at_rest() {
    for b in backends() {
        put(&b, "a", "password_hint", "the plaintext hint").await;
        let stored = b.raw_texts("SELECT value FROM agent_memory").await;
        assert_eq!(stored.len(), 1, "{}", b.name);
        assert!(stored[0].starts_with("enc1:"), "{}: {}", b.name, stored[0]);
        assert!(!stored[0].contains("plaintext"), "{}", b.name);
        let read = b
            .store
            .read(|r| r.memories().get("a", "password_hint"))
            .expect("get")
            .expect("stored");
        assert_eq!(read.value, "the plaintext hint", "{}", b.name);
    }
}
