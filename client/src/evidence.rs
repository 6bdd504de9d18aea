//! Evidence: the audit log and result provenance.

use m3shd_api::{
    AuditCount, AuditCountList, AuditCountQuery, AuditEntry, AuditList, AuditQuery, PeerProvenance,
    ProvenanceReport,
};
use reqwest::Method;

use crate::http::seg;
use crate::{Client, ClientError};

impl Client {
    /// Audit rows, oldest first (admin:users).
    pub async fn audit(&self, q: &AuditQuery) -> Result<Vec<AuditEntry>, ClientError> {
        let list: AuditList = self
            .send(self.request(Method::GET, "/api/admin/audit").query(q))
            .await?;
        Ok(list.entries)
    }

    /// Worker-protocol calls counted per agent and hour, newest hour first
    /// (admin:users).
    pub async fn audit_counts(&self, q: &AuditCountQuery) -> Result<Vec<AuditCount>, ClientError> {
        let list: AuditCountList = self
            .send(
                self.request(Method::GET, "/api/admin/audit/counts")
                    .query(q),
            )
            .await?;
        Ok(list.counts)
    }

    /// A finished task's provenance chain as the hub verified it. A chain
    /// that does not check out is `Ok` with `verified: false`.
    pub async fn provenance(&self, task_id: &str) -> Result<ProvenanceReport, ClientError> {
        self.get(&format!("/api/tasks/{}/provenance", seg(task_id)))
            .await
    }

    /// For a result relayed back from a peer hub: the peer asked to verify
    /// its own chain, and whether it ends in the link the hub chained from.
    pub async fn peer_provenance(&self, task_id: &str) -> Result<PeerProvenance, ClientError> {
        self.get(&format!("/api/tasks/{}/provenance/peer", seg(task_id)))
            .await
    }
}
