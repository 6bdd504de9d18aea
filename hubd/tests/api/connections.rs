//! Connections without a deadline, and more of them than the hub can
//! hold: raw sockets against a real hub on loopback.

use std::time::{Duration, Instant};

use m3shd_hubd::net::ConnectionLimits;
use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::harness::{TOKEN, TestHub, wait_for};

/// Far longer than any timeout under test: only a hub that never closes
/// the connection runs into it.
const WITHIN: Duration = Duration::from_secs(20);

async fn start(limits: ConnectionLimits) -> TestHub {
    TestHub::start_with(move |mut c| {
        c.connections = limits;
        c.keepalive = Duration::from_millis(200);
        c.with_lease_timeout(Duration::from_secs(30))
    })
    .await
}

async fn connect(hub: &TestHub) -> TcpStream {
    TcpStream::connect(hub.base.trim_start_matches("http://"))
        .await
        .expect("connect")
}

/// Send `first`, then `trickle` every 100 ms, until the hub closes the
/// connection (true, with what it sent) or `WITHIN` passes (false).
async fn trickle_until_closed(stream: TcpStream, first: &[u8], trickle: &[u8]) -> (bool, String) {
    let (mut r, mut w) = stream.into_split();
    w.write_all(first).await.expect("write");
    let mut tick = tokio::time::interval(Duration::from_millis(100));
    let mut got = Vec::new();
    let closed = tokio::time::timeout(WITHIN, async {
        loop {
            tokio::select! {
                n = r.read_buf(&mut got) => if !matches!(n, Ok(n) if n > 0) { return },
                _ = tick.tick() => { let _ = w.write_all(trickle).await; }
            }
        }
    })
    .await
    .is_ok();
    (closed, String::from_utf8_lossy(&got).into_owned())
}

/// The response head of a request just sent; `None` when the connection
/// closes (or is reset) before one arrives.
async fn try_head(stream: &mut TcpStream) -> Option<String> {
    let mut got = Vec::new();
    while !got.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = tokio::time::timeout(WITHIN, stream.read_buf(&mut got))
            .await
            .expect("an answer or a close")
            .ok()?;
        if n == 0 {
            return None;
        }
    }
    Some(String::from_utf8_lossy(&got).into_owned())
}

async fn head(stream: &mut TcpStream) -> String {
    try_head(stream).await.expect("a response head")
}

fn stream_request() -> String {
    format!("GET /api/stream HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer {TOKEN}\r\n\r\n")
}

#[tokio::test]
async fn silent_slow_and_idle_clients_are_disconnected() {
    let hub = start(ConnectionLimits {
        max_connections: None,
        header_timeout: Duration::from_secs(1),
        body_timeout: Duration::from_secs(1),
    })
    .await;

    // Connects and sends nothing.
    let (closed, _) = trickle_until_closed(connect(&hub).await, b"", b"").await;
    assert!(closed, "an idle connection stays open");

    // Slowloris: a header line every 100 ms, never the blank line.
    let (closed, _) = trickle_until_closed(
        connect(&hub).await,
        b"GET /api/health HTTP/1.1\r\nHost: hub\r\n",
        b"X-Pad: 1\r\n",
    )
    .await;
    assert!(
        closed,
        "a request head trickled forever keeps its connection"
    );

    // A body trickled a byte at a time: 408, then the connection closes.
    let post = format!(
        "POST /api/tasks HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer {TOKEN}\r\n\
         Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{{\"prompt\": \""
    );
    let (closed, answer) = trickle_until_closed(connect(&hub).await, post.as_bytes(), b"a").await;
    assert!(closed, "a trickled body keeps its connection: {answer}");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"request_timeout\""), "{answer}");
    assert_eq!(hub.task_count().await, 0, "nothing was written");

    // Kept alive after a response, then silent.
    let mut s = connect(&hub).await;
    s.write_all(b"GET /api/health HTTP/1.1\r\nHost: hub\r\n\r\n")
        .await
        .unwrap();
    assert!(head(&mut s).await.starts_with("HTTP/1.1 200"));
    let (closed, _) = trickle_until_closed(s, b"", b"").await;
    assert!(closed, "an idle kept-alive connection stays open");
}

#[tokio::test]
async fn streams_and_long_polls_outlive_the_idle_timeout() {
    let hub = start(ConnectionLimits {
        max_connections: None,
        header_timeout: Duration::from_millis(500),
        body_timeout: Duration::from_secs(1),
    })
    .await;
    let mut s = connect(&hub).await;
    s.write_all(stream_request().as_bytes()).await.unwrap();
    assert!(head(&mut s).await.starts_with("HTTP/1.1 200"));
    // Keepalives every 200 ms for four times the idle timeout, on one
    // connection that stays open throughout.
    let start = Instant::now();
    let mut last_data = Duration::ZERO;
    let mut buf = [0u8; 1024];
    while start.elapsed() < Duration::from_secs(2) {
        match tokio::time::timeout(Duration::from_secs(2), s.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => panic!("the stream was closed after {:?}", start.elapsed()),
            Ok(Ok(_)) => last_data = start.elapsed(),
            Err(_) => break,
        }
    }
    assert!(last_data >= Duration::from_millis(1500), "{last_data:?}");

    // A long-poll claim waits past the idle timeout and answers.
    hub.register("poller", &["general"], 1).await;
    assert!(hub.claim("poller", 1500).await.is_empty());
}

#[tokio::test]
async fn a_full_hub_closes_idle_sockets_for_newcomers_and_refuses_only_when_all_are_busy() {
    let hub = start(ConnectionLimits {
        max_connections: Some(4),
        header_timeout: Duration::from_secs(60),
        body_timeout: Duration::from_secs(60),
    })
    .await;
    let mut idle = Vec::new();
    for _ in 0..4 {
        idle.push(connect(&hub).await);
    }
    // A fifth comes in, in the place of the socket idle the longest.
    let r = hub.get("/api/health").await;
    assert_eq!(r.status, StatusCode::OK);
    let (closed, _) = trickle_until_closed(idle.remove(0), b"", b"").await;
    assert!(closed, "the oldest idle socket was closed");

    // Four live streams are busy: nothing displaces them, a newcomer is
    // refused at once with the JSON error.
    let mut streams = Vec::new();
    for _ in 0..4 {
        let mut s = connect(&hub).await;
        s.write_all(stream_request().as_bytes()).await.unwrap();
        assert!(head(&mut s).await.starts_with("HTTP/1.1 200"));
        streams.push(s);
    }
    let mut s = connect(&hub).await;
    let refused = head(&mut s).await;
    assert!(refused.starts_with("HTTP/1.1 503"), "{refused}");
    assert!(refused.contains("retry-after: 1"), "{refused}");
    let mut body = String::new();
    let _ = tokio::time::timeout(WITHIN, s.read_to_string(&mut body)).await;
    let all = refused + &body;
    assert!(all.contains("\"unavailable\""), "{all}");

    // One stream ends: there is room again.
    drop(streams.pop());
    wait_for("room for a newcomer", WITHIN, || async {
        let mut s = connect(&hub).await;
        s.write_all(b"GET /api/health HTTP/1.1\r\nHost: hub\r\n\r\n")
            .await
            .ok()?;
        try_head(&mut s)
            .await?
            .starts_with("HTTP/1.1 200")
            .then_some(())
    })
    .await;
}
