//! (Not yet ported: every operation answers `unported`.)
#![allow(unused_imports)]

use m3shd_api::{TaskStatus, Timestamp};
use crate::store::repos::task_record::TaskRecord;
use crate::store::repos::task_state::TaskState;
use crate::store::error::StoreError;
use crate::store::repos::tasks::*;
use super::session::Session;
use super::unported;

impl TaskReads for Session<'_> {
    fn get(&self, _id: &str) -> Result<Option<TaskRecord>, StoreError> {
        Err(unported())
    }

    fn by_idempotency_key(&self, _key: &str) -> Result<Option<TaskRecord>, StoreError> {
        Err(unported())
    }

    fn status(&self, _id: &str) -> Result<Option<TaskStatus>, StoreError> {
        Err(unported())
    }

    fn lease_view(&self, _id: &str) -> Result<Option<LeaseView>, StoreError> {
        Err(unported())
    }

    fn list(&self, _status: Option<TaskStatus>, _assigned_to: Option<&str>, _before: Option<&str>, _limit: i64) -> Result<Vec<TaskRecord>, StoreError> {
        Err(unported())
    }

    fn held_by(&self, _agent: &str, _status: Option<TaskStatus>) -> Result<Vec<TaskRecord>, StoreError> {
        Err(unported())
    }

    fn holds_assigned(&self, _agent: &str) -> Result<bool, StoreError> {
        Err(unported())
    }

    fn any_queued(&self) -> Result<bool, StoreError> {
        Err(unported())
    }

    fn scan_queued(&self, _scan: &QueueScan<'_>, _f: &mut dyn FnMut(QueuedRow) -> bool) -> Result<(), StoreError> {
        Err(unported())
    }

    fn any_pinned_waiting(&self, _cutoff: Timestamp) -> Result<bool, StoreError> {
        Err(unported())
    }

    fn expired_leases(&self, _now: Timestamp) -> Result<Vec<String>, StoreError> {
        Err(unported())
    }

    fn counts(&self) -> Result<Vec<(TaskStatus, i64)>, StoreError> {
        Err(unported())
    }

    fn parent_statuses(&self, _child: &str) -> Result<Vec<TaskStatus>, StoreError> {
        Err(unported())
    }

    fn children(&self, _parent: &str) -> Result<Vec<String>, StoreError> {
        Err(unported())
    }

    fn parents(&self, _child: &str) -> Result<Vec<String>, StoreError> {
        Err(unported())
    }

    fn overdue(&self, _now: Timestamp) -> Result<Vec<String>, StoreError> {
        Err(unported())
    }

    fn recently_finished(&self, _limit: i64) -> Result<Vec<TaskRecord>, StoreError> {
        Err(unported())
    }

    fn facts_since(&self, _from: Timestamp) -> Result<Vec<TaskFact>, StoreError> {
        Err(unported())
    }

    fn total(&self) -> Result<i64, StoreError> {
        Err(unported())
    }

}

impl TaskWrites for Session<'_> {
    fn insert(&self, _rec: &TaskRecord, _idem: Option<&str>) -> Result<(), StoreError> {
        Err(unported())
    }

    fn save(&self, _rec: &TaskRecord) -> Result<(), StoreError> {
        Err(unported())
    }

    fn append_output(&self, _id: &str, _chunk: &str, _seq: i64) -> Result<(), StoreError> {
        Err(unported())
    }

    fn extend_leases(&self, _agent: &str, _running: &[String], _until: Timestamp) -> Result<Vec<String>, StoreError> {
        Err(unported())
    }

    fn insert_dep(&self, _parent: &str, _child: &str, _ord: i64) -> Result<(), StoreError> {
        Err(unported())
    }

    fn clear_deps(&self, _child: &str) -> Result<(), StoreError> {
        Err(unported())
    }

    fn repoint_children(&self, _from: &str, _to: &str) -> Result<(), StoreError> {
        Err(unported())
    }

    fn set_prompt(&self, _id: &str, _prompt: &str) -> Result<(), StoreError> {
        Err(unported())
    }

}
