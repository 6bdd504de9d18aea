//! Pausing the queue: while it is paused the dispatch pass hands nothing
//! out (tasks are still accepted and wait, queued); resuming runs a pass at
//! once. The state is a hub setting, so it outlives a restart and every
//! replica sharing the database sees it.

use m3shd_api::{Event, QueueState};

use super::{Ctx, DomainError, Hub};
use crate::store::{Queries, StoreError};

const QUEUE_KEY: &str = "queue";

pub(crate) fn load(q: &dyn Queries) -> Result<QueueState, StoreError> {
    Ok(match q.settings().get(QUEUE_KEY)? {
        Some(json) => serde_json::from_str(&json)?,
        None => QueueState::default(),
    })
}

/// Whether the dispatch pass must hand nothing out.
pub(crate) fn paused(q: &dyn Queries) -> Result<bool, StoreError> {
    Ok(load(q)?.paused)
}

fn set(cx: &mut Ctx<'_, '_>, paused: bool, by: &str) -> Result<QueueState, DomainError> {
    let now = cx.tx.now();
    let before = load(cx.tx)?;
    if before.paused == paused {
        return Ok(before);
    }
    let state = QueueState {
        paused,
        paused_by: paused.then(|| by.to_string()),
        paused_at: paused.then_some(now),
    };
    let json = serde_json::to_string(&state).map_err(StoreError::from)?;
    cx.tx.settings().set(QUEUE_KEY, &json)?;
    cx.tx.emit(Event::QueueUpdated {
        queue: state.clone(),
    })?;
    cx.dispatch_needed = !paused;
    Ok(state)
}

impl Hub {
    pub fn queue_state(&self) -> Result<QueueState, DomainError> {
        self.read(|r| Ok(load(r)?))
    }

    /// Stop handing out queued work; `by` is recorded. Pausing a paused
    /// queue changes nothing.
    pub async fn pause_queue(&self, by: &str) -> Result<QueueState, DomainError> {
        let by = by.to_string();
        self.write(move |cx| set(cx, true, &by)).await
    }

    /// Hand out queued work again, at once.
    pub async fn resume_queue(&self, by: &str) -> Result<QueueState, DomainError> {
        let by = by.to_string();
        self.write(move |cx| set(cx, false, &by)).await
    }
}
