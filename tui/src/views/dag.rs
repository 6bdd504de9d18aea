//! DAG: one pipeline's steps in dependency order, indented by depth, each
//! with its live status and its parents.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Row, Table, TableState};

use super::fmt::{clip, short_id, window_start};
use super::theme::{Theme, task_symbol};
use super::{empty, titled};
use crate::state::AppState;
use crate::view::View;

pub fn render(frame: &mut Frame, area: Rect, state: &AppState) {
    let t = Theme::of(state);
    let Some(p) = state.pipelines.get(state.dag_pipeline) else {
        let block = titled(" DAG ".into());
        return empty(
            frame,
            area,
            block,
            "no pipelines: `m3shd pipeline run FILE` creates one",
            state,
        );
    };
    let order = crate::dag::order(p);
    let done = p
        .tasks
        .iter()
        .filter(|s| {
            state.tasks.get(&s.id).map_or(s.status, |t| t.status) == m3shd_api::TaskStatus::Done
        })
        .count();
    let block = titled(format!(
        " DAG {}/{} · {} ({}) · {} · {done}/{} done · h/l pipeline ",
        state.dag_pipeline + 1,
        state.pipelines.len(),
        clip(&p.name, 24),
        short_id(&p.id),
        p.status,
        p.tasks.len()
    ));
    let height = area.height.saturating_sub(2) as usize;
    let sel = state.selected(View::Dag);
    let start = window_start(sel, height);
    let rows: Vec<Row> = order
        .iter()
        .skip(start)
        .take(height)
        .filter_map(|(depth, i)| p.tasks.get(*i).map(|s| (*depth, s)))
        .map(|(depth, step)| {
            let task = state.tasks.get(&step.id);
            let status = task.map_or(step.status, |t| t.status);
            let agent = task
                .and_then(|t| t.assigned_to.clone())
                .unwrap_or_else(|| "-".into());
            let indent = if depth == 0 {
                String::new()
            } else {
                format!("{}└─", "  ".repeat(depth - 1))
            };
            let parents = if step.depends_on.is_empty() {
                "(root)".to_string()
            } else {
                format!("← {}", step.depends_on.join(", "))
            };
            Row::new(vec![
                Span::raw(format!(
                    "{indent}{} {}",
                    task_symbol(status),
                    clip(&step.name, 30)
                ))
                .style(t.task(status)),
                Span::styled(status.as_str(), t.task(status)),
                Span::raw(short_id(&step.id)),
                Span::raw(clip(&agent, 12)),
                Span::raw(parents),
            ])
        })
        .collect();
    let header = Row::new(["STEP", "STATUS", "TASK", "AGENT", "PARENTS"]).style(t.header());
    let table = Table::new(
        rows,
        [
            Constraint::Fill(1),
            Constraint::Length(9),
            Constraint::Length(8),
            Constraint::Length(12),
            Constraint::Fill(1),
        ],
    )
    .header(header)
    .block(block)
    .row_highlight_style(t.selected());
    let mut ts = TableState::default().with_selected(Some(sel.saturating_sub(start)));
    frame.render_stateful_widget(table, area, &mut ts);
}
