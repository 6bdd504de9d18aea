//! `POST /api/voice/dispatch`: a spoken sentence dispatches the template it
//! asks for, and every answer carries a sentence to read out.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::harness::TestHub;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sentence_dispatches_its_template_with_its_variables() {
    // With the daily blog's template, which the default schedules bring.
    let mut hub = TestHub::start_with(|mut c| {
        c.default_schedules = true;
        c
    })
    .await;
    let r = hub
        .post(
            "/api/voice/dispatch",
            json!({"text": "Hey Siri, research StoreKit 2 pricing models"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["template"], "research");
    assert_eq!(
        r.body["variables"],
        json!({"topic": "StoreKit 2 pricing models"})
    );
    let task = &r.body["task"];
    assert_eq!(task["required_capability"], "research");
    assert!(
        task["prompt"]
            .as_str()
            .unwrap_or("")
            .contains("StoreKit 2 pricing models")
    );
    let id = task["id"].as_str().expect("id");
    assert_eq!(
        r.body["speech"],
        format!("Dispatched research about StoreKit 2 pricing models, task {id}.")
    );
    assert_eq!(
        hub.task(id).await.title,
        task["title"].as_str().unwrap_or("")
    );

    // The hub fills its own variables, as a schedule does.
    let r = hub
        .post(
            "/api/voice/dispatch",
            json!({"text": "write the daily blog"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["template"], "daily-blog");
    let prompt = r.body["task"]["prompt"].as_str().unwrap_or("");
    assert!(
        !prompt.contains("{date}") && !prompt.contains("{analytics}"),
        "{prompt}"
    );
    assert!(
        r.body["speech"]
            .as_str()
            .unwrap_or("")
            .starts_with("Dispatched daily-blog, task ")
    );

    // Templates an operator added are matched too.
    let r = hub
        .post(
            "/api/templates",
            json!({"name": "standup", "description": "Daily standup notes",
                   "prompt_template": "Write standup notes for {team}"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let r = hub
        .post(
            "/api/voice/dispatch",
            json!({"text": "standup notes for the platform team"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["template"], "standup");
    assert_eq!(r.body["variables"]["team"], "notes for the platform team");
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_name_what_is_missing_and_what_is_close() {
    let mut hub = TestHub::start().await;
    let before = hub.task_count().await;
    let r = hub
        .post("/api/voice/dispatch", json!({"text": "play some jazz"}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
    assert_eq!(r.code(), "not_understood");
    let closest = r.body["closest"].as_array().expect("closest");
    assert_eq!(closest.len(), 3, "{:?}", r.body);
    assert!(
        r.body["speech"]
            .as_str()
            .unwrap_or("")
            .starts_with("I found no template"),
        "{:?}",
        r.body
    );

    let r = hub
        .post("/api/voice/dispatch", json!({"text": "research"}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
    assert_eq!(r.code(), "validation");
    assert_eq!(r.body["variable"], "topic");
    assert_eq!(r.body["template"], "research");
    assert!(
        r.body["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("topic")
    );
    assert!(
        r.body["speech"]
            .as_str()
            .unwrap_or("")
            .contains("needs a topic")
    );

    let r = hub.post("/api/voice/dispatch", json!({"text": "  "})).await;
    assert_eq!(r.code(), "validation", "{:?}", r.body);
    assert!(r.body["speech"].is_string());
    assert_eq!(hub.task_count().await, before, "nothing was dispatched");
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn voice_dispatch_takes_the_voice_permission() {
    let mut hub = TestHub::start().await;
    let mint = |role: &'static str| {
        let hub = &hub;
        async move {
            let r = hub
                .post(
                    "/api/admin/tokens",
                    json!({"agent_id": format!("as-{role}"), "role": role}),
                )
                .await;
            r.body["token"].as_str().expect("token").to_string()
        }
    };
    let mobile = mint("mobile").await;
    let worker = mint("worker").await;
    let body = json!({"text": "research bees"});
    let r = hub
        .call_with(
            Some(&mobile),
            Method::POST,
            "/api/voice/dispatch",
            Some(body.clone()),
            None,
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{:?}", r.body);
    assert!(
        r.body["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("voice:dispatch")
    );
    let r = hub
        .call_with(
            Some(&worker),
            Method::POST,
            "/api/voice/dispatch",
            Some(body),
            None,
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    hub.stop().await;
}
