//! A backend implements every aggregate's reads and writes on one type,
//! so the store interface's accessors all hand out `self`; these write
//! them once for both backends (invoked inside their `impl Queries` and
//! `impl WriteTx` blocks).

/// `Queries`: every aggregate's reads are `self`.
macro_rules! reads_by_self {
    () => {
        fn tasks(&self) -> &dyn $crate::store::repos::TaskReads {
            self
        }
        fn agents(&self) -> &dyn $crate::store::repos::AgentReads {
            self
        }
        fn events(&self) -> &dyn $crate::store::repos::EventReads {
            self
        }
        fn context(&self) -> &dyn $crate::store::repos::ContextReads {
            self
        }
        fn pipelines(&self) -> &dyn $crate::store::repos::PipelineReads {
            self
        }
        fn templates(&self) -> &dyn $crate::store::repos::TemplateReads {
            self
        }
        fn approvals(&self) -> &dyn $crate::store::repos::ApprovalReads {
            self
        }
        fn escalations(&self) -> &dyn $crate::store::repos::EscalationReads {
            self
        }
        fn costs(&self) -> &dyn $crate::store::repos::CostReads {
            self
        }
        fn settings(&self) -> &dyn $crate::store::repos::SettingReads {
            self
        }
        fn messages(&self) -> &dyn $crate::store::repos::MessageReads {
            self
        }
        fn attachments(&self) -> &dyn $crate::store::repos::AttachmentReads {
            self
        }
        fn memories(&self) -> &dyn $crate::store::repos::MemoryReads {
            self
        }
        fn agent_tokens(&self) -> &dyn $crate::store::repos::AgentTokenReads {
            self
        }
        fn join_keys(&self) -> &dyn $crate::store::repos::JoinKeyReads {
            self
        }
        fn users(&self) -> &dyn $crate::store::repos::UserReads {
            self
        }
        fn sessions(&self) -> &dyn $crate::store::repos::SessionReads {
            self
        }
        fn api_keys(&self) -> &dyn $crate::store::repos::ApiKeyReads {
            self
        }
        fn audit(&self) -> &dyn $crate::store::repos::AuditReads {
            self
        }
        fn provenance(&self) -> &dyn $crate::store::repos::ProvenanceReads {
            self
        }
        fn webhooks(&self) -> &dyn $crate::store::repos::WebhookReads {
            self
        }
        fn schedules(&self) -> &dyn $crate::store::repos::ScheduleReads {
            self
        }
        fn protocols(&self) -> &dyn $crate::store::repos::ProtocolReads {
            self
        }
        fn replicas(&self) -> &dyn $crate::store::repos::ReplicaReads {
            self
        }
        fn evolution(&self) -> &dyn $crate::store::repos::EvolutionReads {
            self
        }
        fn world(&self) -> &dyn $crate::store::repos::WorldReads {
            self
        }
        fn federation(&self) -> &dyn $crate::store::repos::FederationReads {
            self
        }
    };
}

/// `WriteTx` (besides `now` and `emit`): every aggregate's writes are `self`.
macro_rules! writes_by_self {
    () => {
        fn tasks(&self) -> &dyn $crate::store::repos::TaskWrites {
            self
        }
        fn agents(&self) -> &dyn $crate::store::repos::AgentWrites {
            self
        }
        fn events(&self) -> &dyn $crate::store::repos::EventWrites {
            self
        }
        fn context(&self) -> &dyn $crate::store::repos::ContextWrites {
            self
        }
        fn pipelines(&self) -> &dyn $crate::store::repos::PipelineWrites {
            self
        }
        fn templates(&self) -> &dyn $crate::store::repos::TemplateWrites {
            self
        }
        fn approvals(&self) -> &dyn $crate::store::repos::ApprovalWrites {
            self
        }
        fn escalations(&self) -> &dyn $crate::store::repos::EscalationWrites {
            self
        }
        fn costs(&self) -> &dyn $crate::store::repos::CostWrites {
            self
        }
        fn settings(&self) -> &dyn $crate::store::repos::SettingWrites {
            self
        }
        fn messages(&self) -> &dyn $crate::store::repos::MessageWrites {
            self
        }
        fn attachments(&self) -> &dyn $crate::store::repos::AttachmentWrites {
            self
        }
        fn memories(&self) -> &dyn $crate::store::repos::MemoryWrites {
            self
        }
        fn agent_tokens(&self) -> &dyn $crate::store::repos::AgentTokenWrites {
            self
        }
        fn join_keys(&self) -> &dyn $crate::store::repos::JoinKeyWrites {
            self
        }
        fn users(&self) -> &dyn $crate::store::repos::UserWrites {
            self
        }
        fn sessions(&self) -> &dyn $crate::store::repos::SessionWrites {
            self
        }
        fn api_keys(&self) -> &dyn $crate::store::repos::ApiKeyWrites {
            self
        }
        fn audit(&self) -> &dyn $crate::store::repos::AuditWrites {
            self
        }
        fn provenance(&self) -> &dyn $crate::store::repos::ProvenanceWrites {
            self
        }
        fn webhooks(&self) -> &dyn $crate::store::repos::WebhookWrites {
            self
        }
        fn schedules(&self) -> &dyn $crate::store::repos::ScheduleWrites {
            self
        }
        fn protocols(&self) -> &dyn $crate::store::repos::ProtocolWrites {
            self
        }
        fn replicas(&self) -> &dyn $crate::store::repos::ReplicaWrites {
            self
        }
        fn evolution(&self) -> &dyn $crate::store::repos::EvolutionWrites {
            self
        }
        fn world(&self) -> &dyn $crate::store::repos::WorldWrites {
            self
        }
        fn federation(&self) -> &dyn $crate::store::repos::FederationWrites {
            self
        }
    };
}
