//! At most `WEBHOOK_CALLS_PER_MINUTE` verified deliveries a minute per
//! webhook (governor's GCRA: a burst of that many, then one more every
//! 60/N s). Only deliveries that proved the secret count, so nobody without
//! it can use up a webhook's minute.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::Duration;

use governor::clock::Clock as _;
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use m3shd_api::WEBHOOK_CALLS_PER_MINUTE;

#[derive(Default)]
pub struct Limiter {
    per_webhook: Mutex<HashMap<String, DefaultDirectRateLimiter>>,
}

impl Limiter {
    /// Count one delivery to `id`, or say how long until one more fits.
    pub fn admit(&self, id: &str) -> Result<(), Duration> {
        // A poisoned lock still holds usable limiters; dropping them would
        // lift every limit.
        let mut map = self.per_webhook.lock().unwrap_or_else(|e| e.into_inner());
        let limiter = map.entry(id.to_string()).or_insert_with(|| {
            let n = NonZeroU32::new(WEBHOOK_CALLS_PER_MINUTE).unwrap_or(NonZeroU32::MIN);
            RateLimiter::direct(Quota::per_minute(n))
        });
        limiter.check().map_err(|not_until| {
            not_until
                .wait_time_from(limiter.clock().now())
                .max(Duration::from_secs(1))
        })
    }

    /// A deleted webhook needs no limiter any more.
    pub fn forget(&self, id: &str) {
        self.per_webhook
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_eleventh_delivery_in_a_minute_waits() {
        let l = Limiter::default();
        for i in 0..WEBHOOK_CALLS_PER_MINUTE {
            assert!(l.admit("wh-a").is_ok(), "delivery {i}");
        }
        let wait = l.admit("wh-a").expect_err("over the limit");
        assert!(
            wait >= Duration::from_secs(1) && wait <= Duration::from_secs(6),
            "{wait:?}"
        );
        assert!(l.admit("wh-b").is_ok(), "each webhook has its own minute");
        l.forget("wh-a");
        assert!(l.admit("wh-a").is_ok(), "a new webhook starts afresh");
    }
}
