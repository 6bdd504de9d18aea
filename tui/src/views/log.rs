//! Log: the live event stream, newest at the bottom, filterable by type.

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
    let filter = if state.log_filter.is_empty() {
        "/ filters".to_string()
    } else {
        format!("filter \"{}\"", state.log_filter)
    };
    let up = state.selected(View::Log);
    let follow = if up == 0 {
        "following"
    } else {
        "scrolled · G follows"
    };
    let block = titled(format!(
        " Log · {} events · {filter} · {follow} ",
        state.log.len()
    ));
    let height = area.height.saturating_sub(1) as usize;
    let lines: Vec<Line> = tail(state.log_lines(), up, height)
        .into_iter()
        .map(|l| {
            Line::from(vec![
                Span::styled(format!("{:>6} {} ", l.id, l.ts.format("%H:%M:%S")), t.dim()),
                Span::styled(format!("{:<19} ", l.kind), t.header()),
                Span::raw(clip(&l.text, 200)),
            ])
        })
        .collect();
    if lines.is_empty() {
        let text = if state.log.is_empty() {
            "no events yet"
        } else {
            "no event matches the filter"
        };
        return empty(frame, area, block, text, state);
    }
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
