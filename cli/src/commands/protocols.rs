//! `task graph`, `task votes`, `task trace`, `ledger`: what the quality
//! protocols did (ARCHITECTURE.md, "Quality protocols").

use std::process::ExitCode;

use m3shd_client::Client;

use super::protocol_view;
use crate::exit::CliError;
use crate::output;

pub async fn graph(client: &Client, id: &str, json: bool) -> Result<ExitCode, CliError> {
    let g = client.task_graph(id).await?;
    if json {
        output::json(&g)?;
    } else {
        out!("{}", protocol_view::graph(&g));
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn votes(client: &Client, id: &str, json: bool) -> Result<ExitCode, CliError> {
    let v = client.task_votes(id).await?;
    if json {
        output::json(&v)?;
    } else {
        out!("{}", protocol_view::votes(&v));
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn trace(client: &Client, id: &str, json: bool) -> Result<ExitCode, CliError> {
    let t = client.task_trace(id).await?;
    if json {
        output::json(&t)?;
    } else {
        out!("{}", protocol_view::trace(&t));
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn decide(
    client: &Client,
    id: &str,
    decision: m3shd_api::Verdict,
    reason: Option<String>,
    json: bool,
) -> Result<ExitCode, CliError> {
    let t = client
        .decide_protocol(id, &m3shd_api::DecideProtocol { decision, reason })
        .await?;
    if json {
        output::json(&t)?;
    } else if let Some(p) = &t.protocol {
        outln!(
            "task {} · protocol {}: {}",
            t.id,
            protocol_view::outcome_summary(p),
            p.reason.as_deref().unwrap_or("")
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn ledger(client: &Client, json: bool) -> Result<ExitCode, CliError> {
    let l = client.ledger().await?;
    if json {
        output::json(&l)?;
    } else {
        out!("{}", protocol_view::ledger(&l));
    }
    Ok(ExitCode::SUCCESS)
}
