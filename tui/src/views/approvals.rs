//! Approvals: pending requests first; `a` approves, `x` rejects (after `y`).

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Row, Table, TableState};

use super::fmt::{age, clip, window_start};
use super::theme::{Theme, approval_symbol};
use super::{empty, titled};
use crate::state::AppState;
use crate::view::View;
use m3shd_api::ApprovalStatus;

pub fn render(frame: &mut Frame, area: Rect, state: &AppState) {
    let t = Theme::of(state);
    let block = titled(format!(
        " Approvals · {} pending · a approve · x reject ",
        state.pending_approvals()
    ));
    if state.approvals.is_empty() {
        return empty(frame, area, block, "no approval requests", state);
    }
    let height = area.height.saturating_sub(2) as usize;
    let sel = state.selected(View::Approvals);
    let start = window_start(sel, height);
    let rows: Vec<Row> = state
        .approvals
        .iter()
        .skip(start)
        .take(height)
        .map(|a| {
            let style = match a.status {
                ApprovalStatus::Pending => t.warn(),
                ApprovalStatus::Approved => t.good(),
                ApprovalStatus::Rejected => t.bad(),
                ApprovalStatus::Expired => t.dim(),
            };
            Row::new(vec![
                Span::styled(format!("{} {}", approval_symbol(a.status), a.status), style),
                Span::raw(a.id.clone()),
                Span::raw(clip(&a.agent, 12)),
                Span::raw(age(state.now, Some(a.created_at))),
                Span::raw(clip(&format!("{}: {}", a.action, a.description), 120)),
            ])
        })
        .collect();
    let header = Row::new(["STATUS", "ID", "FROM", "AGE", "REQUEST"]).style(t.header());
    let table = Table::new(
        rows,
        [
            Constraint::Length(10),
            Constraint::Length(19),
            Constraint::Length(12),
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
