//! Sending: the outbox, in order, through the channel. A failed send is
//! tried again with backoff; after `MAX_SEND_ATTEMPTS` the message is moved
//! to `outbox-failed/` and logged as an error, so nothing disappears
//! without a trace and one bad message cannot block the rest for ever.

use std::sync::Arc;

use crate::BridgeError;
use crate::bridge::Bridge;
use crate::channel::Channel;

pub const MAX_SEND_ATTEMPTS: u32 = 10;

pub async fn run<C: Channel>(b: Arc<Bridge<C>>) -> Result<(), BridgeError> {
    while let Some((key, entry)) = b.outbox.next_due(&b.shutdown).await {
        // A send in progress is finished, not abandoned: cutting osascript
        // off mid-send could deliver the message and still keep it queued.
        match b.channel.send(&entry.item.to, &entry.item.text).await {
            Ok(()) => {
                b.outbox.remove(key)?;
                tracing::info!(
                    key,
                    chars = entry.item.text.chars().count(),
                    queued = b.outbox.len(),
                    "sent"
                );
            }
            Err(e) if entry.attempts + 1 >= MAX_SEND_ATTEMPTS => {
                let kept = b.outbox.park(key, &b.failed_dir())?;
                tracing::error!(key, attempts = entry.attempts + 1, error = %e,
                    kept = %kept.display(), "could not send a message; giving up on it");
            }
            Err(e) => {
                let delay = b.backoff(entry.attempts + 1);
                let e2 = b.outbox.retry_later(key, entry, e.to_string(), delay)?;
                tracing::warn!(key, attempt = e2.attempts, retry_in_ms = m3shd_common::duration::millis(delay),
                    error = %e, "send failed; will retry");
            }
        }
    }
    Ok(())
}
