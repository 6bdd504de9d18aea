//! Dashboard: a summary line, the agents (with the federation peers, when
//! the hub has any), and the tasks running now.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table};

use super::chrome::{empty, titled};
use super::fmt::{age, short_id, usd};
use super::table::{Column, ListTable};
use super::theme::{Theme, agent_symbol, circuit_text, task_symbol};
use crate::state::AppState;
use crate::text::clip;
use crate::view::View;
use m3shd_api::{Agent, TaskStatus};

pub fn render(frame: &mut Frame, area: Rect, state: &AppState) {
    let [summary, agents, running] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Percentage(55),
        Constraint::Min(4),
    ])
    .areas(area);
    render_summary(frame, summary, state);
    if state.peers.is_empty() {
        render_agents(frame, agents, state);
    } else {
        let (agents, peers) = split_for_peers(agents, state);
        render_agents(frame, agents, state);
        super::peers::render(frame, peers, state);
    }
    render_running(frame, running, state);
}

/// Terminals at least this wide show the peers beside the agents.
const SIDE_BY_SIDE: u16 = 140;

/// Where the agents and the peers go: side by side when wide, else the
/// peers under the agents, taking at most half the rows.
fn split_for_peers(area: Rect, state: &AppState) -> (Rect, Rect) {
    if area.width >= SIDE_BY_SIDE {
        let [a, p] = Layout::horizontal([Constraint::Percentage(60), Constraint::Fill(1)])
            .spacing(1)
            .areas(area);
        return (a, p);
    }
    let peers_h = super::peers::wanted_height(state).min(area.height / 2);
    let [a, p] = Layout::vertical([Constraint::Min(0), Constraint::Length(peers_h)]).areas(area);
    (a, p)
}

fn render_summary(frame: &mut Frame, area: Rect, state: &AppState) {
    let t = Theme::of(state);
    let running = state.task_count(TaskStatus::Running) + state.task_count(TaskStatus::Assigned);
    let spend = state
        .costs
        .as_ref()
        .map_or("-".to_string(), |c| usd(c.total_cost_usd));
    let pending = state.pending_approvals();
    let line = Line::from(vec![
        Span::styled(
            format!(
                "agents {}/{} online",
                state.agents_online(),
                state.agents.len()
            ),
            t.header(),
        ),
        Span::raw(format!(
            " │ ▶ {running} running │ ○ {} queued │ ",
            state.task_count(TaskStatus::Queued)
        )),
        Span::styled(
            format!("? {pending} approvals"),
            if pending > 0 { t.warn() } else { t.dim() },
        ),
        Span::raw(format!(" │ today {spend}")),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

fn reputation(agent: &Agent) -> String {
    let (ok, bad) = agent
        .reputation
        .iter()
        .fold((0, 0), |(s, f), r| (s + r.successes, f + r.failures));
    if ok + bad == 0 {
        "-".into()
    } else {
        format!("{}%", ok * 100 / (ok + bad))
    }
}

const AGENT_COLUMNS: [Column; 8] = [
    Column::new("STATUS", Constraint::Length(10)),
    Column::new("NAME", Constraint::Min(10)),
    Column::new("MACHINE", Constraint::Length(10)),
    Column::new("CAPS", Constraint::Fill(1)),
    Column::new("SLOTS", Constraint::Length(5)),
    Column::new("CIRCUIT", Constraint::Length(7)),
    Column::new("HB", Constraint::Length(4)),
    Column::new("REP", Constraint::Length(4)),
];

fn render_agents(frame: &mut Frame, area: Rect, state: &AppState) {
    let t = Theme::of(state);
    let block = titled(format!(" Agents ({}) ", state.agents.len()));
    if state.agents.is_empty() {
        return empty(frame, area, block, "no agents registered yet", state);
    }
    let table = ListTable {
        columns: &AGENT_COLUMNS,
        block,
        selected: state.selected(View::Dashboard),
        theme: t,
    };
    table.render(frame, area, state.agents.values(), |a| {
        agent_row(a, state, t)
    });
}

fn agent_row(a: &Agent, state: &AppState, t: Theme) -> Row<'static> {
    let circuit = circuit_text(a.circuit);
    Row::new(vec![
        Span::styled(
            format!("{} {}", agent_symbol(a.status), a.status),
            t.agent(a.status),
        ),
        Span::raw(clip(&a.name, 18)),
        Span::raw(clip(a.machine.as_deref().unwrap_or("-"), 12)),
        Span::raw(clip(&a.capabilities.join(","), 40)),
        Span::raw(format!("{}/{}", a.active_tasks, a.max_concurrent)),
        Span::styled(
            circuit,
            if circuit == "closed" {
                t.dim()
            } else {
                t.bad()
            },
        ),
        Span::raw(age(state.now, a.last_heartbeat)),
        Span::raw(reputation(a)),
    ])
}

fn render_running(frame: &mut Frame, area: Rect, state: &AppState) {
    let t = Theme::of(state);
    let block = titled(format!(" Running ({}) ", state.tasks.active_len()));
    if state.tasks.active_len() == 0 {
        return empty(frame, area, block, "nothing running", state);
    }
    let height = area.height.saturating_sub(1) as usize;
    let rows: Vec<Row> = state
        .tasks
        .active()
        .take(height)
        .map(|task| {
            Row::new(vec![
                Span::styled(task_symbol(task.status), t.task(task.status)),
                Span::raw(short_id(&task.id)),
                Span::raw(clip(task.assigned_to.as_deref().unwrap_or("-"), 14)),
                Span::raw(age(state.now, task.started_at.or(Some(task.created_at)))),
                Span::raw(clip(&task.title, 80)),
            ])
        })
        .collect();
    let table = Table::new(
        rows,
        [
            Constraint::Length(1),
            Constraint::Length(8),
            Constraint::Length(14),
            Constraint::Length(4),
            Constraint::Fill(1),
        ],
    )
    .block(block);
    frame.render_widget(table, area);
}
