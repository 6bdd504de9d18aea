//! `m3shd audit` and `m3shd verify`.

use std::process::ExitCode;

use m3shd_api::{
    AuditCountList, AuditCountQuery, AuditList, AuditQuery, AuditScope, ProvenanceLink,
};
use m3shd_client::Client;

use crate::args_evidence::{AuditArgs, VerifyArgs};
use crate::exit::{CliError, FAILED};
use crate::output;

pub async fn audit(client: &Client, a: AuditArgs) -> Result<ExitCode, CliError> {
    if a.counts {
        return audit_counts(client, a).await;
    }
    let q = AuditQuery {
        after: a.after,
        limit: Some(a.limit),
        actor: a.actor,
        action: a.action,
        scope: Some(if a.all {
            AuditScope::All
        } else {
            AuditScope::Operator
        }),
    };
    let entries = client.audit(&q).await?;
    if a.json {
        output::json(&AuditList { entries })?;
    } else if entries.is_empty() {
        outln!("no audit entries");
    } else {
        let rows: Vec<Vec<String>> = entries
            .iter()
            .map(|e| {
                vec![
                    e.id.to_string(),
                    e.at.format("%Y-%m-%d %H:%M:%S").to_string(),
                    e.actor.clone(),
                    e.status.to_string(),
                    e.action.clone(),
                    e.target.clone(),
                    e.payload_sha256.chars().take(12).collect(),
                ]
            })
            .collect();
        output::table(
            &[
                "ID",
                "TIME (UTC)",
                "ACTOR",
                "STATUS",
                "ACTION",
                "TARGET",
                "BODY SHA256",
            ],
            &rows,
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `m3shd audit --counts`: heartbeats, claims, chunks and results per agent and hour.
async fn audit_counts(client: &Client, a: AuditArgs) -> Result<ExitCode, CliError> {
    let q = AuditCountQuery {
        agent: a.actor,
        hours: a.hours,
    };
    let counts = client.audit_counts(&q).await?;
    if a.json {
        output::json(&AuditCountList { counts })?;
    } else if counts.is_empty() {
        outln!("no worker-protocol calls counted");
    } else {
        let rows: Vec<Vec<String>> = counts
            .iter()
            .map(|c| {
                vec![
                    c.hour.format("%Y-%m-%d %H:00").to_string(),
                    c.agent.clone(),
                    c.action.clone(),
                    c.calls.to_string(),
                    c.failed.to_string(),
                ]
            })
            .collect();
        output::table(&["HOUR (UTC)", "AGENT", "ACTION", "CALLS", "FAILED"], &rows);
    }
    Ok(ExitCode::SUCCESS)
}

fn short(hash: &str) -> String {
    if hash.is_empty() {
        "-".into()
    } else {
        hash.chars().take(12).collect()
    }
}

fn describe(l: &ProvenanceLink) -> Vec<String> {
    vec![
        if l.valid { "ok" } else { "BAD" }.into(),
        l.task_id.clone(),
        if l.agent_id.is_empty() {
            "-".into()
        } else {
            l.agent_id.clone()
        },
        l.timestamp
            .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_else(|| "-".into()),
        short(&l.output_hash),
        short(&l.signature),
        l.problem.clone().unwrap_or_default(),
    ]
}

/// Exit 0 when the chain verifies, 1 when it does not (naming the first bad
/// link and why).
pub async fn verify(client: &Client, a: VerifyArgs) -> Result<ExitCode, CliError> {
    let report = client.provenance(&a.task).await?;
    let peer = if a.peer {
        Some(client.peer_provenance(&a.task).await?)
    } else {
        None
    };
    if a.json {
        match &peer {
            Some(p) => output::json(&serde_json::json!({"chain": report, "peer": p}))?,
            None => output::json(&report)?,
        }
    } else {
        let rows: Vec<Vec<String>> = report.chain.iter().map(describe).collect();
        output::table(
            &[
                "",
                "TASK",
                "AGENT",
                "SIGNED (UTC)",
                "OUTPUT",
                "SIGNATURE",
                "PROBLEM",
            ],
            &rows,
        );
        outln!();
        match (&report.first_bad, &report.reason) {
            (None, _) => outln!(
                "verified: {} link(s) from genesis to task {}",
                report.chain.len(),
                report.task_id
            ),
            (Some(bad), reason) => outln!(
                "NOT verified: the chain of task {} breaks at task {bad}: {}",
                report.task_id,
                reason.as_deref().unwrap_or("no reason given")
            ),
        }
        for l in &report.chain {
            if let Some(f) = &l.federated {
                outln!(
                    "task {} came back from peer hub {} (its task {}, agent {}, signature {}, \
                     output {})",
                    l.task_id,
                    f.hub,
                    f.task_id,
                    if f.agent_id.is_empty() {
                        "-"
                    } else {
                        &f.agent_id
                    },
                    short(&f.signature),
                    short(&f.output_hash)
                );
            }
        }
        if let Some(p) = &peer {
            if p.verified {
                outln!(
                    "peer {} (hub {}) verified its chain for task {}",
                    p.peer,
                    p.link.hub,
                    p.link.task_id
                );
            } else {
                outln!(
                    "peer {} (hub {}) NOT verified: {}",
                    p.peer,
                    p.link.hub,
                    p.reason.as_deref().unwrap_or("no reason given")
                );
            }
        }
    }
    let peer_ok = peer.as_ref().is_none_or(|p| p.verified);
    Ok(if report.verified && peer_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(FAILED)
    })
}
