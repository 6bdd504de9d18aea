//! A whole-body deadline for requests. tower-http's `TimeoutBody` only
//! bounds the gap between two frames, which a client sending a byte every
//! few seconds never exceeds; this bounds the time the body may take in
//! all, from the moment its request head arrived.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes, HttpBody};
use hyper::body::{Frame, SizeHint};
use m3shd_api::ErrorCode;
use tokio::time::Sleep;

use super::error::ApiError;

/// The error a body past its deadline yields.
#[derive(Debug, thiserror::Error)]
#[error("the request body did not arrive within {} s", .0.as_secs_f64())]
pub struct BodyTimedOut(pub Duration);

/// `body`, failing with [`BodyTimedOut`] once `limit` has passed.
pub fn with_deadline(body: Body, limit: Duration) -> Body {
    Body::new(Deadline {
        inner: body,
        limit,
        sleep: Box::pin(tokio::time::sleep(limit)),
    })
}

struct Deadline {
    inner: Body,
    limit: Duration,
    sleep: Pin<Box<Sleep>>,
}

impl HttpBody for Deadline {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = &mut *self;
        if let Poll::Ready(frame) = Pin::new(&mut this.inner).poll_frame(cx) {
            return Poll::Ready(frame);
        }
        if this.sleep.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Some(Err(axum::Error::new(BodyTimedOut(this.limit)))));
        }
        Poll::Pending
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// The 408 for a body read that failed with [`BodyTimedOut`], if it did.
pub fn timed_out(err: &(dyn std::error::Error + 'static)) -> Option<ApiError> {
    let mut cur = Some(err);
    while let Some(e) = cur {
        if let Some(t) = e.downcast_ref::<BodyTimedOut>() {
            return Some(ApiError::new(ErrorCode::RequestTimeout, t.to_string()));
        }
        cur = e.source();
    }
    None
}
