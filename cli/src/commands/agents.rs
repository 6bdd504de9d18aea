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
        println!("no agents registered");
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

pub async fn status(client: &Client, json: bool) -> Result<ExitCode, CliError> {
    let s = client.status().await?;
    if json {
        output::json(&s)?;
        return Ok(ExitCode::SUCCESS);
    }
    println!("hub:    {}", client.base_url());
    println!("agents: {} online of {}", s.agents_online, s.agents_total);
    let order = [
        "running",
        "assigned",
        "queued",
        "blocked",
        "done",
        "failed",
        "cancelled",
        "suspended",
    ];
    let parts: Vec<String> = order
        .iter()
        .map(|k| format!("{k} {}", s.tasks.get(*k).copied().unwrap_or(0)))
        .collect();
    println!("tasks:  {}", parts.join(" · "));
    Ok(ExitCode::SUCCESS)
}
