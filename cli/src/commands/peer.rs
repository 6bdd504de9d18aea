//! `peer add|list|rm`.

use std::io::{IsTerminal, Read};
use std::process::ExitCode;

use m3shd_api::{AddPeer, PeerList};
use m3shd_client::Client;

use crate::args_federation::PeerCmd;
use crate::commands::security::when;
use crate::exit::CliError;
use crate::output;

/// More than any token; a longer input is not one.
const MAX_INPUT: u64 = 4096;

fn first_line(raw: &str) -> Result<String, CliError> {
    let token = raw.lines().next().unwrap_or_default().trim().to_string();
    if token.is_empty() {
        return Err(CliError::Usage("the peer token is empty".into()));
    }
    Ok(token)
}

/// The token from the file, or stdin (hidden when it is a terminal).
fn read_token(file: Option<&std::path::Path>) -> Result<String, CliError> {
    if let Some(path) = file {
        let raw = std::fs::read_to_string(path).map_err(|e| {
            CliError::Usage(format!(
                "cannot read the peer token from {}: {e}",
                path.display()
            ))
        })?;
        return first_line(&raw);
    }
    if std::io::stdin().is_terminal() {
        let t = crate::commands::secret::prompt_hidden("peer token (input hidden): ")?;
        return first_line(&t);
    }
    let mut raw = String::new();
    std::io::stdin()
        .take(MAX_INPUT)
        .read_to_string(&mut raw)
        .map_err(|e| CliError::Usage(format!("cannot read the peer token from stdin: {e}")))?;
    first_line(&raw)
}

pub async fn run(client: &Client, cmd: PeerCmd) -> Result<ExitCode, CliError> {
    match cmd {
        PeerCmd::Add {
            name,
            url,
            peer_token_file,
            json,
        } => {
            let token = read_token(peer_token_file.as_deref())?;
            let peer = client.add_peer(&AddPeer { name, url, token }).await?;
            if json {
                output::json(&peer)?;
            } else {
                outln!(
                    "peer {} at {} added (its tasks are held by agent {})",
                    peer.name,
                    peer.url,
                    peer.agent_id
                );
            }
        }
        PeerCmd::List { json } => {
            let peers = client.peers().await?;
            if json {
                output::json(&PeerList { peers })?;
            } else if peers.is_empty() {
                outln!("no peers");
            } else {
                let rows: Vec<Vec<String>> = peers
                    .iter()
                    .map(|p| {
                        let caps: Vec<String> =
                            p.capacity.iter().map(|(c, n)| format!("{c}:{n}")).collect();
                        vec![
                            p.name.clone(),
                            p.url.clone(),
                            p.status.to_string(),
                            p.hub.clone().unwrap_or_else(|| "-".into()),
                            if caps.is_empty() {
                                "-".into()
                            } else {
                                caps.join(",")
                            },
                            p.relayed.to_string(),
                            p.success_rate
                                .map_or_else(|| "-".into(), |r| format!("{:.0}%", r * 100.0)),
                            when(p.last_seen),
                            p.error.clone().unwrap_or_default(),
                        ]
                    })
                    .collect();
                output::table(
                    &[
                        "NAME",
                        "URL",
                        "STATUS",
                        "HUB",
                        "FREE SLOTS",
                        "RELAYED",
                        "SUCCESS",
                        "LAST SEEN",
                        "ERROR",
                    ],
                    &rows,
                );
            }
        }
        PeerCmd::Rm { name } => {
            client.remove_peer(&name).await?;
            outln!("peer {name} removed");
        }
    }
    Ok(ExitCode::SUCCESS)
}
