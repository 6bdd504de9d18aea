//! `federation_relay`: two more scratch hubs in this process, each the
//! other's peer (the origin offers a task as soon as it is queued, both
//! pass every 50 ms), measured by `m3shd_client::bench::relay`. A pair of
//! its own, so the other tests' hub never runs a federation pass with
//! peers.

use std::path::PathBuf;
use std::time::Duration;

use m3shd_client::ClientError;
use m3shd_client::bench::{self, RelayFigures, RelayHub};

use super::scratch::{ScratchHub, ServeHub};

/// Where the pair lives and how it is served.
pub struct RelayPair {
    pub serve: ServeHub,
    /// Inside the run's scratch dir (removed with it).
    pub dir: PathBuf,
}

/// Between two federation passes on the pair.
const PASS: Duration = Duration::from_millis(50);

fn failed(e: impl std::fmt::Display) -> ClientError {
    ClientError::Failed(format!("the relay's scratch hubs: {e}"))
}

async fn start(pair: &RelayPair, name: &str) -> Result<ScratchHub, ClientError> {
    let name = name.to_string();
    ScratchHub::start_in(&pair.dir.join(&name), pair.serve, |c| {
        c.hub_name = Some(name.clone());
        c.relay_after = Duration::ZERO;
        c.peer_interval = Some(PASS);
    })
    .await
    .map_err(failed)
}

/// Start the pair, relay `tasks` tasks, stop the pair.
pub async fn relay(
    pair: &RelayPair,
    tasks: usize,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<RelayFigures, ClientError> {
    let origin = start(pair, "bench-origin").await?;
    let peer = match start(pair, "bench-peer").await {
        Ok(p) => p,
        Err(e) => {
            origin.stop().await;
            return Err(e);
        }
    };
    let outcome = async {
        let (oc, pc) = (
            origin.client().map_err(failed)?,
            peer.client().map_err(failed)?,
        );
        bench::relay(
            RelayHub {
                client: &oc,
                url: &origin.url,
            },
            RelayHub {
                client: &pc,
                url: &peer.url,
            },
            tasks,
            progress,
        )
        .await
    }
    .await;
    origin.stop().await;
    peer.stop().await;
    outcome
}
