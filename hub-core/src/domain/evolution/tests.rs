//! Self-evolving agents on a hub whose clock moves only when the test says:
//! statistics from the task history, proposals, the amendments an
//! evolution task's output gives, and what applied ones do to prompts.

use std::sync::Arc;
use std::time::Duration;

use m3shd_api::{
    AgentId, AmendmentQuery, AmendmentStatus, CompleteTask, CreateTask, EVOLUTION_BLOCK_START,
    Event, FailTask, RegisterAgent, StreamQuery, Task, TaskId,
};

use super::super::{DomainError, Hub, ManualClock, NoWake, Policy};
use crate::store::{Durability, Store};

struct Fixture {
    hub: Hub,
    clock: ManualClock,
    _dir: tempfile::TempDir,
}

fn id(s: &str) -> AgentId {
    AgentId::parse(s).expect("agent id")
}

async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let clock = ManualClock::starting_now();
    let store = Store::open_with_clock(dir.path(), Durability::Normal, Arc::new(clock.clone()))
        .expect("open");
    let policy = Policy::for_tests(Duration::from_secs(600));
    let f = Fixture {
        hub: Hub::new(store, policy, Arc::new(NoWake)),
        clock,
        _dir: dir,
    };
    f.register("rex", &["general"]).await;
    f
}

impl Fixture {
    async fn register(&self, agent: &str, caps: &[&str]) {
        self.hub
            .register_agent(
                &id(agent),
                RegisterAgent {
                    name: None,
                    machine: None,
                    capabilities: caps.iter().map(|c| c.to_string()).collect(),
                    max_concurrent: 4,
                },
            )
            .await
            .expect("register");
    }

    /// A task for `agent` that it claims and finishes: done, or failed
    /// with `error`.
    async fn finish(&self, agent: &str, error: Option<&str>) -> Task {
        let task = self
            .hub
            .create_task(
                CreateTask {
                    prompt: "echo work".into(),
                    assign_to: Some(agent.into()),
                    max_attempts: Some(1),
                    ..CreateTask::default()
                },
                None,
            )
            .await
            .expect("create")
            .task;
        self.run(agent, &task.id, error.map_or(Ok("ok"), Err)).await
    }

    /// `agent` claims `task` and completes it with the output, or fails it.
    async fn run(&self, agent: &str, task: &str, outcome: Result<&str, &str>) -> Task {
        let claims = self.hub.claim(&id(agent), None).await.expect("claim");
        let c = claims
            .into_iter()
            .find(|c| c.task.id == task)
            .unwrap_or_else(|| panic!("{agent} was handed {task}"));
        let tid = TaskId::parse(task).expect("task id");
        match outcome {
            Ok(output) => {
                self.hub
                    .complete_task(
                        &tid,
                        &id(agent),
                        CompleteTask {
                            fence: c.lease.fence,
                            output: output.into(),
                            confidence: None,
                            usage: None,
                        },
                    )
                    .await
            }
            Err(error) => {
                self.hub
                    .fail_task(
                        &tid,
                        &id(agent),
                        FailTask {
                            fence: c.lease.fence,
                            error: error.into(),
                            output: None,
                            retryable: false,
                            usage: None,
                        },
                    )
                    .await
            }
        }
        .expect("finish")
    }

    /// Five done and two failed (never three failures in a row: the
    /// circuit would open).
    async fn history(&self) {
        for error in [
            None,
            Some("no sources cited"),
            None,
            None,
            Some("timed out"),
            None,
            None,
        ] {
            self.finish("rex", error).await;
        }
    }

    /// The prompt `agent` is handed for a new task.
    async fn next_prompt(&self, agent: &str) -> String {
        let t = self
            .hub
            .create_task(
                CreateTask {
                    prompt: "echo next".into(),
                    assign_to: Some(agent.into()),
                    ..CreateTask::default()
                },
                None,
            )
            .await
            .expect("create")
            .task;
        let claims = self.hub.claim(&id(agent), None).await.expect("claim");
        let c = claims
            .into_iter()
            .find(|c| c.task.id == t.id)
            .expect("claimed");
        self.run_claimed(agent, &c).await;
        c.task.prompt
    }

    async fn run_claimed(&self, agent: &str, c: &m3shd_api::Claimed) {
        self.hub
            .complete_task(
                &TaskId::parse(&c.task.id).expect("id"),
                &id(agent),
                CompleteTask {
                    fence: c.lease.fence,
                    output: "ok".into(),
                    confidence: None,
                    usage: None,
                },
            )
            .await
            .expect("complete");
    }

    fn amendments(&self, status: Option<AmendmentStatus>) -> Vec<m3shd_api::Amendment> {
        self.hub
            .amendments(&AmendmentQuery {
                agent: Some("rex".into()),
                status,
                limit: None,
            })
            .expect("list")
    }

    fn event_kinds(&self, prefix: &str) -> Vec<String> {
        self.hub
            .events(&StreamQuery {
                types: Some(prefix.into()),
                limit: Some(500),
                ..StreamQuery::default()
            })
            .expect("events")
            .events
            .into_iter()
            .map(|e| e.event.kind().to_string())
            .collect()
    }
}

const OUTPUT: &str = "Here is what I see.\n\
AMENDMENT: add | CONFIDENCE 0.8 | Cite a source for every claim | 1 of 2 failures: no sources cited\n\
AMENDMENT: restrict | CONFIDENCE 0.6 | Do not start work that needs more than 5 minutes | timed out\n\
AMENDMENT: maybe | CONFIDENCE 0.6 | ignored | malformed\n";

#[tokio::test]
async fn statistics_count_the_window_per_capability() {
    let f = fixture().await;
    f.history().await;
    let p = f.hub.agent_performance(&id("rex"), None).expect("stats");
    assert_eq!((p.succeeded, p.failed), (5, 2));
    assert_eq!(p.by_capability.len(), 1);
    assert_eq!(p.by_capability[0].capability, "general");
    assert_eq!(p.recent_failures[0].error, "timed out");
    assert_eq!(p.recent_failures[1].error, "no sources cited");
    f.clock.advance(Duration::from_secs(8 * 86_400));
    let p = f.hub.agent_performance(&id("rex"), None).expect("stats");
    assert_eq!(p.finished(), 0, "out of the 7-day window");
    let p = f
        .hub
        .agent_performance(&id("rex"), Some(30))
        .expect("stats");
    assert_eq!(p.finished(), 7);
    assert!(matches!(
        f.hub.agent_performance(&id("ghost"), None),
        Err(DomainError::NotFound(_))
    ));
}

#[tokio::test]
async fn a_proposal_needs_an_evolve_agent_and_one_open_task_at_a_time() {
    let f = fixture().await;
    f.history().await;
    let err = f.hub.propose_evolution(&id("rex")).await;
    assert!(
        matches!(&err, Err(DomainError::Conflict(m)) if m.contains("evolve")),
        "{err:?}"
    );
    f.register("sage", &["evolve"]).await;
    let p = f.hub.propose_evolution(&id("rex")).await.expect("propose");
    assert_eq!(p.task.required_capability.as_deref(), Some("evolve"));
    assert!(p.task.prompt.contains("agent `rex`"), "{}", p.task.prompt);
    assert!(p.task.prompt.contains("5 succeeded, 2 failed"));
    let again = f.hub.propose_evolution(&id("rex")).await;
    assert!(matches!(again, Err(DomainError::Conflict(_))), "{again:?}");
    // Nothing to learn from an agent that finished nothing.
    f.register("idle", &["general"]).await;
    let idle = f.hub.propose_evolution(&id("idle")).await;
    assert!(matches!(idle, Err(DomainError::Validation(_))), "{idle:?}");
}

#[tokio::test]
async fn output_lines_become_proposals_and_applied_ones_lead_the_prompt_until_reverted() {
    let f = fixture().await;
    f.history().await;
    f.register("sage", &["evolve"]).await;
    let p = f.hub.propose_evolution(&id("rex")).await.expect("propose");
    f.run("sage", &p.task.id, Ok(OUTPUT)).await;

    let proposed = f.amendments(Some(AmendmentStatus::Proposed));
    assert_eq!(proposed.len(), 2, "{proposed:#?}");
    assert!(
        proposed
            .iter()
            .all(|a| a.source_task == p.task.id && !a.active)
    );
    assert_eq!(f.event_kinds("evolution_").len(), 2);
    let add = proposed
        .iter()
        .find(|a| a.text.starts_with("Cite"))
        .expect("add");
    let restrict = proposed
        .iter()
        .find(|a| a.text.starts_with("Do not"))
        .expect("restrict");

    // Nothing changes before the operator decides.
    assert_eq!(f.next_prompt("rex").await, "echo next");

    let applied = f.hub.apply_amendment(&add.id, "op").await.expect("apply");
    assert!(applied.active && applied.decided_by.as_deref() == Some("op"));
    let rejected = f
        .hub
        .reject_amendment(&restrict.id, "op", Some(" too strict ".into()))
        .await
        .expect("reject");
    assert_eq!(rejected.reason.as_deref(), Some("too strict"));
    let twice = f.hub.apply_amendment(&restrict.id, "op").await;
    assert!(matches!(twice, Err(DomainError::InvalidTransition(_))));

    let prompt = f.next_prompt("rex").await;
    assert_eq!(
        prompt,
        format!(
            "{EVOLUTION_BLOCK_START}- Cite a source for every claim\n\
             --- end of evolution guidelines ---\n\necho next"
        )
    );
    // Other agents' prompts are their own.
    assert_eq!(f.next_prompt("sage").await, "echo next");

    f.hub.revert_amendment(&add.id, "op").await.expect("revert");
    assert_eq!(f.next_prompt("rex").await, "echo next");
    let again = f.hub.revert_amendment(&add.id, "op").await;
    assert!(matches!(again, Err(DomainError::InvalidTransition(_))));
    assert_eq!(
        f.event_kinds("evolution_"),
        [
            "evolution_proposed",
            "evolution_proposed",
            "evolution_applied",
            "evolution_rejected",
            "evolution_reverted"
        ]
    );
}

#[tokio::test]
async fn a_remove_keeps_the_guideline_it_names_out_while_it_is_applied() {
    let f = fixture().await;
    f.history().await;
    f.register("sage", &["evolve"]).await;
    let p = f.hub.propose_evolution(&id("rex")).await.expect("propose");
    f.run("sage", &p.task.id, Ok(OUTPUT)).await;
    let add = f
        .amendments(Some(AmendmentStatus::Proposed))
        .into_iter()
        .find(|a| a.text.starts_with("Cite"))
        .expect("add");
    f.hub.apply_amendment(&add.id, "op").await.expect("apply");

    // A new failure, so a new proposal: remove it (by its text), and a
    // repeat of what is already applied, which is not proposed again.
    f.finish("rex", Some("again")).await;
    let p = f.hub.propose_evolution(&id("rex")).await.expect("propose");
    assert!(p.task.prompt.contains(&format!("- {} (add): Cite", add.id)));
    let out = "AMENDMENT: remove | CONFIDENCE 0.7 | cite a source for every CLAIM | slows it down\n\
               AMENDMENT: add | CONFIDENCE 0.9 | Cite a source for every claim | again\n\
               AMENDMENT: remove | CONFIDENCE 0.7 | am-nothing | x\n";
    f.run("sage", &p.task.id, Ok(out)).await;
    let proposed = f.amendments(Some(AmendmentStatus::Proposed));
    assert_eq!(
        proposed.len(),
        3,
        "the earlier restrict and two removes: {proposed:#?}"
    );
    let remove = proposed
        .iter()
        .find(|a| a.text.starts_with("cite"))
        .expect("remove");
    let dangling = proposed
        .iter()
        .find(|a| a.text == "am-nothing")
        .expect("dangling remove");
    let err = f.hub.apply_amendment(&dangling.id, "op").await;
    assert!(matches!(err, Err(DomainError::Conflict(_))), "{err:?}");

    let applied = f
        .hub
        .apply_amendment(&remove.id, "op")
        .await
        .expect("apply");
    assert_eq!(applied.target.as_deref(), Some(add.id.as_str()));
    assert!(!f.hub.amendment(&add.id).expect("get").active);
    assert_eq!(f.next_prompt("rex").await, "echo next");
    // Reverting the remove brings the guideline back.
    f.hub
        .revert_amendment(&remove.id, "op")
        .await
        .expect("revert");
    assert!(f.hub.amendment(&add.id).expect("get").active);
    assert!(
        f.next_prompt("rex")
            .await
            .starts_with(EVOLUTION_BLOCK_START)
    );
}

#[tokio::test]
async fn the_scheduled_pass_proposes_only_from_something_new() {
    let f = fixture().await;
    f.history().await;
    let r = f.hub.evolution_pass().await.expect("pass");
    assert!(r.proposed.is_empty());
    assert!(
        r.note.as_deref().is_some_and(|n| n.contains("evolve")),
        "{r:?}"
    );
    assert_eq!(f.hub.tasks(&Default::default()).expect("tasks").len(), 7);

    f.register("sage", &["evolve"]).await;
    f.register("quiet", &["general"]).await;
    let r = f.hub.evolution_pass().await.expect("pass");
    assert_eq!(r.agents, 3);
    assert_eq!(r.proposed.len(), 1, "{r:?}");
    assert_eq!(r.proposed[0].agent_id, "rex");
    assert_eq!(r.note, None);
    let open = r.proposed[0].task_id.clone();
    assert!(
        f.hub
            .evolution_pass()
            .await
            .expect("pass")
            .proposed
            .is_empty()
    );

    f.run("sage", &open, Ok("no amendments today")).await;
    assert!(
        f.hub
            .evolution_pass()
            .await
            .expect("pass")
            .proposed
            .is_empty(),
        "no failure since the last proposal"
    );
    f.clock.advance(Duration::from_secs(60));
    f.finish("rex", Some("broke again")).await;
    let r = f.hub.evolution_pass().await.expect("pass");
    assert_eq!(r.proposed.len(), 1);
}

#[tokio::test]
async fn failed_evolution_tasks_propose_nothing() {
    let f = fixture().await;
    f.history().await;
    f.register("sage", &["evolve"]).await;
    let p = f.hub.propose_evolution(&id("rex")).await.expect("propose");
    f.run("sage", &p.task.id, Err(OUTPUT)).await;
    assert!(f.amendments(None).is_empty());
    assert!(
        !f.event_kinds("evolution_")
            .iter()
            .any(|k| k == "evolution_proposed")
    );
    let events = f
        .hub
        .events(&StreamQuery {
            types: Some("task_failed".into()),
            ..StreamQuery::default()
        })
        .expect("events");
    assert!(events.events.iter().any(|e| matches!(&e.event,
        Event::TaskFailed { task } if task.id == p.task.id)));
}
