//! Chat: messages, newest at the bottom; `i` or Enter writes one.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::chrome::{empty, titled};
use super::fmt::tail;
use super::theme::Theme;
use crate::state::AppState;
use crate::text::clip;
use crate::view::View;

pub fn render(frame: &mut Frame, area: Rect, state: &AppState) {
    let t = Theme::of(state);
    let up = state.selected(View::Chat);
    let block = titled(format!(
        " Chat · {} messages · i writes ",
        state.messages.len()
    ));
    if state.messages.is_empty() {
        return empty(
            frame,
            area,
            block,
            "no messages: press i to say something",
            state,
        );
    }
    let height = area.height.saturating_sub(1) as usize;
    let lines: Vec<Line> = tail(state.messages.iter(), up, height)
        .into_iter()
        .map(|m| {
            Line::from(vec![
                Span::styled(format!("{} ", m.ts.format("%H:%M")), t.dim()),
                Span::styled(format!("{}: ", m.sender), t.header()),
                Span::raw(clip(&m.content, 400)),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
