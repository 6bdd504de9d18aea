//! Capped exponential backoff with a little jitter, for retries against
//! the hub.

use std::time::Duration;

/// First pause after a failure talking to the hub.
pub(super) const MIN_BACKOFF: Duration = Duration::from_millis(250);

pub(super) struct Backoff {
    next: Duration,
    max: Duration,
}

impl Backoff {
    pub(super) fn new(max: Duration) -> Self {
        Backoff {
            next: MIN_BACKOFF.min(max),
            max,
        }
    }

    pub(super) fn reset(&mut self) {
        self.next = MIN_BACKOFF.min(self.max);
    }

    pub(super) fn next_delay(&mut self) -> Duration {
        let d = self.next;
        self.next = (self.next * 2).min(self.max);
        let jitter = rand::random_range(0..=d.as_millis() as u64 / 10);
        d + Duration::from_millis(jitter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_to_its_cap() {
        let mut b = Backoff::new(Duration::from_secs(2));
        let delays: Vec<Duration> = (0..8).map(|_| b.next_delay()).collect();
        assert!(delays[0] >= MIN_BACKOFF && delays[0] < MIN_BACKOFF * 2);
        assert!(delays[1] >= MIN_BACKOFF * 2);
        assert!(delays.iter().all(|d| *d <= Duration::from_millis(2200)));
        assert!(delays[7] >= Duration::from_secs(2));
        b.reset();
        assert!(b.next_delay() < MIN_BACKOFF * 2);
    }
}
