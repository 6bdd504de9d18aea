//! `GET /api/stream` (SSE) and `GET /api/events` (JSON) over the event log.
//!
//! Replay without gaps or duplicates: subscribe to the live channel first,
//! then page stored events after the client's last id out of the log, then
//! continue with live events, skipping any id already sent. Events are
//! published in commit order, so "id ≤ last sent" is exactly "already sent".
//! A subscriber that falls more than the channel's capacity behind is told
//! (`lagged`) and backfilled from the log; the hub never waits for it.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use futures_util::Stream;
use m3shd_api::{EventList, EventRecord, LAGGED_EVENT, StreamQuery};
use tokio::sync::broadcast::{self, error::RecvError};
use tokio_util::sync::CancellationToken;

use super::error::ApiError;
use super::extract::ApiQuery;
use super::state::AppState;
use crate::domain::Hub;

/// Stored events fetched per replay page (bounded memory per subscriber).
const REPLAY_PAGE: i64 = 100;

pub async fn events(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<StreamQuery>,
) -> Result<Json<EventList>, ApiError> {
    Ok(Json(EventList {
        events: s.hub.events(&q)?,
    }))
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
    let stream = futures_util::stream::unfold(feed, |mut feed| async move {
        feed.next().await.map(|ev| (Ok(ev), feed))
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(s.keepalive).text("keepalive")))
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
    notice: Option<SseEvent>,
    shutdown: CancellationToken,
}

impl Feed {
    /// The next SSE event, or None to end the stream.
    async fn next(&mut self) -> Option<SseEvent> {
        loop {
            if let Some(n) = self.notice.take() {
                return Some(n);
            }
            if let Some(rec) = self.backlog.pop_front() {
                if let Some(ev) = self.pass(&rec) {
                    return Some(ev);
                }
                continue;
            }
            if self.replaying {
                match self
                    .hub
                    .event_page(self.last, self.query.task.as_deref(), REPLAY_PAGE)
                {
                    Ok(page) if page.is_empty() => self.replaying = false,
                    Ok(page) => self.backlog.extend(page),
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
                    if let Some(ev) = self.pass(&rec) {
                        return Some(ev);
                    }
                }
                Err(RecvError::Lagged(missed)) => {
                    self.notice = Some(
                        SseEvent::default()
                            .event(LAGGED_EVENT)
                            .data(format!("{{\"missed\":{missed}}}")),
                    );
                    // The receiver skipped ahead; fetch what it skipped.
                    self.replaying = true;
                }
                Err(RecvError::Closed) => return None,
            }
        }
    }

    /// Dedupe by id, filter, and render.
    fn pass(&mut self, rec: &EventRecord) -> Option<SseEvent> {
        if rec.id <= self.last {
            return None;
        }
        self.last = rec.id;
        if !self.query.matches(&rec.event) {
            return None;
        }
        let data = match serde_json::to_string(rec) {
            Ok(d) => d,
            Err(e) => {
                tracing::error!(error = %e, id = rec.id, "cannot serialise event");
                return None;
            }
        };
        Some(
            SseEvent::default()
                .id(rec.id.to_string())
                .event(rec.event.kind())
                .data(data),
        )
    }
}
