//! The store's interface, one aggregate a module: the records it keeps and
//! the operations on them, as traits a backend implements. Reads take
//! `&self` on a snapshot; writes run inside one write transaction.

pub mod agent_tokens;
pub mod agents;
pub mod api_keys;
pub mod approvals;
pub mod attachments;
pub mod audit;
pub mod context;
pub mod costs;
pub mod escalations;
pub mod events;
pub mod evolution;
pub mod federation;
pub mod join_keys;
pub mod memories;
pub mod messages;
pub mod pipelines;
pub mod protocols;
pub mod provenance;
pub mod replicas;
pub mod schedules;
pub mod sessions;
pub mod settings;
pub mod task_record;
pub mod task_state;
pub mod tasks;
pub mod templates;
pub mod users;
pub mod webhooks;
pub mod world;

pub use agent_tokens::{AgentTokenReads, AgentTokenWrites};
pub use agents::{AgentReads, AgentRecord, AgentWrites, CandidateRow, ReputationRow};
pub use api_keys::{ApiKeyReads, ApiKeyRow, ApiKeyWrites};
pub use approvals::{ApprovalReads, ApprovalWrites};
pub use attachments::{AttachmentReads, AttachmentWrites};
pub use audit::{AuditFilter, AuditReads, AuditRow, AuditWrites};
pub use context::{ContextReads, ContextWrites};
pub use costs::{CostReads, CostWrites, SpendRow};
pub use escalations::{EscalationReads, EscalationWrites};
pub use events::{EventReads, EventWrites};
pub use evolution::{
    AmendmentRow, EvolutionReads, EvolutionRequestRow, EvolutionWrites, FailedRow, FinishedTally,
};
pub use federation::{FederationReads, FederationWrites, PeerRow, TaskFederationRow};
pub use join_keys::{JoinKeyReads, JoinKeyWrites};
pub use memories::{MemoryReads, MemoryWrites};
pub use messages::{MessageReads, MessageWrites};
pub use pipelines::{PipelineReads, PipelineRow, PipelineWrites};
pub use protocols::{EdgeRow, ProtocolReads, ProtocolWrites, StrandedRow};
pub use provenance::{FederatedLinkRow, LinkRow, ProvenanceReads, ProvenanceWrites};
pub use replicas::{LoginFailure, ReplicaReads, ReplicaWrites};
pub use schedules::{FireRecord, ScheduleReads, ScheduleRow, ScheduleWrites};
pub use sessions::{SessionReads, SessionRow, SessionWrites};
pub use settings::{SettingReads, SettingWrites};
pub use task_record::{TaskBody, TaskRecord};
pub use task_state::{CancelledFrom, Holder, LastHolder, TaskState};
pub use tasks::{LeaseView, QueueScan, QueuedRow, TaskFact, TaskReads, TaskWrites};
pub use templates::{TemplateReads, TemplateRow, TemplateWrites};
pub use users::{UserReads, UserRow, UserWrites};
pub use webhooks::{WebhookReads, WebhookRow, WebhookWrites};
pub use world::{
    EntitySearch, EntitySighting, Recorded, RelationSighting, WorldReads, WorldWrites,
};
