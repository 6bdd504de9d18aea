//! `agents` and `status`.

use std::process::ExitCode;

use m3shd_api::{AgentList, Maintenance, SetMaintenance};
use m3shd_client::Client;

use crate::args_agent::{AgentCmd, MaintenanceArgs, OnOff};

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

pub async fn agent(client: &Client, c: AgentCmd) -> Result<ExitCode, CliError> {
    match c {
        AgentCmd::Maintenance(a) => maintenance(client, a).await,
    }
}

async fn maintenance(client: &Client, a: MaintenanceArgs) -> Result<ExitCode, CliError> {
    if let Some(cap) = a.cap
        && !(cap.is_finite() && cap >= 0.0)
    {
        return Err(CliError::Usage(
            "--cap must be a non-negative number".into(),
        ));
    }
    let m = match a.state {
        None => client.maintenance(&a.id).await?,
        Some(state) => {
            let req = SetMaintenance {
                enabled: state == OnOff::On,
                daily_cap_usd: a.cap,
            };
            client.set_maintenance(&a.id, &req).await?
        }
    };
    if a.json {
        output::json(&m)?;
    } else {
        print_maintenance(&m);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_maintenance(m: &Maintenance) {
    outln!(
        "{}: maintenance {}, cap {}/day, spent today {}",
        m.agent_id,
        if m.enabled { "on" } else { "off" },
        m3shd_commands::usd(m.daily_cap_usd),
        m3shd_commands::usd(m.spent_today_usd)
    );
    for (kind, at) in &m.last {
        outln!("  last {kind}: {} ago", output::age(*at));
    }
    if !m.open_tasks.is_empty() {
        outln!("  open: {}", m.open_tasks.join(", "));
    }
}
