//! Escalations: open first; `a` acknowledges, `d` resolves (after `y`).

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Row, Table, TableState};

use super::fmt::{age, clip, short_id, window_start};
use super::theme::{Theme, escalation_symbol};
use super::{empty, titled};
use crate::state::AppState;
use crate::view::View;
use m3shd_api::EscalationStatus;

pub fn render(frame: &mut Frame, area: Rect, state: &AppState) {
    let t = Theme::of(state);
    let open = state
        .escalations
        .iter()
        .filter(|e| e.status == EscalationStatus::Open)
        .count();
    let block = titled(format!(
        " Escalations · {open} open · a acknowledge · d resolve "
    ));
    if state.escalations.is_empty() {
        return empty(frame, area, block, "no escalations", state);
    }
    let height = area.height.saturating_sub(2) as usize;
    let sel = state.selected(View::Escalations);
    let start = window_start(sel, height);
    let rows: Vec<Row> = state
        .escalations
        .iter()
        .skip(start)
        .take(height)
        .map(|e| {
            let style = match e.status {
                EscalationStatus::Open => t.bad(),
                EscalationStatus::Acknowledged => t.warn(),
                EscalationStatus::Resolved => t.dim(),
            };
            Row::new(vec![
                Span::styled(
                    format!("{} {}", escalation_symbol(e.status), e.status),
                    style,
                ),
                Span::raw(clip(&e.id, 19)),
                Span::raw(e.task_id.as_deref().map_or("-".into(), short_id)),
                Span::raw(clip(e.from_agent.as_deref().unwrap_or("-"), 12)),
                Span::raw(age(state.now, Some(e.created_at))),
                Span::raw(clip(&e.reason, 120)),
            ])
        })
        .collect();
    let header = Row::new(["STATUS", "ID", "TASK", "AGENT", "AGE", "REASON"]).style(t.header());
    let table = Table::new(
        rows,
        [
            Constraint::Length(14),
            Constraint::Length(12),
            Constraint::Length(8),
            Constraint::Length(10),
            Constraint::Length(4),
            Constraint::Fill(1),
        ],
    )
    .header(header)
    .block(block)
    .row_highlight_style(t.selected());
    let mut ts = TableState::default().with_selected(Some(sel.saturating_sub(start)));
    frame.render_stateful_widget(table, area, &mut ts);
}
