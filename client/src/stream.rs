use std::pin::Pin;
use std::time::Duration;

use eventsource_stream::Eventsource;
use futures_util::{Stream, StreamExt};
use m3shd_api::{
    AUTH_REVOKED_EVENT, ErrorBody, ErrorCode, EventRecord, LAGGED_EVENT, RESET_EVENT, StreamQuery,
    StreamReset,
};
use m3shd_common::backoff::Backoff;
use reqwest::Method;

use crate::error::api_error;
use crate::{Client, ClientError};

type SseStream = Pin<
    Box<
        dyn Stream<
                Item = Result<
                    eventsource_stream::Event,
                    eventsource_stream::EventStreamError<reqwest::Error>,
                >,
            > + Send,
    >,
>;

/// What the live stream yields.
#[derive(Debug, Clone, PartialEq)]
pub enum StreamItem {
    /// (Re)connected; replay of anything missed follows.
    Connected,
    Event(Box<EventRecord>),
    /// The hub dropped `missed` live events for this subscriber because it
    /// fell behind; it backfills them from its event log next.
    Lagged {
        missed: u64,
    },
    /// The hub no longer keeps the events this stream was to replay (its
    /// event retention deleted them): reload whatever state you keep, then
    /// carry on; the stream continues after `resume_after`.
    Reset {
        oldest_kept: i64,
        resume_after: i64,
    },
    /// The connection broke; the stream retries after `retry_in`.
    Reconnecting {
        error: String,
        retry_in: Duration,
    },
}

const MIN_BACKOFF: Duration = Duration::from_millis(200);
const MAX_BACKOFF: Duration = Duration::from_secs(10);

impl Client {
    /// The live event stream. It reconnects by itself after a disconnect,
    /// resuming after the last event it delivered, so nothing is missed.
    pub fn stream(&self, q: StreamQuery) -> EventStream {
        EventStream::new(self.clone(), q)
    }
}

/// A self-healing SSE subscription: after a disconnect it reconnects with
/// exponential backoff (capped) and resumes with `Last-Event-ID`.
pub struct EventStream {
    client: Client,
    query: StreamQuery,
    last_id: Option<i64>,
    current: Option<SseStream>,
    backoff: Backoff,
    wait_before_connect: Option<Duration>,
}

impl EventStream {
    pub(crate) fn new(client: Client, query: StreamQuery) -> Self {
        let last_id = query.after;
        EventStream {
            client,
            query,
            last_id,
            current: None,
            backoff: Backoff::new(MIN_BACKOFF, MAX_BACKOFF),
            wait_before_connect: None,
        }
    }

    /// The id of the last event delivered.
    pub fn last_event_id(&self) -> Option<i64> {
        self.last_id
    }

    /// The next item. Errors are returned only for what retrying cannot fix
    /// (a rejected or revoked token, a bad filter); everything else
    /// reconnects.
    pub async fn next(&mut self) -> Result<StreamItem, ClientError> {
        loop {
            let Some(stream) = self.current.as_mut() else {
                match self.connect().await {
                    Ok(s) => {
                        self.current = Some(s);
                        self.backoff.reset();
                        return Ok(StreamItem::Connected);
                    }
                    Err(e) if e.is_transient() => return Ok(self.broken(e.to_string()).await),
                    Err(e) => return Err(e),
                }
            };
            match stream.next().await {
                Some(Ok(ev)) => {
                    if ev.event == LAGGED_EVENT {
                        let missed = serde_json::from_str::<serde_json::Value>(&ev.data)
                            .ok()
                            .and_then(|v| v.get("missed").and_then(|m| m.as_u64()))
                            .unwrap_or(0);
                        return Ok(StreamItem::Lagged { missed });
                    }
                    if ev.event == AUTH_REVOKED_EVENT {
                        // The hub ends the stream: reconnecting with the
                        // same token would only be refused.
                        self.current = None;
                        let message = serde_json::from_str::<serde_json::Value>(&ev.data)
                            .ok()
                            .and_then(|v| v.get("message")?.as_str().map(str::to_string))
                            .unwrap_or_else(|| "the hub revoked this stream's credential".into());
                        return Err(ClientError::Api {
                            status: 401,
                            body: ErrorBody::new(ErrorCode::Unauthorized, message),
                        });
                    }
                    if ev.event == RESET_EVENT {
                        let r: StreamReset = serde_json::from_str(&ev.data)
                            .map_err(|e| ClientError::Decode(format!("reset: {e}")))?;
                        self.last_id = Some(r.resume_after);
                        return Ok(StreamItem::Reset {
                            oldest_kept: r.oldest_kept,
                            resume_after: r.resume_after,
                        });
                    }
                    if ev.data.is_empty() {
                        continue;
                    }
                    let rec: EventRecord = serde_json::from_str(&ev.data)
                        .map_err(|e| ClientError::Decode(format!("event {}: {e}", ev.id)))?;
                    self.last_id = Some(rec.id);
                    return Ok(StreamItem::Event(Box::new(rec)));
                }
                Some(Err(e)) => return Ok(self.broken(e.to_string()).await),
                None => return Ok(self.broken("the hub closed the stream".into()).await),
            }
        }
    }

    async fn broken(&mut self, error: String) -> StreamItem {
        self.current = None;
        let retry_in = self.backoff.next_delay();
        // The caller sees the item first; the wait happens on the next call.
        self.wait_before_connect = Some(retry_in);
        StreamItem::Reconnecting { error, retry_in }
    }

    async fn connect(&mut self) -> Result<SseStream, ClientError> {
        if let Some(d) = self.wait_before_connect.take() {
            tokio::time::sleep(d).await;
        }
        let mut q = self.query.clone();
        q.after = None;
        let mut rb = self
            .client
            .request(Method::GET, "/api/stream")
            .query(&q)
            .header("accept", "text/event-stream")
            // The stream lives as long as it is read; keepalives arrive every 30 s.
            .timeout(Duration::from_secs(365 * 24 * 3600));
        if let Some(id) = self.last_id {
            rb = rb.header("last-event-id", id.to_string());
        }
        let resp = self.client.execute(rb).await?;
        let status = resp.status();
        if !status.is_success() {
            let body = resp.bytes().await.unwrap_or_default();
            return Err(api_error(status, &body));
        }
        Ok(Box::pin(resp.bytes_stream().eventsource()))
    }
}
