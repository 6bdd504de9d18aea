//! Fixed state for the tests: a fixed clock, agents, tasks, approvals, ...
#![allow(dead_code)]

use chrono::{DateTime, Duration, TimeZone, Utc};
use m3shd_api::*;
use m3shd_tui::AppState;
use m3shd_tui::effects::{Effect, Effects, Snapshot};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::cell::RefCell;

pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap()
}

pub fn ago(secs: i64) -> DateTime<Utc> {
    t0() - Duration::seconds(secs)
}

/// Built from JSON so fields added to the wire type later (with serde
/// defaults) do not break the fixtures.
pub fn task(id: &str, title: &str, status: TaskStatus, age_secs: i64) -> Task {
    let leased = status.is_leased();
    serde_json::from_value(serde_json::json!({
        "id": id,
        "title": title,
        "prompt": format!("Please {title}."),
        "status": status,
        "required_capability": "text",
        "assign_to": null,
        "assigned_to": if leased { Some("rex") } else { None },
        "priority": 5,
        "attempts": if status == TaskStatus::Queued { 0 } else { 1 },
        "max_attempts": 3,
        "output": null,
        "error": null,
        "confidence": null,
        "depends_on": [],
        "deadline": null,
        "created_at": ago(age_secs),
        "updated_at": ago(age_secs / 2),
        "started_at": if leased { Some(ago(age_secs / 2)) } else { None },
        "finished_at": null,
    }))
    .expect("task fixture")
}

pub fn agent(id: &str, status: AgentStatus, active: i64) -> Agent {
    Agent {
        id: id.into(),
        name: id.into(),
        machine: Some(format!("{id}-box")),
        status,
        capabilities: vec!["text".into(), "summarize".into()],
        max_concurrent: 4,
        active_tasks: active,
        circuit: CircuitState::Closed,
        consecutive_failures: 0,
        reputation: vec![Reputation {
            capability: "text".into(),
            successes: 9,
            failures: 1,
        }],
        last_heartbeat: Some(ago(3)),
        last_progress: Some(ago(10)),
        registered_at: ago(86_400),
    }
}

pub fn approval(id: &str, status: ApprovalStatus, age_secs: i64) -> Approval {
    Approval {
        id: id.into(),
        agent: "rex".into(),
        action: "deploy".into(),
        description: "ship build 42 to production".into(),
        status,
        task_id: Some("aaaa000000000001".into()),
        decided_by: None,
        created_at: ago(age_secs),
        decided_at: None,
        expires_at: None,
    }
}

pub fn escalation(id: &str, status: EscalationStatus) -> Escalation {
    Escalation {
        id: id.into(),
        from_agent: Some("ivy".into()),
        to_agent: "operator".into(),
        task_id: Some("dddd000000000004".into()),
        reason: "task failed after 3 attempts".into(),
        status,
        created_at: ago(600),
        updated_at: ago(300),
    }
}

/// Built from JSON, as `task` is.
pub fn amendment(
    id: &str,
    kind: AmendmentKind,
    status: AmendmentStatus,
    text: &str,
    age_secs: i64,
) -> Amendment {
    serde_json::from_value(serde_json::json!({
        "id": id,
        "agent_id": "rex",
        "kind": kind,
        "text": text,
        "confidence": 0.8,
        "evidence": "2 of 7 tasks failed without sources",
        "source_task": "eeee000000000005",
        "status": status,
        "active": status == AmendmentStatus::Applied,
        "created_at": ago(age_secs),
        "updated_at": ago(age_secs),
    }))
    .expect("amendment fixture")
}

pub fn rec(id: i64, event: Event) -> EventRecord {
    EventRecord {
        id,
        ts: ago(100 - id.min(100)),
        event,
    }
}

/// A mesh with a bit of everything in it.
pub fn full_state() -> AppState {
    let mut s = AppState::new("http://127.0.0.1:8333", t0(), true);
    let mut ivy = agent("ivy", AgentStatus::Busy, 4);
    ivy.circuit = CircuitState::Open;
    ivy.machine = Some("pi-4".into());
    let mut old = agent("old-mac", AgentStatus::Offline, 0);
    old.last_heartbeat = Some(ago(7200));
    let mut running = task(
        "bbbb000000000002",
        "summarize the weekly report",
        TaskStatus::Running,
        120,
    );
    running.priority = 7;
    let mut done = task(
        "cccc000000000003",
        "extract keywords from notes",
        TaskStatus::Done,
        3600,
    );
    done.output = Some("keywords: mesh, agents, lease".into());
    done.confidence = Some(0.92);
    done.cost_usd = Some(0.0123);
    done.input_tokens = Some(1200);
    done.output_tokens = Some(300);
    let mut failed = task(
        "dddd000000000004",
        "translate the manual",
        TaskStatus::Failed,
        7200,
    );
    failed.error = Some("executor exited with status 1".into());
    failed.attempts = 3;
    let mut urgent = task(
        "eeee000000000005",
        "answer the customer",
        TaskStatus::Queued,
        30,
    );
    urgent.urgency = Some(Urgency::High);
    urgent.priority = 9;
    let mut step_a = task("ffff00000000000a", "fetch", TaskStatus::Done, 900);
    step_a.pipeline_id = Some("pppp000000000001".into());
    let mut step_b = task("ffff00000000000b", "analyse", TaskStatus::Running, 800);
    step_b.pipeline_id = step_a.pipeline_id.clone();
    let mut step_c = task("ffff00000000000c", "report", TaskStatus::Blocked, 800);
    step_c.pipeline_id = step_a.pipeline_id.clone();
    let pipeline = Pipeline {
        id: "pppp000000000001".into(),
        name: "weekly-digest".into(),
        status: PipelineStatus::Running,
        created_at: ago(900),
        tasks: vec![
            step("fetch", &step_a, &[]),
            step("analyse", &step_b, &["fetch"]),
            step("report", &step_c, &["analyse"]),
        ],
    };
    let snap = Snapshot {
        last_event_id: 40,
        // No counts from the hub: the loaded tasks are all there is.
        status: Default::default(),
        agents: vec![agent("rex", AgentStatus::Online, 1), ivy, old],
        tasks: vec![
            task(
                "aaaa000000000001",
                "deploy build 42",
                TaskStatus::Blocked,
                60,
            ),
            running,
            done,
            failed,
            urgent,
            step_a,
            step_b,
            step_c,
        ],
        approvals: vec![
            approval("ap-1111", ApprovalStatus::Pending, 60),
            approval("ap-2222", ApprovalStatus::Approved, 3600),
        ],
        escalations: vec![
            escalation("es-1", EscalationStatus::Open),
            escalation("es-2", EscalationStatus::Acknowledged),
        ],
        costs: Some(CostReport {
            day: "2026-11-23".into(),
            total_tokens: 420_000,
            total_cost_usd: 3.75,
            mesh_usd_cap: Some(20.0),
            agents: vec![
                spend("rex", 120_000, 1.25, Some(5.0), false),
                spend("ivy", 300_000, 2.5, Some(2.5), true),
            ],
        }),
        pipelines: vec![pipeline],
        amendments: vec![
            amendment(
                "am-1111",
                AmendmentKind::Reinforce,
                AmendmentStatus::Applied,
                "Keep answers short",
                7200,
            ),
            amendment(
                "am-2222",
                AmendmentKind::Add,
                AmendmentStatus::Proposed,
                "Cite a source for every claim",
                120,
            ),
        ],
        messages: vec![
            Message {
                id: 1,
                ts: ago(300),
                sender: "operator".into(),
                sender_type: "human".into(),
                channel: "general".into(),
                content: "how is the digest going?".into(),
                reply_to: None,
            },
            Message {
                id: 2,
                ts: ago(290),
                sender: "rex".into(),
                sender_type: "agent".into(),
                channel: "general".into(),
                content: "fetch done, analysing now".into(),
                reply_to: Some(1),
            },
        ],
    };
    s.load_snapshot(snap);
    s.conn = m3shd_tui::state::Conn::Live;
    for (i, chunk) in ["line one\n", "line two\n", "line three\n"]
        .iter()
        .enumerate()
    {
        s.apply_record(&rec(
            41 + i as i64,
            Event::TaskOutput {
                task_id: "bbbb000000000002".into(),
                seq: i as i64,
                chunk: (*chunk).into(),
            },
        ));
    }
    let mut t = task("9999000000000009", "count words", TaskStatus::Queued, 5);
    s.apply_record(&rec(44, Event::TaskCreated { task: t.clone() }));
    t.status = TaskStatus::Assigned;
    t.assigned_to = Some("rex".into());
    s.apply_record(&rec(
        45,
        Event::TaskUpdated {
            task: t,
            from: TaskStatus::Queued,
            reason: None,
        },
    ));
    s.apply_record(&rec(
        46,
        Event::AgentOffline {
            agent: {
                let mut a = agent("old-mac", AgentStatus::Offline, 0);
                a.last_heartbeat = Some(ago(7200));
                a
            },
            reason: "heartbeat timeout".into(),
        },
    ));
    s.detail = Some("bbbb000000000002".into());
    s.settle();
    s
}

fn step(name: &str, t: &Task, deps: &[&str]) -> PipelineTask {
    PipelineTask {
        name: name.into(),
        id: t.id.clone(),
        status: t.status,
        depends_on: deps.iter().map(|d| d.to_string()).collect(),
        task: t.clone(),
    }
}

fn spend(id: &str, tokens: i64, usd: f64, cap: Option<f64>, capped: bool) -> AgentSpend {
    AgentSpend {
        agent_id: id.into(),
        tokens,
        cost_usd: usd,
        token_cap: 500_000,
        usd_cap: cap,
        capped,
    }
}

/// Render on a TestBackend and return the screen as text.
pub fn screen(state: &mut AppState, w: u16, h: u16) -> String {
    m3shd_tui::selection::clamp_selections(state);
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| m3shd_tui::views::render(f, state)).unwrap();
    let buf = term.backend().buffer();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        for x in 0..w {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Records effects instead of calling a hub.
#[derive(Default)]
pub struct Recorder(pub RefCell<Vec<Effect>>);

impl Effects for Recorder {
    fn perform(&self, effect: Effect) {
        self.0.borrow_mut().push(effect);
    }
}

// ---- Quality protocols: a subject under challenge, its steps, its graph.

pub const SUBJECT: &str = "5a1b000000000001";
pub const PARENT: &str = "5e5f000000000005";
pub const VERIFY: &str = "5b2c000000000002";
pub const CHALLENGE: &str = "5c3d000000000003";
pub const REVISE: &str = "5d4e000000000004";

pub fn outcome(
    state: ProtocolState,
    stage: Option<ProtocolStage>,
    age_secs: i64,
) -> ProtocolOutcome {
    ProtocolOutcome {
        request: ProtocolRequest {
            challenge: Some(true),
            ..Default::default()
        },
        state,
        stage,
        result_task: None,
        critique: None,
        score: None,
        reason: None,
        updated_at: ago(age_secs),
    }
}

fn protocol_step(id: &str, role: ProtocolRole, of: &str, status: TaskStatus, age: i64) -> Task {
    let what = match role {
        ProtocolRole::Verifies => "verify",
        ProtocolRole::Challenges => "critique",
        _ => "revise",
    };
    let mut t = task(id, &format!("{what}: review the contract"), status, age);
    t.protocol_role = Some(role);
    t.protocol_of = Some(SUBJECT.into());
    t.depends_on = vec![of.into()];
    t
}

/// The subject, its plain parent and its three steps, newest last.
pub fn protocol_tasks() -> Vec<Task> {
    let mut parent = task(PARENT, "gather the clauses", TaskStatus::Done, 400);
    parent.assigned_to = Some("ivy".into());
    let mut subject = task(SUBJECT, "review the contract", TaskStatus::Done, 300);
    subject.assigned_to = Some("rex".into());
    subject.confidence = Some(0.55);
    subject.depends_on = vec![PARENT.into()];
    let mut verify = protocol_step(
        VERIFY,
        ProtocolRole::Verifies,
        SUBJECT,
        TaskStatus::Done,
        200,
    );
    verify.assigned_to = Some("ivy".into());
    verify.confidence = Some(0.9);
    let challenge = protocol_step(
        CHALLENGE,
        ProtocolRole::Challenges,
        SUBJECT,
        TaskStatus::Running,
        100,
    );
    let revise = protocol_step(
        REVISE,
        ProtocolRole::Revises,
        CHALLENGE,
        TaskStatus::Queued,
        50,
    );
    vec![parent, subject, verify, challenge, revise]
}

fn node(t: &Task) -> GraphNode {
    GraphNode {
        id: t.id.clone(),
        title: t.title.clone(),
        status: t.status,
        role: t.protocol_role,
        assigned_to: t.assigned_to.clone(),
        confidence: t.confidence,
    }
}

fn edge(from: &str, to: &str, role: EdgeRole) -> GraphEdge {
    GraphEdge {
        from: from.into(),
        to: to.into(),
        role,
    }
}

/// `GET /api/tasks/SUBJECT/graph` as the hub answers it: the subject
/// first, then the rest by creation.
pub fn protocol_graph(protocol: Option<ProtocolOutcome>) -> TaskGraph {
    let tasks = protocol_tasks();
    let by = |id: &str| node(tasks.iter().find(|t| t.id == id).unwrap());
    TaskGraph {
        task_id: SUBJECT.into(),
        nodes: vec![
            by(SUBJECT),
            by(PARENT),
            by(VERIFY),
            by(CHALLENGE),
            by(REVISE),
        ],
        edges: vec![
            edge(PARENT, SUBJECT, EdgeRole::DependsOn),
            edge(SUBJECT, VERIFY, EdgeRole::Verifies),
            edge(SUBJECT, CHALLENGE, EdgeRole::Challenges),
            edge(CHALLENGE, REVISE, EdgeRole::Revises),
        ],
        protocol,
    }
}

/// The protocol as it stands in [`protocol_state`]: challenging.
pub fn challenging() -> ProtocolOutcome {
    let mut p = outcome(ProtocolState::Running, Some(ProtocolStage::Challenge), 40);
    p.score = Some(0.62);
    p.reason = Some("verification agreed; the critique is material".into());
    p
}

/// `full_state` plus the subject and its steps as the stream brought them,
/// and three more subjects that settled one way or another.
pub fn protocol_state() -> AppState {
    let mut s = full_state();
    let mut id = 46;
    let mut next = |s: &mut AppState, event: Event| {
        id += 1;
        s.apply_record(&rec(id, event));
    };
    let tasks = protocol_tasks();
    for t in &tasks[..2] {
        next(&mut s, Event::TaskCreated { task: t.clone() });
    }
    for t in &tasks[2..] {
        next(&mut s, Event::TaskCreated { task: t.clone() });
        next(
            &mut s,
            Event::ProtocolStep {
                task_id: SUBJECT.into(),
                role: t.protocol_role.unwrap(),
                step: t.clone(),
            },
        );
    }
    next(
        &mut s,
        Event::ProtocolUpdated {
            task_id: SUBJECT.into(),
            protocol: challenging(),
        },
    );
    for (tid, title, state, reason) in [
        (
            "6a00000000000006",
            "pick a vendor",
            ProtocolState::Rejected,
            "2 of 3 voters rejected",
        ),
        (
            "6b00000000000007",
            "rename the module",
            ProtocolState::Escalated,
            "the vote tied",
        ),
        (
            "6c00000000000008",
            "draft the memo",
            ProtocolState::Accepted,
            "validated by vera",
        ),
    ] {
        let mut t = task(tid, title, TaskStatus::Done, 500);
        let mut p = outcome(state, Some(ProtocolStage::Vote), 30);
        p.reason = Some(reason.into());
        t.protocol = Some(p);
        next(&mut s, Event::TaskCreated { task: t });
    }
    next(
        &mut s,
        Event::ValidationRecorded {
            receipt: ValidationReceipt {
                task_id: "6c00000000000008".into(),
                result_hash: "ab".repeat(32),
                result_task: "6c00000000000008".into(),
                producer: "rex".into(),
                validation_task: "6d00000000000009".into(),
                validator: "vera".into(),
                verdict: Verdict::Accept,
                reason: "the memo answers the brief".into(),
                signature: "sig".into(),
                created_at: ago(20),
            },
        },
    );
    s.settle();
    s
}
