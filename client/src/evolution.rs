//! Self-evolving agents: performance, proposals, and the operator's
//! decisions on guideline amendments.

use m3shd_api::{
    AgentPerformance, Amendment, AmendmentList, AmendmentQuery, EvolutionProposal,
    PerformanceQuery, RejectAmendment,
};
use reqwest::Method;

use crate::http::seg;
use crate::{Client, ClientError};

impl Client {
    /// Amendments, newest first.
    pub async fn list_amendments(&self, q: &AmendmentQuery) -> Result<AmendmentList, ClientError> {
        self.send(
            self.request(Method::GET, "/api/evolution/amendments")
                .query(q),
        )
        .await
    }

    pub async fn get_amendment(&self, id: &str) -> Result<Amendment, ClientError> {
        self.get(&format!("/api/evolution/amendments/{}", seg(id)))
            .await
    }

    /// Put it in its agent's prompts.
    pub async fn apply_amendment(&self, id: &str) -> Result<Amendment, ClientError> {
        let path = format!("/api/evolution/amendments/{}/apply", seg(id));
        self.post(&path, &serde_json::json!({})).await
    }

    pub async fn reject_amendment(
        &self,
        id: &str,
        reason: Option<&str>,
    ) -> Result<Amendment, ClientError> {
        let path = format!("/api/evolution/amendments/{}/reject", seg(id));
        let req = RejectAmendment {
            reason: reason.map(str::to_string),
        };
        self.post(&path, &req).await
    }

    /// Take an applied one back.
    pub async fn revert_amendment(&self, id: &str) -> Result<Amendment, ClientError> {
        let path = format!("/api/evolution/amendments/{}/revert", seg(id));
        self.post(&path, &serde_json::json!({})).await
    }

    /// An evolution task about `agent` now.
    pub async fn propose_evolution(&self, agent: &str) -> Result<EvolutionProposal, ClientError> {
        let path = format!("/api/agents/{}/evolve/propose", seg(agent));
        self.post(&path, &serde_json::json!({})).await
    }

    /// `agent`'s finished tasks per capability over `days` (7).
    pub async fn agent_performance(
        &self,
        agent: &str,
        days: Option<u32>,
    ) -> Result<AgentPerformance, ClientError> {
        let path = format!("/api/agents/{}/performance", seg(agent));
        let q = PerformanceQuery { days };
        self.send(self.request(Method::GET, &path).query(&q)).await
    }
}
