//! SSE fan-out: how long one event takes to reach every live subscriber.
//!
//! `subscribers` streams connect and wait; then `events` chat messages are
//! posted one after another, each tagged with its index, and every
//! subscriber notes when each arrives. Sender and receivers share this
//! process's monotonic clock, so a delivery time is exact.

use std::sync::Arc;
use std::time::{Duration, Instant};

use m3shd_api::{Event, PostMessage, StreamQuery};
use serde::Serialize;
use tokio::sync::{Barrier, mpsc};

use super::percentile;
use crate::{Client, ClientError, StreamItem};

/// The chat channel the probe messages go to (kept out of the operator's
/// usual channels).
pub const FANOUT_CHANNEL: &str = "bench-fanout";
const TAG: &str = "bench-fanout#";

#[derive(Debug, Clone, Serialize)]
pub struct FanoutFigures {
    pub subscribers: usize,
    pub events: usize,
    /// Event deliveries seen (subscribers × events when nothing was lost).
    pub delivered: usize,
    /// Subscribers the hub told to catch up (`lagged`) at least once.
    pub lagged_subscribers: usize,
    pub connect_seconds: f64,
    pub delivery_p50_ms: f64,
    pub delivery_p99_ms: f64,
    pub delivery_max_ms: f64,
}

/// Run the fan-out measurement. `progress` gets a line per stage.
pub async fn fanout(
    client: &Client,
    subscribers: usize,
    events: usize,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<FanoutFigures, ClientError> {
    if subscribers == 0 || events == 0 {
        return Err(ClientError::Config(
            "subscribers and events must be at least 1".into(),
        ));
    }
    let start_id = client.status().await?.last_event_id;
    let connected = Arc::new(Barrier::new(subscribers + 1));
    let (tx, mut rx) = mpsc::unbounded_channel::<Arrivals>();
    progress(&format!("connecting {subscribers} subscribers…"));
    let connect_start = Instant::now();
    for _ in 0..subscribers {
        let stream = client.stream(StreamQuery {
            types: Some("message_".into()),
            after: Some(start_id),
            ..StreamQuery::default()
        });
        tokio::spawn(subscriber(stream, events, connected.clone(), tx.clone()));
    }
    drop(tx);
    connected.wait().await;
    let connect_seconds = connect_start.elapsed().as_secs_f64();
    progress(&format!(
        "{subscribers} subscribers connected in {connect_seconds:.1} s; posting {events} events…"
    ));
    let mut times = Vec::with_capacity(events);
    for i in 0..events {
        times.push(Instant::now());
        client
            .post_message(&PostMessage {
                content: format!("{TAG}{i}"),
                channel: Some(FANOUT_CHANNEL.into()),
                sender: None,
                reply_to: None,
            })
            .await?;
        // Spaced out so each event is measured on its own, not queued
        // behind the previous one.
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let mut delays = Vec::with_capacity(subscribers * events);
    let mut lagged = 0;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    let mut reports = 0;
    while reports < subscribers {
        match tokio::time::timeout_at(deadline, rx.recv()).await {
            Ok(Some(a)) => {
                reports += 1;
                lagged += usize::from(a.lagged);
                for (i, at) in a.arrivals {
                    if let Some(sent) = times.get(i) {
                        delays.push(at.saturating_duration_since(*sent).as_secs_f64() * 1000.0);
                    }
                }
            }
            // Every subscriber has reported, or the rest never will.
            Ok(None) | Err(_) => break,
        }
    }
    delays.sort_by(f64::total_cmp);
    Ok(FanoutFigures {
        subscribers,
        events,
        delivered: delays.len(),
        lagged_subscribers: lagged,
        connect_seconds,
        delivery_p50_ms: percentile(&delays, 0.50),
        delivery_p99_ms: percentile(&delays, 0.99),
        delivery_max_ms: delays.last().copied().unwrap_or(0.0),
    })
}

struct Arrivals {
    arrivals: Vec<(usize, Instant)>,
    lagged: bool,
}

async fn subscriber(
    mut stream: crate::EventStream,
    events: usize,
    connected: Arc<Barrier>,
    done: mpsc::UnboundedSender<Arrivals>,
) {
    let mut out = Arrivals {
        arrivals: Vec::with_capacity(events),
        lagged: false,
    };
    let mut announced = false;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
    while out.arrivals.len() < events {
        let item = match tokio::time::timeout_at(deadline, stream.next()).await {
            Ok(Ok(item)) => item,
            Ok(Err(_)) | Err(_) => break,
        };
        let at = Instant::now();
        match item {
            StreamItem::Connected if !announced => {
                announced = true;
                connected.wait().await;
            }
            StreamItem::Event(ev) => {
                if let Event::MessagePosted { message } = ev.event
                    && let Some(i) = message
                        .content
                        .strip_prefix(TAG)
                        .and_then(|n| n.parse::<usize>().ok())
                {
                    out.arrivals.push((i, at));
                }
            }
            StreamItem::Lagged { .. } => out.lagged = true,
            _ => {}
        }
    }
    if !announced {
        // Never connected: do not hold the others at the barrier.
        connected.wait().await;
    }
    let _ = done.send(out);
}
