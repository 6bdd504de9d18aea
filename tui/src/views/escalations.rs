//! Escalations: open first; `a` acknowledges, `d` resolves (after `y`).

use m3shd_api::{Escalation, EscalationStatus};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::Row;

use super::chrome::{empty, titled};
use super::fmt::{age, short_id};
use super::table::{Column, ListTable};
use super::theme::{Theme, escalation_symbol};
use crate::state::AppState;
use crate::text::clip;
use crate::view::View;

const COLUMNS: [Column; 6] = [
    Column::new("STATUS", Constraint::Length(14)),
    Column::new("ID", Constraint::Length(12)),
    Column::new("TASK", Constraint::Length(8)),
    Column::new("AGENT", Constraint::Length(10)),
    Column::new("AGE", Constraint::Length(4)),
    Column::new("REASON", Constraint::Fill(1)),
];

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
    let table = ListTable {
        columns: &COLUMNS,
        block,
        selected: state.selected(View::Escalations),
        theme: t,
    };
    table.render(frame, area, state.escalations.iter(), |e| row(e, state, t));
}

fn row(e: &Escalation, state: &AppState, t: Theme) -> Row<'static> {
    Row::new(vec![
        Span::styled(
            format!("{} {}", escalation_symbol(e.status), e.status),
            t.escalation(e.status),
        ),
        Span::raw(clip(&e.id, 19)),
        Span::raw(e.task_id.as_deref().map_or("-".into(), short_id)),
        Span::raw(clip(e.from_agent.as_deref().unwrap_or("-"), 12)),
        Span::raw(age(state.now, Some(e.created_at))),
        Span::raw(clip(&e.reason, 120)),
    ])
}
