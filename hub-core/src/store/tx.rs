//! The narrow interface the domain uses: typed reads (`Queries`, on both the
//! read pool and the write transaction) and typed writes (`Tx`). Nothing
//! outside `store` sees SQL; a PostgreSQL backend would implement the same.

use m3shd_api::{
    ApiKeyInfo, Approval, ApprovalStatus, Attachment, AuditCount, AuditEntry, ContextEntry,
    CostEntry, Escalation, EscalationStatus, Event, EventRecord, JoinKeyInfo, Memory, Message,
    TaskStatus, Timestamp, TokenInfo, UserInfo, UserRole,
};
use rusqlite::{Connection, Transaction};

use crate::crypto::KeyRing;

use super::audit::{AuditFilter, AuditRow};
use super::costs::SpendRow;
use super::pipelines::PipelineRow;
use super::provenance::LinkRow;
use super::rows::{AgentRecord, LeaseView, QueueScan, QueuedRow, TaskRecord};
use super::templates::TemplateRow;
use super::users::{SessionRow, UserRow};
use super::{
    StoreError, agents, approvals, attachments, audit, context, costs, credentials, escalations,
    events, memory, messages, pipelines, provenance, tasks, templates, time,
};
use super::{agents::CandidateRow, agents::ReputationRow};
use super::{api_keys, api_keys::ApiKeyRow, users};

/// Reads, available inside a write transaction and on a read snapshot.
pub trait Queries {
    /// Store-internal: the connection the typed reads run on.
    #[doc(hidden)]
    fn conn(&self) -> &Connection;
    /// Store-internal: the key ring that seals secrets at rest.
    #[doc(hidden)]
    fn ring(&self) -> &KeyRing;

    fn task(&self, id: &str) -> Result<Option<TaskRecord>, StoreError> {
        tasks::get(self.conn(), id)
    }
    fn task_by_idempotency_key(&self, key: &str) -> Result<Option<TaskRecord>, StoreError> {
        tasks::by_idempotency_key(self.conn(), key)
    }
    fn task_status(&self, id: &str) -> Result<Option<TaskStatus>, StoreError> {
        tasks::status_of(self.conn(), id)
    }
    fn lease_view(&self, id: &str) -> Result<Option<LeaseView>, StoreError> {
        tasks::lease_view(self.conn(), id)
    }
    fn tasks(
        &self,
        status: Option<TaskStatus>,
        assigned_to: Option<&str>,
        before: Option<&str>,
        limit: i64,
    ) -> Result<Vec<TaskRecord>, StoreError> {
        tasks::list(self.conn(), status, assigned_to, before, limit)
    }
    fn held_tasks(
        &self,
        agent: &str,
        status: Option<TaskStatus>,
    ) -> Result<Vec<TaskRecord>, StoreError> {
        tasks::held_by(self.conn(), agent, status)
    }
    fn holds_assigned(&self, agent: &str) -> Result<bool, StoreError> {
        tasks::holds_assigned(self.conn(), agent)
    }
    fn any_queued(&self) -> Result<bool, StoreError> {
        tasks::any_queued(self.conn())
    }
    fn scan_queued(
        &self,
        scan: &QueueScan<'_>,
        f: impl FnMut(QueuedRow) -> bool,
    ) -> Result<(), StoreError> {
        tasks::scan_queued(self.conn(), scan, f)
    }
    fn any_pinned_waiting(&self, cutoff: Timestamp) -> Result<bool, StoreError> {
        tasks::any_pinned_waiting(self.conn(), cutoff)
    }
    fn expired_leases(&self, now: Timestamp) -> Result<Vec<String>, StoreError> {
        tasks::expired_leases(self.conn(), now)
    }
    fn task_counts(&self) -> Result<Vec<(TaskStatus, i64)>, StoreError> {
        tasks::counts(self.conn())
    }
    fn parent_statuses(&self, child: &str) -> Result<Vec<TaskStatus>, StoreError> {
        tasks::parent_statuses(self.conn(), child)
    }
    fn children(&self, parent: &str) -> Result<Vec<String>, StoreError> {
        tasks::children(self.conn(), parent)
    }
    fn agent(&self, id: &str) -> Result<Option<AgentRecord>, StoreError> {
        agents::get(self.conn(), id)
    }
    /// An agent without its reputation list (cheaper, for the write path).
    fn agent_state(&self, id: &str) -> Result<Option<AgentRecord>, StoreError> {
        agents::get_state(self.conn(), id)
    }
    fn agents(&self) -> Result<Vec<AgentRecord>, StoreError> {
        agents::list(self.conn())
    }
    fn dispatch_candidates(&self) -> Result<Vec<CandidateRow>, StoreError> {
        agents::candidates(self.conn())
    }
    fn reputations(&self) -> Result<Vec<ReputationRow>, StoreError> {
        agents::reputations(self.conn())
    }
    fn agents_silent_since(&self, cutoff: Timestamp) -> Result<Vec<String>, StoreError> {
        agents::silent_since(self.conn(), cutoff)
    }
    fn circuits_cooled_since(&self, cutoff: Timestamp) -> Result<Vec<String>, StoreError> {
        agents::cooled_circuits(self.conn(), cutoff)
    }
    fn agent_counts(&self) -> Result<(i64, i64), StoreError> {
        agents::counts(self.conn())
    }
    fn events_after(
        &self,
        after: i64,
        task: Option<&str>,
        limit: i64,
    ) -> Result<Vec<EventRecord>, StoreError> {
        events::after(self.conn(), after, task, limit)
    }
    fn last_event_id(&self) -> Result<i64, StoreError> {
        events::last_id(self.conn())
    }
    /// The oldest event id still in the log (see `events::oldest_kept`).
    fn oldest_event_id(&self) -> Result<i64, StoreError> {
        events::oldest_kept(self.conn())
    }
    fn event_retention_bound(
        &self,
        older_than: Option<Timestamp>,
        keep_newest: Option<i64>,
    ) -> Result<i64, StoreError> {
        events::retention_bound(self.conn(), older_than, keep_newest)
    }
    fn context_list(&self) -> Result<Vec<ContextEntry>, StoreError> {
        context::list(self.conn())
    }
    fn task_parents(&self, child: &str) -> Result<Vec<String>, StoreError> {
        tasks::parents(self.conn(), child)
    }
    fn overdue_tasks(&self, now: Timestamp) -> Result<Vec<String>, StoreError> {
        tasks::overdue(self.conn(), now)
    }
    fn recently_finished(&self, limit: i64) -> Result<Vec<TaskRecord>, StoreError> {
        tasks::recently_finished(self.conn(), limit)
    }
    fn task_facts_since(&self, from: Timestamp) -> Result<Vec<tasks::TaskFact>, StoreError> {
        tasks::facts_since(self.conn(), from)
    }
    fn task_total(&self) -> Result<i64, StoreError> {
        tasks::count_all(self.conn())
    }
    fn pipeline(&self, id: &str) -> Result<Option<PipelineRow>, StoreError> {
        pipelines::get(self.conn(), id)
    }
    fn pipelines(&self, limit: i64) -> Result<Vec<PipelineRow>, StoreError> {
        pipelines::list(self.conn(), limit)
    }
    fn template(&self, key: &str) -> Result<Option<TemplateRow>, StoreError> {
        templates::get(self.conn(), key)
    }
    fn templates(&self) -> Result<Vec<TemplateRow>, StoreError> {
        templates::list(self.conn())
    }
    fn approval(&self, id: &str) -> Result<Option<Approval>, StoreError> {
        approvals::get(self.conn(), id)
    }
    fn latest_pending_approval(&self) -> Result<Option<Approval>, StoreError> {
        approvals::latest_pending(self.conn())
    }
    fn approvals(
        &self,
        status: Option<ApprovalStatus>,
        limit: i64,
    ) -> Result<Vec<Approval>, StoreError> {
        approvals::list(self.conn(), status, limit)
    }
    fn expired_approvals(&self, now: Timestamp) -> Result<Vec<String>, StoreError> {
        approvals::expired(self.conn(), now)
    }
    fn task_approval(&self, task: &str) -> Result<Option<ApprovalStatus>, StoreError> {
        approvals::for_task(self.conn(), task)
    }
    fn escalation(&self, id: &str) -> Result<Option<Escalation>, StoreError> {
        escalations::get(self.conn(), id)
    }
    fn escalations(
        &self,
        status: Option<EscalationStatus>,
        limit: i64,
    ) -> Result<Vec<Escalation>, StoreError> {
        escalations::list(self.conn(), status, limit)
    }
    fn spend(&self, day: &str) -> Result<Vec<SpendRow>, StoreError> {
        costs::spend(self.conn(), day)
    }
    fn cost_entries(&self, from: Timestamp, to: Timestamp) -> Result<Vec<CostEntry>, StoreError> {
        costs::entries_between(self.conn(), from, to)
    }
    fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        costs::setting(self.conn(), key)
    }
    fn chat_message_of(&self, task: &str) -> Result<Option<Message>, StoreError> {
        messages::chat_message_of(self.conn(), task)
    }
    fn message_exists(&self, id: i64) -> Result<bool, StoreError> {
        messages::exists(self.conn(), id)
    }
    fn messages(
        &self,
        channel: Option<&str>,
        after: Option<i64>,
        limit: i64,
    ) -> Result<Vec<Message>, StoreError> {
        messages::list(self.conn(), channel, after, limit)
    }
    fn attachments(&self, task: &str) -> Result<Vec<Attachment>, StoreError> {
        attachments::list(self.conn(), task)
    }
    fn attachment_count(&self, task: &str) -> Result<i64, StoreError> {
        attachments::count(self.conn(), task)
    }
    fn same_attachment(
        &self,
        task: &str,
        sha256: &str,
        filename: &str,
    ) -> Result<Option<Attachment>, StoreError> {
        attachments::find_same(self.conn(), task, sha256, filename)
    }
    fn attachment(
        &self,
        task: &str,
        id: &str,
    ) -> Result<Option<(Attachment, Vec<u8>)>, StoreError> {
        attachments::get(self.conn(), task, id)
    }
    fn memories(&self, agent: &str, limit: i64) -> Result<Vec<Memory>, StoreError> {
        memory::list(self.conn(), self.ring(), agent, limit)
    }
    fn all_memories(&self, agent: &str) -> Result<Vec<Memory>, StoreError> {
        memory::all_of(self.conn(), self.ring(), agent)
    }
    fn agents_with_memory(&self) -> Result<Vec<String>, StoreError> {
        memory::agents(self.conn())
    }
    fn memory(&self, agent: &str, key: &str) -> Result<Option<Memory>, StoreError> {
        memory::get(self.conn(), self.ring(), agent, key)
    }
    fn has_memories(&self, agent: &str) -> Result<bool, StoreError> {
        memory::any(self.conn(), agent)
    }
    /// Full-text search: entries matching any of `words` (each used only as
    /// a literal term), best bm25 first.
    fn search_memories(
        &self,
        agent: &str,
        words: &[String],
        limit: i64,
    ) -> Result<Vec<Memory>, StoreError> {
        memory::search(self.conn(), self.ring(), agent, words, limit)
    }
    fn agent_token_by_hash(&self, hash: &str) -> Result<Option<TokenInfo>, StoreError> {
        credentials::token_by_hash(self.conn(), hash)
    }
    fn agent_tokens(&self) -> Result<Vec<TokenInfo>, StoreError> {
        credentials::list_tokens(self.conn())
    }
    fn agent_token_live(&self, id: &str) -> Result<bool, StoreError> {
        credentials::token_live(self.conn(), id)
    }
    fn api_key_live(&self, id: &str) -> Result<bool, StoreError> {
        api_keys::live(self.conn(), id)
    }
    fn session_role(&self, id: &str, now: Timestamp) -> Result<Option<UserRole>, StoreError> {
        users::session_role(self.conn(), id, now)
    }
    fn agent_token_exists(&self, id: &str) -> Result<bool, StoreError> {
        credentials::token_exists(self.conn(), id)
    }
    fn agent_has_token(&self, agent: &str) -> Result<bool, StoreError> {
        credentials::agent_has_token(self.conn(), agent)
    }
    fn join_key_by_hash(&self, hash: &str) -> Result<Option<JoinKeyInfo>, StoreError> {
        credentials::join_key_by_hash(self.conn(), hash)
    }
    fn usable_join_key(
        &self,
        hash: &str,
        now: Timestamp,
    ) -> Result<Option<JoinKeyInfo>, StoreError> {
        credentials::usable_join_key(self.conn(), hash, now)
    }
    fn join_keys(&self) -> Result<Vec<JoinKeyInfo>, StoreError> {
        credentials::list_join_keys(self.conn())
    }
    fn user_by_name(&self, username: &str) -> Result<Option<UserRow>, StoreError> {
        users::user_by_name(self.conn(), username)
    }
    fn user_by_ref(&self, id_or_name: &str) -> Result<Option<UserRow>, StoreError> {
        users::user_by_ref(self.conn(), id_or_name)
    }
    fn users(&self, now: Timestamp) -> Result<Vec<UserInfo>, StoreError> {
        users::list_users(self.conn(), now)
    }
    fn user_count(&self) -> Result<i64, StoreError> {
        users::count_users(self.conn())
    }
    fn admin_count(&self) -> Result<i64, StoreError> {
        users::count_admins(self.conn())
    }
    fn live_session(&self, hash: &str, now: Timestamp) -> Result<Option<SessionRow>, StoreError> {
        users::live_session(self.conn(), hash, now)
    }
    fn api_key_by_hash(&self, hash: &str) -> Result<Option<ApiKeyRow>, StoreError> {
        api_keys::by_hash(self.conn(), hash)
    }
    fn api_keys(&self) -> Result<Vec<ApiKeyRow>, StoreError> {
        api_keys::list(self.conn())
    }
    fn api_key_exists(&self, id: &str) -> Result<bool, StoreError> {
        api_keys::exists(self.conn(), id)
    }
    fn audit_entries(
        &self,
        after: Option<i64>,
        filter: AuditFilter<'_>,
        limit: i64,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        audit::list(self.conn(), after, filter, limit)
    }
    fn audit_counts(
        &self,
        since: Timestamp,
        agent: Option<&str>,
        limit: i64,
    ) -> Result<Vec<AuditCount>, StoreError> {
        audit::counts(self.conn(), since, agent, limit)
    }
    fn provenance_link(&self, task: &str) -> Result<Option<LinkRow>, StoreError> {
        provenance::get(self.conn(), task)
    }
    fn provenance_signature(&self, task: &str) -> Result<Option<String>, StoreError> {
        provenance::signature(self.conn(), task)
    }
}

/// A read snapshot from the pool.
pub struct Reader<'c> {
    conn: &'c Connection,
    ring: &'c KeyRing,
}

impl<'c> Reader<'c> {
    pub(super) fn new(conn: &'c Connection, ring: &'c KeyRing) -> Self {
        Reader { conn, ring }
    }
}

impl Queries for Reader<'_> {
    fn conn(&self) -> &Connection {
        self.conn
    }
    fn ring(&self) -> &KeyRing {
        self.ring
    }
}

/// One write transaction. Every change made through it commits together with
/// the events it emitted, or not at all.
pub struct Tx<'c> {
    txn: Transaction<'c>,
    ring: &'c KeyRing,
    events: Vec<EventRecord>,
    now: Timestamp,
}

impl Queries for Tx<'_> {
    fn conn(&self) -> &Connection {
        &self.txn
    }
    fn ring(&self) -> &KeyRing {
        self.ring
    }
}

/// Where an operation's savepoint started (to drop its events on rollback).
pub(super) struct Mark {
    events: usize,
}

impl<'c> Tx<'c> {
    pub(super) fn new(txn: Transaction<'c>, ring: &'c KeyRing) -> Self {
        Tx {
            txn,
            ring,
            events: Vec::new(),
            now: time::now_micros(),
        }
    }

    /// Each operation of a batch gets its own "now".
    pub(super) fn refresh_now(&mut self) {
        self.now = time::now_micros();
    }

    /// Run a fixed statement through the statement cache (a savepoint per
    /// operation is hot enough that re-preparing it shows in profiles).
    fn exec_cached(&self, sql: &str) -> Result<(), StoreError> {
        self.txn.prepare_cached(sql)?.execute([])?;
        Ok(())
    }

    pub(super) fn savepoint(&mut self) -> Result<Mark, StoreError> {
        self.exec_cached("SAVEPOINT op")?;
        Ok(Mark {
            events: self.events.len(),
        })
    }

    pub(super) fn release(&mut self) -> Result<(), StoreError> {
        self.exec_cached("RELEASE op")
    }

    /// Undo everything since the savepoint, including its events.
    pub(super) fn rollback_to(&mut self, mark: Mark) -> Result<(), StoreError> {
        self.exec_cached("ROLLBACK TO op")?;
        self.exec_cached("RELEASE op")?;
        self.events.truncate(mark.events);
        Ok(())
    }

    /// The time of this transaction: every timestamp it writes uses it.
    pub fn now(&self) -> Timestamp {
        self.now
    }

    pub(super) fn commit(self) -> Result<Vec<EventRecord>, StoreError> {
        self.txn.commit()?;
        Ok(self.events)
    }

    /// Append an event to the log (published after the commit).
    pub fn emit(&mut self, event: Event) -> Result<i64, StoreError> {
        let id = events::insert(&self.txn, self.now, &event)?;
        self.events.push(EventRecord {
            id,
            ts: self.now,
            event,
        });
        Ok(id)
    }

    pub fn insert_audit(&self, row: &AuditRow) -> Result<(), StoreError> {
        audit::insert(&self.txn, row)
    }
    /// Count one routine call of `agent`'s in the hour starting at `hour`.
    pub fn count_audit(
        &self,
        hour: Timestamp,
        agent: &str,
        action: &str,
        failed: bool,
    ) -> Result<(), StoreError> {
        audit::count(&self.txn, hour, agent, action, failed)
    }
    /// Delete up to `chunk` of the oldest events below id `before`.
    pub fn prune_events(&self, before: i64, chunk: i64) -> Result<usize, StoreError> {
        events::prune(&self.txn, before, chunk)
    }
    /// Delete up to `chunk` audit rows older than `before`.
    pub fn prune_audit(&self, before: Timestamp, chunk: i64) -> Result<usize, StoreError> {
        audit::prune(&self.txn, before, chunk)
    }
    pub fn insert_provenance(&self, link: &LinkRow) -> Result<(), StoreError> {
        provenance::insert(&self.txn, link)
    }
    pub fn insert_agent_token(&self, hash: &str, t: &TokenInfo) -> Result<(), StoreError> {
        credentials::insert_token(&self.txn, hash, t)
    }
    pub fn revoke_agent_token(&self, id: &str) -> Result<bool, StoreError> {
        credentials::revoke_token(&self.txn, id, self.now)
    }
    pub fn touch_agent_token(&self, id: &str) -> Result<(), StoreError> {
        credentials::touch_token(&self.txn, id, self.now)
    }
    pub fn insert_join_key(&self, hash: &str, k: &JoinKeyInfo) -> Result<(), StoreError> {
        credentials::insert_join_key(&self.txn, hash, k)
    }
    pub fn use_join_key(&self, id: &str) -> Result<bool, StoreError> {
        credentials::use_join_key(&self.txn, id)
    }
    pub fn revoke_join_key(&self, id: &str) -> Result<bool, StoreError> {
        credentials::revoke_join_key(&self.txn, id, self.now)
    }
    pub fn insert_user(
        &self,
        id: &str,
        username: &str,
        password_hash: &str,
        role: UserRole,
    ) -> Result<(), StoreError> {
        users::insert_user(&self.txn, id, username, password_hash, role, self.now)
    }
    pub fn set_user_role(&self, id: &str, role: UserRole) -> Result<bool, StoreError> {
        users::set_user_role(&self.txn, id, role, self.now)
    }
    pub fn set_user_password(&self, id: &str, password_hash: &str) -> Result<bool, StoreError> {
        users::set_user_password(&self.txn, id, password_hash, self.now)
    }
    pub fn delete_user(&self, id: &str) -> Result<bool, StoreError> {
        users::delete_user(&self.txn, id)
    }
    pub fn insert_session(
        &self,
        id: &str,
        hash: &str,
        user_id: &str,
        created_at: Timestamp,
        expires_at: Timestamp,
    ) -> Result<(), StoreError> {
        users::insert_session(&self.txn, id, hash, user_id, created_at, expires_at)
    }
    pub fn revoke_session(&self, id: &str) -> Result<bool, StoreError> {
        users::revoke_session(&self.txn, id, self.now)
    }
    pub fn revoke_user_sessions(&self, user_id: &str) -> Result<usize, StoreError> {
        users::revoke_user_sessions(&self.txn, user_id, self.now)
    }
    pub fn purge_sessions(&self, before: Timestamp) -> Result<usize, StoreError> {
        users::purge_sessions(&self.txn, before)
    }
    pub fn insert_api_key(&self, hash: &str, k: &ApiKeyInfo) -> Result<(), StoreError> {
        api_keys::insert(&self.txn, hash, k)
    }
    pub fn revoke_api_key(&self, id: &str) -> Result<bool, StoreError> {
        api_keys::revoke(&self.txn, id, self.now)
    }
    pub fn add_api_key_usage(
        &self,
        id: &str,
        day: &str,
        n: u64,
        last_used: Timestamp,
    ) -> Result<(), StoreError> {
        api_keys::add_usage(&self.txn, id, day, n, last_used)
    }
    pub fn insert_task(&self, rec: &TaskRecord, idem: Option<&str>) -> Result<(), StoreError> {
        tasks::insert(&self.txn, rec, idem)
    }
    pub fn save_task(&self, rec: &TaskRecord) -> Result<(), StoreError> {
        tasks::save(&self.txn, rec)
    }
    pub fn append_output(&self, id: &str, chunk: &str, seq: i64) -> Result<(), StoreError> {
        tasks::append_output(&self.txn, id, chunk, seq, self.now)
    }
    pub fn extend_leases(
        &self,
        agent: &str,
        running: &[String],
        until: Timestamp,
    ) -> Result<Vec<String>, StoreError> {
        tasks::extend_leases(&self.txn, agent, running, until)
    }
    pub fn insert_dep(&self, parent: &str, child: &str, ord: i64) -> Result<(), StoreError> {
        tasks::insert_dep(&self.txn, parent, child, ord)
    }
    pub fn clear_deps(&self, child: &str) -> Result<(), StoreError> {
        tasks::clear_deps(&self.txn, child)
    }
    pub fn repoint_children(&self, from: &str, to: &str) -> Result<(), StoreError> {
        tasks::repoint_children(&self.txn, from, to)
    }
    pub fn set_prompt(&self, id: &str, prompt: &str) -> Result<(), StoreError> {
        tasks::set_prompt(&self.txn, id, prompt)
    }
    pub fn insert_pipeline(&self, id: &str, name: &str) -> Result<(), StoreError> {
        pipelines::insert(&self.txn, id, name, self.now)
    }
    pub fn insert_pipeline_step(
        &self,
        pipeline: &str,
        ord: i64,
        name: &str,
        task: &str,
    ) -> Result<(), StoreError> {
        pipelines::insert_step(&self.txn, pipeline, ord, name, task)
    }
    pub fn insert_template(&self, t: &TemplateRow) -> Result<(), StoreError> {
        templates::insert(&self.txn, t)
    }
    pub fn delete_template(&self, id: &str) -> Result<bool, StoreError> {
        templates::delete(&self.txn, id)
    }
    pub fn insert_approval(&self, a: &Approval) -> Result<(), StoreError> {
        approvals::insert(&self.txn, a)
    }
    pub fn save_approval(&self, a: &Approval) -> Result<(), StoreError> {
        approvals::save(&self.txn, a)
    }
    pub fn insert_escalation(&self, e: &Escalation) -> Result<(), StoreError> {
        escalations::insert(&self.txn, e)
    }
    pub fn save_escalation(&self, e: &Escalation) -> Result<(), StoreError> {
        escalations::save(&self.txn, e)
    }
    /// Log a cost row (its `id` is filled in) and add it to `day`'s totals.
    pub fn record_cost(&self, day: &str, e: &mut CostEntry) -> Result<(), StoreError> {
        costs::record(&self.txn, day, e)
    }
    pub fn mark_budget_alert(&self, day: &str, agent: &str) -> Result<bool, StoreError> {
        costs::mark_alert(&self.txn, day, agent)
    }
    pub fn set_setting(&self, key: &str, json: &str) -> Result<(), StoreError> {
        costs::set_setting(&self.txn, key, json)
    }
    pub fn insert_attachment(&self, a: &Attachment, data: &[u8]) -> Result<(), StoreError> {
        attachments::insert(&self.txn, a, data)
    }
    pub fn link_chat(&self, task: &str, message: i64) -> Result<(), StoreError> {
        messages::link_chat(&self.txn, task, message)
    }
    pub fn upsert_agent(
        &self,
        id: &str,
        name: &str,
        machine: Option<&str>,
        capabilities: &[String],
        max_concurrent: i64,
    ) -> Result<(), StoreError> {
        agents::upsert(
            &self.txn,
            id,
            name,
            machine,
            capabilities,
            max_concurrent,
            self.now,
        )
    }
    pub fn save_agent(&self, rec: &AgentRecord) -> Result<(), StoreError> {
        agents::save(&self.txn, rec)
    }
    /// No agent has a claim waiting any more.
    pub fn forget_claims(&self) -> Result<usize, StoreError> {
        agents::forget_claims(&self.txn)
    }
    pub fn record_outcome(
        &self,
        agent: &str,
        capability: &str,
        success: bool,
    ) -> Result<(), StoreError> {
        agents::record_outcome(&self.txn, agent, capability, success)
    }
    pub fn set_context(
        &self,
        key: &str,
        value: &str,
        set_by: &str,
    ) -> Result<ContextEntry, StoreError> {
        let entry = ContextEntry {
            key: key.to_string(),
            value: value.to_string(),
            set_by: set_by.to_string(),
            updated_at: self.now,
        };
        context::set(&self.txn, &entry)?;
        Ok(entry)
    }
    pub fn upsert_memory(
        &self,
        agent: &str,
        key: &str,
        value: &str,
        confidence: f64,
        source: &str,
    ) -> Result<Memory, StoreError> {
        memory::upsert(
            &self.txn, self.ring, agent, key, value, confidence, source, self.now,
        )
    }
    pub fn delete_memory(&self, agent: &str, key: &str) -> Result<bool, StoreError> {
        memory::delete(&self.txn, agent, key)
    }
    pub fn delete_context(&self, key: &str) -> Result<bool, StoreError> {
        context::delete(&self.txn, key)
    }
    pub fn insert_message(
        &self,
        sender: &str,
        sender_type: &str,
        channel: &str,
        content: &str,
        reply_to: Option<i64>,
    ) -> Result<Message, StoreError> {
        messages::insert(
            &self.txn,
            self.now,
            sender,
            sender_type,
            channel,
            content,
            reply_to,
        )
    }
}
