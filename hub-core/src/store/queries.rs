//! The read side of the store, as the domain sees it: a snapshot from the
//! read pool, or the write transaction reading its own changes. One
//! accessor per aggregate; the operations are named in `repos`.

use super::repos::{
    AgentReads, AgentTokenReads, ApiKeyReads, ApprovalReads, AttachmentReads, AuditReads,
    ContextReads, CostReads, EscalationReads, EventReads, JoinKeyReads, MemoryReads, MessageReads,
    PipelineReads, ProvenanceReads, SessionReads, SettingReads, TaskReads, TemplateReads,
    UserReads, WebhookReads,
};
use super::repos::{
    EvolutionReads, FederationReads, ProtocolReads, ReplicaReads, ScheduleReads, WorldReads,
};

/// Reads, on a read snapshot and inside a write transaction.
pub trait Queries {
    fn tasks(&self) -> &dyn TaskReads;
    fn agents(&self) -> &dyn AgentReads;
    fn events(&self) -> &dyn EventReads;
    fn context(&self) -> &dyn ContextReads;
    fn pipelines(&self) -> &dyn PipelineReads;
    fn templates(&self) -> &dyn TemplateReads;
    fn approvals(&self) -> &dyn ApprovalReads;
    fn escalations(&self) -> &dyn EscalationReads;
    fn costs(&self) -> &dyn CostReads;
    fn settings(&self) -> &dyn SettingReads;
    fn messages(&self) -> &dyn MessageReads;
    fn attachments(&self) -> &dyn AttachmentReads;
    fn memories(&self) -> &dyn MemoryReads;
    fn agent_tokens(&self) -> &dyn AgentTokenReads;
    fn join_keys(&self) -> &dyn JoinKeyReads;
    fn users(&self) -> &dyn UserReads;
    fn sessions(&self) -> &dyn SessionReads;
    fn api_keys(&self) -> &dyn ApiKeyReads;
    fn audit(&self) -> &dyn AuditReads;
    fn provenance(&self) -> &dyn ProvenanceReads;
    fn webhooks(&self) -> &dyn WebhookReads;
    fn schedules(&self) -> &dyn ScheduleReads;
    fn protocols(&self) -> &dyn ProtocolReads;
    fn replicas(&self) -> &dyn ReplicaReads;
    fn evolution(&self) -> &dyn EvolutionReads;
    fn world(&self) -> &dyn WorldReads;
    fn federation(&self) -> &dyn FederationReads;
}
