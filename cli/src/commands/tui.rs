//! `m3shd tui`: the live console.

use std::process::ExitCode;

use m3shd_client::Client;

use crate::exit::CliError;

pub async fn run(client: Client) -> Result<ExitCode, CliError> {
    // Check the hub and the token before taking over the terminal, so a
    // wrong token exits 3 with a readable message.
    client.status().await?;
    m3shd_tui::run_tui(client)
        .await
        .map_err(|e| CliError::Failed(format!("terminal: {e}")))?;
    Ok(ExitCode::SUCCESS)
}
