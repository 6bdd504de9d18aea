//! The per-agent circuit breaker (ARCHITECTURE.md, "Dispatch"): `threshold` consecutive
//! failures open it; after the cool-down it is half-open and lets exactly
//! one task through; that task's success closes it, its failure reopens it.

use m3shd_api::{CircuitState, Timestamp};

#[derive(Debug, Clone, PartialEq)]
pub struct Breaker {
    pub state: CircuitState,
    pub consecutive_failures: i64,
    pub opened_at: Option<Timestamp>,
}

/// What a recorded outcome did to the breaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    None,
    Opened,
    Closed,
}

impl Breaker {
    pub fn on_success(&mut self) -> Change {
        self.consecutive_failures = 0;
        if self.state == CircuitState::Closed {
            return Change::None;
        }
        self.state = CircuitState::Closed;
        self.opened_at = None;
        Change::Closed
    }

    pub fn on_failure(&mut self, threshold: i64, now: Timestamp) -> Change {
        self.consecutive_failures += 1;
        let trip = match self.state {
            // The one trial task failed: straight back to open.
            CircuitState::HalfOpen => true,
            CircuitState::Closed => self.consecutive_failures >= threshold.max(1),
            CircuitState::Open => false,
        };
        if trip {
            self.state = CircuitState::Open;
            self.opened_at = Some(now);
            Change::Opened
        } else {
            Change::None
        }
    }

    /// Open → half-open once `cooldown` has passed. Returns whether it moved.
    pub fn cool(&mut self, now: Timestamp, cooldown: std::time::Duration) -> bool {
        let cooldown = chrono::Duration::from_std(cooldown).unwrap_or(chrono::Duration::MAX);
        match (self.state, self.opened_at) {
            (CircuitState::Open, Some(at)) if now.signed_duration_since(at) >= cooldown => {
                self.state = CircuitState::HalfOpen;
                true
            }
            _ => false,
        }
    }

    /// How many more tasks the breaker lets through given what the agent
    /// holds and its free slots.
    pub fn admits(state: CircuitState, free: i64, held: i64) -> i64 {
        match state {
            CircuitState::Closed => free.max(0),
            CircuitState::HalfOpen if held == 0 => free.clamp(0, 1),
            CircuitState::HalfOpen | CircuitState::Open => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn closed() -> Breaker {
        Breaker {
            state: CircuitState::Closed,
            consecutive_failures: 0,
            opened_at: None,
        }
    }

    #[test]
    fn opens_after_threshold_then_half_opens_then_closes() {
        let t0 = chrono::Utc::now();
        let mut b = closed();
        assert_eq!(b.on_failure(3, t0), Change::None);
        assert_eq!(b.on_failure(3, t0), Change::None);
        assert_eq!(b.on_failure(3, t0), Change::Opened);
        assert_eq!(b.state, CircuitState::Open);
        assert_eq!(Breaker::admits(b.state, 4, 0), 0);

        assert!(!b.cool(t0 + chrono::Duration::seconds(59), Duration::from_secs(60)));
        assert!(b.cool(t0 + chrono::Duration::seconds(60), Duration::from_secs(60)));
        assert_eq!(b.state, CircuitState::HalfOpen);
        assert_eq!(Breaker::admits(b.state, 4, 0), 1);
        assert_eq!(Breaker::admits(b.state, 4, 1), 0);

        assert_eq!(b.on_success(), Change::Closed);
        assert_eq!(b.state, CircuitState::Closed);
        assert_eq!(b.consecutive_failures, 0);
        assert_eq!(Breaker::admits(b.state, 4, 1), 4);
    }

    #[test]
    fn half_open_failure_reopens_immediately() {
        let t0 = chrono::Utc::now();
        let mut b = Breaker {
            state: CircuitState::HalfOpen,
            consecutive_failures: 3,
            opened_at: Some(t0),
        };
        let t1 = t0 + chrono::Duration::seconds(61);
        assert_eq!(b.on_failure(3, t1), Change::Opened);
        assert_eq!(b.state, CircuitState::Open);
        assert_eq!(b.opened_at, Some(t1));
    }

    #[test]
    fn success_resets_the_count() {
        let t0 = chrono::Utc::now();
        let mut b = closed();
        b.on_failure(3, t0);
        b.on_failure(3, t0);
        assert_eq!(b.on_success(), Change::None);
        assert_eq!(b.on_failure(3, t0), Change::None);
        assert_eq!(b.state, CircuitState::Closed);
    }
}
