//! Approval requests (ARCHITECTURE.md, "Approvals and budgets"): created by agents, operators or a task
//! created `requires_approval`; decided once (approve/reject) or expired by
//! the sweeper. A gated task runs when approved and is cancelled otherwise.

use std::time::Duration;

use m3shd_api::{
    Approval, ApprovalStatus, CreateApproval, Decision, Event, Task, TaskStatus, Timestamp, limits,
};

use super::graph::{cancel_with, try_unblock};
use super::task_ids::new_task_id;
use super::{Ctx, DomainError, Hub, shift, validate};

/// How long a request waits for a decision unless told otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(3600);
/// The longest timeout accepted (30 days).
const MAX_TIMEOUT_SECS: u64 = 30 * 86_400;

fn new_id() -> String {
    format!("ap-{}", new_task_id())
}

/// Create a pending request and announce it.
pub(crate) fn request(
    cx: &mut Ctx<'_, '_>,
    agent: &str,
    action: &str,
    description: &str,
    task_id: Option<&str>,
    timeout: Duration,
) -> Result<Approval, DomainError> {
    let now = cx.tx.now();
    let approval = Approval {
        id: new_id(),
        agent: agent.to_string(),
        action: action.to_string(),
        description: description.to_string(),
        status: ApprovalStatus::Pending,
        task_id: task_id.map(str::to_string),
        decided_by: None,
        created_at: now,
        decided_at: None,
        expires_at: Some(shift(now, timeout, true)),
    };
    cx.tx.approvals().insert(&approval)?;
    cx.tx.emit(Event::ApprovalRequested {
        approval: approval.clone(),
    })?;
    Ok(approval)
}

/// Ask the operator whether `task` may run.
pub(crate) fn request_run(cx: &mut Ctx<'_, '_>, task: &Task) -> Result<(), DomainError> {
    let description = format!("run task {} \"{}\"", task.id, task.title);
    request(
        cx,
        "operator",
        "run task",
        &description,
        Some(&task.id),
        DEFAULT_TIMEOUT,
    )?;
    Ok(())
}

/// Move a pending request to `to` and carry the decision to its task.
fn decide(
    cx: &mut Ctx<'_, '_>,
    mut approval: Approval,
    to: ApprovalStatus,
    by: &str,
    at: Timestamp,
) -> Result<Approval, DomainError> {
    if approval.status != ApprovalStatus::Pending {
        return Err(DomainError::InvalidTransition(format!(
            "approval {} is already {}",
            approval.id,
            crate::store::approval_status_str(approval.status)
        )));
    }
    approval.status = to;
    approval.decided_by = Some(by.to_string());
    approval.decided_at = Some(at);
    cx.tx.approvals().save(&approval)?;
    cx.tx.emit(Event::ApprovalDecided {
        approval: approval.clone(),
    })?;
    if let Some(task_id) = approval.task_id.clone()
        && let Some(mut rec) = cx.tx.tasks().get(&task_id)?
        && rec.state.status() == TaskStatus::Blocked
    {
        if to == ApprovalStatus::Approved {
            try_unblock(cx, &mut rec)?;
        } else {
            let word = if to == ApprovalStatus::Expired {
                "expired"
            } else {
                "rejected"
            };
            cancel_with(cx, &mut rec, format!("approval {} {word}", approval.id))?;
        }
    }
    Ok(approval)
}

fn check_text(what: &str, s: &str, max: usize) -> Result<(), DomainError> {
    if s.trim().is_empty() {
        return Err(DomainError::Validation(format!("{what} must not be empty")));
    }
    validate::max_bytes(what, s, max)
}

impl Hub {
    pub async fn create_approval(&self, req: CreateApproval) -> Result<Approval, DomainError> {
        check_text("agent", &req.agent, 200)?;
        check_text("action", &req.action, limits::MAX_TITLE_BYTES)?;
        validate::max_bytes("description", &req.description, limits::MAX_MESSAGE_BYTES)?;
        let secs = req.timeout_seconds.unwrap_or(DEFAULT_TIMEOUT.as_secs());
        if secs > MAX_TIMEOUT_SECS {
            return Err(DomainError::Validation(format!(
                "timeout_seconds must be at most {MAX_TIMEOUT_SECS}"
            )));
        }
        self.write(move |cx| {
            request(
                cx,
                &req.agent,
                &req.action,
                &req.description,
                None,
                Duration::from_secs(secs),
            )
        })
        .await
    }

    pub fn approvals(
        &self,
        status: Option<ApprovalStatus>,
        limit: Option<u32>,
    ) -> Result<Vec<Approval>, DomainError> {
        let limit = limit
            .unwrap_or(limits::DEFAULT_LIST_LIMIT)
            .clamp(1, limits::MAX_LIST_LIMIT);
        self.read(|r| Ok(r.approvals().list(status, i64::from(limit))?))
    }

    /// Approve or reject `id`, or the most recent pending request for
    /// `latest`.
    pub async fn decide_approval(
        &self,
        id: &str,
        decision: Decision,
        by: &str,
    ) -> Result<Approval, DomainError> {
        if id.is_empty() || id.len() > 100 {
            return Err(DomainError::NotFound(format!(
                "no approval `{}`",
                id.escape_debug()
            )));
        }
        let (id, by) = (id.to_string(), by.to_string());
        self.write(move |cx| {
            let found = if id == "latest" {
                cx.tx
                    .approvals()
                    .latest_pending()?
                    .ok_or_else(|| DomainError::NotFound("no pending approval".into()))?
            } else {
                cx.tx.approvals().get(&id)?.ok_or_else(|| {
                    DomainError::NotFound(format!("no approval `{}`", id.escape_debug()))
                })?
            };
            let to = match decision {
                Decision::Approve => ApprovalStatus::Approved,
                Decision::Reject => ApprovalStatus::Rejected,
            };
            let now = cx.tx.now();
            decide(cx, found, to, &by, now)
        })
        .await
    }

    /// Expire pending requests whose time ran out by `now` (the sweeper
    /// passes the clock; tests pass any time they like).
    pub async fn expire_approvals(&self) -> Result<usize, DomainError> {
        self.write(move |cx| {
            let now = cx.tx.now();
            let ids = cx.tx.approvals().expired(now)?;
            let n = ids.len();
            for id in ids {
                if let Some(a) = cx.tx.approvals().get(&id)? {
                    decide(cx, a, ApprovalStatus::Expired, "timeout", now)?;
                }
            }
            Ok(n)
        })
        .await
    }
}
