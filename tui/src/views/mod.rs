//! Pure render functions: `render(frame, &AppState)` draws the tab bar, the
//! current view, the reply panel, the status bar and the help overlay.

mod approvals;
mod chat;
mod chrome;
mod costs;
mod dag;
mod dashboard;
mod detail;
mod escalations;
mod evolve;
pub mod fmt;
mod graph;
mod help;
mod log;
mod peers;
mod protocol;
pub mod queue;
mod status;
mod table;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::state::AppState;
use crate::text::clip;
use crate::view::View;
use theme::Theme;

/// Draw the whole screen from the state.
pub fn render(frame: &mut Frame, state: &AppState) {
    let area = frame.area();
    let reply_h = state.reply.as_ref().map_or(0, |r| {
        // At most a third of the screen, but never under 3 rows (on a very
        // short terminal the layout squeezes it).
        u16::try_from(r.text.lines().count() + 2)
            .unwrap_or(u16::MAX)
            .min(area.height / 3)
            .max(3)
    });
    let [tabs, body, reply, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(reply_h),
        Constraint::Length(1),
    ])
    .areas(area);
    render_tabs(frame, tabs, state);
    render_view(frame, body, state);
    if let Some(r) = &state.reply {
        let t = Theme::of(state);
        let style = if r.error { t.bad() } else { t.dim() };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(style)
            .title(format!(" :{} (Esc closes) ", clip(&r.line, 40)));
        let p = Paragraph::new(r.text.as_str())
            .block(block)
            .wrap(Wrap { trim: false });
        frame.render_widget(p, reply);
    }
    status::render(frame, status, state);
    if state.help {
        help::render(frame, area, state);
    }
}

fn render_view(frame: &mut Frame, area: Rect, state: &AppState) {
    match state.view {
        View::Dashboard => dashboard::render(frame, area, state),
        View::Queue => queue::render(frame, area, state),
        View::Detail => detail::render(frame, area, state),
        View::Dag => dag::render(frame, area, state),
        View::Approvals => approvals::render(frame, area, state),
        View::Escalations => escalations::render(frame, area, state),
        View::Costs => costs::render(frame, area, state),
        View::Log => log::render(frame, area, state),
        View::Chat => chat::render(frame, area, state),
        View::Evolve => evolve::render(frame, area, state),
    }
}

fn render_tabs(frame: &mut Frame, area: Rect, state: &AppState) {
    let t = Theme::of(state);
    let mut spans = Vec::new();
    for v in View::ALL.iter() {
        let label = format!("{}{}", v.digit(), v.title());
        if *v == state.view {
            spans.push(Span::styled(
                format!("[{label}]"),
                t.selected().patch(t.header()),
            ));
        } else {
            spans.push(Span::raw(format!(" {label} ")));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
