//! The worker loop when the hub misbehaves in ways the real hub never
//! does on its own: answering 503 to results or claims while everything
//! else works, or handing over more tasks than the worker has slots. A
//! small proxy in front of the real (in-process) hub injects just those
//! faults and notes what the worker sent; everything else is the real hub.

// Tests may panic on what should not happen and convert small numbers freely.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::cast_lossless)]
#![allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
#![allow(clippy::cast_sign_loss)]

mod common;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use common::{CAPABILITY, InProcessHub, config, outbox_files, start};
use m3shd_api::{
    ClaimRequest, ClaimResponse, ErrorBody, ErrorCode, Event, Heartbeat, RegisterAgent, TaskStatus,
};
use m3shd_hubd::HubConfig;
use m3shd_test_support::hub::wait_for;

const WAIT: Duration = Duration::from_secs(20);

/// What the proxy is told to do.
#[derive(Default)]
struct Faults {
    /// Calls answered 503 instead of passed on, by the last segment of
    /// their path (`complete`, `claim`, `deregister`, ...).
    refused: HashSet<&'static str>,
    /// Claims go on without `free_slots` and registrations with one slot
    /// more than the worker has: the hub hands over more than fits.
    overcommit: bool,
}

/// What the proxy saw.
#[derive(Default)]
struct Seen {
    /// Calls by the last segment of their path, refused ones included.
    calls: HashMap<String, usize>,
    heartbeats: Vec<Heartbeat>,
    /// The `free_slots` of each answered claim, and how many tasks came back.
    claims: Vec<(Option<u32>, usize)>,
}

impl Seen {
    fn calls(&self, op: &str) -> usize {
        self.calls.get(op).copied().unwrap_or(0)
    }
}

#[derive(Clone)]
struct Proxy {
    hub: String,
    http: reqwest::Client,
    state: Arc<Mutex<(Faults, Seen)>>,
}

struct FaultyHub {
    url: String,
    state: Arc<Mutex<(Faults, Seen)>>,
}

impl FaultyHub {
    async fn start(hub: &InProcessHub) -> FaultyHub {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        // reqwest is built without a default TLS provider.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let proxy = Proxy {
            hub: hub.url.clone(),
            http: reqwest::Client::new(),
            state: Arc::default(),
        };
        let state = proxy.state.clone();
        let app = Router::new().fallback(pass_on).with_state(proxy);
        tokio::spawn(async move { axum::serve(listener, app).await });
        FaultyHub { url, state }
    }

    fn with<R>(&self, f: impl FnOnce(&mut Faults, &mut Seen) -> R) -> R {
        let mut s = self.state.lock().unwrap();
        let (faults, seen) = &mut *s;
        f(faults, seen)
    }

    async fn wait_for<T>(&self, what: &str, f: impl Fn(&Seen) -> Option<T>) -> T {
        wait_for(what, WAIT, || async { self.with(|_, seen| f(seen)) }).await
    }
}

async fn pass_on(State(p): State<Proxy>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let Ok(mut body) = axum::body::to_bytes(body, usize::MAX).await else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let path = parts.uri.path();
    let op = path.rsplit('/').next().unwrap_or_default().to_string();
    let free_slots = {
        let mut s = p.state.lock().unwrap();
        let (faults, seen) = &mut *s;
        *seen.calls.entry(op.clone()).or_default() += 1;
        if op == "heartbeat"
            && let Ok(hb) = serde_json::from_slice::<Heartbeat>(&body)
        {
            seen.heartbeats.push(hb);
        }
        if faults.refused.contains(op.as_str()) {
            let refusal = ErrorBody::new(ErrorCode::Unavailable, "refused by the test");
            return (StatusCode::SERVICE_UNAVAILABLE, Json(refusal)).into_response();
        }
        let free_slots = serde_json::from_slice::<ClaimRequest>(&body)
            .ok()
            .and_then(|c| c.free_slots);
        if faults.overcommit {
            body = overcommitted(&op, body);
        }
        free_slots
    };
    let mut headers = parts.headers.clone();
    headers.remove(header::HOST);
    headers.remove(header::CONTENT_LENGTH);
    let url = format!("{}{}", p.hub, parts.uri);
    let answer = p
        .http
        .request(parts.method, url)
        .headers(headers)
        .body(body)
        .send()
        .await;
    let Ok(answer) = answer else {
        return StatusCode::BAD_GATEWAY.into_response();
    };
    let status = answer.status();
    let content_type = answer.headers().get(header::CONTENT_TYPE).cloned();
    let bytes = answer.bytes().await.unwrap_or_default();
    if op == "claim" {
        let handed = serde_json::from_slice::<ClaimResponse>(&bytes).map_or(0, |c| c.claims.len());
        p.state.lock().unwrap().1.claims.push((free_slots, handed));
    }
    let mut reply = (status, bytes).into_response();
    if let Some(ct) = content_type {
        reply.headers_mut().insert(header::CONTENT_TYPE, ct);
    }
    reply
}

fn overcommitted(op: &str, body: Bytes) -> Bytes {
    match op {
        "register" => match serde_json::from_slice::<RegisterAgent>(&body) {
            Ok(mut r) => {
                r.max_concurrent += 1;
                serde_json::to_vec(&r).map_or(body, Bytes::from)
            }
            Err(_) => body,
        },
        "claim" => match serde_json::from_slice::<ClaimRequest>(&body) {
            Ok(mut c) => {
                c.free_slots = None;
                serde_json::to_vec(&c).map_or(body, Bytes::from)
            }
            Err(_) => body,
        },
        _ => body,
    }
}

#[tokio::test]
async fn outbox_keeps_results_while_hub_refuses_and_delivers_later() {
    let hub = InProcessHub::start().await;
    let proxy = FaultyHub::start(&hub).await;
    let dir = tempfile::tempdir().unwrap();
    proxy.with(|f, _| f.refused.extend(["complete", "fail"]));
    let task = hub.submit("echo eventually", CAPABILITY).await;
    let mut cfg = config(&proxy.url, dir.path(), 1);
    cfg.builtin_confidence = 0.85;
    let w = start(cfg);

    // Two refused attempts: the worker retries rather than giving up.
    proxy
        .wait_for("two refused attempts", |s| {
            (s.calls("complete") >= 2).then_some(())
        })
        .await;
    let stored = outbox_files(dir.path());
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert!(
        stored[0].starts_with(&format!("{}-", task.id)),
        "{stored:?}"
    );
    proxy.with(|f, _| f.refused.clear());

    let done = hub
        .task_where(&task.id, "delivery after the hub recovered", |t| {
            t.status == TaskStatus::Done
        })
        .await;
    assert_eq!(done.output.as_deref(), Some("eventually"));
    // The confidence went through the outbox with the output.
    assert_eq!(done.confidence, Some(0.85));
    let report = w.shutdown().await;
    assert_eq!(report.completed, 1);
    assert_eq!(report.pending, 0);
    assert!(outbox_files(dir.path()).is_empty());
}

#[tokio::test]
async fn outbox_survives_a_worker_restart() {
    let hub = InProcessHub::start().await;
    let proxy = FaultyHub::start(&hub).await;
    let dir = tempfile::tempdir().unwrap();
    proxy.with(|f, _| f.refused.extend(["complete", "fail"]));
    let old = hub.submit("echo survives restarts", CAPABILITY).await;

    let w = start(config(&proxy.url, dir.path(), 1));
    // The direct attempt is refused, so the result goes to the outbox,
    // whose deliverer is refused too.
    proxy
        .wait_for("a refused delivery from the outbox", |s| {
            (s.calls("complete") >= 2).then_some(())
        })
        .await;
    assert_eq!(outbox_files(dir.path()).len(), 1);
    // The hub cannot be reached as the worker stops either: the task stays
    // the worker's (a deregistration would hand it back).
    proxy.with(|f, _| f.refused.insert("deregister"));
    let report = w.shutdown().await;
    assert_eq!(report.completed, 0);
    assert_eq!(report.pending, 1);
    assert_eq!(outbox_files(dir.path()).len(), 1);
    let held = hub.client().get_task(&old.id).await.unwrap();
    assert_eq!(held.status, TaskStatus::Running);

    // The hub recovers; a new worker process with the same state dir
    // delivers the old result before it claims anything new.
    proxy.with(|f, _| f.refused.clear());
    let new = hub.submit("echo fresh", CAPABILITY).await;
    let w = start(config(&proxy.url, dir.path(), 1));
    let done = hub
        .task_where(&old.id, "the old result", |t| t.status == TaskStatus::Done)
        .await;
    hub.task_where(&new.id, "the new result", |t| t.status == TaskStatus::Done)
        .await;
    let report = w.shutdown().await;
    assert_eq!(report.completed, 2);
    assert!(outbox_files(dir.path()).is_empty());
    assert_eq!(done.output.as_deref(), Some("survives restarts"));

    let events = hub.events(None).await;
    let at = |what: &dyn Fn(&Event) -> bool| {
        events
            .iter()
            .position(|e| what(&e.event))
            .unwrap_or_else(|| panic!("not in {events:#?}"))
    };
    let old_done = at(&|e| matches!(e, Event::TaskCompleted { task } if task.id == old.id));
    let new_handed_over = at(&|e| {
        matches!(e, Event::TaskUpdated { task, .. }
            if task.id == new.id && task.status == TaskStatus::Running)
    });
    assert!(old_done < new_handed_over, "{events:#?}");
}

#[tokio::test]
async fn extra_tasks_beyond_free_slots_are_released() {
    let hub = InProcessHub::start().await;
    let proxy = FaultyHub::start(&hub).await;
    let dir = tempfile::tempdir().unwrap();
    proxy.with(|f, _| f.overcommit = true);
    let mut tasks = Vec::new();
    for _ in 0..3 {
        tasks.push(hub.submit("sleep 300", CAPABILITY).await);
    }
    let w = start(config(&proxy.url, dir.path(), 2));
    // Two run; the third goes back and comes round again.
    for t in &tasks {
        hub.task_where(&t.id, "all three done", |t| t.status == TaskStatus::Done)
            .await;
    }
    let report = w.shutdown().await;
    assert_eq!(report.released, 1);
    assert_eq!(report.completed, 3);
    let released: Vec<String> = hub
        .events(None)
        .await
        .into_iter()
        .filter_map(|e| match e.event {
            Event::TaskUpdated {
                task,
                reason: Some(r),
                ..
            } if r.starts_with("released by") => Some(task.id),
            _ => None,
        })
        .collect();
    assert_eq!(released, [tasks[2].id.clone()]);
    let handed = proxy.with(|_, s| s.claims.iter().map(|c| c.1).max());
    assert_eq!(handed, Some(3), "one claim carried all three");
}

#[tokio::test]
async fn heartbeats_stop_offering_to_claim_while_claims_fail() {
    // A worker backing off from failed claims must not tell the hub it is
    // waiting for work: the hub would assign tasks nobody picks up until
    // their leases lapse, each lapse costing the task an attempt.
    let hub =
        InProcessHub::start_with(|c: HubConfig| c.with_lease_timeout(Duration::from_secs(1))).await;
    let proxy = FaultyHub::start(&hub).await;
    let dir = tempfile::tempdir().unwrap();
    let w = start(config(&proxy.url, dir.path(), 1));
    proxy
        .wait_for("a heartbeat offering to claim", |s| {
            s.heartbeats.iter().any(|h| h.claiming).then_some(())
        })
        .await;
    let (refused_from, heartbeats_from) = proxy.with(|f, s| {
        f.refused.insert("claim");
        (s.calls("claim"), s.heartbeats.len())
    });
    proxy
        .wait_for("a refused claim, then a heartbeat", |s| {
            (s.calls("claim") > refused_from
                && s.heartbeats[heartbeats_from..].iter().any(|h| !h.claiming))
            .then_some(())
        })
        .await;
    let back_from = proxy.with(|f, s| {
        f.refused.clear();
        s.heartbeats.len()
    });
    let task = hub.submit("echo claimed again", CAPABILITY).await;
    let done = hub
        .task_where(&task.id, "the task claimed once claims work again", |t| {
            t.status == TaskStatus::Done
        })
        .await;
    assert_eq!(done.output.as_deref(), Some("claimed again"));
    proxy
        .wait_for("heartbeats offering to claim again", |s| {
            s.heartbeats[back_from..]
                .iter()
                .any(|h| h.claiming)
                .then_some(())
        })
        .await;
    w.shutdown().await;
}

#[tokio::test]
async fn each_claim_says_how_many_slots_are_free() {
    let hub = InProcessHub::start().await;
    let proxy = FaultyHub::start(&hub).await;
    let dir = tempfile::tempdir().unwrap();
    hub.submit("sleep 60000", CAPABILITY).await;
    let mut cfg = config(&proxy.url, dir.path(), 3);
    cfg.drain_timeout = Duration::from_millis(100);
    let w = start(cfg);
    // Claims have every slot until one hands the long task over; the one
    // after it has the other two.
    let claims = proxy
        .wait_for("a claim after the long task started", |s| {
            let i = s.claims.iter().position(|c| c.1 > 0)?;
            (s.claims.len() > i + 1).then(|| (i, s.claims.clone()))
        })
        .await;
    w.shutdown().await;
    let (i, claims) = claims;
    assert!(claims[..=i].iter().all(|c| c.0 == Some(3)), "{claims:?}");
    assert_eq!(claims[i + 1].0, Some(2), "{claims:?}");
}
