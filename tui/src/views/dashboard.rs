//! Dashboard: a summary line, the agents, and the tasks running now.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table, TableState};

use super::fmt::{age, clip, short_id, usd, window_start};
use super::theme::{Theme, agent_symbol, circuit_text, task_symbol};
use super::{empty, titled};
use crate::state::AppState;
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
    render_agents(frame, agents, state);
    render_running(frame, running, state);
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

fn render_agents(frame: &mut Frame, area: Rect, state: &AppState) {
    let t = Theme::of(state);
    let block = titled(format!(" Agents ({}) ", state.agents.len()));
    if state.agents.is_empty() {
        return empty(frame, area, block, "no agents registered yet", state);
    }
    let height = area.height.saturating_sub(2) as usize;
    let sel = state.selected(View::Dashboard);
    let start = window_start(sel, height);
    let rows: Vec<Row> = state
        .agents
        .values()
        .skip(start)
        .take(height)
        .map(|a| {
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
        })
        .collect();
    let header = Row::new([
        "STATUS", "NAME", "MACHINE", "CAPS", "SLOTS", "CIRCUIT", "HB", "REP",
    ])
    .style(t.header());
    let table = Table::new(
        rows,
        [
            Constraint::Length(10),
            Constraint::Min(10),
            Constraint::Length(10),
            Constraint::Fill(1),
            Constraint::Length(5),
            Constraint::Length(7),
            Constraint::Length(4),
            Constraint::Length(4),
        ],
    )
    .header(header)
    .block(block)
    .row_highlight_style(t.selected());
    let mut ts = TableState::default().with_selected(Some(sel - start));
    frame.render_stateful_widget(table, area, &mut ts);
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
