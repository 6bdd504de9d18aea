//! `m3shd mcp`: the mesh as Model Context Protocol tools over stdio, for
//! Claude Code (`claude mcp add m3shd -- m3shd mcp`) and Claude Desktop.
//!
//! The protocol is rmcp's (the official Rust SDK); each tool is one or two
//! typed client calls to the hub with the CLI's own token, and the server
//! lists only the tools that token may use. stdout carries the protocol
//! alone: logs go to stderr.

mod control_tools;
mod fleet_tools;
mod permissions;
mod protocol_tools;
mod reply;
mod server;
mod shared_tools;
mod task_tools;
mod wait;

use std::process::ExitCode;

use m3shd_client::Client;
use rmcp::ServiceExt;

use crate::args::Conn;
use crate::exit::CliError;

use server::MeshServer;

/// An MCP server is started by a client from a command line kept in the
/// client's config file and shown by `ps` to every user for as long as it
/// runs: a token there is a token leaked. Refused before anything else.
pub fn refuse_token_in_argv(conn: &Conn) -> Result<(), CliError> {
    if !conn.token_in_argv {
        return Ok(());
    }
    Err(CliError::Usage(
        "m3shd mcp does not take --token on the command line: the MCP client would keep the \
         token in its config file and `ps` would show it to every user of this machine. \
         Instead store it once with `m3shd login --token-stdin` (or `m3shd login --user NAME`), \
         point at a file holding it with --token-file PATH, or set M3SHD_TOKEN in the \
         server's environment (Claude Desktop: its \"env\" block)"
            .into(),
    ))
}

/// Serve until the client closes stdin.
pub async fn serve(client: Client) -> Result<ExitCode, CliError> {
    // Who the token is gets asked with the first tool listing, not here:
    // a hub that is down now must not delay the start.
    let running = MeshServer::new(client)
        .serve(rmcp::transport::stdio())
        .await
        .map_err(|e| CliError::Failed(format!("MCP session did not start: {e}")))?;
    running
        .waiting()
        .await
        .map_err(|e| CliError::Failed(format!("MCP session ended badly: {e}")))?;
    Ok(ExitCode::SUCCESS)
}
