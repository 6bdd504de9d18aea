//! A task's graph in the DAG view: the task first, then its protocol steps
//! indented under what they hang from, each with its role, live status
//! (symbol and colour), agent and confidence, and its incoming edges labelled by role; a line
//! above says where the protocol stands (ARCHITECTURE.md, "Quality
//! protocols").

use m3shd_api::{EdgeRole, GraphNode, ProtocolOutcome, TaskGraph};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, Row};

use super::chrome::{empty, titled};
use super::fmt::{indent, short_id};
use super::protocol::outcome_line;
use super::table::{Column, ListTable};
use super::theme::{Theme, task_symbol};
use crate::graph::GraphView;
use crate::state::AppState;
use crate::text::clip;
use crate::view::View;

// The status is the symbol before each title (and its colour): at 80
// columns the titles and the edges need the room more than a status word.
const COLUMNS: [Column; 6] = [
    Column::new("TASK", Constraint::Fill(1)),
    Column::new("ROLE", Constraint::Length(11)),
    Column::new("ID", Constraint::Length(8)),
    Column::new("AGENT", Constraint::Length(10)),
    Column::new("CONF", Constraint::Length(4)),
    Column::new("EDGES", Constraint::Fill(1)),
];

pub fn render(frame: &mut Frame, area: Rect, state: &AppState, shown: &GraphView) {
    let t = Theme::of(state);
    let Some(g) = &shown.graph else {
        let block = titled(format!(
            " Graph of {} · Esc pipelines ",
            short_id(&shown.task_id)
        ));
        let text = match &shown.error {
            Some(e) => format!("could not load the graph: {e}"),
            None => "loading the graph…".into(),
        };
        return empty(frame, area, block, &text, state);
    };
    let subject = g.nodes.iter().find(|n| n.id == g.task_id);
    let title = titled(format!(
        " Graph of {} · {} · {} tasks · p re-centre · Esc pipelines ",
        short_id(&g.task_id),
        clip(subject.map_or("", |n| n.title.as_str()), 30),
        g.nodes.len()
    ));
    let order = crate::dag::graph_order(g);
    let nodes = order
        .iter()
        .filter_map(|&(depth, i)| g.nodes.get(i).map(|n| (depth, n)));
    let (block, area) = match protocol(g, state) {
        // The outcome line takes the title row of the table's own block.
        Some(p) => {
            frame.render_widget(title, area);
            let [_, rest] =
                Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
            (Block::default().title(outcome_line(p, &g.task_id, t)), rest)
        }
        None => (title, area),
    };
    let table = ListTable {
        columns: &COLUMNS,
        block,
        selected: state.selected(View::Dag),
        theme: t,
    };
    table.render(frame, area, nodes, |(depth, node)| {
        row(depth, node, g, state, t)
    });
}

/// The protocol of the graph's task: the fetched one, or the one its last
/// `protocol_updated` event brought when that is newer.
fn protocol<'a>(g: &'a TaskGraph, state: &'a AppState) -> Option<&'a ProtocolOutcome> {
    let live = state
        .tasks
        .get(&g.task_id)
        .and_then(|t| t.protocol.as_ref());
    match (&g.protocol, live) {
        (Some(f), Some(l)) if l.updated_at > f.updated_at => Some(l),
        (Some(f), _) => Some(f),
        (None, l) => l,
    }
}

/// How an edge reads on the row of the task it leads to: `verifies 1a2b3c4d`.
fn edge_label(role: EdgeRole, from: &str) -> String {
    format!("{} {}", role.as_str().replace('_', " "), short_id(from))
}

fn row(depth: usize, node: &GraphNode, g: &TaskGraph, state: &AppState, t: Theme) -> Row<'static> {
    // Events keep the task table current; the fetched node fills in
    // for a task the console has not loaded.
    let live = state.tasks.get(&node.id);
    let status = live.map_or(node.status, |t| t.status);
    let agent = live
        .and_then(|t| t.assigned_to.clone())
        .or_else(|| node.assigned_to.clone())
        .unwrap_or_else(|| "-".into());
    let confidence = live.and_then(|t| t.confidence).or(node.confidence);
    let role = match node.role {
        Some(r) => r.as_str(),
        None if node.id == g.task_id => "subject",
        None => "-",
    };
    let edges: Vec<String> = g
        .edges
        .iter()
        .filter(|e| e.to == node.id)
        .map(|e| edge_label(e.role, &e.from))
        .collect();
    Row::new(vec![
        Span::styled(
            format!(
                "{}{} {}",
                indent(depth),
                task_symbol(status),
                clip(&node.title, 40)
            ),
            t.task(status),
        ),
        Span::raw(role),
        Span::raw(short_id(&node.id)),
        Span::raw(clip(&agent, 10)),
        Span::raw(confidence.map_or("-".into(), |c| format!("{:.0}%", c * 100.0))),
        Span::raw(edges.join(", ")),
    ])
}
