//! Agents: registration, saved state, reputation, and what the dispatcher
//! and the liveness sweeps select.

use std::time::Duration;

use m3shd_api::{AgentId, AgentStatus, CircuitState, Fence, Reputation, Task};

use super::{Backend, backends};
use crate::clock::Clock;
use crate::store::repos::{AgentRecord, Holder, TaskBody, TaskRecord, TaskState};

fn caps(c: &[&str]) -> Vec<String> {
    c.iter().map(|s| s.to_string()).collect()
}

async fn register(b: &Backend, id: &str, c: &[&str], max: i64) {
    let (id, c) = (id.to_string(), caps(c));
    b.store
        .write(move |tx| {
            tx.agents()
                .upsert(&id, &format!("{id}-name"), None, &c, max)
        })
        .await
        .expect("upsert");
}

fn get(b: &Backend, id: &str) -> AgentRecord {
    b.store
        .read(|r| r.agents().get(id))
        .expect("get")
        .unwrap_or_else(|| panic!("{}: agent {id}", b.name))
}

async fn save(b: &Backend, rec: AgentRecord) {
    b.store
        .write(move |tx| tx.agents().save(&rec))
        .await
        .expect("save");
}

fn candidates(b: &Backend) -> Vec<(String, i64, CircuitState)> {
    let mut c: Vec<_> = b
        .store
        .read(|r| r.agents().dispatch_candidates())
        .expect("candidates")
        .into_iter()
        .map(|c| (c.id, c.held, c.circuit))
        .collect();
    c.sort_by(|x, y| x.0.cmp(&y.0));
    c
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn agents_register_and_a_return_keeps_circuit_and_reputation() {
    for b in backends() {
        let t0 = b.clock.now();
        register(&b, "w2", &["code"], 2).await;
        let machine = Some("box-1".to_string());
        b.store
            .write(move |tx| {
                tx.agents()
                    .upsert("w1", "one", machine.as_deref(), &caps(&["code", "docs"]), 3)
            })
            .await
            .expect("upsert");
        assert!(
            b.store
                .read(|r| r.agents().get("nobody"))
                .expect("get")
                .is_none()
        );

        let w1 = get(&b, "w1");
        assert_eq!(w1.agent.name, "one", "{}", b.name);
        assert_eq!(w1.agent.machine.as_deref(), Some("box-1"), "{}", b.name);
        assert_eq!(w1.agent.capabilities, caps(&["code", "docs"]), "{}", b.name);
        assert_eq!(w1.agent.max_concurrent, 3, "{}", b.name);
        assert_eq!(w1.agent.status, AgentStatus::Online, "{}", b.name);
        assert_eq!(w1.stored_status, AgentStatus::Online, "{}", b.name);
        assert_eq!(w1.agent.circuit, CircuitState::Closed, "{}", b.name);
        assert_eq!(w1.agent.active_tasks, 0, "{}", b.name);
        assert!(w1.claiming, "{}", b.name);
        assert_eq!(w1.agent.registered_at, t0, "{}", b.name);
        assert_eq!(w1.agent.last_heartbeat, Some(t0), "{}", b.name);
        assert_eq!((w1.agent.last_progress, w1.circuit_opened_at), (None, None));

        // Open its circuit, give it a record, then let it register again.
        let mut open = w1.clone();
        open.agent.circuit = CircuitState::Open;
        open.agent.consecutive_failures = 4;
        open.circuit_opened_at = Some(t0);
        open.claiming = false;
        save(&b, open).await;
        b.store
            .write(|tx| tx.agents().record_outcome("w1", "code", false))
            .await
            .expect("outcome");
        b.clock.advance(Duration::from_secs(60));
        let t1 = b.clock.now();
        b.store
            .write(|tx| tx.agents().upsert("w1", "uno", None, &caps(&["docs"]), 1))
            .await
            .expect("re-register");
        let back = get(&b, "w1");
        assert_eq!(back.agent.name, "uno", "{}", b.name);
        assert_eq!(back.agent.machine, None, "{}", b.name);
        assert_eq!(back.agent.capabilities, caps(&["docs"]), "{}", b.name);
        assert_eq!(back.agent.max_concurrent, 1, "{}", b.name);
        assert!(back.claiming, "{}", b.name);
        assert_eq!(back.agent.registered_at, t0, "kept: {}", b.name);
        assert_eq!(back.agent.last_heartbeat, Some(t1), "{}", b.name);
        assert_eq!(back.agent.circuit, CircuitState::Open, "kept: {}", b.name);
        assert_eq!(back.agent.consecutive_failures, 4, "kept: {}", b.name);
        assert_eq!(back.circuit_opened_at, Some(t0), "kept: {}", b.name);
        assert_eq!(back.agent.reputation.len(), 1, "kept: {}", b.name);

        let ids: Vec<String> = b
            .store
            .read(|r| r.agents().list())
            .expect("list")
            .into_iter()
            .map(|a| a.agent.id)
            .collect();
        assert_eq!(ids, ["w1", "w2"], "ordered by id: {}", b.name);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reconfiguring_changes_capabilities_and_slots_only() {
    for b in backends() {
        register(&b, "w1", &["code"], 2).await;
        let mut rec = get(&b, "w1");
        rec.stored_status = AgentStatus::Draining;
        save(&b, rec).await;
        b.store
            .write(|tx| tx.agents().reconfigure("w1", &caps(&["docs", "review"]), 5))
            .await
            .expect("reconfigure");
        let after = get(&b, "w1");
        assert_eq!(
            after.agent.capabilities,
            caps(&["docs", "review"]),
            "{}",
            b.name
        );
        assert_eq!(after.agent.max_concurrent, 5, "{}", b.name);
        assert_eq!(
            after.stored_status,
            AgentStatus::Draining,
            "kept: {}",
            b.name
        );
        assert_eq!(after.agent.name, "w1-name", "kept: {}", b.name);
        // Nobody to change: nothing happens.
        b.store
            .write(|tx| tx.agents().reconfigure("nobody", &caps(&["x"]), 1))
            .await
            .expect("reconfigure nobody");
        assert!(
            b.store
                .read(|r| r.agents().get("nobody"))
                .expect("get")
                .is_none()
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn saved_state_reads_back_and_reputation_adds_up() {
    for b in backends() {
        let t0 = b.clock.now();
        register(&b, "w1", &["code"], 2).await;
        let mut rec = get(&b, "w1");
        rec.stored_status = AgentStatus::Draining;
        rec.agent.circuit = CircuitState::HalfOpen;
        rec.agent.consecutive_failures = 2;
        rec.circuit_opened_at = Some(t0);
        rec.claiming = false;
        rec.agent.last_heartbeat = None;
        rec.agent.last_progress = Some(t0);
        save(&b, rec).await;
        let state = b
            .store
            .read(|r| r.agents().get_state("w1"))
            .expect("get_state")
            .expect("there");
        assert_eq!(state.stored_status, AgentStatus::Draining, "{}", b.name);
        assert_eq!(state.agent.status, AgentStatus::Draining, "{}", b.name);
        assert_eq!(state.agent.circuit, CircuitState::HalfOpen, "{}", b.name);
        assert_eq!(state.agent.consecutive_failures, 2, "{}", b.name);
        assert_eq!(state.circuit_opened_at, Some(t0), "{}", b.name);
        assert!(!state.claiming, "{}", b.name);
        assert_eq!(state.agent.last_heartbeat, None, "{}", b.name);
        assert_eq!(state.agent.last_progress, Some(t0), "{}", b.name);

        for (cap, ok) in [
            ("code", true),
            ("code", true),
            ("code", false),
            ("attic", true),
        ] {
            b.store
                .write(move |tx| tx.agents().record_outcome("w1", cap, ok))
                .await
                .expect("outcome");
        }
        let rep = get(&b, "w1").agent.reputation;
        let want = [("attic", 1, 0), ("code", 2, 1)].map(|(c, s, f)| Reputation {
            capability: c.into(),
            successes: s,
            failures: f,
        });
        assert_eq!(rep, want, "by capability: {}", b.name);
        let state = b.store.read(|r| r.agents().get_state("w1")).expect("state");
        assert!(
            state.expect("there").agent.reputation.is_empty(),
            "{}",
            b.name
        );
        let mut all: Vec<_> = b
            .store
            .read(|r| r.agents().reputations())
            .expect("reputations")
            .into_iter()
            .map(|r| (r.agent_id, r.capability, r.successes, r.failures))
            .collect();
        all.sort();
        assert_eq!(
            all,
            [
                ("w1".to_string(), "attic".to_string(), 1, 0),
                ("w1".to_string(), "code".to_string(), 2, 1)
            ],
            "{}",
            b.name
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn candidates_sweeps_and_counts_select_the_right_agents() {
    for b in backends() {
        let t0 = b.clock.now();
        for id in ["closed", "half", "open", "off", "idle"] {
            register(&b, id, &["code"], 1).await;
        }
        let mut half = get(&b, "half");
        half.agent.circuit = CircuitState::HalfOpen;
        save(&b, half).await;
        let mut open = get(&b, "open");
        open.agent.circuit = CircuitState::Open;
        open.circuit_opened_at = Some(t0);
        save(&b, open).await;
        let mut off = get(&b, "off");
        off.stored_status = AgentStatus::Offline;
        save(&b, off).await;
        let mut idle = get(&b, "idle");
        idle.claiming = false;
        save(&b, idle).await;

        let got = candidates(&b);
        assert_eq!(
            got,
            [
                ("closed".to_string(), 0, CircuitState::Closed),
                ("half".to_string(), 0, CircuitState::HalfOpen)
            ],
            "{}",
            b.name
        );
        let c = b
            .store
            .read(|r| r.agents().dispatch_candidates())
            .expect("c");
        assert!(
            c.iter()
                .all(|c| c.capabilities == caps(&["code"]) && c.max_concurrent == 1)
        );
        assert_eq!(
            b.store.read(|r| r.agents().counts()).expect("counts"),
            (4, 5)
        );

        // Cool-down: opened at t0, so over for any cutoff from t0 on.
        let before = t0 - chrono::TimeDelta::seconds(1);
        let cooled = b.store.read(|r| r.agents().circuits_cooled_since(before));
        assert!(cooled.expect("cooled").is_empty(), "{}", b.name);
        let cooled = b.store.read(|r| r.agents().circuits_cooled_since(t0));
        assert_eq!(cooled.expect("cooled"), ["open"], "{}", b.name);

        // Silence: one agent beats later, one never beat (its registration counts).
        b.clock.advance(Duration::from_secs(30));
        let t1 = b.clock.now();
        let mut fresh = get(&b, "closed");
        fresh.agent.last_heartbeat = Some(t1);
        save(&b, fresh).await;
        let mut never = get(&b, "half");
        never.agent.last_heartbeat = None;
        save(&b, never).await;
        let mut silent = b
            .store
            .read(|r| r.agents().silent_since(t1))
            .expect("silent");
        silent.sort();
        assert_eq!(
            silent,
            ["half", "idle", "open"],
            "offline is not silent: {}",
            b.name
        );
        assert!(
            b.store
                .read(|r| r.agents().silent_since(t0))
                .expect("s")
                .is_empty()
        );

        let forgot = b.store.write(|tx| tx.agents().forget_claims()).await;
        assert_eq!(forgot.expect("forget"), 4, "{}", b.name);
        assert!(candidates(&b).is_empty(), "{}", b.name);
        let again = b.store.write(|tx| tx.agents().forget_claims()).await;
        assert_eq!(again.expect("forget"), 0, "{}", b.name);
    }
}

/// A task granted to `agent`.
fn assigned(id: &str, agent: &str, now: m3shd_api::Timestamp) -> TaskRecord {
    TaskRecord {
        task: TaskBody::from_api(Task::queued(id, "p", now)),
        state: TaskState::Assigned {
            holder: Holder {
                agent: AgentId::parse(agent).expect("agent id"),
                fence: Fence(1),
            },
            lease_until: now,
        },
        output_seq: 0,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn held_tasks_count_and_make_a_full_agent_busy() {
    for b in backends() {
        register(&b, "w1", &["code"], 1).await;
        register(&b, "w0", &["code"], 0).await;
        let now = b.clock.now();
        let tasks = b
            .store
            .write(move |tx| {
                tx.tasks().insert(&assigned("t1", "w1", now), None)?;
                tx.tasks().insert(&assigned("t0", "w0", now), None)
            })
            .await;
        tasks.expect("tasks");
        let w1 = get(&b, "w1");
        assert_eq!(w1.agent.active_tasks, 1, "{}", b.name);
        assert_eq!(w1.agent.status, AgentStatus::Busy, "{}", b.name);
        assert_eq!(w1.stored_status, AgentStatus::Online, "{}", b.name);
        let w0 = get(&b, "w0");
        assert_eq!(
            w0.agent.status,
            AgentStatus::Online,
            "no slots, never busy: {}",
            b.name
        );
        assert_eq!(
            candidates(&b),
            [
                ("w0".to_string(), 1, CircuitState::Closed),
                ("w1".to_string(), 1, CircuitState::Closed)
            ],
            "{}",
            b.name
        );
    }
}
