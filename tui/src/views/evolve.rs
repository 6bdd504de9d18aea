//! Guideline amendments of self-evolving agents: proposed first; `a`
//! applies, `x` rejects, `v` reverts an applied one (each after `y`).

use m3shd_api::{Amendment, AmendmentStatus};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::Row;

use super::chrome::{empty, titled};
use super::fmt::age;
use super::table::{Column, ListTable};
use super::theme::{Theme, amendment_symbol};
use crate::state::AppState;
use crate::text::clip;
use crate::view::View;

const COLUMNS: [Column; 7] = [
    Column::new("STATUS", Constraint::Length(10)),
    Column::new("ID", Constraint::Length(19)),
    Column::new("AGENT", Constraint::Length(10)),
    Column::new("KIND", Constraint::Length(9)),
    Column::new("CONF", Constraint::Length(4)),
    Column::new("AGE", Constraint::Length(4)),
    Column::new("GUIDELINE · EVIDENCE", Constraint::Fill(1)),
];

pub fn render(frame: &mut Frame, area: Rect, state: &AppState) {
    let t = Theme::of(state);
    let block = titled(format!(
        " Evolution · {} proposed · a apply · x reject · v revert ",
        state.proposed_amendments()
    ));
    if state.amendments.is_empty() {
        return empty(frame, area, block, "no guideline amendments", state);
    }
    let table = ListTable {
        columns: &COLUMNS,
        block,
        selected: state.selected(View::Evolve),
        theme: t,
    };
    table.render(frame, area, state.amendments.iter(), |a| row(a, state, t));
}

fn row(a: &Amendment, state: &AppState, t: Theme) -> Row<'static> {
    // An applied guideline an applied `remove` keeps out is not in force.
    let status = if a.status == AmendmentStatus::Applied && !a.active {
        "removed".to_string()
    } else {
        a.status.to_string()
    };
    let text = if a.evidence.is_empty() {
        a.text.clone()
    } else {
        format!("{} · {}", a.text, a.evidence)
    };
    Row::new(vec![
        Span::styled(
            format!("{} {status}", amendment_symbol(a.status)),
            t.amendment(a.status),
        ),
        Span::raw(clip(&a.id, 19)),
        Span::raw(clip(&a.agent_id, 10)),
        Span::raw(a.kind.to_string()),
        Span::raw(format!("{:.2}", a.confidence)),
        Span::raw(age(state.now, Some(a.decided_at.unwrap_or(a.created_at)))),
        Span::raw(clip(&text, 160)),
    ])
}
