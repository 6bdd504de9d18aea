//! Claims waiting in their long-poll, so that the write which assigns an
//! agent work also starts it and hands it over (ARCHITECTURE.md,
//! "Dispatch"): one commit per task fewer than assigning, waking the claim
//! and starting the work in a write of its own.
//!
//! A claim registers before it waits. The writer takes the registration
//! inside the transaction and sends the started work only once the commit
//! is through; a transaction that rolls back drops the sender, and the
//! claim looks for itself. Work handed to a claim that is gone by the time
//! it arrives goes back to the queue with its attempt given back, as if the
//! worker had released it.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use m3shd_api::{AgentId, Claimed, Fence, TaskId};
use tokio::sync::oneshot;

use super::task_change::give_back;
use super::{Ctx, DomainError, Hub};

/// Work started for a waiting claim, to send once the commit is through.
pub(crate) struct Handed {
    agent: String,
    send: oneshot::Sender<Vec<Claimed>>,
    claims: Vec<Claimed>,
}

struct Registration {
    ticket: u64,
    free_slots: Option<u32>,
    send: oneshot::Sender<Vec<Claimed>>,
}

/// The claims waiting right now, one per agent (a newer claim of the same
/// agent replaces an older one, which then looks for itself).
#[derive(Default)]
pub(crate) struct WaitingClaims {
    by_agent: Mutex<HashMap<String, Registration>>,
    tickets: AtomicU64,
}

impl WaitingClaims {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Registration>> {
        // Plain data: a poisoned lock still holds a usable map.
        self.by_agent.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn register(
        &self,
        agent: &str,
        free_slots: Option<u32>,
    ) -> (u64, oneshot::Receiver<Vec<Claimed>>) {
        let ticket = self.tickets.fetch_add(1, Ordering::Relaxed);
        let (send, receive) = oneshot::channel();
        let reg = Registration {
            ticket,
            free_slots,
            send,
        };
        self.lock().insert(agent.to_string(), reg);
        (ticket, receive)
    }

    fn take(&self, agent: &str) -> Option<Registration> {
        self.lock().remove(agent)
    }

    /// Remove the registration if it is still this claim's; false when
    /// a write took it or a newer claim of the agent replaced it.
    fn withdraw(&self, agent: &str, ticket: u64) -> bool {
        let mut map = self.lock();
        let ours = map.get(agent).is_some_and(|r| r.ticket == ticket);
        if ours {
            map.remove(agent);
        }
        ours
    }
}

/// Inside the transaction, after the dispatch pass: start the work of each
/// agent given some whose claim is waiting. Those agents need no wake-up.
pub(crate) fn hand_to_waiting(
    cx: &mut Ctx<'_, '_>,
    waiting: &WaitingClaims,
) -> Result<Vec<Handed>, DomainError> {
    let mut handed = Vec::new();
    let mut woken = std::mem::take(&mut cx.woken);
    woken.sort_unstable();
    woken.dedup();
    for agent in woken {
        let Some(reg) = waiting.take(&agent) else {
            cx.woken.push(agent);
            continue;
        };
        let Some(mut rec) = cx.tx.agents().get_state(&agent)? else {
            continue;
        };
        let take = reg.free_slots.map_or(usize::MAX, |n| n as usize);
        let claims = super::agents::hand_over(cx, &agent, &mut rec, take)?;
        if claims.is_empty() {
            // Dropping the registration sends the claim to look for itself.
            cx.woken.push(agent);
        } else {
            handed.push(Handed {
                agent,
                send: reg.send,
                claims,
            });
        }
    }
    Ok(handed)
}

impl Hub {
    /// Register a claim of `agent` that is about to wait for work.
    pub fn wait_for_work(self: &Arc<Self>, agent: &str, free_slots: Option<u32>) -> ClaimWait {
        let (ticket, receive) = self.waiting.register(agent, free_slots);
        ClaimWait {
            hub: self.clone(),
            agent: agent.to_string(),
            ticket,
            receive: Some(receive),
        }
    }

    /// After the commit: give each waiting claim its work; what finds no
    /// claim any more goes back to the queue.
    pub(super) async fn deliver_handed(&self, handed: Vec<Handed>) {
        for h in handed {
            if let Err(claims) = h.send.send(h.claims) {
                self.release_undelivered(&h.agent, claims).await;
            }
        }
    }

    /// Work started for a claim that was gone before it arrived: back to
    /// the queue, its attempt given back (the worker never saw it).
    fn release_undelivered<'a>(
        &'a self,
        agent: &'a str,
        claims: Vec<Claimed>,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send + 'a>> {
        Box::pin(async move {
            // Stored agents' and tasks' ids were checked on the way in.
            let Ok(agent) = AgentId::parse(agent) else {
                return;
            };
            let held: Vec<(TaskId, Fence)> = claims
                .iter()
                .filter_map(|c| Some((TaskId::parse(&c.task.id).ok()?, c.lease.fence)))
                .collect();
            let who = agent.clone();
            let res = self
                .write(move |cx| {
                    for (id, fence) in &held {
                        // Work that moved on meanwhile (cancelled, say) stays as it is.
                        if let Ok(mut rec) = super::lease::held_task(cx, id, &agent, *fence) {
                            let why = format!(
                                "agent {agent}'s claim was gone before the work reached it"
                            );
                            give_back(cx, &mut rec, why)?;
                        }
                    }
                    Ok(())
                })
                .await;
            if let Err(e) = res {
                // The leases run out and the sweep requeues the work instead.
                tracing::warn!(agent = %who, error = %e, "could not release work handed to a claim that was gone");
            }
        })
    }
}

/// A claim waiting for work: what the writer hands it, if anything.
pub struct ClaimWait {
    hub: Arc<Hub>,
    agent: String,
    ticket: u64,
    receive: Option<oneshot::Receiver<Vec<Claimed>>>,
}

impl ClaimWait {
    /// Wait until the writer hands this claim work (`Some`, started and
    /// leased) or takes the registration without any (`None`: look for
    /// work the usual way). Cancel-safe: nothing is lost if another branch
    /// of a `select!` wins; call [`ClaimWait::finish`] then.
    pub async fn handed(&mut self) -> Option<Vec<Claimed>> {
        let receive = self.receive.as_mut()?;
        let got = receive.await.ok();
        self.receive = None;
        got
    }

    /// Stop waiting: the registration goes, and work handed over meanwhile
    /// is returned (empty when there is none). A write that has taken the
    /// registration answers once it commits (or drops the sender if it
    /// rolls back), so that answer is awaited: turned away, the work it
    /// started would go back to the queue. (A newer claim of the agent that
    /// replaced the registration dropped the sender: no wait.)
    pub async fn finish(mut self) -> Vec<Claimed> {
        if !self.hub.waiting.withdraw(&self.agent, self.ticket)
            && let Some(receive) = self.receive.take()
        {
            // Dropped while waiting (the connection closed), the receiver
            // turns the work away and `deliver_handed` gives it back.
            return receive.await.unwrap_or_default();
        }
        self.close()
    }

    fn close(&mut self) -> Vec<Claimed> {
        self.hub.waiting.withdraw(&self.agent, self.ticket);
        let Some(mut receive) = self.receive.take() else {
            return Vec::new();
        };
        // After close() no send can succeed, so what try_recv finds is all
        // there will ever be.
        receive.close();
        receive.try_recv().unwrap_or_default()
    }
}

impl Drop for ClaimWait {
    fn drop(&mut self) {
        let orphaned = self.close();
        if orphaned.is_empty() {
            return;
        }
        // The claim went away (its connection closed) with work in hand.
        match tokio::runtime::Handle::try_current() {
            Ok(rt) => {
                let hub = self.hub.clone();
                let agent = self.agent.clone();
                rt.spawn(async move { hub.release_undelivered(&agent, orphaned).await });
            }
            Err(_) => tracing::warn!(
                agent = %self.agent,
                "work handed to a claim that was gone waits for its lease to run out"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use m3shd_api::{Task, TaskStatus};

    use super::super::{NoWake, Policy};
    use super::*;
    use crate::store::{Durability, Store};

    async fn hub(dir: &tempfile::TempDir) -> Arc<Hub> {
        let store = Store::open(dir.path(), Durability::Normal).expect("open");
        let policy = Policy::for_tests(Duration::from_secs(600));
        let hub = Arc::new(Hub::new(store, policy, Arc::new(NoWake)));
        let rex = AgentId::parse("rex").expect("id");
        hub.register_general("rex", 4).await;
        // A first claim finds nothing: the agent's claim loop runs.
        assert!(hub.claim(&rex, None).await.expect("claim").is_empty());
        hub
    }

    async fn create(hub: &Hub, prompt: &str) -> TaskId {
        hub.create_prompt(prompt).await
    }

    /// The task once `done` says so, or its last state after 10 s.
    async fn settled(hub: &Hub, id: &TaskId, done: impl Fn(&Task) -> bool) -> Task {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let task = hub.task(id).expect("task");
            if done(&task) || tokio::time::Instant::now() >= deadline {
                return task;
            }
            tokio::task::yield_now().await;
        }
    }

    #[tokio::test]
    async fn work_for_a_waiting_claim_is_started_by_the_write_that_assigns_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let hub = hub(&dir).await;
        let mut wait = hub.wait_for_work("rex", None);
        let id = create(&hub, "hello").await;
        // Running as soon as the create is answered: no second write.
        let stored = hub.task(&id).expect("task");
        assert_eq!(stored.status, TaskStatus::Running);
        assert_eq!(stored.attempts, 1);
        let claims = wait.handed().await.expect("handed work");
        assert_eq!(claims.len(), 1);
        assert_eq!(claims[0].task.id, id.as_str());
        assert_eq!(claims[0].task.status, TaskStatus::Running);
        assert!(
            wait.finish().await.is_empty(),
            "nothing more was handed over"
        );
        // The registration went with the hand-over: the next task waits
        // for the next claim.
        let next = create(&hub, "again").await;
        assert_eq!(hub.task(&next).expect("task").status, TaskStatus::Assigned);
    }

    #[tokio::test]
    async fn a_waiting_claim_is_handed_no_more_than_its_free_slots() {
        let dir = tempfile::tempdir().expect("tempdir");
        let hub = hub(&dir).await;
        hub.pause_queue("test").await.expect("pause");
        let ids = [
            create(&hub, "one").await,
            create(&hub, "two").await,
            create(&hub, "three").await,
        ];
        let mut wait = hub.wait_for_work("rex", Some(2));
        hub.resume_queue("test").await.expect("resume");
        let claims = wait.handed().await.expect("handed work");
        assert_eq!(claims.len(), 2);
        let statuses: Vec<TaskStatus> = ids
            .iter()
            .map(|id| hub.task(id).expect("task").status)
            .collect();
        let running = statuses
            .iter()
            .filter(|s| **s == TaskStatus::Running)
            .count();
        let assigned = statuses
            .iter()
            .filter(|s| **s == TaskStatus::Assigned)
            .count();
        assert_eq!((running, assigned), (2, 1), "{statuses:?}");
    }

    #[tokio::test]
    async fn work_handed_to_a_claim_that_left_goes_back_with_its_attempt() {
        let dir = tempfile::tempdir().expect("tempdir");
        let hub = hub(&dir).await;
        let wait = hub.wait_for_work("rex", None);
        let id = create(&hub, "hello").await;
        assert_eq!(hub.task(&id).expect("task").status, TaskStatus::Running);
        // The claim's connection closes with the work unread.
        drop(wait);
        let task = settled(&hub, &id, |t| t.status != TaskStatus::Running).await;
        // Back in the queue and at once assigned again (rex is free); the
        // attempt the worker never made was given back, so this is still
        // the first.
        assert_eq!(task.status, TaskStatus::Assigned);
        assert_eq!(task.attempts, 1);
        let claims = hub
            .claim(&AgentId::parse("rex").expect("id"), None)
            .await
            .expect("claim");
        assert_eq!(claims.len(), 1);
        assert_eq!(claims[0].task.id, id.as_str());
    }

    #[tokio::test]
    async fn a_hand_over_that_finds_the_claim_gone_releases_the_work_before_answering() {
        let dir = tempfile::tempdir().expect("tempdir");
        let hub = hub(&dir).await;
        // Registered, then gone without withdrawing (between the writer
        // taking it and the commit).
        let (_, receive) = hub.waiting.register("rex", None);
        drop(receive);
        let id = create(&hub, "hello").await;
        let task = hub.task(&id).expect("task");
        assert_eq!(task.status, TaskStatus::Assigned);
        assert_eq!(task.attempts, 1, "the attempt never made was given back");
    }

    #[tokio::test]
    async fn a_rolled_back_write_sends_the_claim_to_look_for_itself() {
        let dir = tempfile::tempdir().expect("tempdir");
        let hub = hub(&dir).await;
        let mut wait = hub.wait_for_work("rex", None);
        let taken = hub.waiting.take("rex").expect("registered");
        drop(taken);
        assert!(wait.handed().await.is_none());
        assert!(wait.finish().await.is_empty());
    }

    #[tokio::test]
    async fn a_claim_that_stops_waiting_after_a_write_took_it_still_gets_the_work() {
        let dir = tempfile::tempdir().expect("tempdir");
        let hub = hub(&dir).await;
        // Real claims to hand over: those of a first claim.
        let mut first = hub.wait_for_work("rex", None);
        create(&hub, "hello").await;
        let claims = first.handed().await.expect("handed work");
        // A second claim's registration taken by a write that has not
        // committed yet, when a wake-up ends the claim's wait.
        let wait = hub.wait_for_work("rex", None);
        let taken = hub.waiting.take("rex").expect("registered");
        let finishing = tokio::spawn(wait.finish());
        tokio::task::yield_now().await;
        assert!(!finishing.is_finished(), "it waits for the write's answer");
        assert!(
            taken.send.send(claims).is_ok(),
            "the answer is taken, not turned away"
        );
        let got = finishing.await.expect("finish");
        assert_eq!(got.len(), 1);
    }
}
