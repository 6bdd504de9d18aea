//! `GET /api/stream` (SSE) and `GET /api/events` (JSON) over the event log.
//!
//! Replay without gaps or duplicates: subscribe to the live channel first,
//! then page stored events after the client's last id out of the log, then
//! continue with live events, skipping any id already sent. Events are
//! published in commit order, so "id ≤ last sent" is exactly "already sent".
//! A subscriber that falls more than the channel's capacity behind is told
//! (`lagged`) and backfilled from the log; the hub never waits for it. One
//! that asks for events retention already deleted is told to reload
//! (`reset`) and continues from the newest event: never a silent gap.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;

use std::future::Future;
use std::pin::Pin;

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use futures_util::Stream;
use m3shd_api::{
    AUTH_REVOKED_EVENT, EventList, EventRecord, LAGGED_EVENT, Permission, RESET_EVENT, StreamQuery,
    StreamReset,
};
use m3shd_hub_core::domain::Hub;
use tokio::sync::broadcast::{self, error::RecvError};
use tokio_util::sync::CancellationToken;

use super::auth::Caller;
use super::error::ApiError;
use super::extract::ApiQuery;
use super::rendered::Rendered;
use super::standing;
use super::state::AppState;

/// Stored events fetched per replay page (bounded memory per subscriber).
const REPLAY_PAGE: i64 = 100;

pub async fn events(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<StreamQuery>,
) -> Result<Json<EventList>, ApiError> {
    Ok(Json(s.hub.events(&q)?))
}

fn last_event_id(headers: &HeaderMap) -> Result<Option<i64>, ApiError> {
    match headers.get("last-event-id") {
        None => Ok(None),
        Some(v) => v
            .to_str()
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .map(Some)
            .ok_or_else(|| ApiError::bad_request("Last-Event-ID must be an event id")),
    }
}

pub async fn stream(
    State(s): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    ApiQuery(q): ApiQuery<StreamQuery>,
) -> Result<Sse<impl Stream<Item = Result<SseEvent, Infallible>>>, ApiError> {
    let after = last_event_id(&headers)?.or(q.after);
    let feed = Feed {
        // Subscribe before reading the log: nothing can fall in between.
        rx: s.hub.store().subscribe(),
        hub: s.hub.clone(),
        last: after.unwrap_or(0).max(0),
        replaying: after.is_some(),
        backlog: VecDeque::new(),
        notice: None,
        query: q,
        shutdown: s.shutdown.clone(),
    };
    // Counted while the connection lives: dropped with the stream.
    let guard = super::state::SubscriberGuard::new(&s.sse_subscribers);
    // Ends the stream within a second of the caller losing the right to it.
    let lost: Pin<Box<dyn Future<Output = ()> + Send>> = Box::pin(standing::lost(
        s.hub.clone(),
        s.rechecks.clone(),
        caller.principal,
        STREAM_PERMISSION,
    ));
    let rendered = s.rendered.clone();
    let state = Live {
        rendered,
        feed,
        lost: Some(lost),
        _guard: guard,
    };
    let stream = futures_util::stream::unfold(state, |mut live| async move {
        loop {
            let lost = live.lost.as_mut()?;
            let item = tokio::select! {
                _ = lost => {
                    live.lost = None;
                    let ev = SseEvent::default()
                        .event(AUTH_REVOKED_EVENT)
                        .data(serde_json::json!({ "message": standing::LOST }).to_string());
                    return Some((Ok(ev), live));
                }
                item = live.feed.next() => item?,
            };
            if let Some(ev) = render(&live.rendered, item) {
                return Some((Ok(ev), live));
            }
        }
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(s.keepalive).text("keepalive")))
}

/// The permission `GET /api/stream` needs (its route's).
const STREAM_PERMISSION: Permission = Permission::TasksRead;

/// One open stream: its feed, and the watch on its caller's credential
/// (gone once the final `auth_revoked` was sent: the stream then ends).
struct Live {
    rendered: Arc<Rendered>,
    feed: Feed,
    lost: Option<Pin<Box<dyn Future<Output = ()> + Send>>>,
    _guard: super::state::SubscriberGuard,
}

/// An item as SSE; None for one that cannot be serialised (logged).
fn render(rendered: &Rendered, item: Item) -> Option<SseEvent> {
    match item {
        Item::Lagged(missed) => Some(
            SseEvent::default()
                .event(LAGGED_EVENT)
                .data(format!("{{\"missed\":{missed}}}")),
        ),
        Item::Reset(reset) => match serde_json::to_string(&reset) {
            Ok(data) => Some(
                SseEvent::default()
                    .id(reset.resume_after.to_string())
                    .event(RESET_EVENT)
                    .data(data),
            ),
            Err(e) => {
                tracing::error!(error = %e, "cannot serialise a reset");
                None
            }
        },
        Item::Event(rec) => match rendered.json(&rec) {
            Ok(data) => Some(
                SseEvent::default()
                    .id(rec.id.to_string())
                    .event(rec.event.kind())
                    .data(&*data),
            ),
            Err(e) => {
                tracing::error!(error = %e, id = rec.id, "cannot serialise event");
                None
            }
        },
    }
}

/// What the feed yields, before rendering as SSE.
#[derive(Debug)]
enum Item {
    Lagged(u64),
    /// What the client asked to replay is gone: it must reload.
    Reset(StreamReset),
    Event(Arc<EventRecord>),
}

struct Feed {
    hub: Arc<Hub>,
    rx: broadcast::Receiver<Arc<EventRecord>>,
    query: StreamQuery,
    /// Highest event id already passed on (sent or filtered out).
    last: i64,
    /// Reading the log until caught up.
    replaying: bool,
    backlog: VecDeque<EventRecord>,
    notice: Option<u64>,
    shutdown: CancellationToken,
}

impl Feed {
    /// The next item, or None to end the stream.
    async fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(n) = self.notice.take() {
                return Some(Item::Lagged(n));
            }
            if let Some(rec) = self.backlog.pop_front() {
                if self.pass(&rec) {
                    return Some(Item::Event(Arc::new(rec)));
                }
                continue;
            }
            if self.replaying {
                match self
                    .hub
                    .event_page(self.last, self.query.task.as_deref(), REPLAY_PAGE)
                {
                    // Retention deleted events after the last one passed on
                    // (asked for, or while this subscriber lagged).
                    Ok(page) if self.last + 1 < page.oldest_kept => {
                        self.last = page.head;
                        return Some(Item::Reset(StreamReset {
                            oldest_kept: page.oldest_kept,
                            resume_after: page.head,
                        }));
                    }
                    Ok(page) if page.events.is_empty() => self.replaying = false,
                    Ok(page) => self.backlog.extend(page.events),
                    Err(e) => {
                        tracing::warn!(error = %e, "event replay failed; closing stream");
                        return None;
                    }
                }
                continue;
            }
            let received = tokio::select! {
                _ = self.shutdown.cancelled() => return None,
                r = self.rx.recv() => r,
            };
            match received {
                Ok(rec) => {
                    if self.pass(&rec) {
                        return Some(Item::Event(rec));
                    }
                }
                Err(RecvError::Lagged(missed)) => {
                    self.notice = Some(missed);
                    // The receiver skipped ahead; fetch what it skipped.
                    self.replaying = true;
                }
                Err(RecvError::Closed) => return None,
            }
        }
    }

    /// Dedupe by id and filter: whether to send `rec`.
    fn pass(&mut self, rec: &EventRecord) -> bool {
        if rec.id <= self.last {
            return false;
        }
        self.last = rec.id;
        self.query.matches(&rec.event)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use m3shd_hub_core::domain::{NoWake, Policy};
    use m3shd_hub_core::store::Durability;
    use m3shd_hub_core::store::Store;
    use std::time::Duration;

    fn hub(dir: &std::path::Path) -> Arc<Hub> {
        let store = Store::open(dir, Durability::Normal).expect("store");
        let policy = Policy {
            lease_timeout: Duration::from_secs(30),
            heartbeat_interval: Duration::from_secs(10),
            offline_after: Duration::from_secs(30),
            circuit_threshold: 3,
            circuit_cooldown: Duration::from_secs(60),
            escalation_chain: Vec::new(),
            assign_wait: std::time::Duration::from_secs(30),
        };
        Arc::new(Hub::new(store, policy, Arc::new(NoWake)))
    }

    /// A hub whose log holds `n` events (ids 1..=n).
    async fn hub_with_events(dir: &std::path::Path, n: usize) -> Arc<Hub> {
        let hub = hub(dir);
        for i in 0..n {
            hub.set_context("k", &i.to_string(), "test")
                .await
                .expect("write");
        }
        hub
    }

    fn feed(hub: &Arc<Hub>, after: Option<i64>, query: StreamQuery) -> Feed {
        Feed {
            rx: hub.store().subscribe(),
            hub: hub.clone(),
            last: after.unwrap_or(0),
            replaying: after.is_some(),
            backlog: VecDeque::new(),
            notice: None,
            query,
            shutdown: CancellationToken::new(),
        }
    }

    async fn ids(feed: &mut Feed, until: i64) -> (Vec<i64>, Vec<u64>) {
        let (mut ids, mut lags) = (Vec::new(), Vec::new());
        while ids.last().copied() != Some(until) {
            let item = tokio::time::timeout(Duration::from_secs(5), feed.next())
                .await
                .expect("an item in time")
                .expect("stream open");
            match item {
                Item::Event(rec) => ids.push(rec.id),
                Item::Lagged(n) => lags.push(n),
                Item::Reset(r) => panic!("unexpected reset {r:?}"),
            }
        }
        (ids, lags)
    }

    #[tokio::test]
    async fn a_lagging_subscriber_is_told_and_backfilled_without_gaps() {
        let dir = tempfile::tempdir().expect("tempdir");
        let hub = hub(dir.path());
        let mut slow = feed(&hub, None, StreamQuery::default());
        // More events than the channel holds, while the subscriber sleeps.
        let total = i64::try_from(m3shd_hub_core::store::EVENT_CHANNEL_CAPACITY + 100).unwrap();
        for i in 0..total {
            hub.set_context("k", &i.to_string(), "test")
                .await
                .expect("write");
        }
        let (got, lags) = ids(&mut slow, total).await;
        // (tokio rounds the channel capacity up to a power of two.)
        assert_eq!(lags.len(), 1, "{lags:?}");
        assert!(lags[0] > 0);
        assert_eq!(got, (1..=total).collect::<Vec<_>>());
    }

    async fn next_item(feed: &mut Feed) -> Item {
        tokio::time::timeout(Duration::from_secs(5), feed.next())
            .await
            .expect("an item in time")
            .expect("stream open")
    }

    #[tokio::test]
    async fn a_replay_from_before_the_retained_log_is_a_reset_not_a_gap() {
        let dir = tempfile::tempdir().expect("tempdir");
        let hub = hub_with_events(dir.path(), 10).await;
        let keep_3 = m3shd_hub_core::domain::EventRetention {
            max_age: None,
            max_events: Some(3),
        };
        let gone = hub.prune_events(keep_3).await.expect("prune");
        assert_eq!(gone, 7);

        // From a kept id: a plain replay.
        let mut kept = feed(&hub, Some(8), StreamQuery::default());
        assert!(matches!(next_item(&mut kept).await, Item::Event(r) if r.id == 9));
        // From a deleted one (or from the start): told to reload, then the
        // stream goes on after the newest event.
        for (head, after) in [(10, 0), (11, 5), (12, 6)] {
            let mut old = feed(&hub, Some(after), StreamQuery::default());
            match next_item(&mut old).await {
                Item::Reset(r) => assert_eq!(
                    r,
                    StreamReset {
                        oldest_kept: 8,
                        resume_after: head
                    }
                ),
                other => panic!("after {after}: {other:?}"),
            }
            hub.set_context("k", "new", "test").await.expect("write");
            match next_item(&mut old).await {
                Item::Event(r) => assert_eq!(r.id, head + 1),
                other => panic!("after {after}: {other:?}"),
            }
        }
        // From the newest kept id - 1 (nothing missing): no reset.
        let mut edge = feed(&hub, Some(7), StreamQuery::default());
        assert!(matches!(next_item(&mut edge).await, Item::Event(r) if r.id == 8));
    }

    #[tokio::test]
    async fn retention_keeps_the_newest_event_so_ids_never_go_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let hub = hub_with_events(dir.path(), 5).await;
        let all_old = m3shd_hub_core::domain::EventRetention {
            max_age: Some(Duration::ZERO),
            max_events: None,
        };
        let gone = hub.prune_events(all_old).await.expect("prune");
        assert_eq!(gone, 4, "everything but the newest");
        hub.set_context("k", "new", "test").await.expect("write");
        let mut from_newest = feed(&hub, Some(5), StreamQuery::default());
        assert!(matches!(next_item(&mut from_newest).await, Item::Event(r) if r.id == 6));
    }

    #[tokio::test]
    async fn replay_then_live_has_no_duplicates_and_filters() {
        let dir = tempfile::tempdir().expect("tempdir");
        let hub = hub_with_events(dir.path(), 10).await;
        let q = StreamQuery {
            types: Some("context_".into()),
            ..Default::default()
        };
        let mut f = feed(&hub, Some(3), q);
        for i in 0..5 {
            hub.set_context("k", &i.to_string(), "test")
                .await
                .expect("write");
        }
        let (got, lags) = ids(&mut f, 15).await;
        assert!(lags.is_empty());
        assert_eq!(got, (4..=15).collect::<Vec<_>>());
    }
}
