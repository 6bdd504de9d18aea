//! Quality protocols: a task's graph, its votes, its trace, and the
//! contribution ledger.

use m3shd_api::{DecideProtocol, Ledger, Task, TaskGraph, TaskTrace, VoteReport};

use crate::http::seg;
use crate::{Client, ClientError};

impl Client {
    /// The task, its parents and children, its protocol steps, and the
    /// labelled edges between them.
    pub async fn task_graph(&self, task_id: &str) -> Result<TaskGraph, ClientError> {
        self.get(&format!("/api/tasks/{}/graph", seg(task_id)))
            .await
    }

    /// The roster and the votes of a task put to a vote.
    pub async fn task_votes(&self, task_id: &str) -> Result<VoteReport, ClientError> {
        self.get(&format!("/api/tasks/{}/votes", seg(task_id)))
            .await
    }

    /// Task → result → validation → credit.
    pub async fn task_trace(&self, task_id: &str) -> Result<TaskTrace, ClientError> {
        self.get(&format!("/api/tasks/{}/trace", seg(task_id)))
            .await
    }

    /// Accept or reject the result of a task whose protocol escalated.
    pub async fn decide_protocol(
        &self,
        task_id: &str,
        req: &DecideProtocol,
    ) -> Result<Task, ClientError> {
        self.post(&format!("/api/tasks/{}/decide", seg(task_id)), req)
            .await
    }

    /// Per agent: validated results and credits.
    pub async fn ledger(&self) -> Result<Ledger, ClientError> {
        self.get("/api/ledger").await
    }
}
