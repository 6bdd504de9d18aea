//! Schedules over HTTP on a hub whose clock the test moves: each due time
//! fires once, run-now, pause and resume, restarts, the defaults a new hub
//! starts with, and who may change what.

use std::time::Duration;

use m3shd_api::{Permission, PermissionSet, Role};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::harness::{TestHub, wait_for};

fn time(v: &Value) -> chrono::DateTime<chrono::Utc> {
    v.as_str()
        .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
        .map(|t| t.with_timezone(&chrono::Utc))
        .unwrap_or_else(|| panic!("a timestamp: {v}"))
}

/// A `greet` template and an every-minute schedule of it; returns the
/// schedule.
async fn every_minute(hub: &TestHub) -> Value {
    let r = hub
        .post(
            "/api/templates",
            json!({"name": "greet", "prompt_template": "echo hello {who}", "capability": "general"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let r = hub
        .post(
            "/api/schedules",
            json!({"name": "tick", "cron": "* * * * *", "template": "greet", "vars": {"who": "ann"}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    r.body
}

/// Move the clock to just past the schedule's next due time, right after
/// the schedule was changed (its `updated_at` is the hub's now).
async fn past_next_due(hub: &TestHub, name: &str) {
    let s = hub.get(&format!("/api/schedules/{name}")).await.body;
    let gap = (time(&s["next_due"]) - time(&s["updated_at"]))
        .to_std()
        .unwrap_or_default();
    hub.advance(gap + Duration::from_secs(1));
}

async fn fired(hub: &TestHub) -> usize {
    hub.events_of("schedule_fired").await.len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_schedule_fires_once_per_due_time_as_the_clock_moves() {
    let mut hub = TestHub::on_manual_clock().await;
    let s = every_minute(&hub).await;
    assert_eq!(s["tz"], "UTC");
    assert_eq!(s["paused"], false);
    let first_due = time(&s["next_due"]);

    hub.sweep().await;
    assert_eq!(hub.task_count().await, 0, "not due yet");
    // One second past the first due time, wherever in its minute the clock
    // started (a flat 61 s from 12:00:59.5 would pass two due times).
    past_next_due(&hub, "tick").await;
    hub.sweep().await;
    hub.sweep().await;
    assert_eq!(hub.task_count().await, 1);
    assert_eq!(fired(&hub).await, 1);
    hub.advance(Duration::from_secs(60));
    hub.sweep().await;
    assert_eq!(hub.task_count().await, 2);

    let r = hub.get("/api/schedules").await;
    let list = r.body["schedules"].as_array().expect("list");
    assert_eq!(list.len(), 1);
    let tick = &list[0];
    assert_eq!(
        time(&tick["next_due"]),
        first_due + chrono::Duration::minutes(2)
    );
    let task = hub
        .task(tick["last_task_id"].as_str().expect("last task"))
        .await;
    assert_eq!(task.prompt, "echo hello ann");
    assert!(task.title.starts_with("tick: "), "{}", task.title);
    let events = hub.events_of("schedule_fired").await;
    assert_eq!(events[1]["data"]["task_id"], tick["last_task_id"]);
    assert_eq!(events[1]["data"]["name"], "tick");
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_now_creates_a_task_and_keeps_the_next_due_time() {
    let mut hub = TestHub::on_manual_clock().await;
    let s = every_minute(&hub).await;
    let r = hub.post("/api/schedules/tick/run-now", json!({})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["task"]["prompt"], "echo hello ann");
    assert_eq!(r.body["schedule"]["next_due"], s["next_due"]);
    assert_eq!(r.body["schedule"]["last_task_id"], r.body["task"]["id"]);
    assert_eq!(hub.task_count().await, 1);
    let events = hub.events_of("schedule_fired").await;
    assert_eq!(events.len(), 1);
    assert!(events[0]["data"].get("due").is_none(), "{:?}", events[0]);
    let r = hub.post("/api/schedules/nope/run-now", json!({})).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paused_schedule_does_not_fire_until_resumed() {
    let mut hub = TestHub::on_manual_clock().await;
    every_minute(&hub).await;
    let r = hub.post("/api/schedules/tick/pause", json!({})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["paused"], true);
    assert!(r.body["next_due"].is_null());
    hub.advance(Duration::from_secs(600));
    hub.sweep().await;
    assert_eq!(hub.task_count().await, 0);

    let r = hub.post("/api/schedules/tick/resume", json!({})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["paused"], false);
    hub.sweep().await;
    assert_eq!(hub.task_count().await, 0, "what it missed is not made up");
    past_next_due(&hub, "tick").await;
    hub.sweep().await;
    assert_eq!(hub.task_count().await, 1);
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn due_times_missed_while_the_hub_was_down_fire_once_after_a_restart() {
    let mut hub = TestHub::on_manual_clock().await;
    every_minute(&hub).await;
    hub.stop().await;
    hub.advance(Duration::from_secs(10 * 60));
    hub.restart_with(|c| c).await;
    // The scheduler's first pass runs as the hub starts.
    wait_for("the missed fire", Duration::from_secs(10), || async {
        (hub.task_count().await == 1).then_some(())
    })
    .await;
    hub.sweep().await;
    hub.sweep().await;
    assert_eq!(hub.task_count().await, 1, "ten missed minutes fire once");
    assert_eq!(fired(&hub).await, 1);
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changing_a_schedule_and_refusing_bad_ones() {
    let mut hub = TestHub::on_manual_clock().await;
    every_minute(&hub).await;
    for (body, code) in [
        (
            json!({"name": "a", "cron": "every day", "template": "greet", "vars": {"who": "x"}}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"name": "a", "cron": "0 7 * * *", "tz": "Moon/Base", "template": "greet", "vars": {"who": "x"}}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"name": "a", "cron": "0 7 * * *", "template": "greet"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"name": "a", "cron": "0 7 * * *", "template": "nope"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"name": "tick", "cron": "0 7 * * *", "action": "memory-consolidate"}),
            StatusCode::CONFLICT,
        ),
        (
            json!({"name": "a", "cron": "0 7 * * *", "action": "nap"}),
            StatusCode::BAD_REQUEST,
        ),
    ] {
        let r = hub.post("/api/schedules", body.clone()).await;
        assert_eq!(r.status, code, "{body}: {:?}", r.body);
    }
    let r = hub
        .call(
            Method::PUT,
            "/api/schedules/tick",
            Some(json!({"cron": "0 7 * * *", "tz": "Europe/Berlin", "vars": {"who": "bob"}})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["tz"], "Europe/Berlin");
    assert_eq!(r.body["vars"], json!({"who": "bob"}));
    // 07:00 in Berlin is on the hour in UTC too.
    assert_eq!(
        time(&r.body["next_due"]).format("%M:%S").to_string(),
        "00:00"
    );
    let r = hub.call(Method::DELETE, "/api/schedules/tick", None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(
        hub.get("/api/schedules/tick").await.status,
        StatusCode::NOT_FOUND
    );
    hub.stop().await;
}

async fn token(hub: &TestHub, agent: &str, perms: PermissionSet) -> String {
    let r = hub
        .post(
            "/api/admin/tokens",
            json!({"agent_id": agent, "permissions": perms}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let Some(token) = r.body["token"].as_str() else {
        panic!("no token in {:?}", r.body);
    };
    token.to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changing_a_schedule_needs_what_its_fires_do() {
    let mut hub = TestHub::on_manual_clock_with(|mut c| {
        c.default_schedules = true;
        c
    })
    .await;
    every_minute(&hub).await;
    let commander = token(&hub, "cmd", Role::Commander.permissions()).await;
    let worker = token(&hub, "wrk", Role::Worker.permissions()).await;
    let no_tasks = token(
        &hub,
        "nt",
        PermissionSet::from_slice(&[Permission::AgentsWrite, Permission::TasksRead]),
    )
    .await;
    let call = |t: &str, method: Method, path: &str, body: Option<Value>| {
        let t = t.to_string();
        let path = path.to_string();
        let hub = &hub;
        async move {
            hub.call_with(Some(&t), method, &path, body, None, &[])
                .await
        }
    };

    // A worker reads, but changes nothing.
    let r = call(&worker, Method::GET, "/api/schedules", None).await;
    assert_eq!(r.status, StatusCode::OK);
    let r = call(&worker, Method::POST, "/api/schedules/tick/pause", None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // A commander runs template schedules, not the memory consolidation.
    let r = call(&commander, Method::POST, "/api/schedules/tick/pause", None).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let r = call(
        &commander,
        Method::POST,
        "/api/schedules/memory-consolidation/pause",
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{:?}", r.body);
    assert!(
        r.body["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("agents:admin"),
        "{:?}",
        r.body
    );
    let r = call(
        &commander,
        Method::POST,
        "/api/schedules",
        Some(json!({"name": "sleep", "cron": "0 4 * * *", "action": "memory-consolidate"})),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{:?}", r.body);

    // agents:write without tasks:write cannot make tasks through a schedule.
    let r = call(&no_tasks, Method::POST, "/api/schedules/tick/run-now", None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{:?}", r.body);
    assert_eq!(hub.task_count().await, 0);
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_hub_has_the_default_schedules_once() {
    let mut hub = TestHub::on_manual_clock_with(|mut c| {
        c.default_schedules = true;
        c
    })
    .await;
    let r = hub.get("/api/schedules").await;
    let list = r.body["schedules"].as_array().expect("list").clone();
    let names: Vec<&str> = list.iter().filter_map(|s| s["name"].as_str()).collect();
    assert_eq!(
        names,
        ["agent-evolution", "daily-blog", "memory-consolidation"]
    );
    assert_eq!(list[0]["action"], "evolve");
    assert_eq!(list[0]["cron"], "0 */6 * * *");
    assert_eq!(list[1]["template"], "daily-blog");
    assert_eq!(list[1]["cron"], "0 7 * * *");
    assert_eq!(list[2]["action"], "memory-consolidate");
    let blog = hub.get("/api/templates/daily-blog").await.body;
    assert_eq!(blog["capability"], "general");

    // Its tasks go to an agent taking general work, not to a text-only one.
    hub.register("texter", &["text"], 1).await;
    hub.register("writer", &["general"], 1).await;
    let r = hub
        .post("/api/schedules/daily-blog/run-now", json!({}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["task"]["required_capability"], "general");
    let prompt = r.body["task"]["prompt"].as_str().expect("prompt");
    assert!(
        prompt.contains("Mesh analytics, last 24 hours:"),
        "{prompt}"
    );
    assert!(hub.claim("texter", 0).await.is_empty());
    assert_eq!(hub.claim("writer", 0).await.len(), 1);

    // Removed by the operator, it stays removed.
    let r = hub
        .call(Method::DELETE, "/api/schedules/daily-blog", None)
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = hub
        .post("/api/schedules/memory-consolidation/pause", json!({}))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    hub.restart_with(|mut c| {
        c.default_schedules = true;
        c
    })
    .await;
    let r = hub.get("/api/schedules").await;
    let list = r.body["schedules"].as_array().expect("list");
    assert_eq!(list.len(), 2, "{list:?}");
    assert_eq!(list[1]["name"], "memory-consolidation");
    assert_eq!(list[1]["paused"], true);
    hub.stop().await;
}
