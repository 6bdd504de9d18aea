//! The bottom line: connection, the line being typed or confirmed, the
//! last note.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use crate::state::{AppState, Conn, Mode};
use crate::text::clip;

pub fn render(frame: &mut Frame, area: Rect, state: &AppState) {
    let t = Theme::of(state);
    let conn = match &state.conn {
        Conn::Connecting => Span::styled("… connecting ", t.warn()),
        Conn::Live => Span::styled(
            format!("● live #{} ", state.last_event_id.unwrap_or(0)),
            t.good(),
        ),
        Conn::Reconnecting { error, retry_in_ms } => Span::styled(
            format!(
                "◌ reconnecting in {:.1}s ({}) ",
                *retry_in_ms as f64 / 1000.0,
                clip(error, 30)
            ),
            t.bad(),
        ),
        Conn::Failed(e) => Span::styled(format!("✗ stream failed: {} ", clip(e, 40)), t.bad()),
    };
    let mut spans = vec![conn, Span::raw("│ ")];
    match &state.mode {
        Mode::Confirm { prompt, .. } => {
            spans.push(Span::styled(prompt.clone(), t.warn().patch(t.header())))
        }
        Mode::Command => spans.push(Span::raw(format!(":{}█", state.input))),
        Mode::Filter => spans.push(Span::raw(format!("/{}█", state.input))),
        Mode::Compose => spans.push(Span::raw(format!("say> {}█", state.input))),
        Mode::Normal => match &state.flash {
            Some(f) => spans.push(Span::styled(
                f.text.clone(),
                if f.error { t.bad() } else { Style::default() },
            )),
            None => spans.push(Span::styled("? help  : command  q quit", t.dim())),
        },
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
