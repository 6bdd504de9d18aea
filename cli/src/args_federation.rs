//! Arguments of `m3shd peer …`.

use std::path::PathBuf;

use clap::Subcommand;

/// Peer hubs this hub relays work to when no local agent can take it.
#[derive(Debug, Subcommand)]
pub enum PeerCmd {
    /// Add a peer hub, or replace its URL and token. The token (a
    /// `federation` token the peer's operator minted) comes from
    /// --peer-token-file or stdin, never from the command line; the hub
    /// seals it at rest and never shows it back.
    Add {
        /// A name for the peer (a-z, 0-9, -).
        name: String,
        /// The peer hub's URL, e.g. http://10.0.0.2:8333.
        url: String,
        /// A file holding the peer's token (first line). Without it the
        /// token is read from stdin.
        #[arg(long, value_name = "PATH")]
        peer_token_file: Option<PathBuf>,
        /// Print the JSON the API returns.
        #[arg(long)]
        json: bool,
    },
    /// List peers: status (online, unreachable, refused), capabilities with
    /// free slots, tasks relayed, success rate, last seen.
    List {
        /// Print the JSON the API returns.
        #[arg(long)]
        json: bool,
    },
    /// Remove a peer; tasks relayed to it come back to this hub's queue.
    Rm {
        /// The peer's name.
        name: String,
    },
}
