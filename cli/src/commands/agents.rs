//! `agents` and `status`.

use std::process::ExitCode;

use m3shd_api::AgentList;
use m3shd_client::Client;

use crate::exit::CliError;
use crate::output;

pub async fn list(client: &Client, json: bool) -> Result<ExitCode, CliError> {
    let agents = client.list_agents().await?;
    if json {
        output::json(&AgentList { agents })?;
        return Ok(ExitCode::SUCCESS);
    }
    if agents.is_empty() {
        outln!("no agents registered");
        return Ok(ExitCode::SUCCESS);
    }
    let rows: Vec<Vec<String>> = agents
        .iter()
        .map(|a| {
            vec![
                a.id.clone(),
                a.status.to_string(),
                format!("{}/{}", a.active_tasks, a.max_concurrent),
                a.circuit.as_str().to_string(),
                a.last_heartbeat
                    .map(output::age)
                    .unwrap_or_else(|| "-".into()),
                a.machine.clone().unwrap_or_else(|| "-".into()),
                a.capabilities.join(","),
            ]
        })
        .collect();
    output::table(
        &[
            "ID",
            "STATUS",
            "SLOTS",
            "CIRCUIT",
            "HEARTBEAT",
            "MACHINE",
            "CAPABILITIES",
        ],
        &rows,
    );
    Ok(ExitCode::SUCCESS)
}

/// The grammar's `status`: each agent with its state and load, then the
/// task counts (the same reply a text message gets).
pub async fn status(client: &Client, json: bool) -> Result<ExitCode, CliError> {
    super::control::grammar_word(client, m3shd_api::grammar::Command::Status, json).await
}
