//! Fleet tools: agents, mesh status, costs and budgets.

use m3shd_api::{AgentList, Budgets, CostReport};
use m3shd_client::ClientError;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::CallToolResult;
use rmcp::{tool, tool_router};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::server::MeshServer;

#[derive(Debug, Deserialize, JsonSchema)]
pub struct CostsArgs {
    /// The UTC day, `YYYY-MM-DD` (default today).
    #[serde(default)]
    pub day: Option<String>,
}

/// What the costs tool answers: the day's spend and the caps in force.
#[derive(Debug, Serialize)]
struct CostsAndBudgets {
    costs: CostReport,
    budgets: Budgets,
}

#[tool_router(router = fleet_tools, vis = "pub(super)")]
impl MeshServer {
    /// The agents of the mesh: status, capabilities, load.
    #[tool]
    async fn list_agents(&self) -> CallToolResult {
        let listed = self
            .client
            .list_agents()
            .await
            .map(|agents| AgentList { agents });
        self.answer(listed, |l| {
            if l.agents.is_empty() {
                return "no agents registered".into();
            }
            l.agents
                .iter()
                .map(|a| {
                    format!(
                        "{} {} {}/{} busy, capabilities: {}",
                        a.id,
                        a.status,
                        a.active_tasks,
                        a.max_concurrent,
                        a.capabilities.join(",")
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
    }

    /// The mesh in one look: agents online and tasks per status.
    #[tool]
    async fn mesh_status(&self) -> CallToolResult {
        self.answer(self.client.status().await, |s| {
            let tasks = s
                .tasks
                .iter()
                .filter(|(_, n)| **n > 0)
                .map(|(status, n)| format!("{status} {n}"))
                .collect::<Vec<_>>();
            format!(
                "agents online {}/{}; tasks: {}",
                s.agents_online,
                s.agents_total,
                if tasks.is_empty() {
                    "none".into()
                } else {
                    tasks.join(", ")
                }
            )
        })
    }

    /// Spend per agent for a day (tokens and US dollars) against the daily
    /// caps, and the caps themselves.
    #[tool]
    async fn costs(&self, Parameters(a): Parameters<CostsArgs>) -> CallToolResult {
        let both = async {
            let costs = self.client.costs(a.day.as_deref()).await?;
            let budgets = self.client.budgets().await?;
            Ok::<_, ClientError>(CostsAndBudgets { costs, budgets })
        };
        self.answer(both.await, |cb| {
            let c = &cb.costs;
            let mut lines = vec![format!(
                "{}: {} tokens, ${:.2}{}",
                c.day,
                c.total_tokens,
                // The hub may say -0.0 for a day without spend.
                c.total_cost_usd + 0.0,
                c.mesh_usd_cap
                    .map(|cap| format!(" of the mesh cap ${cap:.2}"))
                    .unwrap_or_default()
            )];
            for a in &c.agents {
                lines.push(format!(
                    "{}: {} of {} tokens, ${:.2}{}{}",
                    a.agent_id,
                    a.tokens,
                    a.token_cap,
                    a.cost_usd + 0.0,
                    a.usd_cap
                        .map(|u| format!(" of ${u:.2}"))
                        .unwrap_or_default(),
                    if a.capped { " (capped)" } else { "" }
                ));
            }
            lines.join("\n")
        })
    }
}
