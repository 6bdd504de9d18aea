//! The `?` overlay: the keys of the current view, then the global ones.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::theme::Theme;
use crate::intent::{GLOBAL_KEYS, view_keys};
use crate::state::AppState;

pub fn render(frame: &mut Frame, area: Rect, state: &AppState) {
    let t = Theme::of(state);
    let mut lines = vec![Line::styled(
        format!("{} keys", state.view.title()),
        t.header(),
    )];
    let keys = view_keys(state.view);
    for (k, what) in keys {
        lines.push(Line::raw(format!("  {k:<14} {what}")));
    }
    if keys.is_empty() {
        lines.push(Line::raw("  (none beyond the global keys)"));
    }
    lines.push(Line::styled("Everywhere", t.header()));
    for (k, what) in GLOBAL_KEYS {
        lines.push(Line::raw(format!("  {k:<14} {what}")));
    }
    let h = u16::try_from(lines.len() + 2)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let w = 54.min(area.width);
    let [row] = Layout::vertical([Constraint::Length(h)])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::horizontal([Constraint::Length(w)])
        .flex(Flex::Center)
        .areas(row);
    frame.render_widget(Clear, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(" help · any key closes ");
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
