//! Agent memory over HTTP: CRUD, search (with hostile queries), injection
//! into claimed prompts, consolidation.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::harness::TestHub;

fn search_path(agent: &str, q: &str) -> String {
    let url = reqwest::Url::parse_with_params(
        &format!("http://hub/api/agents/{agent}/memory/search"),
        &[("q", q)],
    )
    .expect("url");
    format!("{}?{}", url.path(), url.query().unwrap_or(""))
}

fn keys(body: &Value) -> Vec<String> {
    body["memories"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|m| m["key"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn memory_crud_search_and_limits() {
    let mut hub = TestHub::start().await;
    hub.register("ag", &["general"], 1).await;
    let set = |k: &str, v: &str| json!({"key": k, "value": v});

    let r = hub
        .post("/api/agents/ag/memory", set("favourite_db", "sqlite"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["source"], "operator");
    assert_eq!(r.body["confidence"], 1.0);
    let first_id = r.body["id"].clone();
    // Upsert: same key, same row, new value.
    let r = hub
        .post(
            "/api/agents/ag/memory",
            json!({"key": "favourite_db", "value": "postgres", "confidence": 0.7, "source": "me"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["id"], first_id);
    assert_eq!(r.body["value"], "postgres");
    hub.post("/api/agents/ag/memory", set("editor", "vim, for rust"))
        .await;

    let r = hub.get("/api/agents/ag/memory/favourite_db").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["value"], "postgres");
    assert_eq!(r.body["source"], "me");
    let r = hub.get("/api/agents/ag/memory?limit=1").await;
    assert_eq!(keys(&r.body), ["editor"], "newest first, limited");

    // Refusals.
    let r = hub.post("/api/agents/ag/memory", set("Bad Key", "v")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = hub
        .post("/api/agents/ag/memory", set(&"k".repeat(65), "v"))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = hub
        .post(
            "/api/agents/ag/memory",
            set("big", &"x".repeat(16 * 1024 + 1)),
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    let r = hub
        .post(
            "/api/agents/ag/memory",
            json!({"key": "k", "value": "v", "confidence": 1.5}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = hub.post("/api/agents/ghost/memory", set("k", "v")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(
        hub.get("/api/agents/ghost/memory").await.status,
        StatusCode::NOT_FOUND
    );

    // Search: any word, keys split at `_`, best first.
    let r = hub.get(&search_path("ag", "DB")).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(keys(&r.body), ["favourite_db"]);
    let r = hub.get(&search_path("ag", "rust postgres")).await;
    assert_eq!(keys(&r.body).len(), 2);
    for hostile in [
        "\"",
        "*",
        "NEAR(",
        "OR",
        "-",
        ":",
        "key_words:postgres",
        "db\" OR \"editor",
        "ünïcødé ☃ 数据库",
        "",
        "(((",
    ] {
        let r = hub.get(&search_path("ag", hostile)).await;
        assert_eq!(r.status, StatusCode::OK, "{hostile}: {:?}", r.body);
    }
    // A column filter in the query is just two words, both searched.
    let r = hub.get(&search_path("ag", "value:vim")).await;
    assert_eq!(keys(&r.body), ["editor"]);

    // Delete.
    let r = hub
        .call(Method::DELETE, "/api/agents/ag/memory/favourite_db", None)
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = hub
        .call(Method::DELETE, "/api/agents/ag/memory/favourite_db", None)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(
        hub.get("/api/agents/ag/memory/favourite_db").await.status,
        StatusCode::NOT_FOUND
    );
    assert!(keys(&hub.get(&search_path("ag", "postgres")).await.body).is_empty());
    assert_eq!(hub.events_of("memory_stored").await.len(), 3);
    assert_eq!(hub.events_of("memory_deleted").await.len(), 1);
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn claims_deliver_relevant_memories_and_keep_the_prompt() {
    let mut hub = TestHub::start_with(|c| c).await;
    hub.register("ag", &["general"], 2).await;
    hub.heartbeat("ag", &[]).await;
    // No memories: the prompt goes out untouched.
    let plain = hub
        .create(json!({"prompt": "Which database should we use?", "assign_to": "ag"}))
        .await;
    let claims = hub.claim("ag", 5_000).await;
    assert_eq!(claims.len(), 1);
    assert_eq!(claims[0].task.prompt, plain.prompt);
    assert!(claims[0].task.injected_memories.is_empty());

    for (k, v) in [
        ("favourite_db", "sqlite"),
        ("database_host", "db.internal"),
        ("lunch", "pizza"),
    ] {
        let r = hub
            .post("/api/agents/ag/memory", json!({"key": k, "value": v}))
            .await;
        assert_eq!(r.status, StatusCode::OK);
    }
    let prompt = "Set up the database for the favourite project";
    let task = hub
        .create(json!({"prompt": prompt, "assign_to": "ag"}))
        .await;
    let claims = hub.claim("ag", 5_000).await;
    let claimed = claims
        .iter()
        .find(|c| c.task.id == task.id)
        .expect("claimed");
    let delivered = &claimed.task.prompt;
    assert!(
        delivered.starts_with("--- memories of ag ---\n"),
        "{delivered}"
    );
    assert!(delivered.ends_with(&format!("--- end of memories ---\n\n{prompt}")));
    assert!(delivered.contains("favourite_db: sqlite\n"));
    assert!(delivered.contains("database_host: db.internal\n"));
    assert!(!delivered.contains("lunch"), "irrelevant memories stay out");
    let mut injected = claimed.task.injected_memories.clone();
    injected.sort();
    assert_eq!(injected, ["database_host", "favourite_db"]);
    // The stored task keeps the submitted prompt and records the keys.
    let stored = hub.task(&task.id).await;
    assert_eq!(stored.prompt, prompt);
    let mut recorded = stored.injected_memories.clone();
    recorded.sort();
    assert_eq!(recorded, injected);
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn consolidation_merges_duplicates_over_http() {
    let mut hub = TestHub::start().await;
    hub.register("ag", &["general"], 1).await;
    for (k, v, c) in [
        ("favourite_db", "sqlite", 0.9),
        ("favourite-db", "postgres", 0.5),
        ("editor", "vim", 1.0),
    ] {
        let r = hub
            .post(
                "/api/agents/ag/memory",
                json!({"key": k, "value": v, "confidence": c}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
    }
    let r = hub.post("/api/memory/consolidate", json!({})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["merged"], 1);
    assert_eq!(r.body["removed"], 1);
    assert_eq!(r.body["scanned"], 3);
    let r = hub.get("/api/agents/ag/memory").await;
    let list = r.body["memories"].as_array().cloned().unwrap_or_default();
    assert_eq!(list.len(), 2);
    let db = list
        .iter()
        .find(|m| m["key"] == "favourite_db")
        .expect("winner kept");
    assert_eq!(db["value"], "sqlite", "the more confident entry wins");
    assert_eq!(db["source"], "consolidation");
    // A second pass finds nothing left to merge.
    let r = hub.post("/api/memory/consolidate", json!({})).await;
    assert_eq!(r.body["merged"], 0);
    hub.stop().await;
}
