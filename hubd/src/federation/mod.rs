//! Federation's transport side (ARCHITECTURE.md, "Federation"): this hub's
//! name, what it last heard from each peer, the HTTP calls to peers, and
//! the loop that heartbeats peers, relays waiting tasks and brings results
//! back. The rules are in `m3shd_hub_core::domain::federation`.

mod client;
mod follow;
mod live;
mod pass;
mod verify;

use std::path::Path;
use std::time::Duration;

pub use follow::follow_events;
pub use live::Federation;
pub use pass::federation_loop;
pub use verify::ask_peer;

use crate::error::HubError;

/// How long a queued task waits for a local agent before it is offered to
/// peers (`--relay-after`).
pub const DEFAULT_RELAY_AFTER: Duration = Duration::from_secs(10);

/// How often a relayed task whose peer pushes its result back is polled
/// anyway (`--relay-poll`): the fallback for a push that does not arrive.
pub const DEFAULT_RELAY_POLL: Duration = Duration::from_secs(30);

/// The longest gap between two heartbeats to a peer.
pub const MAX_PEER_INTERVAL: Duration = Duration::from_secs(5);

const HUB_ID_FILE: &str = "hub-id";

/// Whether `name` can be a hub's name in a visited list.
pub fn valid_hub_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// This hub's name among its peers: `--hub-name`, or the id kept in the
/// data dir (made once, at random, so two hubs on one machine differ).
pub fn resolve_hub_name(given: Option<&str>, data_dir: &Path) -> Result<String, HubError> {
    if let Some(name) = given {
        if !valid_hub_name(name) {
            return Err(HubError::Config(format!(
                "--hub-name {name:?}: 1-64 characters of letters, digits, - _ ."
            )));
        }
        return Ok(name.to_string());
    }
    let path = data_dir.join(HUB_ID_FILE);
    match std::fs::read_to_string(&path) {
        Ok(s) if valid_hub_name(s.trim()) => return Ok(s.trim().to_string()),
        Ok(_) => {
            return Err(HubError::Config(format!(
                "{} does not hold a hub name",
                path.display()
            )));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(HubError::Config(format!("{}: {e}", path.display()))),
    }
    let id: u32 = rand::random();
    let name = format!("hub-{id:08x}");
    m3shd_common::private_fs::write_atomic(&path, name.as_bytes())?;
    Ok(name)
}
