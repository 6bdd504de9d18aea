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
        // The upsert replaced one of rex's entries: two, not three.
        let counts = s.read(|r| r.memories().counts()).expect("counts");
        assert_eq!(
            counts,
            [("ada".to_string(), 1), ("rex".to_string(), 2)],
            "{}",
            b.name
        );
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

/// PostgreSQL keeps per-word entry counts and totals for bm25 as entries
/// change: after replaces and deletes they must equal a fresh count.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_word_counts_follow_replaces_and_deletes() {
    for b in backends().into_iter().filter(|b| b.name == "postgres") {
        put(&b, "a", "db_choice", "postgres for billing").await;
        put(&b, "b", "db_choice", "postgres for billing").await;
        put(&b, "a", "db_choice", "sqlite for billing and billing").await;
        put(&b, "a", "editor", "vim").await;
        assert!(
            b.store
                .write(|tx| tx.memories().delete("b", "db_choice"))
                .await
                .expect("delete")
        );
        let kept = b
            .raw_texts("SELECT word || ':' || docs FROM agent_memory_vocab ORDER BY word")
            .await;
        let fresh = b
            .raw_texts(
                "SELECT w || ':' || count(*) FROM agent_memory_words, \
                 unnest(tsvector_to_array(words)) AS w GROUP BY w ORDER BY w",
            )
            .await;
        assert_eq!(kept, fresh);
        assert_eq!(
            kept,
            [
                "and:1",
                "billing:1",
                "choice:1",
                "db:1",
                "editor:1",
                "for:1",
                "sqlite:1",
                "vim:1"
            ]
        );
        let totals = b
            .raw_texts(
                "SELECT t.docs || '/' || t.tokens || '=' || \
                   (SELECT count(*) || '/' || sum(tokens) FROM agent_memory_words) \
                 FROM agent_memory_totals t",
            )
            .await;
        assert_eq!(totals, ["2/9=2/9"]);
    }
}

/// The same entries and searches rank the same on every backend.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backends_rank_a_varied_corpus_alike() {
    const VOCAB: [&str; 12] = [
        "rust", "vim", "tea", "deploy", "billing", "night", "alpha", "beta", "cache", "disk",
        "green", "quiet",
    ];
    let mut seed = 7u64;
    let mut next = move |n: usize| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        usize::try_from(seed >> 33).unwrap_or(0) % n
    };
    let mut entries = Vec::new();
    for i in 0..80 {
        let agent = if i % 3 == 0 { "b" } else { "a" };
        let key = format!("{}_{i}", VOCAB[next(VOCAB.len())]);
        let len = 1 + next(9);
        let value: Vec<&str> = (0..len).map(|_| VOCAB[next(VOCAB.len())]).collect();
        entries.push((agent, key, value.join(" ")));
    }
    let queries: Vec<Vec<&str>> = (0..30)
        .map(|_| {
            let mut q: Vec<&str> = (0..1 + next(3)).map(|_| VOCAB[next(VOCAB.len())]).collect();
            q.dedup();
            q
        })
        .collect();
    let mut seen: Vec<Vec<Vec<String>>> = Vec::new();
    for b in backends() {
        let all = entries.clone();
        b.store
            .write(move |tx| {
                for (agent, key, value) in &all {
                    tx.memories().upsert(agent, key, value, 1.0, "t")?;
                }
                Ok::<_, crate::store::StoreError>(())
            })
            .await
            .expect("upsert");
        seen.push(
            queries
                .iter()
                .flat_map(|q| [keys(&b, "a", q, 8), keys(&b, "b", q, 8)])
                .collect(),
        );
    }
    for other in &seen[1..] {
        for (i, (want, got)) in seen[0].iter().zip(other).enumerate() {
            assert_eq!(got, want, "search {i} ({:?})", queries[i / 2]);
        }
    }
}
