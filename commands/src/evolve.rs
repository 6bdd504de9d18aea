//! The `evolve` grammar words: guideline amendments awaiting a decision,
//! one in full, the operator's decisions, and a proposal on demand.

use m3shd_api::{Amendment, AmendmentQuery, AmendmentStatus};
use m3shd_client::{Client, ClientError};

use crate::reply::{Reply, created, to_json};
use crate::text::one_line;

/// Amendments a reply lists at most.
const LIST_LIMIT: u32 = 20;

/// `id agent kind 0.80 status: text`.
fn line(a: &Amendment) -> String {
    let active = if a.status == AmendmentStatus::Applied && !a.active {
        " (removed)"
    } else {
        ""
    };
    format!(
        "{} {} {} {:.2} {}{active}: {}",
        a.id,
        a.agent_id,
        a.kind,
        a.confidence,
        a.status,
        one_line(&a.text, 60)
    )
}

pub(crate) async fn list(
    client: &Client,
    agent: Option<&str>,
    status: Option<AmendmentStatus>,
) -> Result<Reply, ClientError> {
    let q = AmendmentQuery {
        agent: agent.map(str::to_string),
        status,
        limit: Some(LIST_LIMIT),
    };
    let list = client.list_amendments(&q).await?;
    let what = status.map_or_else(|| "amendments".to_string(), |s| format!("{s} amendments"));
    let text = if list.amendments.is_empty() {
        format!("no {what}")
    } else {
        let mut lines = vec![format!("{} {what}", list.amendments.len())];
        lines.extend(list.amendments.iter().map(line));
        lines.join("\n")
    };
    Ok(Reply::new(text, to_json(&list)))
}

/// One amendment in full: what, why, and what became of it.
fn details(a: &Amendment) -> String {
    let mut lines = vec![
        format!("amendment {} ({})", a.id, a.status),
        format!(
            "agent {} · {} · confidence {:.2}{}",
            a.agent_id,
            a.kind,
            a.confidence,
            if a.active { " · in force" } else { "" }
        ),
        a.text.clone(),
    ];
    if !a.evidence.is_empty() {
        lines.push(format!("evidence: {}", a.evidence));
    }
    if let Some(t) = &a.target {
        lines.push(format!("removes: {t}"));
    }
    lines.push(format!("proposed by task {}", a.source_task));
    if let (Some(by), Some(at)) = (&a.decided_by, a.decided_at) {
        lines.push(format!(
            "decided by {by} at {}",
            at.format("%Y-%m-%d %H:%M UTC")
        ));
    }
    if let Some(r) = &a.reason {
        lines.push(format!("reason: {r}"));
    }
    if let (Some(by), Some(at)) = (&a.reverted_by, a.reverted_at) {
        lines.push(format!(
            "reverted by {by} at {}",
            at.format("%Y-%m-%d %H:%M UTC")
        ));
    }
    lines.join("\n")
}

pub(crate) async fn show(client: &Client, id: &str) -> Result<Reply, ClientError> {
    let a = client.get_amendment(id).await?;
    Ok(Reply::new(details(&a), to_json(&a)))
}

pub(crate) async fn apply(client: &Client, id: &str) -> Result<Reply, ClientError> {
    let a = client.apply_amendment(id).await?;
    let text = format!(
        "applied {}: {}'s next prompts carry it ({})",
        a.id,
        a.agent_id,
        one_line(&a.text, 60)
    );
    Ok(Reply::new(text, to_json(&a)))
}

pub(crate) async fn reject(
    client: &Client,
    id: &str,
    reason: Option<&str>,
) -> Result<Reply, ClientError> {
    let a = client.reject_amendment(id, reason).await?;
    Ok(Reply::new(format!("rejected {}", a.id), to_json(&a)))
}

pub(crate) async fn revert(client: &Client, id: &str) -> Result<Reply, ClientError> {
    let a = client.revert_amendment(id).await?;
    let text = format!("reverted {}: out of {}'s next prompt", a.id, a.agent_id);
    Ok(Reply::new(text, to_json(&a)))
}

pub(crate) async fn propose(client: &Client, agent: &str) -> Result<Reply, ClientError> {
    let p = client.propose_evolution(agent).await?;
    let perf = &p.performance;
    let text = format!(
        "evolution task {} about {agent}: {} succeeded, {} failed in {} days; its amendments \
         wait for you in `evolve`",
        p.task.id, perf.succeeded, perf.failed, perf.window_days
    );
    let mut reply = created(text, &p.task);
    reply.json = to_json(&p);
    Ok(reply)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_say_who_what_and_how_sure() {
        let at: m3shd_api::Timestamp = "2027-01-15T08:00:00Z".parse().expect("time");
        let mut a = Amendment {
            id: "am-1".into(),
            agent_id: "rex".into(),
            kind: m3shd_api::AmendmentKind::Add,
            text: "Cite a source\nfor every claim".into(),
            confidence: 0.8,
            evidence: "2 failures".into(),
            source_task: "t1".into(),
            status: AmendmentStatus::Proposed,
            target: None,
            active: false,
            created_at: at,
            updated_at: at,
            decided_at: None,
            decided_by: None,
            reverted_at: None,
            reverted_by: None,
            reason: None,
        };
        assert_eq!(
            line(&a),
            "am-1 rex add 0.80 proposed: Cite a source for every claim"
        );
        a.status = AmendmentStatus::Applied;
        a.decided_by = Some("op".into());
        a.decided_at = Some(at);
        assert!(line(&a).contains("applied (removed)"));
        let d = details(&a);
        assert!(d.starts_with("amendment am-1 (applied)\nagent rex · add · confidence 0.80\n"));
        assert!(d.contains("evidence: 2 failures") && d.contains("decided by op at"));
    }
}
