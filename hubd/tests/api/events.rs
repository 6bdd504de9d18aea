use std::time::Duration;

use futures_util::StreamExt;
use serde_json::{Value, json};

use m3shd_hubd::EventRetention;

use crate::harness::{TOKEN, TestHub};

/// One parsed SSE frame.
#[derive(Debug, Default, Clone)]
struct Frame {
    id: Option<i64>,
    event: Option<String>,
    data: String,
}

/// A minimal SSE reader over a reqwest byte stream.
struct Sse {
    stream: futures_util::stream::BoxStream<'static, reqwest::Result<axum::body::Bytes>>,
    buf: String,
}

impl Sse {
    async fn open(hub: &TestHub, query: &str, last_event_id: Option<i64>) -> Sse {
        let mut req = hub
            .http
            .get(hub.url(&format!("/api/stream{query}")))
            .bearer_auth(TOKEN);
        if let Some(id) = last_event_id {
            req = req.header("Last-Event-ID", id.to_string());
        }
        let resp = req.send().await.expect("connect");
        assert_eq!(resp.status(), 200);
        assert!(
            resp.headers()["content-type"]
                .to_str()
                .unwrap_or("")
                .starts_with("text/event-stream")
        );
        Sse {
            stream: resp.bytes_stream().boxed(),
            buf: String::new(),
        }
    }

    /// The next event frame (comments skipped), within `within`.
    async fn next(&mut self, within: Duration) -> Option<Frame> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            if let Some(pos) = self.buf.find("\n\n") {
                let raw: String = self.buf.drain(..pos + 2).collect();
                let mut f = Frame::default();
                let mut any = false;
                for line in raw.lines() {
                    if let Some(v) = line.strip_prefix("id:") {
                        f.id = v.trim().parse().ok();
                        any = true;
                    } else if let Some(v) = line.strip_prefix("event:") {
                        f.event = Some(v.trim().to_string());
                        any = true;
                    } else if let Some(v) = line.strip_prefix("data:") {
                        f.data.push_str(v.strip_prefix(' ').unwrap_or(v));
                        any = true;
                    }
                }
                if any {
                    return Some(f);
                }
                continue;
            }
            let chunk = tokio::time::timeout_at(deadline, self.stream.next())
                .await
                .ok()??;
            let chunk = chunk.ok()?;
            self.buf.push_str(&String::from_utf8_lossy(&chunk));
        }
    }
}

async fn last_id(hub: &TestHub) -> i64 {
    hub.get("/api/status").await.body["last_event_id"]
        .as_i64()
        .expect("last id")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn last_event_id_replays_exactly_what_was_missed() {
    let mut hub = TestHub::start().await;
    for i in 0..12 {
        hub.create(json!({"prompt": format!("before {i}")})).await;
    }
    let from = 4;
    let mut sse = Sse::open(&hub, "", Some(from)).await;
    for i in 0..5 {
        hub.create(json!({"prompt": format!("after {i}")})).await;
    }
    let end = last_id(&hub).await;
    assert_eq!(end, 17);
    let mut ids = Vec::new();
    while ids.last().copied() != Some(end) {
        let f = sse
            .next(Duration::from_secs(10))
            .await
            .expect("an event before the deadline");
        assert_eq!(f.event.as_deref(), Some("task_created"));
        let rec: Value = serde_json::from_str(&f.data).expect("json data");
        assert_eq!(rec["id"].as_i64(), f.id);
        assert_eq!(rec["type"], "task_created");
        ids.push(f.id.expect("id"));
    }
    assert_eq!(ids, ((from + 1)..=end).collect::<Vec<_>>());
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_query_and_filters() {
    let mut hub = TestHub::start().await;
    let a = hub.create(json!({"prompt": "a"})).await;
    hub.create(json!({"prompt": "b"})).await;
    hub.post("/api/messages", json!({"content": "hi"})).await;
    // `?after=0` replays all; filtered to one task.
    let mut sse = Sse::open(&hub, &format!("?after=0&task={}", a.id), None).await;
    let f = sse.next(Duration::from_secs(5)).await.expect("event");
    assert_eq!(f.id, Some(1));
    hub.post(&format!("/api/tasks/{}/cancel", a.id), json!({}))
        .await;
    let f = sse.next(Duration::from_secs(5)).await.expect("event");
    assert_eq!(f.event.as_deref(), Some("task_cancelled"));
    assert_eq!(f.id, Some(4));

    // Live only, by type prefix.
    let mut live = Sse::open(&hub, "?types=message_", None).await;
    hub.create(json!({"prompt": "c"})).await;
    hub.post("/api/messages", json!({"content": "there"})).await;
    let f = live.next(Duration::from_secs(5)).await.expect("event");
    assert_eq!(f.event.as_deref(), Some("message_posted"));
    let rec: Value = serde_json::from_str(&f.data).expect("json");
    assert_eq!(rec["data"]["message"]["content"], "there");

    // The JSON log agrees.
    let r = hub.get("/api/events?after=1&types=task_&limit=2").await;
    let ids: Vec<i64> = r.body["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["id"].as_i64())
        .collect();
    assert_eq!(ids, vec![2, 4]);
    let bad = hub
        .http
        .get(hub.url("/api/stream"))
        .bearer_auth(TOKEN)
        .header("Last-Event-ID", "yesterday")
        .send()
        .await
        .expect("send");
    assert_eq!(bad.status(), 400);
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retention_trims_the_log_and_a_resume_from_a_deleted_event_is_told_to_reload() {
    let mut hub = TestHub::on_manual_clock_with(|mut c| {
        c.event_retention = EventRetention {
            max_age: None,
            max_events: Some(5),
        };
        c
    })
    .await;
    for i in 0..12 {
        hub.create(json!({"prompt": format!("event {i}")})).await;
    }
    hub.sweep().await;
    let kept = hub.get("/api/events?after=0&limit=500").await.body;
    assert_eq!(
        kept["oldest_kept"], 8,
        "the log trimmed to its newest 5 events"
    );
    let ids: Vec<i64> = kept["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["id"].as_i64())
        .collect();
    assert_eq!(ids, (8..=12).collect::<Vec<_>>());

    // Resuming from a kept event replays as before.
    let mut fresh = Sse::open(&hub, "", Some(9)).await;
    let f = fresh.next(Duration::from_secs(5)).await.expect("event");
    assert_eq!((f.id, f.event.as_deref()), (Some(10), Some("task_created")));

    // Resuming from a deleted one: told to reload, never a silent gap; the
    // reset carries the id to resume after, then the stream goes on.
    let mut stale = Sse::open(&hub, "", Some(3)).await;
    let f = stale.next(Duration::from_secs(5)).await.expect("reset");
    assert_eq!(f.event.as_deref(), Some("reset"));
    assert_eq!(f.id, Some(12));
    let reset: Value = serde_json::from_str(&f.data).expect("json");
    assert_eq!(reset, json!({"oldest_kept": 8, "resume_after": 12}));
    hub.create(json!({"prompt": "after the reset"})).await;
    let f = stale.next(Duration::from_secs(5)).await.expect("event");
    assert_eq!((f.id, f.event.as_deref()), (Some(13), Some("task_created")));
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_ends_open_streams() {
    let mut hub = TestHub::start().await;
    let mut sse = Sse::open(&hub, "", None).await;
    hub.stop().await;
    assert!(sse.next(Duration::from_secs(5)).await.is_none());
}

/// `m3shd_sse_subscribers` in `GET /metrics`.
async fn sse_subscribers(hub: &TestHub) -> Option<u64> {
    let r = hub.get("/metrics").await;
    assert_eq!(r.status, 200, "{:?}", r.body);
    let text = r.body.as_str()?.to_string();
    text.lines()
        .find_map(|l| l.strip_prefix("m3shd_sse_subscribers "))
        .and_then(|v| v.trim().parse().ok())
}

async fn subscribers_become(hub: &TestHub, n: u64) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let now = sse_subscribers(hub).await;
        if now == Some(n) {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "m3shd_sse_subscribers stayed {now:?}, expected {n}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_count_sse_subscribers() {
    // A short keepalive: a closed connection is noticed at the next write.
    let hub = TestHub::start_with(|mut c| {
        c.keepalive = Duration::from_millis(50);
        c
    })
    .await;
    let r = hub.get("/metrics").await;
    let text = r.body.as_str().unwrap_or_default().to_string();
    assert!(
        text.contains("# TYPE m3shd_sse_subscribers gauge"),
        "{text}"
    );
    assert_eq!(sse_subscribers(&hub).await, Some(0));
    let first = Sse::open(&hub, "", None).await;
    let second = Sse::open(&hub, "?types=task_", None).await;
    subscribers_become(&hub, 2).await;
    drop(first);
    subscribers_become(&hub, 1).await;
    drop(second);
    subscribers_become(&hub, 0).await;
}
