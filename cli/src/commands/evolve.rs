//! `evolve list|show|apply|reject|revert|propose|stats`. All but `stats`
//! are the grammar's `evolve` words, run through `m3shd_commands`, so a
//! subcommand and its line give the same reply.

use std::process::ExitCode;

use m3shd_api::AmendmentStatus;
use m3shd_api::grammar::{self, Command};
use m3shd_client::Client;

use crate::args_evolve::{EvolveCmd, StatusFilter};
use crate::commands::control::grammar_word;
use crate::exit::CliError;
use crate::output;

fn status(f: StatusFilter) -> Option<AmendmentStatus> {
    match f {
        StatusFilter::Proposed => Some(AmendmentStatus::Proposed),
        StatusFilter::Applied => Some(AmendmentStatus::Applied),
        StatusFilter::Rejected => Some(AmendmentStatus::Rejected),
        StatusFilter::Reverted => Some(AmendmentStatus::Reverted),
        StatusFilter::All => None,
    }
}

pub async fn run(client: &Client, cmd: EvolveCmd) -> Result<ExitCode, CliError> {
    let (cmd, json) = match cmd {
        EvolveCmd::List {
            agent,
            status: s,
            json,
        } => (
            Command::EvolveList {
                agent,
                status: status(s),
            },
            json,
        ),
        EvolveCmd::Show { id, json } => (Command::EvolveShow { id }, json),
        EvolveCmd::Apply { id, json } => (Command::EvolveApply { id }, json),
        EvolveCmd::Reject { id, reason, json } => (Command::EvolveReject { id, reason }, json),
        EvolveCmd::Revert { id, json } => (Command::EvolveRevert { id }, json),
        EvolveCmd::Propose { agent, json } => (Command::EvolvePropose { agent }, json),
        EvolveCmd::Stats { agent, days, json } => return stats(client, &agent, days, json).await,
    };
    grammar_word(client, cmd, json).await
}

async fn stats(client: &Client, agent: &str, days: u32, json: bool) -> Result<ExitCode, CliError> {
    let agent = grammar::agent_name(agent)
        .ok_or_else(|| CliError::Usage(format!("`{agent}` is not an agent name ([a-z0-9-])")))?;
    let p = client.agent_performance(&agent, Some(days)).await?;
    if json {
        output::json(&p)?;
        return Ok(ExitCode::SUCCESS);
    }
    outln!(
        "{agent}, last {} days: {} finished, {} succeeded, {} failed",
        p.window_days,
        p.finished(),
        p.succeeded,
        p.failed
    );
    let rows: Vec<Vec<String>> = p
        .by_capability
        .iter()
        .map(|c| {
            vec![
                c.capability.clone(),
                c.succeeded.to_string(),
                c.failed.to_string(),
            ]
        })
        .collect();
    if !rows.is_empty() {
        output::table(&["CAPABILITY", "SUCCEEDED", "FAILED"], &rows);
    }
    for f in &p.recent_failures {
        outln!(
            "failed {} ({}, {}): {}",
            f.task_id,
            f.capability,
            output::age(f.finished_at),
            output::short(&f.error, 60)
        );
    }
    Ok(ExitCode::SUCCESS)
}
