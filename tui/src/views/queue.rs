//! Queue: every task, sorted and filtered; only the visible window of rows
//! is built.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Row};

use super::chrome::{empty, titled};
use super::fmt::{age, short_id, window_start};
use super::protocol::tagged_title;
use super::table::{Column, ListTable};
use super::theme::{Theme, task_symbol};
use crate::state::AppState;
use crate::text::clip;
use crate::view::View;
use m3shd_api::Urgency;

pub use super::table::body_height;

const COLUMNS: [Column; 8] = [
    Column::new("STATUS", Constraint::Length(11)),
    Column::new("ID", Constraint::Length(8)),
    Column::new("PRI", Constraint::Length(3)),
    Column::new("URG", Constraint::Length(4)),
    Column::new("AGENT", Constraint::Length(12)),
    Column::new("AGE", Constraint::Length(4)),
    Column::new("CONF", Constraint::Length(4)),
    Column::new("TITLE", Constraint::Fill(1)),
];

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
            let cells: [Cell<'static>; 8] = [
                Span::styled(
                    format!("{} {}", task_symbol(task.status), task.status),
                    t.task(task.status),
                )
                .into(),
                Span::raw(short_id(&task.id)).into(),
                Span::raw(task.priority.to_string()).into(),
                Span::raw(urgency).into(),
                Span::raw(clip(task.assigned_to.as_deref().unwrap_or("-"), 14)).into(),
                Span::raw(age(state.now, Some(task.created_at))).into(),
                Span::raw(
                    task.confidence
                        .map_or("-".into(), |c| format!("{:.0}%", c * 100.0)),
                )
                .into(),
                // A subject's protocol badge or a step's role leads its title.
                tagged_title(task, clip(&task.title, 100), t).into(),
            ];
            Row::new(cells)
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
    let table = ListTable {
        columns: &COLUMNS,
        block,
        selected: state.selected(View::Queue),
        theme: t,
    };
    table.render_rows(frame, area, start, rows);
}
