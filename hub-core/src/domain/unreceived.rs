//! Work a hub handed over just before it died. A hand-over commits the task
//! as `running` and only then sends the claim its answer, so a hub killed in
//! between leaves a task `running` on a worker that never received it. Left
//! alone, it would wait for its lease to lapse and its retry would cost an
//! attempt (a task allowed one would fail without ever having run).
//!
//! A worker's heartbeat that lists every task it holds, results not yet
//! delivered included (`Heartbeat::lists_all_held`), settles it: a task this
//! hub's earlier process started for that worker and the worker does not
//! list goes back to the queue with its attempt given back
//! (ARCHITECTURE.md, "Leases and fencing").

use std::time::Duration;

use m3shd_api::{TaskStatus, Timestamp};

use super::task_change::give_back;
use super::{Ctx, DomainError, Hub};
use crate::clock::shift;

/// How long after this process starts serving a heartbeat must come for it
/// to count. The kernel still delivers an answer the old process had
/// written to its socket before it died, and the worker has it in hand
/// within milliseconds; this leaves that ample room.
const ANSWER_GRACE: Duration = Duration::from_secs(2);

impl Hub {
    /// Tasks started before this moment were handed over by a process that
    /// is gone, if a heartbeat may judge them now. Never with replicas:
    /// another live hub may have started a task whose answer is still on
    /// its way, and a restarted replica cannot tell its own from theirs.
    /// Only until one lease after the start-up grace: by then the sweep has
    /// expired every such task no heartbeat kept, so later heartbeats skip
    /// the lookup.
    pub(crate) fn handed_over_before_restart(&self) -> Option<Timestamp> {
        let from = shift(self.serving_since, ANSWER_GRACE, true);
        let until = shift(self.judge_from, self.policy.lease_timeout, true);
        let now = self.clock.now();
        (self.replica.is_none() && from <= now && now < until).then_some(self.serving_since)
    }
}

/// Give back the tasks `agent` holds as running, started before `cutoff`,
/// that it does not list as held.
pub(crate) fn give_back_unreceived(
    cx: &mut Ctx<'_, '_>,
    agent: &str,
    listed: &[String],
    cutoff: Timestamp,
) -> Result<(), DomainError> {
    for mut rec in cx.tx.tasks().held_by(agent, Some(TaskStatus::Running))? {
        let before = rec.state.started_at().is_some_and(|t| t < cutoff);
        if before && !listed.contains(&rec.task.id) {
            give_back(
                cx,
                &mut rec,
                "the hub restarted before the worker received it".into(),
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use m3shd_api::{AgentId, Heartbeat, Task, TaskId};

    use super::super::{NoWake, Policy};
    use super::*;
    use crate::clock::ManualClock;
    use crate::store::{Durability, Store};

    fn open(dir: &tempfile::TempDir, clock: &ManualClock) -> Hub {
        let store = Store::open_with_clock(dir.path(), Durability::Normal, Arc::new(clock.clone()))
            .expect("open");
        Hub::new(
            store,
            Policy::for_tests(Duration::from_secs(600)),
            Arc::new(NoWake),
        )
    }

    fn rex() -> AgentId {
        AgentId::parse("rex").expect("id")
    }

    /// A task created and claimed by rex: `running`, its answer as good as
    /// lost if the hub goes now.
    async fn handed_to_rex(hub: &Hub, prompt: &str) -> TaskId {
        let id = hub.create_prompt(prompt).await;
        let claimed = hub.claim(&rex(), None).await.expect("claim");
        assert_eq!(claimed.len(), 1);
        assert_eq!(claimed[0].task.id, id.as_str());
        id
    }

    async fn heartbeat(hub: &Hub, running: &[&TaskId], lists_all_held: bool) {
        hub.heartbeat(
            &rex(),
            Heartbeat {
                claiming: true,
                running: running.iter().map(|id| id.as_str().to_string()).collect(),
                lists_all_held,
            },
        )
        .await
        .expect("heartbeat");
    }

    fn task(hub: &Hub, id: &TaskId) -> Task {
        hub.task(id).expect("task")
    }

    #[tokio::test]
    async fn a_restarted_hub_gives_back_what_it_handed_over_and_the_worker_never_got() {
        let dir = tempfile::tempdir().expect("tempdir");
        let clock = ManualClock::starting_now();
        let (lost, kept) = {
            let hub = open(&dir, &clock);
            hub.register_general("rex", 4).await;
            (
                handed_to_rex(&hub, "lost on the way").await,
                handed_to_rex(&hub, "received").await,
            )
        };
        // The hub restarts; rex kept running and holds only `kept`.
        clock.advance(Duration::from_secs(1));
        let hub = open(&dir, &clock);
        let after = handed_to_rex(&hub, "handed after the restart").await;

        // Too soon after the start: an answer the old process wrote may
        // still be reaching the worker.
        heartbeat(&hub, &[&kept], true).await;
        assert_eq!(task(&hub, &lost).status, TaskStatus::Running);

        clock.advance(ANSWER_GRACE);
        // A worker that does not say it lists all it holds proves nothing.
        heartbeat(&hub, &[&kept], false).await;
        assert_eq!(task(&hub, &lost).status, TaskStatus::Running);

        heartbeat(&hub, &[&kept], true).await;
        let back = task(&hub, &lost);
        assert_ne!(back.status, TaskStatus::Running, "given back");
        assert_eq!(
            back.status,
            TaskStatus::Assigned,
            "and offered to rex again"
        );
        assert_eq!(back.attempts, 1, "the attempt never made was given back");
        // What rex listed stays its own, and so does what this process
        // handed over: only its lease judges that one.
        assert_eq!(task(&hub, &kept).status, TaskStatus::Running);
        assert_eq!(task(&hub, &after).status, TaskStatus::Running);

        let claimed = hub.claim(&rex(), None).await.expect("claim");
        assert_eq!(claimed.len(), 1);
        assert_eq!(claimed[0].task.id, lost.as_str());
    }
}
