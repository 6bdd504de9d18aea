//! The shape every simple background loop of the hub shares: run a pass
//! every `every` (a missed tick is delayed, never bunched up) until the hub
//! stops.

use std::future::Future;
use std::time::Duration;

use tokio::time::MissedTickBehavior;
use tokio_util::sync::CancellationToken;

/// Run `pass` every `every` (at least every 10 ms) until `stop`.
pub async fn every<F, Fut>(every: Duration, stop: CancellationToken, mut pass: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = ()>,
{
    let mut tick = tokio::time::interval(every.max(Duration::from_millis(10)));
    tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = stop.cancelled() => return,
            _ = tick.tick() => {}
        }
        pass().await;
    }
}
