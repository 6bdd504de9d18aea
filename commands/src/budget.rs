//! The `budget` grammar words: show the daily caps, set one, remove one.

use m3shd_api::{BudgetKey, Budgets};

use m3shd_client::{Client, ClientError};

use crate::reply::{Reply, to_json};
use crate::text::usd;

/// The caps in force, in a few lines.
fn budgets_text(b: &Budgets) -> String {
    let per_agent_usd = b
        .agent_daily_usd
        .map(|c| format!("{}/day", usd(c)))
        .unwrap_or_else(|| "no cap".into());
    let mesh = b
        .mesh_daily_usd
        .map(|c| format!("{}/day", usd(c)))
        .unwrap_or_else(|| "no cap".into());
    let mut lines = vec![
        format!("mesh-usd: {mesh}"),
        format!("agent-usd: {per_agent_usd}"),
        format!(
            "agent-tokens: {}/day",
            b.agent_daily_tokens
                .map(|t| t.to_string())
                .unwrap_or_else(|| "default".into())
        ),
    ];
    for (agent, cap) in &b.agent_usd_overrides {
        lines.push(format!("agent-usd:{agent}: {}/day", usd(*cap)));
    }
    for (agent, tokens) in &b.agent_overrides {
        lines.push(format!("agent-tokens:{agent}: {tokens}/day"));
    }
    lines.join("\n")
}

pub(crate) async fn show(client: &Client) -> Result<Reply, ClientError> {
    let b = client.budgets().await?;
    Ok(Reply::new(budgets_text(&b), to_json(&b)))
}

/// `budget set KEY VALUE` (`value` Some) or `budget unset KEY` (None).
pub(crate) async fn change(
    client: &Client,
    key: &str,
    value: Option<&str>,
) -> Result<Reply, ClientError> {
    let key: BudgetKey = key.parse().map_err(ClientError::Failed)?;
    let req = key.change(value).map_err(ClientError::Failed)?;
    let b = client.set_budgets(&req).await?;
    let head = match value {
        Some(_) => format!("budget {key} set"),
        None => format!("budget {key} removed"),
    };
    Ok(Reply::new(
        format!("{head}\n{}", budgets_text(&b)),
        to_json(&b),
    ))
}
