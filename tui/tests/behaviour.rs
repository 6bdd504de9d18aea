//! Intent mapping, `AppState::apply`, update flows and the scale test.

// Tests may panic on what should not happen and convert small numbers freely.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::cast_lossless)]
#![allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
#![allow(clippy::cast_sign_loss)]

mod common;

use std::time::Duration;

use common::*;
use m3shd_api::*;
use m3shd_client::StreamItem;
use m3shd_tui::app::{end_batch, handle};
use m3shd_tui::effects::{Effect, Outcome};
use m3shd_tui::input::Input;
use m3shd_tui::intent::{Intent, map_key};
use m3shd_tui::state::{Conn, Mode};
use m3shd_tui::view::View;
use m3shd_tui::{AppState, views};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn key(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

fn press(s: &mut AppState, fx: &Recorder, c: KeyCode) {
    handle(s, Input::Key(key(c)), fx);
    s.settle();
}

fn chars(s: &mut AppState, fx: &Recorder, text: &str) {
    for c in text.chars() {
        press(s, fx, KeyCode::Char(c));
    }
}

#[test]
fn keys_map_to_intents() {
    let n = Mode::Normal;
    assert_eq!(
        map_key(View::Queue, &n, key(KeyCode::Char('q'))),
        Some(Intent::Quit)
    );
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    for mode in [Mode::Normal, Mode::Command, Mode::Filter] {
        assert_eq!(map_key(View::Log, &mode, ctrl_c), Some(Intent::Quit));
    }
    assert_eq!(
        map_key(View::Queue, &n, key(KeyCode::Tab)),
        Some(Intent::NextView)
    );
    assert_eq!(
        map_key(View::Queue, &n, key(KeyCode::BackTab)),
        Some(Intent::PrevView)
    );
    assert_eq!(
        map_key(View::Queue, &n, key(KeyCode::Char('7'))),
        Some(Intent::Goto(View::Costs))
    );
    assert_eq!(
        map_key(View::Queue, &n, key(KeyCode::Char('0'))),
        Some(Intent::Goto(View::Evolve)),
        "0 is the tenth view"
    );
    assert_eq!(
        map_key(View::Evolve, &n, key(KeyCode::Char('a'))),
        Some(Intent::ApplyAmendment)
    );
    assert_eq!(
        map_key(View::Evolve, &n, key(KeyCode::Char('v'))),
        Some(Intent::RevertAmendment)
    );
    assert_eq!(
        map_key(View::Queue, &n, key(KeyCode::Char('j'))),
        Some(Intent::Down)
    );
    assert_eq!(map_key(View::Queue, &n, key(KeyCode::Up)), Some(Intent::Up));
    assert_eq!(
        map_key(View::Queue, &n, key(KeyCode::Char('/'))),
        Some(Intent::StartFilter)
    );
    assert_eq!(map_key(View::Costs, &n, key(KeyCode::Char('/'))), None);
    assert_eq!(
        map_key(View::Approvals, &n, key(KeyCode::Char('a'))),
        Some(Intent::Approve)
    );
    assert_eq!(
        map_key(View::Approvals, &n, key(KeyCode::Char('x'))),
        Some(Intent::Reject)
    );
    assert_eq!(
        map_key(View::Escalations, &n, key(KeyCode::Char('a'))),
        Some(Intent::Acknowledge)
    );
    assert_eq!(map_key(View::Queue, &n, key(KeyCode::Char('a'))), None);
    assert_eq!(
        map_key(View::Queue, &n, key(KeyCode::Char('+'))),
        Some(Intent::PriorityUp)
    );
    assert_eq!(
        map_key(View::Detail, &n, key(KeyCode::Char('c'))),
        Some(Intent::CancelTask)
    );
    // In an input mode letters are text, not commands.
    assert_eq!(
        map_key(View::Queue, &Mode::Command, key(KeyCode::Char('q'))),
        Some(Intent::Char('q'))
    );
    assert_eq!(
        map_key(View::Queue, &Mode::Filter, key(KeyCode::Esc)),
        Some(Intent::Abort)
    );
    let confirm = Mode::Confirm {
        prompt: String::new(),
        effect: Effect::Snapshot,
    };
    assert_eq!(
        map_key(View::Approvals, &confirm, key(KeyCode::Char('y'))),
        Some(Intent::Confirm)
    );
    assert_eq!(
        map_key(View::Approvals, &confirm, key(KeyCode::Char('a'))),
        Some(Intent::Deny)
    );
}

#[test]
fn tab_cycles_and_digits_jump() {
    let fx = Recorder::default();
    let mut s = full_state();
    for _ in 0..View::ALL.len() {
        press(&mut s, &fx, KeyCode::Tab);
    }
    assert_eq!(s.view, View::Dashboard);
    press(&mut s, &fx, KeyCode::BackTab);
    assert_eq!(s.view, View::Evolve);
    press(&mut s, &fx, KeyCode::Char('2'));
    assert_eq!(s.view, View::Queue);
    press(&mut s, &fx, KeyCode::Char('q'));
    assert!(s.quit);
}

#[test]
fn task_lifecycle_and_output_streaming() {
    let mut s = AppState::new("h", t0(), true);
    let mut t = task("abcd000000000001", "count", TaskStatus::Queued, 1);
    s.apply_record(&rec(1, Event::TaskCreated { task: t.clone() }));
    s.settle();
    assert_eq!(s.tasks.count(TaskStatus::Queued), 1);
    t.status = TaskStatus::Running;
    t.assigned_to = Some("rex".into());
    s.apply_record(&rec(
        2,
        Event::TaskUpdated {
            task: t.clone(),
            from: TaskStatus::Queued,
            reason: None,
        },
    ));
    for (seq, chunk) in [(0, "he"), (1, "llo")] {
        s.apply_record(&rec(
            3 + seq,
            Event::TaskOutput {
                task_id: t.id.clone(),
                seq,
                chunk: chunk.into(),
            },
        ));
    }
    s.settle();
    assert_eq!(s.tasks.count(TaskStatus::Running), 1);
    assert_eq!(s.tasks.active_len(), 1);
    assert_eq!(s.output_of(&t.id), "hello");
    // A replayed event (same id) changes nothing; a duplicate chunk seq neither.
    s.apply_record(&rec(
        4,
        Event::TaskOutput {
            task_id: t.id.clone(),
            seq: 1,
            chunk: "llo".into(),
        },
    ));
    s.apply(&Event::TaskOutput {
        task_id: t.id.clone(),
        seq: 1,
        chunk: "llo".into(),
    });
    assert_eq!(s.output_of(&t.id), "hello");
    t.status = TaskStatus::Done;
    t.output = Some("hello world".into());
    s.apply_record(&rec(5, Event::TaskCompleted { task: t.clone() }));
    s.settle();
    assert_eq!(s.tasks.count(TaskStatus::Done), 1);
    assert_eq!(s.tasks.active_len(), 0);
    assert_eq!(s.output_of(&t.id), "hello world");
    assert_eq!(s.last_event_id, Some(5));
    // Output chunks are not logged; the rest is.
    assert_eq!(s.log.len(), 3);
}

#[test]
fn output_history_merges_with_live_chunks() {
    let mut s = AppState::new("h", t0(), true);
    s.apply(&Event::TaskOutput {
        task_id: "t".into(),
        seq: 2,
        chunk: "C".into(),
    });
    let history: Vec<EventRecord> = (0..2)
        .map(|i| {
            rec(
                i + 1,
                Event::TaskOutput {
                    task_id: "t".into(),
                    seq: i,
                    chunk: ["A", "B"][i as usize].into(),
                },
            )
        })
        .collect();
    s.apply_output_history("t", &history);
    // The live chunk is newer than the history, so it wins as a whole...
    assert_eq!(s.output_of("t"), "C");
    // ...while history alone fills an empty buffer in order.
    s.apply_output_history(
        "u",
        &history
            .iter()
            .rev()
            .cloned()
            .map(|mut r| {
                if let Event::TaskOutput { task_id, .. } = &mut r.event {
                    *task_id = "u".into();
                }
                r
            })
            .collect::<Vec<_>>(),
    );
    assert_eq!(s.output_of("u"), "AB");
}

#[test]
fn stream_states_show_in_status() {
    let fx = Recorder::default();
    let mut s = AppState::new("h", t0(), true);
    assert_eq!(s.conn, Conn::Connecting);
    handle(&mut s, Input::Stream(StreamItem::Connected), &fx);
    assert_eq!(s.conn, Conn::Live);
    assert_eq!(fx.0.borrow().as_slice(), &[Effect::Snapshot]);
    handle(
        &mut s,
        Input::Stream(StreamItem::Reconnecting {
            error: "refused".into(),
            retry_in: Duration::from_millis(800),
        }),
        &fx,
    );
    assert_eq!(
        s.conn,
        Conn::Reconnecting {
            error: "refused".into(),
            retry_in_ms: 800
        }
    );
    assert!(screen(&mut s, 80, 24).contains("reconnecting in 0.8s"));
    handle(&mut s, Input::Stream(StreamItem::Lagged { missed: 7 }), &fx);
    assert_eq!(s.lagged, 7);
    handle(&mut s, Input::Stream(StreamItem::Connected), &fx);
    assert_eq!(s.conn, Conn::Live);
}

#[test]
fn a_reset_from_the_hub_reloads_everything() {
    let fx = Recorder::default();
    let mut s = AppState::new("h", t0(), true);
    handle(&mut s, Input::Stream(StreamItem::Connected), &fx);
    fx.0.borrow_mut().clear();
    handle(
        &mut s,
        Input::Stream(StreamItem::Reset {
            oldest_kept: 500,
            resume_after: 900,
        }),
        &fx,
    );
    assert_eq!(fx.0.borrow().as_slice(), &[Effect::Snapshot]);
    assert_eq!(s.conn, Conn::Live);
    assert!(screen(&mut s, 80, 24).contains("reloading"));
}

#[test]
fn snapshot_keeps_events_that_arrived_while_it_loaded() {
    let fx = Recorder::default();
    let mut s = AppState::new("h", t0(), true);
    handle(&mut s, Input::Stream(StreamItem::Connected), &fx);
    let t = task("abcd000000000001", "late", TaskStatus::Queued, 1);
    handle(
        &mut s,
        Input::Stream(StreamItem::Event(Box::new(rec(
            11,
            Event::TaskCreated { task: t },
        )))),
        &fx,
    );
    // The snapshot was taken at event 10: it does not know the task yet.
    let snap = m3shd_tui::effects::Snapshot {
        last_event_id: 10,
        ..Default::default()
    };
    handle(
        &mut s,
        Input::Outcome(m3shd_tui::effects::Outcome::Snapshot(Box::new(snap))),
        &fx,
    );
    s.settle();
    assert!(s.tasks.get("abcd000000000001").is_some());
}

#[test]
fn approve_flow_sends_exactly_one_decision() {
    let fx = Recorder::default();
    let mut s = full_state();
    press(&mut s, &fx, KeyCode::Char('5'));
    press(&mut s, &fx, KeyCode::Char('a'));
    assert!(matches!(s.mode, Mode::Confirm { .. }));
    assert!(fx.0.borrow().is_empty(), "nothing is sent before y");
    press(&mut s, &fx, KeyCode::Char('y'));
    press(&mut s, &fx, KeyCode::Char('y'));
    assert_eq!(
        fx.0.borrow().as_slice(),
        &[Effect::Decide {
            approval_id: "ap-1111".into(),
            decision: Decision::Approve
        }]
    );
    // Rejecting, then saying no, sends nothing more.
    press(&mut s, &fx, KeyCode::Char('x'));
    press(&mut s, &fx, KeyCode::Char('n'));
    assert_eq!(fx.0.borrow().len(), 1);
    assert_eq!(s.mode, Mode::Normal);
}

#[test]
fn amendments_are_applied_rejected_and_reverted_after_a_yes() {
    use m3shd_tui::effects::AmendmentDecision;
    let fx = Recorder::default();
    let mut s = full_state();
    press(&mut s, &fx, KeyCode::Char('0'));
    assert_eq!(s.view, View::Evolve);
    // Proposed first: the selection starts on the one awaiting a decision.
    assert_eq!(s.amendments[0].id, "am-2222");
    press(&mut s, &fx, KeyCode::Char('v'));
    assert!(
        s.flash.as_ref().is_some_and(|f| f.error),
        "only applied ones revert"
    );
    press(&mut s, &fx, KeyCode::Char('a'));
    assert!(matches!(s.mode, Mode::Confirm { .. }));
    assert!(fx.0.borrow().is_empty(), "nothing is sent before y");
    press(&mut s, &fx, KeyCode::Char('y'));
    press(&mut s, &fx, KeyCode::Char('j'));
    press(&mut s, &fx, KeyCode::Char('x'));
    assert!(
        s.flash.as_ref().is_some_and(|f| f.error),
        "an applied one is not rejected"
    );
    press(&mut s, &fx, KeyCode::Char('v'));
    press(&mut s, &fx, KeyCode::Char('y'));
    assert_eq!(
        fx.0.borrow().as_slice(),
        &[
            Effect::DecideAmendment {
                id: "am-2222".into(),
                decision: AmendmentDecision::Apply
            },
            Effect::DecideAmendment {
                id: "am-1111".into(),
                decision: AmendmentDecision::Revert
            },
        ]
    );
    // The hub's answer and its event update the row in place.
    let mut applied = s.amendments[0].clone();
    applied.status = AmendmentStatus::Applied;
    handle(
        &mut s,
        Input::Outcome(Outcome::Amendment(Box::new(applied.clone()))),
        &fx,
    );
    assert_eq!(s.proposed_amendments(), 0);
    let mut proposed = applied;
    proposed.id = "am-3333".into();
    proposed.status = AmendmentStatus::Proposed;
    s.apply_record(&rec(
        90,
        Event::EvolutionProposed {
            amendment: proposed,
        },
    ));
    assert_eq!(s.amendments[0].id, "am-3333");
    assert_eq!(s.amendments.len(), 3);
}

#[test]
fn queue_actions_filter_sort_cancel_priority() {
    let fx = Recorder::default();
    let mut s = full_state();
    press(&mut s, &fx, KeyCode::Char('2'));
    press(&mut s, &fx, KeyCode::Char('/'));
    chars(&mut s, &fx, "weekly");
    press(&mut s, &fx, KeyCode::Enter);
    assert_eq!(s.tasks.visible_len(), 1);
    assert_eq!(s.tasks.id_at(0), Some("bbbb000000000002"));
    press(&mut s, &fx, KeyCode::Char('+'));
    press(&mut s, &fx, KeyCode::Char('c'));
    press(&mut s, &fx, KeyCode::Char('y'));
    assert_eq!(
        fx.0.borrow().as_slice(),
        &[
            Effect::SetPriority {
                task_id: "bbbb000000000002".into(),
                priority: 8
            },
            Effect::CancelTask("bbbb000000000002".into()),
        ]
    );
    press(&mut s, &fx, KeyCode::Esc);
    press(&mut s, &fx, KeyCode::Esc);
    assert_eq!(s.tasks.visible_len(), 9);
    press(&mut s, &fx, KeyCode::Char('s'));
    assert_eq!(s.tasks.sort(), m3shd_tui::tasks::SortKey::Priority);
    assert_eq!(s.tasks.id_at(0), Some("eeee000000000005"));
    // Enter opens the task and asks for its stored output.
    press(&mut s, &fx, KeyCode::Char('g'));
    press(&mut s, &fx, KeyCode::Enter);
    assert_eq!(s.view, View::Detail);
    assert_eq!(s.detail.as_deref(), Some("eeee000000000005"));
    assert_eq!(
        fx.0.borrow().last(),
        Some(&Effect::LoadOutput("eeee000000000005".into()))
    );
}

#[test]
fn r_retries_a_failed_task_after_confirmation_and_refuses_others() {
    let fx = Recorder::default();
    let mut s = full_state();
    press(&mut s, &fx, KeyCode::Char('2'));
    assert_eq!(
        map_key(View::Queue, &Mode::Normal, key(KeyCode::Char('r'))),
        Some(Intent::RetryTask)
    );
    // A running task: nothing to retry, and the flash says why.
    press(&mut s, &fx, KeyCode::Char('/'));
    chars(&mut s, &fx, "weekly");
    press(&mut s, &fx, KeyCode::Enter);
    press(&mut s, &fx, KeyCode::Char('r'));
    assert!(fx.0.borrow().is_empty());
    assert_eq!(s.mode, Mode::Normal);
    let flash = s.flash.as_ref().expect("a flash");
    assert!(
        flash.error && flash.text.contains("running"),
        "{}",
        flash.text
    );

    // The failed one: asks first, then retries.
    press(&mut s, &fx, KeyCode::Esc);
    press(&mut s, &fx, KeyCode::Esc);
    press(&mut s, &fx, KeyCode::Char('/'));
    chars(&mut s, &fx, "manual");
    press(&mut s, &fx, KeyCode::Enter);
    press(&mut s, &fx, KeyCode::Char('r'));
    assert!(matches!(&s.mode, Mode::Confirm { prompt, .. } if prompt.contains("dddd000000000004")));
    assert!(fx.0.borrow().is_empty());
    press(&mut s, &fx, KeyCode::Char('y'));
    assert_eq!(
        fx.0.borrow().as_slice(),
        &[Effect::RetryTask("dddd000000000004".into())]
    );
    // The hub's answer replaces the row.
    let mut back = s.tasks.get("dddd000000000004").unwrap().clone();
    back.status = TaskStatus::Queued;
    back.attempts = 0;
    handle(
        &mut s,
        Input::Outcome(m3shd_tui::effects::Outcome::Task(Box::new(back))),
        &fx,
    );
    assert_eq!(
        s.tasks.get("dddd000000000004").unwrap().status,
        TaskStatus::Queued
    );
}

#[test]
fn command_line_runs_a_grammar_line() {
    let fx = Recorder::default();
    let mut s = full_state();
    press(&mut s, &fx, KeyCode::Char(':'));
    chars(&mut s, &fx, "do count the words");
    press(&mut s, &fx, KeyCode::Enter);
    assert_eq!(
        fx.0.borrow().as_slice(),
        &[Effect::RunLine("do count the words".into())]
    );
    assert_eq!(s.mode, Mode::Normal);
    handle(
        &mut s,
        Input::Outcome(m3shd_tui::effects::Outcome::Reply {
            line: "do count the words".into(),
            text: "queued as task 1234".into(),
            error: false,
        }),
        &fx,
    );
    assert!(screen(&mut s, 80, 24).contains("queued as task 1234"));
    press(&mut s, &fx, KeyCode::Esc);
    assert!(s.reply.is_none());
}

#[test]
fn chat_sends_free_text() {
    let fx = Recorder::default();
    let mut s = full_state();
    press(&mut s, &fx, KeyCode::Char('9'));
    press(&mut s, &fx, KeyCode::Char('i'));
    chars(&mut s, &fx, "status please");
    press(&mut s, &fx, KeyCode::Enter);
    assert_eq!(
        fx.0.borrow().as_slice(),
        &[Effect::Chat("status please".into())]
    );
}

#[test]
fn random_keys_never_panic() {
    let fx = Recorder::default();
    let mut s = full_state();
    let keys = "jjkkGg/xy\u{1b}:zz\u{1b}acxy+-p?q";
    for view in View::ALL {
        s.quit = false;
        s.view = view;
        for c in keys.chars() {
            let code = match c {
                '\u{1b}' => KeyCode::Esc,
                c => KeyCode::Char(c),
            };
            press(&mut s, &fx, code);
            screen(&mut s, 80, 24);
        }
        for code in [
            KeyCode::Enter,
            KeyCode::PageDown,
            KeyCode::PageUp,
            KeyCode::End,
            KeyCode::Home,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::Backspace,
        ] {
            press(&mut s, &fx, code);
            screen(&mut s, 80, 24);
        }
    }
}

#[test]
fn ten_thousand_tasks_render_only_visible_rows() {
    let mut s = AppState::new("h", t0(), true);
    let agents: Vec<Agent> = (0..200)
        .map(|i| agent(&format!("agent-{i:03}"), AgentStatus::Online, 1))
        .collect();
    let tasks: Vec<Task> = (0..10_000)
        .map(|i| {
            let status = TaskStatus::ALL[i % TaskStatus::ALL.len()];
            task(
                &format!("{i:016x}"),
                &format!("task number {i}"),
                status,
                i as i64,
            )
        })
        .collect();
    s.load_snapshot(m3shd_tui::effects::Snapshot {
        agents,
        tasks,
        ..Default::default()
    });
    s.view = View::Queue;
    s.settle();
    assert_eq!(s.tasks.visible_len(), 10_000);
    s.select(View::Queue, 5_000);
    // 80×24: one tab line, one status line, a title and a header line.
    let area = ratatui::layout::Rect::new(0, 1, 80, 22);
    let height = views::queue::body_height(area);
    let (start, rows) = views::queue::rows(&s, height);
    assert_eq!(rows.len(), height);
    assert_eq!(height, 20);
    assert!(start <= 5_000 && 5_000 < start + height);
    let text = screen(&mut s, 80, 24);
    assert!(text.contains("Queue 10000/10000"));
    assert!(text.contains("task number"));
    s.view = View::Dashboard;
    let text = screen(&mut s, 160, 48);
    assert!(text.contains("agents 200/200 online"));
}

#[test]
fn queue_selection_follows_its_task_when_rows_move() {
    let fx = Recorder::default();
    let mut s = full_state();
    press(&mut s, &fx, KeyCode::Char('2'));
    press(&mut s, &fx, KeyCode::Char('j'));
    let id = s.tasks.id_at(s.selected(View::Queue)).unwrap().to_string();
    let mut t = s.tasks.get(&id).unwrap().clone();
    t.priority = 10;
    press(&mut s, &fx, KeyCode::Char('s'));
    handle(
        &mut s,
        Input::Outcome(m3shd_tui::effects::Outcome::Task(Box::new(t))),
        &fx,
    );
    s.settle();
    assert_eq!(s.tasks.id_at(s.selected(View::Queue)), Some(id.as_str()));
    assert_eq!(s.selected(View::Queue), 0);
}

#[test]
fn heartbeat_ages_and_counts_come_fresh_from_the_hub() {
    let fx = Recorder::default();
    let mut s = AppState::new("h", t0(), true);
    handle(&mut s, Input::Stream(StreamItem::Connected), &fx);
    fx.0.borrow_mut().clear();
    let mut rex = agent("rex", AgentStatus::Online, 0);
    rex.last_heartbeat = Some(t0());
    s.load_snapshot(m3shd_tui::effects::Snapshot {
        agents: vec![rex.clone()],
        ..Default::default()
    });

    // Ticks refresh every two seconds, one request at a time.
    let at = |secs| t0() + chrono::Duration::seconds(secs);
    handle(&mut s, Input::Tick(at(1)), &fx);
    assert_eq!(fx.0.borrow().as_slice(), &[Effect::Refresh]);
    handle(&mut s, Input::Tick(at(4)), &fx);
    assert_eq!(fx.0.borrow().len(), 1, "still in flight");

    // The hub says rex beat a moment ago, and 3,000 tasks are queued.
    rex.last_heartbeat = Some(at(40));
    let mut status = StatusSummary {
        agents_online: 1,
        agents_total: 1,
        ..Default::default()
    };
    for st in TaskStatus::ALL {
        status.tasks.insert(st, 0);
    }
    status.tasks.insert(TaskStatus::Queued, 3_000);
    handle(
        &mut s,
        Input::Outcome(m3shd_tui::effects::Outcome::Refreshed {
            status,
            agents: vec![rex],
            peers: None,
        }),
        &fx,
    );
    handle(&mut s, Input::Tick(at(41)), &fx);
    let dash = screen(&mut s, 100, 24);
    assert!(dash.contains("3000 queued"), "{dash}");
    let row = dash.lines().find(|l| l.contains("rex")).expect("rex row");
    assert!(row.contains(" 1s"), "a heartbeat one second old: {row}");
    assert_eq!(fx.0.borrow().len(), 2, "due again: {:?}", fx.0.borrow());
}

#[test]
fn the_queue_pages_older_tasks_in_as_the_selection_nears_the_end() {
    use m3shd_tui::effects::{Outcome, Snapshot, TASK_PAGE};
    let fx = Recorder::default();
    let mut s = AppState::new("h", t0(), true);
    let page = |from: usize| -> Vec<Task> {
        (from..from + TASK_PAGE as usize)
            .map(|i| {
                task(
                    &format!("{i:016x}"),
                    &format!("task {i}"),
                    TaskStatus::Queued,
                    i as i64,
                )
            })
            .collect()
    };
    let first = page(0);
    let cursor = first.last().unwrap().id.clone();
    let mut status = StatusSummary::default();
    status.tasks.insert(TaskStatus::Queued, 1_200);
    s.load_snapshot(Snapshot {
        tasks: first,
        status,
        ..Default::default()
    });
    s.view = View::Queue;
    s.settle();
    assert!(screen(&mut s, 80, 24).contains("Queue 500/500 of 1200"));

    // Far from the end: nothing to load.
    press(&mut s, &fx, KeyCode::Down);
    assert!(fx.0.borrow().is_empty());
    // The end: the page after the last loaded task, asked for once.
    press(&mut s, &fx, KeyCode::End);
    press(&mut s, &fx, KeyCode::Up);
    assert_eq!(
        fx.0.borrow().as_slice(),
        &[Effect::LoadOlder(cursor.clone())]
    );
    handle(
        &mut s,
        Input::Outcome(Outcome::Older {
            cursor,
            tasks: page(500),
        }),
        &fx,
    );
    s.settle();
    assert_eq!(s.tasks.len(), 1_000);
    assert!(screen(&mut s, 80, 24).contains("Queue 1000/1000 of 1200"));
    // A short last page: nothing more to ask for.
    press(&mut s, &fx, KeyCode::End);
    let next = fx.0.borrow().last().cloned();
    let Some(Effect::LoadOlder(c)) = next else {
        panic!("the third page is asked for: {next:?}");
    };
    let last: Vec<Task> = page(1_000).into_iter().take(200).collect();
    handle(
        &mut s,
        Input::Outcome(Outcome::Older {
            cursor: c,
            tasks: last,
        }),
        &fx,
    );
    let asked = fx.0.borrow().len();
    press(&mut s, &fx, KeyCode::End);
    press(&mut s, &fx, KeyCode::Up);
    assert_eq!(fx.0.borrow().len(), asked, "all 1,200 are loaded");
    assert_eq!(s.tasks.len(), 1_200);
}

/// `protocol_state` with SUBJECT's graph on screen, its fetch landed.
fn showing_the_graph(fx: &Recorder) -> AppState {
    let mut s = protocol_state();
    press(&mut s, fx, KeyCode::Char('2'));
    press(&mut s, fx, KeyCode::Char('/'));
    chars(&mut s, fx, "5a1b");
    press(&mut s, fx, KeyCode::Enter);
    press(&mut s, fx, KeyCode::Char('p'));
    assert_eq!(s.view, View::Dag);
    assert_eq!(
        fx.0.borrow().last(),
        Some(&Effect::LoadGraph(SUBJECT.into()))
    );
    handle(
        &mut s,
        Input::Outcome(Outcome::Graph(Box::new(protocol_graph(
            Some(challenging()),
        )))),
        fx,
    );
    end_batch(&mut s, fx);
    fx.0.borrow_mut().clear();
    s
}

fn event(s: &mut AppState, fx: &Recorder, id: i64, event: Event) {
    handle(
        s,
        Input::Stream(StreamItem::Event(Box::new(rec(id, event)))),
        fx,
    );
}

fn graph_fetches(fx: &Recorder) -> usize {
    fx.0.borrow()
        .iter()
        .filter(|e| matches!(e, Effect::LoadGraph(_)))
        .count()
}

#[test]
fn p_opens_the_selected_tasks_graph_and_esc_goes_back_to_pipelines() {
    for view in [View::Queue, View::Detail, View::Dag] {
        assert_eq!(
            map_key(view, &Mode::Normal, key(KeyCode::Char('p'))),
            Some(Intent::OpenGraph)
        );
    }
    assert_eq!(
        map_key(View::Costs, &Mode::Normal, key(KeyCode::Char('p'))),
        None
    );
    let fx = Recorder::default();
    let mut s = showing_the_graph(&fx);
    let text = screen(&mut s, 100, 24);
    assert!(text.contains("Graph of 5a1b0000"), "{text}");
    assert!(
        text.contains("protocol ⚖ running · stage challenge"),
        "{text}"
    );
    for (w, h) in [(1, 1), (10, 3), (20, 5), (40, 10), (300, 100)] {
        screen(&mut s, w, h);
    }

    // The rows follow the layout: the subject, then its steps; Enter opens one.
    press(&mut s, &fx, KeyCode::Char('j'));
    press(&mut s, &fx, KeyCode::Char('j'));
    press(&mut s, &fx, KeyCode::Enter);
    assert_eq!(s.view, View::Detail);
    assert_eq!(s.detail.as_deref(), Some(CHALLENGE));

    // `p` on a step centres the graph on it.
    press(&mut s, &fx, KeyCode::Char('p'));
    assert_eq!(s.view, View::Dag);
    assert_eq!(
        fx.0.borrow().last(),
        Some(&Effect::LoadGraph(CHALLENGE.into()))
    );
    assert!(screen(&mut s, 80, 24).contains("loading the graph"));

    // Esc: the pipelines again.
    press(&mut s, &fx, KeyCode::Esc);
    assert!(s.graph.is_none());
    assert!(screen(&mut s, 80, 24).contains("weekly-digest"));
}

#[test]
fn a_burst_of_events_about_the_graph_refetches_it_once() {
    let fx = Recorder::default();
    let mut s = showing_the_graph(&fx);
    let mut challenge = s.tasks.get(CHALLENGE).unwrap().clone();
    challenge.status = TaskStatus::Done;
    let mut vote = task(
        "5f60000000000006",
        "vote: review the contract",
        TaskStatus::Queued,
        1,
    );
    vote.protocol_role = Some(ProtocolRole::Votes);
    vote.protocol_of = Some(SUBJECT.into());
    vote.depends_on = vec![SUBJECT.into()];
    let mut voting = challenging();
    voting.stage = Some(ProtocolStage::Vote);
    voting.updated_at = t0();

    // One batch of inputs: a step finished, a new step, the protocol moved on.
    event(&mut s, &fx, 100, Event::TaskCompleted { task: challenge });
    event(&mut s, &fx, 101, Event::TaskCreated { task: vote.clone() });
    event(
        &mut s,
        &fx,
        102,
        Event::ProtocolStep {
            task_id: SUBJECT.into(),
            role: ProtocolRole::Votes,
            step: vote,
        },
    );
    event(
        &mut s,
        &fx,
        103,
        Event::ProtocolUpdated {
            task_id: SUBJECT.into(),
            protocol: voting,
        },
    );
    assert_eq!(graph_fetches(&fx), 0, "nothing before the batch ends");
    end_batch(&mut s, &fx);
    assert_eq!(
        fx.0.borrow().as_slice(),
        &[Effect::LoadGraph(SUBJECT.into())]
    );

    // While that fetch is out, more events wait for it instead of piling up.
    let mut revise = s.tasks.get(REVISE).unwrap().clone();
    revise.status = TaskStatus::Running;
    event(
        &mut s,
        &fx,
        104,
        Event::TaskUpdated {
            task: revise,
            from: TaskStatus::Queued,
            reason: None,
        },
    );
    end_batch(&mut s, &fx);
    assert_eq!(graph_fetches(&fx), 1);
    // The answer lands: what came meanwhile costs one more fetch, then none.
    handle(
        &mut s,
        Input::Outcome(Outcome::Graph(Box::new(protocol_graph(
            Some(challenging()),
        )))),
        &fx,
    );
    end_batch(&mut s, &fx);
    assert_eq!(graph_fetches(&fx), 2);
    handle(
        &mut s,
        Input::Outcome(Outcome::Graph(Box::new(protocol_graph(
            Some(challenging()),
        )))),
        &fx,
    );
    end_batch(&mut s, &fx);
    assert_eq!(graph_fetches(&fx), 2);
    // The newer protocol from the event wins over the older fetched one.
    assert!(screen(&mut s, 100, 24).contains("stage vote"));
}

#[test]
fn events_elsewhere_leave_the_graph_alone_and_a_hidden_graph_waits() {
    let fx = Recorder::default();
    let mut s = showing_the_graph(&fx);
    // Another task, another subject's protocol, output of a node: no fetch.
    let mut other = s.tasks.get("bbbb000000000002").unwrap().clone();
    other.status = TaskStatus::Done;
    event(&mut s, &fx, 100, Event::TaskCompleted { task: other });
    event(
        &mut s,
        &fx,
        101,
        Event::ProtocolUpdated {
            task_id: "6a00000000000006".into(),
            protocol: outcome(ProtocolState::Accepted, None, 0),
        },
    );
    event(
        &mut s,
        &fx,
        102,
        Event::TaskOutput {
            task_id: CHALLENGE.into(),
            seq: 0,
            chunk: "thinking".into(),
        },
    );
    end_batch(&mut s, &fx);
    assert_eq!(graph_fetches(&fx), 0);

    // Away from the DAG view, a change only marks the graph; coming back fetches.
    press(&mut s, &fx, KeyCode::Char('2'));
    event(
        &mut s,
        &fx,
        103,
        Event::ProtocolUpdated {
            task_id: SUBJECT.into(),
            protocol: outcome(ProtocolState::Accepted, Some(ProtocolStage::Challenge), 0),
        },
    );
    end_batch(&mut s, &fx);
    assert_eq!(graph_fetches(&fx), 0);
    press(&mut s, &fx, KeyCode::Char('4'));
    end_batch(&mut s, &fx);
    assert_eq!(
        fx.0.borrow().as_slice(),
        &[Effect::LoadGraph(SUBJECT.into())]
    );
}

#[test]
fn a_failed_fetch_says_why_and_a_late_answer_for_another_graph_is_dropped() {
    let fx = Recorder::default();
    let mut s = protocol_state();
    s.view = View::Queue;
    press(&mut s, &fx, KeyCode::Char('/'));
    chars(&mut s, &fx, "5a1b");
    press(&mut s, &fx, KeyCode::Enter);
    press(&mut s, &fx, KeyCode::Char('p'));
    handle(
        &mut s,
        Input::Outcome(Outcome::GraphFailed {
            task_id: SUBJECT.into(),
            error: "not_found: no such task".into(),
        }),
        &fx,
    );
    let g = s.graph.as_ref().unwrap();
    assert!(!g.in_flight);
    assert!(screen(&mut s, 100, 24).contains("could not load the graph: not_found"));
    // A graph asked for earlier, for another task, does not replace this one.
    handle(
        &mut s,
        Input::Outcome(Outcome::Graph(Box::new(TaskGraph {
            task_id: "ffff00000000000b".into(),
            nodes: Vec::new(),
            edges: Vec::new(),
            protocol: None,
        }))),
        &fx,
    );
    assert!(s.graph.as_ref().unwrap().graph.is_none());
}

#[test]
fn protocol_events_keep_the_queue_badges_current() {
    let mut s = protocol_state();
    let badge = |s: &mut AppState| {
        s.view = View::Queue;
        let text = screen(s, 120, 26);
        text.lines()
            .find(|l| l.contains("review the contract") && l.contains("5a1b0000"))
            .unwrap()
            .to_string()
    };
    assert!(badge(&mut s).contains("⚖ running review the contract"));
    let mut accepted = outcome(ProtocolState::Accepted, Some(ProtocolStage::Challenge), 0);
    accepted.updated_at = t0();
    s.apply_record(&rec(
        100,
        Event::ProtocolUpdated {
            task_id: SUBJECT.into(),
            protocol: accepted,
        },
    ));
    assert!(badge(&mut s).contains("✓ accepted review the contract"));
    // A replayed older outcome does not turn the badge back.
    s.apply(&Event::ProtocolUpdated {
        task_id: SUBJECT.into(),
        protocol: challenging(),
    });
    assert!(badge(&mut s).contains("✓ accepted"));
    // Steps show their role; the filter finds subjects by protocol state.
    s.view = View::Queue;
    assert!(screen(&mut s, 120, 26).contains("↳ challenges critique: review the contract"));
    s.tasks.set_filter("escalated");
    s.settle();
    assert_eq!(s.tasks.visible_len(), 1);
}

#[test]
fn protocol_events_read_as_lines_in_the_log() {
    use m3shd_tui::log_line::describe;
    let step = protocol_tasks()[2].clone();
    assert_eq!(
        describe(&Event::ProtocolStep {
            task_id: SUBJECT.into(),
            role: ProtocolRole::Verifies,
            step,
        }),
        "5b2c000000000002 verifies 5a1b000000000001: verify: review the contract"
    );
    assert_eq!(
        describe(&Event::ProtocolUpdated {
            task_id: SUBJECT.into(),
            protocol: challenging(),
        }),
        "5a1b000000000001 protocol running · challenge · score 0.62: \
         verification agreed; the critique is material"
    );
    let receipt = ValidationReceipt {
        task_id: SUBJECT.into(),
        result_hash: "00".repeat(32),
        result_task: REVISE.into(),
        producer: "rex".into(),
        validation_task: "6d00000000000009".into(),
        validator: "vera".into(),
        verdict: Verdict::Reject,
        reason: "misses clause 4".into(),
        signature: "sig".into(),
        created_at: t0(),
    };
    assert_eq!(
        describe(&Event::ValidationRecorded { receipt }),
        "5a1b000000000001 validated by vera: reject · misses clause 4 · \
         produced by rex in 5d4e000000000004"
    );
}

#[test]
fn peers_follow_the_refresh_and_a_forbidden_answer_hides_them() {
    use m3shd_api::{Peer, PeerStatus, StatusSummary};
    use m3shd_tui::effects::Outcome;
    let fx = Recorder::default();
    let mut s = AppState::new("h", t0(), true);
    let refreshed = |peers: Option<Vec<Peer>>| {
        Input::Outcome(Outcome::Refreshed {
            status: StatusSummary::default(),
            agents: Vec::new(),
            peers,
        })
    };
    let oslo = Peer {
        name: "oslo".into(),
        url: "http://127.0.0.1:9".into(),
        agent_id: "peer-oslo".into(),
        status: PeerStatus::Unreachable,
        hub: None,
        capacity: Default::default(),
        relayed: 0,
        succeeded: 0,
        failed: 0,
        success_rate: None,
        latency_ms: None,
        last_seen: None,
        error: Some("connection refused".into()),
        created_at: t0(),
    };
    handle(&mut s, refreshed(Some(vec![oslo])), &fx);
    let dash = screen(&mut s, 80, 24);
    assert!(dash.contains("◌ unreachable"), "{dash}");
    // A failed ask keeps what was shown; a 403/404 (an empty list) hides it.
    handle(&mut s, refreshed(None), &fx);
    assert!(screen(&mut s, 80, 24).contains("Peers (1)"));
    handle(&mut s, refreshed(Some(Vec::new())), &fx);
    assert!(!screen(&mut s, 80, 24).contains("Peers"));
}
