//! Approvals: pending requests first; `a` approves, `x` rejects (after `y`).

use m3shd_api::Approval;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::Row;

use super::chrome::{empty, titled};
use super::fmt::age;
use super::table::{Column, ListTable};
use super::theme::{Theme, approval_symbol};
use crate::state::AppState;
use crate::text::clip;
use crate::view::View;

const COLUMNS: [Column; 5] = [
    Column::new("STATUS", Constraint::Length(10)),
    Column::new("ID", Constraint::Length(19)),
    Column::new("FROM", Constraint::Length(12)),
    Column::new("AGE", Constraint::Length(4)),
    Column::new("REQUEST", Constraint::Fill(1)),
];

pub fn render(frame: &mut Frame, area: Rect, state: &AppState) {
    let t = Theme::of(state);
    let block = titled(format!(
        " Approvals · {} pending · a approve · x reject ",
        state.pending_approvals()
    ));
    if state.approvals.is_empty() {
        return empty(frame, area, block, "no approval requests", state);
    }
    let table = ListTable {
        columns: &COLUMNS,
        block,
        selected: state.selected(View::Approvals),
        theme: t,
    };
    table.render(frame, area, state.approvals.iter(), |a| row(a, state, t));
}

fn row(a: &Approval, state: &AppState, t: Theme) -> Row<'static> {
    Row::new(vec![
        Span::styled(
            format!("{} {}", approval_symbol(a.status), a.status),
            t.approval(a.status),
        ),
        Span::raw(a.id.clone()),
        Span::raw(clip(&a.agent, 12)),
        Span::raw(age(state.now, Some(a.created_at))),
        Span::raw(clip(&format!("{}: {}", a.action, a.description), 120)),
    ])
}
