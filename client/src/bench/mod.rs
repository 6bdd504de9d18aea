//! Measurements a client can take of any hub over its API: dispatch
//! throughput and concurrency through probe workers, end-to-end completion,
//! memory insert and search, how fast events fan out to live subscribers,
//! how fast a worker can stream output through it, and a federation relay
//! between two hubs. The CLI's
//! `m3shd bench` and the hub's own benchmark report both run these, so the
//! figures mean the same everywhere.

mod dispatch;
mod e2e;
mod fanout;
pub mod memory;
mod probe;
mod relay;
mod stream;

pub use dispatch::{ConcurrencyFigures, ThroughputFigures, concurrency, throughput};
pub use e2e::{EndToEndFigures, end_to_end};
pub use fanout::{FANOUT_CHANNEL, FanoutFigures, fanout};
pub use memory::{MemoryFigures, memory};
pub use probe::Probes;
pub use relay::{RelayFigures, RelayHub, relay};
pub use stream::{StreamFigures, stream_output};

/// A well-stirred u64 of `x` (the splitmix64 finaliser): the benches'
/// deterministic generator, no cryptographic randomness needed.
pub fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// The `p` quantile (0..=1) of sorted samples, nearest rank (0 when empty).
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    // `p` is in [0, 1], so the rank is in [0, len - 1].
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx.min(sorted.len() - 1)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_pick_the_nearest_rank() {
        let d: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&d, 0.5), 51.0);
        assert_eq!(percentile(&d, 0.99), 99.0);
        assert_eq!(percentile(&d, 1.0), 100.0);
        assert_eq!(percentile(&[], 0.5), 0.0);
    }
}
