//! SQLite's implementation of the store interface, handed out by
//! aggregate: every aggregate module implements its reads for anything
//! `Connected` and its writes for `SqliteTx`, so both are the object here.

use m3shd_api::{Event, EventRecord, Timestamp};

use super::events;
use super::session::{Reader, SqliteTx};
use crate::store::error::StoreError;
use crate::store::queries::Queries;
use crate::store::repos::{
    AgentReads, AgentTokenReads, AgentTokenWrites, AgentWrites, ApiKeyReads, ApiKeyWrites,
    ApprovalReads, ApprovalWrites, AttachmentReads, AttachmentWrites, AuditReads, AuditWrites,
    ContextReads, ContextWrites, CostReads, CostWrites, EscalationReads, EscalationWrites,
    EventReads, EventWrites, JoinKeyReads, JoinKeyWrites, MemoryReads, MemoryWrites, MessageReads,
    MessageWrites, PipelineReads, PipelineWrites, ProvenanceReads, ProvenanceWrites, SessionReads,
    SessionWrites, SettingReads, SettingWrites, TaskReads, TaskWrites, TemplateReads,
    TemplateWrites, UserReads, UserWrites, WebhookReads, WebhookWrites,
};
use crate::store::repos::{
    ProtocolReads, ProtocolWrites, ReplicaReads, ReplicaWrites, ScheduleReads, ScheduleWrites,
};
use crate::store::tx::WriteTx;

impl Queries for Reader<'_> {
    fn tasks(&self) -> &dyn TaskReads {
        self
    }

    fn agents(&self) -> &dyn AgentReads {
        self
    }

    fn events(&self) -> &dyn EventReads {
        self
    }

    fn context(&self) -> &dyn ContextReads {
        self
    }

    fn pipelines(&self) -> &dyn PipelineReads {
        self
    }

    fn templates(&self) -> &dyn TemplateReads {
        self
    }

    fn approvals(&self) -> &dyn ApprovalReads {
        self
    }

    fn escalations(&self) -> &dyn EscalationReads {
        self
    }

    fn costs(&self) -> &dyn CostReads {
        self
    }

    fn settings(&self) -> &dyn SettingReads {
        self
    }

    fn messages(&self) -> &dyn MessageReads {
        self
    }

    fn attachments(&self) -> &dyn AttachmentReads {
        self
    }

    fn memories(&self) -> &dyn MemoryReads {
        self
    }

    fn agent_tokens(&self) -> &dyn AgentTokenReads {
        self
    }

    fn join_keys(&self) -> &dyn JoinKeyReads {
        self
    }

    fn users(&self) -> &dyn UserReads {
        self
    }

    fn sessions(&self) -> &dyn SessionReads {
        self
    }

    fn api_keys(&self) -> &dyn ApiKeyReads {
        self
    }

    fn audit(&self) -> &dyn AuditReads {
        self
    }

    fn provenance(&self) -> &dyn ProvenanceReads {
        self
    }

    fn webhooks(&self) -> &dyn WebhookReads {
        self
    }

    fn schedules(&self) -> &dyn ScheduleReads {
        self
    }

    fn protocols(&self) -> &dyn ProtocolReads {
        self
    }

    fn replicas(&self) -> &dyn ReplicaReads {
        self
    }
}

impl WriteTx for SqliteTx<'_> {
    fn now(&self) -> Timestamp {
        self.now
    }

    fn emit(&mut self, event: Event) -> Result<i64, StoreError> {
        let id = events::insert(&self.txn, self.now, &event)?;
        self.events.push(EventRecord {
            id,
            ts: self.now,
            event,
        });
        Ok(id)
    }

    fn tasks(&self) -> &dyn TaskWrites {
        self
    }

    fn agents(&self) -> &dyn AgentWrites {
        self
    }

    fn events(&self) -> &dyn EventWrites {
        self
    }

    fn context(&self) -> &dyn ContextWrites {
        self
    }

    fn pipelines(&self) -> &dyn PipelineWrites {
        self
    }

    fn templates(&self) -> &dyn TemplateWrites {
        self
    }

    fn approvals(&self) -> &dyn ApprovalWrites {
        self
    }

    fn escalations(&self) -> &dyn EscalationWrites {
        self
    }

    fn costs(&self) -> &dyn CostWrites {
        self
    }

    fn settings(&self) -> &dyn SettingWrites {
        self
    }

    fn messages(&self) -> &dyn MessageWrites {
        self
    }

    fn attachments(&self) -> &dyn AttachmentWrites {
        self
    }

    fn memories(&self) -> &dyn MemoryWrites {
        self
    }

    fn agent_tokens(&self) -> &dyn AgentTokenWrites {
        self
    }

    fn join_keys(&self) -> &dyn JoinKeyWrites {
        self
    }

    fn users(&self) -> &dyn UserWrites {
        self
    }

    fn sessions(&self) -> &dyn SessionWrites {
        self
    }

    fn api_keys(&self) -> &dyn ApiKeyWrites {
        self
    }

    fn audit(&self) -> &dyn AuditWrites {
        self
    }

    fn provenance(&self) -> &dyn ProvenanceWrites {
        self
    }

    fn webhooks(&self) -> &dyn WebhookWrites {
        self
    }

    fn schedules(&self) -> &dyn ScheduleWrites {
        self
    }

    fn protocols(&self) -> &dyn ProtocolWrites {
        self
    }

    fn replicas(&self) -> &dyn ReplicaWrites {
        self
    }
}
