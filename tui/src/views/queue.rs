//! Queue: every task, sorted and filtered; only the visible window of rows
//! is built.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Row, Table, TableState};

use super::fmt::{age, clip, short_id, window_start};
use super::theme::{Theme, task_symbol};
use super::{empty, titled};
use crate::state::AppState;
use crate::view::View;
use m3shd_api::Urgency;

/// Rows of the table body that fit in `area` (title line and header off).
pub fn body_height(area: Rect) -> usize {
    area.height.saturating_sub(2) as usize
}

/// The rows on screen: `height` at most, whatever the number of tasks.
pub fn rows(state: &AppState, height: usize) -> (usize, Vec<Row<'static>>) {
    let t = Theme::of(state);
    let start = window_start(state.selected(View::Queue), height);
    let rows = state
        .tasks
        .window(start, height)
        .map(|task| {
            let urgency = match task.urgency {
                None => "-",
                Some(Urgency::Low) => "low",
                Some(Urgency::Medium) => "med",
                Some(Urgency::High) => "HIGH",
                Some(Urgency::Critical) => "CRIT",
            };
            Row::new(vec![
                Span::styled(
                    format!("{} {}", task_symbol(task.status), task.status),
                    t.task(task.status),
                ),
                Span::raw(short_id(&task.id)),
                Span::raw(task.priority.to_string()),
                Span::raw(urgency),
                Span::raw(clip(task.assigned_to.as_deref().unwrap_or("-"), 14)),
                Span::raw(age(state.now, Some(task.created_at))),
                Span::raw(
                    task.confidence
                        .map_or("-".into(), |c| format!("{:.0}%", c * 100.0)),
                ),
                Span::raw(clip(&task.title, 100)),
            ])
        })
        .collect();
    (start, rows)
}

pub fn render(frame: &mut Frame, area: Rect, state: &AppState) {
    let t = Theme::of(state);
    let filter = if state.tasks.filter().is_empty() {
        String::new()
    } else {
        format!(" · filter \"{}\"", state.tasks.filter())
    };
    // Older tasks load as the selection nears the end: say how many exist.
    let total = state.task_total();
    let of_total = if total > state.tasks.len() {
        format!(" of {total}")
    } else {
        String::new()
    };
    let block = titled(format!(
        " Queue {}/{}{of_total} · sort {}{filter} ",
        state.tasks.visible_len(),
        state.tasks.len(),
        state.tasks.sort().name()
    ));
    if state.tasks.visible_len() == 0 {
        let text = if state.tasks.is_empty() {
            "no tasks yet: `:do <text>` submits one"
        } else {
            "no task matches the filter (Esc clears it)"
        };
        return empty(frame, area, block, text, state);
    }
    let (start, rows) = rows(state, body_height(area));
    let header = Row::new([
        "STATUS", "ID", "PRI", "URG", "AGENT", "AGE", "CONF", "TITLE",
    ])
    .style(t.header());
    let table = Table::new(
        rows,
        [
            Constraint::Length(11),
            Constraint::Length(8),
            Constraint::Length(3),
            Constraint::Length(4),
            Constraint::Length(12),
            Constraint::Length(4),
            Constraint::Length(4),
            Constraint::Fill(1),
        ],
    )
    .header(header)
    .block(block)
    .row_highlight_style(t.selected());
    let sel = state.selected(View::Queue);
    let mut ts = TableState::default().with_selected(Some(sel.saturating_sub(start)));
    frame.render_stateful_widget(table, area, &mut ts);
}
