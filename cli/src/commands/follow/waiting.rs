//! Why a followed task has not started: said once, a few seconds in, when
//! nothing on the mesh can take it soon (no agent offers its capability, the
//! ones that do are offline or busy, it is held or waits for its parents or
//! an approval). Without it `do --wait` waited in silence.

use std::time::Duration;

use m3shd_api::{Agent, AgentStatus, CircuitState, Task, TaskStatus};

/// How long a task may sit unstarted before the follow says why.
pub const HINT_AFTER: Duration = Duration::from_secs(5);

/// The capability an agent needs for untyped work.
const GENERAL: &str = "general";

/// Why `t` waits, or None when an agent that can take it has room (it
/// starts any moment) or it is past waiting.
pub fn why_waiting(t: &Task, agents: &[Agent]) -> Option<String> {
    let reason = match t.status {
        TaskStatus::Blocked if t.requires_approval => {
            "it needs an approval first (`m3shd pending`, `m3shd approve`)".to_string()
        }
        TaskStatus::Blocked => "it waits for the tasks it depends on to finish".to_string(),
        TaskStatus::Queued if t.held => {
            "it is held; releasing it lets it run (`PUT /api/tasks/{id}` with `held: false`)"
                .to_string()
        }
        TaskStatus::Queued => no_room(t, agents)?,
        _ => return None,
    };
    Some(format!(
        "task {} is still {} after {}s: {reason}. Still waiting (Ctrl-C stops waiting; the task stays).",
        t.id,
        t.status,
        HINT_AFTER.as_secs()
    ))
}

/// Why no agent takes a queued task now, or None when one has room.
fn no_room(t: &Task, agents: &[Agent]) -> Option<String> {
    if t.assign_strict
        && let Some(pinned) = t.assign_to.as_deref()
    {
        let agent = agents.iter().find(|a| a.id == pinned);
        return match agent {
            None => Some(format!(
                "it is pinned to agent `{pinned}`, which is not registered"
            )),
            Some(a) if has_room(a) => None,
            Some(a) => Some(format!(
                "it is pinned to agent `{pinned}`, which is {}",
                state(a)
            )),
        };
    }
    let capability = t.required_capability.as_deref().unwrap_or(GENERAL);
    let able: Vec<&Agent> = agents
        .iter()
        .filter(|a| a.capabilities.iter().any(|c| c == capability))
        .collect();
    if able.iter().any(|a| has_room(a)) {
        return None;
    }
    let untyped = if t.required_capability.is_none() {
        " (a task without a capability goes to agents offering `general`)"
    } else {
        ""
    };
    if able.is_empty() {
        let online = agents.iter().filter(|a| is_up(a)).count();
        return Some(format!(
            "no agent offers `{capability}`{untyped}; {online} of {} agents are online",
            agents.len()
        ));
    }
    let states: Vec<String> = able
        .iter()
        .map(|a| format!("{} {}", a.id, state(a)))
        .collect();
    Some(format!(
        "every agent offering `{capability}` is busy or away ({})",
        states.join(", ")
    ))
}

fn is_up(a: &Agent) -> bool {
    matches!(a.status, AgentStatus::Online | AgentStatus::Busy)
}

/// Whether the agent takes new work now: online, a free slot, its circuit
/// not open.
fn has_room(a: &Agent) -> bool {
    a.status == AgentStatus::Online
        && a.circuit != CircuitState::Open
        && a.active_tasks < a.max_concurrent
}

fn state(a: &Agent) -> String {
    if a.circuit == CircuitState::Open && is_up(a) {
        return "paused after repeated failures (circuit open)".to_string();
    }
    match a.status {
        AgentStatus::Busy => format!("busy, {}/{} slots", a.active_tasks, a.max_concurrent),
        AgentStatus::Online if a.max_concurrent == 0 => "online without slots".to_string(),
        other => other.as_str().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agent(id: &str, caps: &[&str], status: AgentStatus, active: i64) -> Agent {
        Agent {
            id: id.into(),
            name: id.into(),
            machine: None,
            status,
            capabilities: caps.iter().map(|c| c.to_string()).collect(),
            max_concurrent: 2,
            active_tasks: active,
            circuit: CircuitState::Closed,
            consecutive_failures: 0,
            reputation: Vec::new(),
            last_heartbeat: None,
            last_progress: None,
            registered_at: chrono::Utc::now(),
        }
    }

    fn queued(capability: Option<&str>) -> Task {
        let mut t = Task::queued("t1", "p", chrono::Utc::now());
        t.required_capability = capability.map(str::to_string);
        t
    }

    #[test]
    fn a_capability_nobody_offers_is_named() {
        let agents = [agent("mini", &["general"], AgentStatus::Online, 0)];
        let why = why_waiting(&queued(Some("gpu")), &agents).expect("a reason");
        assert!(
            why.starts_with("task t1 is still queued after 5s: "),
            "{why}"
        );
        assert!(
            why.contains("no agent offers `gpu`; 1 of 1 agents are online"),
            "{why}"
        );
    }

    #[test]
    fn untyped_work_on_a_mesh_without_general_agents_says_so() {
        let agents = [agent("sh", &["none"], AgentStatus::Online, 0)];
        let why = why_waiting(&queued(None), &agents).expect("a reason");
        assert!(
            why.contains("no agent offers `general` (a task without"),
            "{why}"
        );
        let why = why_waiting(&queued(None), &[]).expect("a reason");
        assert!(why.contains("0 of 0 agents are online"), "{why}");
    }

    #[test]
    fn capable_agents_that_are_away_or_full_are_listed() {
        let mut open = agent("c", &["gpu"], AgentStatus::Online, 0);
        open.circuit = CircuitState::Open;
        let agents = [
            agent("a", &["gpu"], AgentStatus::Offline, 0),
            agent("b", &["gpu"], AgentStatus::Busy, 2),
            open,
        ];
        let why = why_waiting(&queued(Some("gpu")), &agents).expect("a reason");
        assert!(
            why.contains(
                "(a offline, b busy, 2/2 slots, c paused after repeated failures (circuit open))"
            ),
            "{why}"
        );
    }

    #[test]
    fn nothing_is_said_when_an_agent_has_room() {
        let agents = [
            agent("a", &["gpu"], AgentStatus::Busy, 2),
            agent("b", &["gpu"], AgentStatus::Online, 1),
        ];
        assert_eq!(why_waiting(&queued(Some("gpu")), &agents), None);
        let mut running = queued(Some("gpu"));
        running.status = TaskStatus::Running;
        assert_eq!(why_waiting(&running, &[]), None);
    }

    #[test]
    fn a_pinned_task_names_its_agent() {
        let mut t = queued(None);
        t.assign_to = Some("mini".into());
        t.assign_strict = true;
        let why = why_waiting(&t, &[]).expect("a reason");
        assert!(
            why.contains("pinned to agent `mini`, which is not registered"),
            "{why}"
        );
        let agents = [agent("mini", &["general"], AgentStatus::Offline, 0)];
        let why = why_waiting(&t, &agents).expect("a reason");
        assert!(
            why.contains("pinned to agent `mini`, which is offline"),
            "{why}"
        );
        let agents = [agent("mini", &["general"], AgentStatus::Online, 0)];
        assert_eq!(why_waiting(&t, &agents), None);
    }

    #[test]
    fn held_blocked_and_unapproved_tasks_say_what_they_wait_for() {
        let mut t = queued(None);
        t.held = true;
        assert!(why_waiting(&t, &[]).expect("held").contains("it is held"));
        t.held = false;
        t.status = TaskStatus::Blocked;
        assert!(
            why_waiting(&t, &[])
                .expect("blocked")
                .contains("is still blocked after 5s: it waits for the tasks it depends on")
        );
        t.requires_approval = true;
        assert!(
            why_waiting(&t, &[])
                .expect("approval")
                .contains("m3shd approve")
        );
    }
}
