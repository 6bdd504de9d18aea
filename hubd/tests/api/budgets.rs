//! `PUT /api/budgets`: a field left out stays, `null` removes the cap.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::harness::TestHub;

async fn put(hub: &TestHub, body: Value) -> Value {
    let r = hub.call(Method::PUT, "/api/budgets", Some(body)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let now = hub.get("/api/budgets").await.body;
    assert_eq!(r.body, now, "PUT answers the caps in force");
    now
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn null_removes_a_cap_and_absent_fields_stay() {
    let hub = TestHub::start().await;
    let b = put(
        &hub,
        json!({"mesh_daily_usd": 5.0, "agent_daily_usd": 1.0, "agent_daily_tokens": 1000,
               "agent_overrides": {"rex": 10, "ada": 20}}),
    )
    .await;
    assert_eq!(b["mesh_daily_usd"], 5.0);

    let b = put(
        &hub,
        json!({"mesh_daily_usd": null, "agent_overrides": {"rex": null}}),
    )
    .await;
    assert!(b.get("mesh_daily_usd").is_none(), "{b}");
    assert_eq!(b["agent_daily_usd"], 1.0);
    assert_eq!(b["agent_overrides"], json!({"ada": 20}));

    let b = put(
        &hub,
        json!({"agent_daily_usd": null, "agent_daily_tokens": null}),
    )
    .await;
    assert!(b.get("agent_daily_usd").is_none(), "{b}");
    assert_eq!(b["agent_daily_tokens"], 500_000, "back to the default");
    let r = hub.get("/api/costs").await;
    assert_eq!(r.body["mesh_usd_cap"], Value::Null);

    let r = hub
        .call(
            Method::PUT,
            "/api/budgets",
            Some(json!({"agent_overrides": {"rex": -1}})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_day_without_spend_costs_zero_not_minus_zero() {
    let hub = TestHub::start().await;
    let r = hub.get("/api/costs").await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let total = r.body["total_cost_usd"].as_f64().expect("a number");
    assert!(total == 0.0 && total.is_sign_positive(), "{}", r.body);
}
