//! A follow fed the events a task with and without a protocol goes through.

use m3shd_api::{ProtocolOutcome, ProtocolRequest, ProtocolRole};

use super::*;

fn task(status: TaskStatus, output: Option<&str>) -> Task {
    let mut t = Task::queued("t1", "p", chrono::Utc::now());
    t.status = status;
    t.output = output.map(str::to_string);
    t
}

fn protocol(state: ProtocolState, stage: Option<ProtocolStage>) -> ProtocolOutcome {
    ProtocolOutcome {
        request: ProtocolRequest {
            challenge: Some(true),
            ..Default::default()
        },
        state,
        stage,
        result_task: Some("r1".into()),
        critique: None,
        score: None,
        reason: None,
        updated_at: chrono::Utc::now(),
    }
}

fn with_protocol(state: ProtocolState, stage: Option<ProtocolStage>) -> Task {
    let mut t = task(TaskStatus::Done, Some("hello world"));
    t.protocol = Some(protocol(state, stage));
    t
}

fn chunk(text: &str) -> Event {
    Event::TaskOutput {
        task_id: "t1".into(),
        seq: 0,
        chunk: text.into(),
    }
}

#[test]
fn a_plain_task_streams_then_ends_once_the_hub_confirms() {
    let mut f = Follower::new("t1");
    assert_eq!(f.on_event(chunk("hello ")).out, "hello ");
    let done = task(TaskStatus::Done, Some("hello world"));
    let r = f.on_event(Event::TaskCompleted { task: done.clone() });
    assert_eq!(r.out, "world", "the unstreamed rest comes with the result");
    assert_eq!(r.then, Then::Check);
    let r = f.on_task(done.clone());
    assert_eq!(r.out, "", "nothing printed twice");
    assert_eq!(r.then, Then::Done(Box::new(done)));
}

#[test]
fn a_failed_task_ends_without_asking() {
    let mut f = Follower::new("t1");
    let failed = task(TaskStatus::Failed, None);
    let r = f.on_event(Event::TaskFailed {
        task: failed.clone(),
    });
    assert_eq!(r.then, Then::Done(Box::new(failed)));
}

#[test]
fn a_restarted_attempt_is_marked() {
    let mut f = Follower::new("t1");
    f.on_event(chunk("partial"));
    let running = Event::TaskUpdated {
        task: task(TaskStatus::Running, None),
        from: TaskStatus::Assigned,
        reason: None,
    };
    assert_eq!(f.on_event(running).out, "\n[attempt restarted]\n");
    let r = f.on_event(Event::TaskCompleted {
        task: task(TaskStatus::Done, Some("full")),
    });
    assert_eq!(r.out, "full");
}

#[test]
fn a_running_protocol_is_waited_for_until_it_decides() {
    let mut f = Follower::new("t1");
    f.on_event(chunk("hello world"));
    let r = f.on_event(Event::TaskCompleted {
        task: task(TaskStatus::Done, Some("hello world")),
    });
    assert_eq!(r.then, Then::Check);
    // The hub's copy shows the protocol the completion started.
    let r = f.on_task(with_protocol(
        ProtocolState::Running,
        Some(ProtocolStage::Challenge),
    ));
    assert_eq!(r.then, Then::Continue);
    assert_eq!(r.out, "");
    assert!(
        r.note
            .unwrap()
            .contains("quality protocol is running (challenge)"),
        "the wait says why it goes on"
    );
    // Steps and stages are reported as they come.
    let step = Event::ProtocolStep {
        task_id: "t1".into(),
        role: ProtocolRole::Challenges,
        step: Task::queued("c1", "critique", chrono::Utc::now()),
    };
    assert_eq!(
        f.on_event(step).note.as_deref(),
        Some("  challenges: task c1 (queued)")
    );
    let same_stage = Event::ProtocolUpdated {
        task_id: "t1".into(),
        protocol: protocol(ProtocolState::Running, Some(ProtocolStage::Challenge)),
    };
    assert_eq!(f.on_event(same_stage).note, None, "no news, no line");
    let next_stage = Event::ProtocolUpdated {
        task_id: "t1".into(),
        protocol: protocol(ProtocolState::Running, Some(ProtocolStage::Vote)),
    };
    assert_eq!(
        f.on_event(next_stage).note.as_deref(),
        Some("  protocol: running (vote)")
    );
    // A decision is confirmed from the hub's copy of the task.
    let decided = Event::ProtocolUpdated {
        task_id: "t1".into(),
        protocol: protocol(ProtocolState::Accepted, Some(ProtocolStage::Vote)),
    };
    assert_eq!(f.on_event(decided).then, Then::Check);
    let accepted = with_protocol(ProtocolState::Accepted, Some(ProtocolStage::Vote));
    let r = f.on_task(accepted.clone());
    assert_eq!(r.out, "", "the subject's output is not printed again");
    assert_eq!(r.then, Then::Done(Box::new(accepted)));
}

#[test]
fn the_protocol_wait_is_announced_once() {
    let mut f = Follower::new("t1");
    f.on_event(Event::TaskCompleted {
        task: task(TaskStatus::Done, Some("x")),
    });
    f.on_task(with_protocol(ProtocolState::Running, None));
    let r = f.on_task(with_protocol(ProtocolState::Running, None));
    assert_eq!(r.then, Then::Continue);
    assert_eq!(r.note, None, "the wait is announced once");
}

#[test]
fn settled_means_nothing_more_will_happen() {
    assert!(!settled(&task(TaskStatus::Running, None)));
    assert!(settled(&task(TaskStatus::Done, None)));
    assert!(settled(&task(TaskStatus::Failed, None)));
    assert!(!settled(&with_protocol(ProtocolState::Running, None)));
    assert!(settled(&with_protocol(ProtocolState::Rejected, None)));
}

#[test]
fn only_an_accepted_protocol_exits_zero() {
    assert_eq!(outcome(&task(TaskStatus::Done, None)), ExitCode::SUCCESS);
    assert_eq!(
        outcome(&with_protocol(ProtocolState::Accepted, None)),
        ExitCode::SUCCESS
    );
    for state in [
        ProtocolState::Rejected,
        ProtocolState::Escalated,
        ProtocolState::Stopped,
    ] {
        assert_eq!(outcome(&with_protocol(state, None)), ExitCode::from(FAILED));
    }
    assert_eq!(
        outcome(&task(TaskStatus::Failed, None)),
        ExitCode::from(FAILED)
    );
}
