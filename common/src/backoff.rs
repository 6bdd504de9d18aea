//! Waiting longer after each failure: pauses that double up to a cap, so a
//! hub that is down is not hammered and one that is back is found soon.

use std::time::Duration;

/// `base` doubled `doublings` times, at most `cap` (also when the doubling
/// overflows).
pub fn doubled(base: Duration, doublings: u32, cap: Duration) -> Duration {
    1u32.checked_shl(doublings)
        .and_then(|factor| base.checked_mul(factor))
        .map_or(cap, |d| d.min(cap))
}

/// The pauses between tries of one thing that keeps failing: `first`,
/// then doubling up to `max`; back to `first` after a success.
#[derive(Debug, Clone)]
pub struct Backoff {
    first: Duration,
    max: Duration,
    failures: u32,
    jitter: bool,
}

impl Backoff {
    pub fn new(first: Duration, max: Duration) -> Backoff {
        Backoff {
            first,
            max,
            failures: 0,
            jitter: false,
        }
    }

    /// Add up to a tenth to each pause at random, so many clients that
    /// failed together do not all come back at the same moment.
    pub fn with_jitter(mut self) -> Backoff {
        self.jitter = true;
        self
    }

    /// The pause before the next try.
    pub fn next_delay(&mut self) -> Duration {
        let d = doubled(self.first, self.failures, self.max);
        self.failures = self.failures.saturating_add(1);
        if self.jitter {
            let extra = rand::random_range(0..=crate::duration::millis(d) / 10);
            d + Duration::from_millis(extra)
        } else {
            d
        }
    }

    /// A try succeeded: the next failure waits `first` again.
    pub fn reset(&mut self) {
        self.failures = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIRST: Duration = Duration::from_millis(200);

    #[test]
    fn backoff_grows_to_its_cap() {
        let mut b = Backoff::new(FIRST, Duration::from_secs(2)).with_jitter();
        let delays: Vec<Duration> = (0..8).map(|_| b.next_delay()).collect();
        assert!(delays[0] >= FIRST && delays[0] < FIRST * 2);
        assert!(delays[1] >= FIRST * 2);
        assert!(delays.iter().all(|d| *d <= Duration::from_millis(2200)));
        assert!(delays[7] >= Duration::from_secs(2));
        b.reset();
        assert!(b.next_delay() < FIRST * 2);
    }

    #[test]
    fn without_jitter_the_pauses_are_exact() {
        let mut b = Backoff::new(FIRST, Duration::from_secs(10));
        let ms: Vec<u128> = (0..8).map(|_| b.next_delay().as_millis()).collect();
        assert_eq!(ms, [200, 400, 800, 1600, 3200, 6400, 10_000, 10_000]);
        // A cap below the first pause wins from the start.
        let mut b = Backoff::new(FIRST, Duration::from_millis(50));
        assert_eq!(b.next_delay(), Duration::from_millis(50));
    }

    #[test]
    fn doubling_stops_at_the_cap_even_when_it_overflows() {
        let s = Duration::from_secs;
        assert_eq!(doubled(s(1), 0, s(60)), s(1));
        assert_eq!(doubled(s(1), 5, s(60)), s(32));
        assert_eq!(doubled(s(1), 6, s(60)), s(60));
        assert_eq!(doubled(s(1), 40, s(60)), s(60));
        assert_eq!(doubled(Duration::MAX, 1, s(60)), s(60));
        let mut b = Backoff::new(s(1), Duration::MAX);
        for _ in 0..100 {
            b.next_delay();
        }
        assert_eq!(b.next_delay(), Duration::MAX);
    }
}
