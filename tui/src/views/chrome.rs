//! What frames every view: a title on the top border, a note for an empty
//! list.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Paragraph};

use super::theme::Theme;
use crate::state::AppState;

/// A block with a title on its top border only (one line of chrome).
pub fn titled(title: String) -> Block<'static> {
    Block::default().borders(Borders::TOP).title(title)
}

/// A dim note in place of an empty list.
pub fn empty(frame: &mut Frame, area: Rect, block: Block<'_>, text: &str, state: &AppState) {
    let p = Paragraph::new(text.to_string())
        .style(Theme::of(state).dim())
        .block(block);
    frame.render_widget(p, area);
}
