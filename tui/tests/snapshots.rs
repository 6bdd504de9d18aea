//! Every view on a TestBackend at 80×24 and 160×48 from fixed state,
//! plus empty, error, reconnecting, help and confirm screens.

// Tests may panic on what should not happen and convert small numbers freely.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::cast_lossless)]
#![allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
#![allow(clippy::cast_sign_loss)]

mod common;

use common::*;
use m3shd_tui::AppState;
use m3shd_tui::app::handle;
use m3shd_tui::input::Input;
use m3shd_tui::state::{Conn, Mode, ReplyPanel};
use m3shd_tui::view::View;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn snap_view(view: View, w: u16, h: u16) -> String {
    let mut s = full_state();
    s.view = view;
    screen(&mut s, w, h)
}

macro_rules! view_snapshots {
    ($($name:ident => $view:expr),* $(,)?) => {$(
        #[test]
        fn $name() {
            insta::assert_snapshot!(concat!(stringify!($name), "_80x24"), snap_view($view, 80, 24));
            insta::assert_snapshot!(concat!(stringify!($name), "_160x48"), snap_view($view, 160, 48));
        }
    )*};
}

view_snapshots! {
    dashboard => View::Dashboard,
    queue => View::Queue,
    detail => View::Detail,
    dag => View::Dag,
    approvals => View::Approvals,
    escalations => View::Escalations,
    costs => View::Costs,
    log => View::Log,
    chat => View::Chat,
    evolve => View::Evolve,
}

#[test]
fn empty_views() {
    for view in View::ALL {
        let mut s = AppState::new("http://127.0.0.1:8333", t0(), true);
        s.view = view;
        insta::assert_snapshot!(format!("empty_{}", view.title()), screen(&mut s, 80, 24));
    }
}

#[test]
fn reconnecting() {
    let mut s = full_state();
    s.conn = Conn::Reconnecting {
        error: "connection refused".into(),
        retry_in_ms: 400,
    };
    insta::assert_snapshot!(screen(&mut s, 80, 24));
}

#[test]
fn error_reply_and_failed_stream() {
    let mut s = full_state();
    s.conn = Conn::Failed("401 unauthorized: bad token".into());
    s.reply = Some(ReplyPanel {
        line: "approve ap-nope".into(),
        text: "error: not_found: no such approval".into(),
        error: true,
    });
    insta::assert_snapshot!(screen(&mut s, 80, 24));
}

#[test]
fn help_overlay() {
    let mut s = full_state();
    s.view = View::Queue;
    s.help = true;
    insta::assert_snapshot!(screen(&mut s, 80, 24));
}

#[test]
fn confirm_prompt() {
    let mut s = full_state();
    s.view = View::Approvals;
    s.mode = Mode::Confirm {
        prompt: "approve ap-1111 (deploy)? y/n".into(),
        effect: m3shd_tui::effects::Effect::Snapshot,
    };
    insta::assert_snapshot!(screen(&mut s, 80, 24));
}

#[test]
fn retry_prompt_in_the_queue() {
    let fx = Recorder::default();
    let mut s = full_state();
    s.view = View::Queue;
    for c in "/manual\nr".chars() {
        let code = if c == '\n' {
            KeyCode::Enter
        } else {
            KeyCode::Char(c)
        };
        handle(
            &mut s,
            Input::Key(KeyEvent::new(code, KeyModifiers::NONE)),
            &fx,
        );
        s.settle();
    }
    insta::assert_snapshot!(screen(&mut s, 80, 24));
}

#[test]
fn no_color_keeps_symbols() {
    let mut s = full_state();
    s.color = false;
    s.view = View::Queue;
    let text = screen(&mut s, 80, 24);
    assert!(text.contains("▶ running"));
    assert!(text.contains("✓ done"));
    assert!(text.contains("✗ failed"));
}

#[test]
fn tiny_terminals_do_not_panic() {
    for view in View::ALL {
        for (w, h) in [(1, 1), (10, 3), (20, 5), (40, 10), (300, 100)] {
            let mut s = full_state();
            s.view = view;
            s.help = true;
            screen(&mut s, w, h);
            s.help = false;
            screen(&mut s, w, h);
        }
    }
}

/// `keys` in the Queue, then the graph the hub answers with.
fn graph_screen(keys: &str, graph: m3shd_api::TaskGraph, w: u16, h: u16) -> String {
    let fx = Recorder::default();
    let mut s = protocol_state();
    s.view = View::Queue;
    for c in keys.chars() {
        let code = if c == '\n' {
            KeyCode::Enter
        } else {
            KeyCode::Char(c)
        };
        handle(
            &mut s,
            Input::Key(KeyEvent::new(code, KeyModifiers::NONE)),
            &fx,
        );
        s.settle();
    }
    let asked = fx.0.borrow().last().cloned();
    assert_eq!(
        asked,
        Some(m3shd_tui::effects::Effect::LoadGraph(graph.task_id.clone()))
    );
    handle(
        &mut s,
        Input::Outcome(m3shd_tui::effects::Outcome::Graph(Box::new(graph))),
        &fx,
    );
    screen(&mut s, w, h)
}

#[test]
fn graph_with_protocol() {
    for (w, h) in [(80, 24), (160, 48)] {
        let g = protocol_graph(Some(challenging()));
        insta::assert_snapshot!(
            format!("graph_with_protocol_{w}x{h}"),
            graph_screen("/5a1b\np", g, w, h)
        );
    }
}

#[test]
fn graph_without_protocol() {
    use m3shd_api::{EdgeRole, GraphEdge, GraphNode, TaskGraph};
    let s = full_state();
    let node = |id: &str| {
        let t = s.tasks.get(id).unwrap();
        GraphNode {
            id: t.id.clone(),
            title: t.title.clone(),
            status: t.status,
            role: None,
            assigned_to: t.assigned_to.clone(),
            confidence: t.confidence,
        }
    };
    let edge = |from: &str, to: &str| GraphEdge {
        from: from.into(),
        to: to.into(),
        role: EdgeRole::DependsOn,
    };
    let (fetch, analyse, report) = ("ffff00000000000a", "ffff00000000000b", "ffff00000000000c");
    let g = TaskGraph {
        task_id: analyse.into(),
        nodes: vec![node(analyse), node(fetch), node(report)],
        edges: vec![edge(fetch, analyse), edge(analyse, report)],
        protocol: None,
    };
    insta::assert_snapshot!(graph_screen("/analyse\np", g, 80, 24));
}

#[test]
fn queue_protocol_badges() {
    let mut s = protocol_state();
    s.view = View::Queue;
    insta::assert_snapshot!(screen(&mut s, 100, 26));
}

#[test]
fn log_protocol_events() {
    let mut s = protocol_state();
    s.view = View::Log;
    insta::assert_snapshot!(screen(&mut s, 120, 24));
}

fn peer(name: &str, status: m3shd_api::PeerStatus, rate: Option<f64>) -> m3shd_api::Peer {
    m3shd_api::Peer {
        name: name.into(),
        url: format!("http://127.0.0.1:9{}", name.len()),
        agent_id: format!("peer-{name}"),
        status,
        hub: None,
        capacity: [("general".to_string(), 2), ("rust".to_string(), 1)]
            .into_iter()
            .filter(|_| status == m3shd_api::PeerStatus::Online)
            .collect(),
        relayed: 7,
        succeeded: 6,
        failed: 1,
        success_rate: rate,
        latency_ms: Some(12),
        last_seen: Some(t0()),
        error: None,
        created_at: t0(),
    }
}

#[test]
fn dashboard_shows_peers_beside_the_agents() {
    use m3shd_api::PeerStatus;
    let mut s = full_state();
    s.peers = vec![
        peer("berlin", PeerStatus::Online, Some(6.0 / 7.0)),
        peer("oslo", PeerStatus::Refused, None),
    ];
    let narrow = screen(&mut s, 80, 24);
    assert!(narrow.contains("Peers (2)"), "{narrow}");
    let berlin = narrow.lines().find(|l| l.contains("berlin")).unwrap();
    for part in ["● online", "general:2 rust:1", "7", "86%"] {
        assert!(berlin.contains(part), "{part} in {berlin}");
    }
    let oslo = narrow.lines().find(|l| l.contains("oslo")).unwrap();
    assert!(oslo.contains("✗ refused"), "{oslo}");
    // Coloured by status: online green, refused red.
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    term.draw(|f| m3shd_tui::views::render(f, &s)).unwrap();
    let rows: Vec<&str> = narrow.lines().collect();
    let fg = |name: &str| {
        let y = rows.iter().position(|l| l.contains(name)).unwrap() as u16;
        term.backend().buffer()[(0, y)].fg
    };
    assert_eq!(fg("berlin"), ratatui::style::Color::Green);
    assert_eq!(fg("oslo"), ratatui::style::Color::Red);
    insta::assert_snapshot!("dashboard_peers_80x24", narrow);
    insta::assert_snapshot!("dashboard_peers_160x48", screen(&mut s, 160, 48));
}

#[test]
fn dashboard_hides_peers_when_there_are_none() {
    let mut s = full_state();
    assert!(s.peers.is_empty());
    for (w, h) in [(80, 24), (160, 48)] {
        let out = screen(&mut s, w, h);
        assert!(!out.contains("Peers"), "{out}");
    }
}
