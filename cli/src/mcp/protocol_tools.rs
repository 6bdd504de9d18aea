//! Quality protocol tools: a task's graph, its vote, its trace, and the
//! contribution ledger (ARCHITECTURE.md, "Quality protocols"). The text
//! part is what `m3shd task graph|votes|trace` and `m3shd ledger` print.

use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::CallToolResult;
use rmcp::{tool, tool_router};

use super::server::MeshServer;
use super::task_tools::TaskId;
use crate::commands::protocol_view;

#[tool_router(router = protocol_tools, vis = "pub(super)")]
impl MeshServer {
    /// The graph around a task: the task, its direct parents and children,
    /// the steps its quality protocols added (verifications, challenges,
    /// revisions, debate answers, syntheses, votes, validations), each with
    /// its role, status, agent and confidence, and the labelled edges
    /// between them; plus where the protocol stands and which task holds
    /// the result so far.
    #[tool]
    async fn task_graph(&self, Parameters(a): Parameters<TaskId>) -> CallToolResult {
        self.answer(self.client.task_graph(&a.id).await, protocol_view::graph)
    }

    /// The vote on a task's result (a task dispatched with vote): the
    /// agents asked to vote, each vote's verdict (accept or reject) and
    /// rationale, the tally against the quorum, and the outcome once
    /// decided.
    #[tool]
    async fn task_votes(&self, Parameters(a): Parameters<TaskId>) -> CallToolResult {
        self.answer(self.client.task_votes(&a.id).await, protocol_view::votes)
    }

    /// The evidence behind a task's result: its producer and the SHA-256
    /// of its output, each protocol step and what it decided, the
    /// validators' signed receipts (verdict, validator, signature), and the
    /// credits the validated result earned.
    #[tool]
    async fn task_trace(&self, Parameters(a): Parameters<TaskId>) -> CallToolResult {
        self.answer(self.client.task_trace(&a.id).await, protocol_view::trace)
    }

    /// The contribution ledger: per agent, how many of its results
    /// validators accepted and rejected, the credits it earned (only a
    /// validated result earns credit) and when it last earned one; most
    /// credits first.
    #[tool]
    async fn ledger(&self) -> CallToolResult {
        self.answer(self.client.ledger().await, protocol_view::ledger)
    }
}
