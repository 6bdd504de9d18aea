//! Task graphs, templates, approvals, escalations, costs, budgets, summary
//! and analytics: the operator's control loop.

use m3shd_api::*;
use reqwest::Method;

use crate::http::seg;
use crate::{Client, ClientError};

/// `?status=` / `?day=` / `?limit=` / `?days=` query strings.
#[derive(serde::Serialize)]
struct Q<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    day: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    days: Option<u32>,
}

impl Q<'_> {
    const NONE: Q<'static> = Q {
        status: None,
        day: None,
        limit: None,
        days: None,
    };
}

impl Client {
    async fn get_q<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        q: &Q<'_>,
    ) -> Result<T, ClientError> {
        self.send(self.request(Method::GET, path).query(q)).await
    }

    async fn put<B: serde::Serialize + ?Sized, T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, ClientError> {
        self.send(self.request(Method::PUT, path).json(body)).await
    }

    // ---- task graphs ----

    /// `POST /api/pipelines`: the whole graph, atomically.
    pub async fn create_pipeline(&self, req: &CreatePipeline) -> Result<Pipeline, ClientError> {
        self.post("/api/pipelines", req).await
    }

    pub async fn get_pipeline(&self, id: &str) -> Result<Pipeline, ClientError> {
        self.get(&format!("/api/pipelines/{}", seg(id))).await
    }

    pub async fn list_pipelines(&self) -> Result<PipelineList, ClientError> {
        self.get("/api/pipelines").await
    }

    /// Replace the parents of a task that has not started (409
    /// `dependency_cycle` on a cycle).
    pub async fn set_dependencies(
        &self,
        task_id: &str,
        depends_on: Vec<String>,
    ) -> Result<Task, ClientError> {
        let path = format!("/api/tasks/{}/dependencies", seg(task_id));
        self.put(&path, &SetDependencies { depends_on }).await
    }

    /// Suspend a leased task and continue it elsewhere (lease holder only).
    pub async fn handoff(
        &self,
        task_id: &str,
        req: &Handoff,
    ) -> Result<HandoffResult, ClientError> {
        self.post(&format!("/api/tasks/{}/handoff", seg(task_id)), req)
            .await
    }

    // ---- templates ----

    pub async fn list_templates(&self) -> Result<TemplateList, ClientError> {
        self.get("/api/templates").await
    }

    /// By id or name.
    pub async fn get_template(&self, id_or_name: &str) -> Result<Template, ClientError> {
        self.get(&format!("/api/templates/{}", seg(id_or_name)))
            .await
    }

    pub async fn create_template(&self, req: &CreateTemplate) -> Result<Template, ClientError> {
        self.post("/api/templates", req).await
    }

    /// Change whether it takes federated input.
    pub async fn update_template(
        &self,
        id_or_name: &str,
        req: &UpdateTemplate,
    ) -> Result<Template, ClientError> {
        let path = format!("/api/templates/{}", seg(id_or_name));
        self.send(self.request(Method::PUT, &path).json(req)).await
    }

    pub async fn delete_template(&self, id_or_name: &str) -> Result<(), ClientError> {
        let path = format!("/api/templates/{}", seg(id_or_name));
        self.send_empty(self.request(Method::DELETE, &path)).await
    }

    /// Create a task from a template (422 naming a missing variable).
    pub async fn dispatch_template(
        &self,
        id_or_name: &str,
        req: &DispatchTemplate,
    ) -> Result<Task, ClientError> {
        let path = format!("/api/templates/{}/dispatch", seg(id_or_name));
        self.post(&path, req).await
    }

    // ---- approvals ----

    pub async fn create_approval(&self, req: &CreateApproval) -> Result<Approval, ClientError> {
        self.post("/api/approvals", req).await
    }

    /// `status`: `pending`, `approved`, `rejected`, `expired`; None = all.
    pub async fn list_approvals(&self, status: Option<&str>) -> Result<ApprovalList, ClientError> {
        let q = Q { status, ..Q::NONE };
        self.get_q("/api/approvals", &q).await
    }

    /// Decide approval `id`; `None` decides the most recent pending one
    /// (404 when there is none).
    pub async fn decide_approval(
        &self,
        id: Option<&str>,
        decision: Decision,
    ) -> Result<Approval, ClientError> {
        let path = format!("/api/approvals/{}", seg(id.unwrap_or("latest")));
        self.put(&path, &DecideApproval { decision }).await
    }

    // ---- escalations ----

    /// `status`: `open`, `acknowledged`, `resolved`; None = all.
    pub async fn list_escalations(
        &self,
        status: Option<&str>,
    ) -> Result<EscalationList, ClientError> {
        let q = Q { status, ..Q::NONE };
        self.get_q("/api/escalations", &q).await
    }

    pub async fn update_escalation(
        &self,
        id: &str,
        status: EscalationStatus,
    ) -> Result<Escalation, ClientError> {
        let path = format!("/api/escalations/{}", seg(id));
        self.put(&path, &UpdateEscalation { status }).await
    }

    // ---- costs, budgets, summary, analytics ----

    /// `day` is `YYYY-MM-DD` (UTC); None = today.
    pub async fn costs(&self, day: Option<&str>) -> Result<CostReport, ClientError> {
        let q = Q { day, ..Q::NONE };
        self.get_q("/api/costs", &q).await
    }

    pub async fn budgets(&self) -> Result<Budgets, ClientError> {
        self.get("/api/budgets").await
    }

    /// Change some caps (absent: unchanged, `None` inside: removed);
    /// answers the caps in force.
    pub async fn set_budgets(&self, req: &SetBudgets) -> Result<Budgets, ClientError> {
        self.put("/api/budgets", req).await
    }

    /// Whether an idle agent is given maintenance tasks, and its spend.
    pub async fn maintenance(&self, agent: &str) -> Result<Maintenance, ClientError> {
        let path = format!("/api/agents/{}/maintenance", seg(agent));
        self.get(&path).await
    }

    pub async fn set_maintenance(
        &self,
        agent: &str,
        req: &SetMaintenance,
    ) -> Result<Maintenance, ClientError> {
        let path = format!("/api/agents/{}/maintenance", seg(agent));
        self.put(&path, req).await
    }

    pub async fn summary(&self, limit: Option<u32>) -> Result<Summary, ClientError> {
        let q = Q { limit, ..Q::NONE };
        self.get_q("/api/summary", &q).await
    }

    /// `GET /api/admin/analytics/{kind}?days=N`, `kind` one of `tasks`,
    /// `costs`, `agents`, `summary`.
    pub async fn analytics(
        &self,
        kind: &str,
        days: Option<u32>,
    ) -> Result<serde_json::Value, ClientError> {
        let q = Q { days, ..Q::NONE };
        self.get_q(&format!("/api/admin/analytics/{}", seg(kind)), &q)
            .await
    }
}
