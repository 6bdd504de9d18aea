//! One write transaction, as the domain sees it. A backend provides the
//! transaction (`WriteTx`); `Tx` is what the domain's closures receive, so
//! they never name a backend. Every change made through it commits together
//! with the events it emitted, or not at all.

use m3shd_api::{Event, Timestamp};

use super::error::StoreError;
use super::queries::Queries;
use super::repos::{
    AgentReads, AgentTokenReads, AgentTokenWrites, AgentWrites, ApiKeyReads, ApiKeyWrites,
    ApprovalReads, ApprovalWrites, AttachmentReads, AttachmentWrites, AuditReads, AuditWrites,
    ContextReads, ContextWrites, CostReads, CostWrites, EscalationReads, EscalationWrites,
    EventReads, EventWrites, JoinKeyReads, JoinKeyWrites, MemoryReads, MemoryWrites, MessageReads,
    MessageWrites, PipelineReads, PipelineWrites, ProvenanceReads, ProvenanceWrites, SessionReads,
    SessionWrites, SettingReads, SettingWrites, TaskReads, TaskWrites, TemplateReads,
    TemplateWrites, UserReads, UserWrites, WebhookReads, WebhookWrites,
};
use super::repos::{
    EvolutionReads, EvolutionWrites, FederationReads, FederationWrites, ProtocolReads,
    ProtocolWrites, ReplicaReads, ReplicaWrites, ScheduleReads, ScheduleWrites, WorldReads,
    WorldWrites,
};

/// A write transaction as a backend provides it.
pub trait WriteTx {
    /// The time of this operation: every timestamp it writes uses it.
    fn now(&self) -> Timestamp;
    /// Append an event to the log (published after the commit).
    fn emit(&mut self, event: Event) -> Result<i64, StoreError>;
    fn tasks(&self) -> &dyn TaskWrites;
    fn agents(&self) -> &dyn AgentWrites;
    fn events(&self) -> &dyn EventWrites;
    fn context(&self) -> &dyn ContextWrites;
    fn pipelines(&self) -> &dyn PipelineWrites;
    fn templates(&self) -> &dyn TemplateWrites;
    fn approvals(&self) -> &dyn ApprovalWrites;
    fn escalations(&self) -> &dyn EscalationWrites;
    fn costs(&self) -> &dyn CostWrites;
    fn settings(&self) -> &dyn SettingWrites;
    fn messages(&self) -> &dyn MessageWrites;
    fn attachments(&self) -> &dyn AttachmentWrites;
    fn memories(&self) -> &dyn MemoryWrites;
    fn agent_tokens(&self) -> &dyn AgentTokenWrites;
    fn join_keys(&self) -> &dyn JoinKeyWrites;
    fn users(&self) -> &dyn UserWrites;
    fn sessions(&self) -> &dyn SessionWrites;
    fn api_keys(&self) -> &dyn ApiKeyWrites;
    fn audit(&self) -> &dyn AuditWrites;
    fn provenance(&self) -> &dyn ProvenanceWrites;
    fn webhooks(&self) -> &dyn WebhookWrites;
    fn schedules(&self) -> &dyn ScheduleWrites;
    fn protocols(&self) -> &dyn ProtocolWrites;
    fn replicas(&self) -> &dyn ReplicaWrites;
    fn evolution(&self) -> &dyn EvolutionWrites;
    fn world(&self) -> &dyn WorldWrites;
    fn federation(&self) -> &dyn FederationWrites;
    /// Free what the writing connection caches in process (pages it read)
    /// and does not need until it writes again. Nothing to free by default.
    fn release_cache(&self) -> Result<(), StoreError> {
        Ok(())
    }
}

/// The domain's handle on one write transaction.
pub struct Tx<'t> {
    inner: &'t mut dyn WriteTx,
}

impl<'t> Tx<'t> {
    pub(super) fn new(inner: &'t mut dyn WriteTx) -> Self {
        Tx { inner }
    }

    /// The time of this transaction: every timestamp it writes uses it.
    pub fn now(&self) -> Timestamp {
        self.inner.now()
    }

    /// Append an event to the log (published after the commit).
    pub fn emit(&mut self, event: Event) -> Result<i64, StoreError> {
        self.inner.emit(event)
    }

    /// Free what the writing connection caches in process (see `WriteTx`).
    pub fn release_cache(&self) -> Result<(), StoreError> {
        self.inner.release_cache()
    }

    pub fn tasks(&self) -> &dyn TaskWrites {
        self.inner.tasks()
    }

    pub fn agents(&self) -> &dyn AgentWrites {
        self.inner.agents()
    }

    pub fn events(&self) -> &dyn EventWrites {
        self.inner.events()
    }

    pub fn context(&self) -> &dyn ContextWrites {
        self.inner.context()
    }

    pub fn pipelines(&self) -> &dyn PipelineWrites {
        self.inner.pipelines()
    }

    pub fn templates(&self) -> &dyn TemplateWrites {
        self.inner.templates()
    }

    pub fn approvals(&self) -> &dyn ApprovalWrites {
        self.inner.approvals()
    }

    pub fn escalations(&self) -> &dyn EscalationWrites {
        self.inner.escalations()
    }

    pub fn costs(&self) -> &dyn CostWrites {
        self.inner.costs()
    }

    pub fn settings(&self) -> &dyn SettingWrites {
        self.inner.settings()
    }

    pub fn messages(&self) -> &dyn MessageWrites {
        self.inner.messages()
    }

    pub fn attachments(&self) -> &dyn AttachmentWrites {
        self.inner.attachments()
    }

    pub fn memories(&self) -> &dyn MemoryWrites {
        self.inner.memories()
    }

    pub fn agent_tokens(&self) -> &dyn AgentTokenWrites {
        self.inner.agent_tokens()
    }

    pub fn join_keys(&self) -> &dyn JoinKeyWrites {
        self.inner.join_keys()
    }

    pub fn users(&self) -> &dyn UserWrites {
        self.inner.users()
    }

    pub fn sessions(&self) -> &dyn SessionWrites {
        self.inner.sessions()
    }

    pub fn api_keys(&self) -> &dyn ApiKeyWrites {
        self.inner.api_keys()
    }

    pub fn audit(&self) -> &dyn AuditWrites {
        self.inner.audit()
    }

    pub fn provenance(&self) -> &dyn ProvenanceWrites {
        self.inner.provenance()
    }

    pub fn webhooks(&self) -> &dyn WebhookWrites {
        self.inner.webhooks()
    }

    pub fn protocols(&self) -> &dyn ProtocolWrites {
        self.inner.protocols()
    }

    pub fn replicas(&self) -> &dyn ReplicaWrites {
        self.inner.replicas()
    }

    pub fn schedules(&self) -> &dyn ScheduleWrites {
        self.inner.schedules()
    }

    pub fn evolution(&self) -> &dyn EvolutionWrites {
        self.inner.evolution()
    }

    pub fn world(&self) -> &dyn WorldWrites {
        self.inner.world()
    }

    pub fn federation(&self) -> &dyn FederationWrites {
        self.inner.federation()
    }
}

/// Reads inside the transaction see its own changes.
impl Queries for Tx<'_> {
    fn tasks(&self) -> &dyn TaskReads {
        self.inner.tasks()
    }

    fn agents(&self) -> &dyn AgentReads {
        self.inner.agents()
    }

    fn events(&self) -> &dyn EventReads {
        self.inner.events()
    }

    fn context(&self) -> &dyn ContextReads {
        self.inner.context()
    }

    fn pipelines(&self) -> &dyn PipelineReads {
        self.inner.pipelines()
    }

    fn templates(&self) -> &dyn TemplateReads {
        self.inner.templates()
    }

    fn approvals(&self) -> &dyn ApprovalReads {
        self.inner.approvals()
    }

    fn escalations(&self) -> &dyn EscalationReads {
        self.inner.escalations()
    }

    fn costs(&self) -> &dyn CostReads {
        self.inner.costs()
    }

    fn settings(&self) -> &dyn SettingReads {
        self.inner.settings()
    }

    fn messages(&self) -> &dyn MessageReads {
        self.inner.messages()
    }

    fn attachments(&self) -> &dyn AttachmentReads {
        self.inner.attachments()
    }

    fn memories(&self) -> &dyn MemoryReads {
        self.inner.memories()
    }

    fn agent_tokens(&self) -> &dyn AgentTokenReads {
        self.inner.agent_tokens()
    }

    fn join_keys(&self) -> &dyn JoinKeyReads {
        self.inner.join_keys()
    }

    fn users(&self) -> &dyn UserReads {
        self.inner.users()
    }

    fn sessions(&self) -> &dyn SessionReads {
        self.inner.sessions()
    }

    fn api_keys(&self) -> &dyn ApiKeyReads {
        self.inner.api_keys()
    }

    fn audit(&self) -> &dyn AuditReads {
        self.inner.audit()
    }

    fn provenance(&self) -> &dyn ProvenanceReads {
        self.inner.provenance()
    }

    fn webhooks(&self) -> &dyn WebhookReads {
        self.inner.webhooks()
    }

    fn schedules(&self) -> &dyn ScheduleReads {
        self.inner.schedules()
    }

    fn protocols(&self) -> &dyn ProtocolReads {
        self.inner.protocols()
    }

    fn replicas(&self) -> &dyn ReplicaReads {
        self.inner.replicas()
    }

    fn evolution(&self) -> &dyn EvolutionReads {
        self.inner.evolution()
    }

    fn world(&self) -> &dyn WorldReads {
        self.inner.world()
    }

    fn federation(&self) -> &dyn FederationReads {
        self.inner.federation()
    }
}
