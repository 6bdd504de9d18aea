//! The table of a list view: a header, only the rows that fit around the
//! selection (a list of any length costs one screen of rows), and the
//! selected row highlighted.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Block, Row, Table, TableState};

use super::fmt::window_start;
use super::theme::Theme;

/// One column: its header and its width.
pub struct Column {
    pub title: &'static str,
    pub width: Constraint,
}

impl Column {
    pub const fn new(title: &'static str, width: Constraint) -> Column {
        Column { title, width }
    }
}

/// Rows of the body that fit in `area`: the title line and the header
/// take two.
pub fn body_height(area: Rect) -> usize {
    area.height.saturating_sub(2) as usize
}

/// A list drawn as a table.
pub struct ListTable<'a> {
    pub columns: &'a [Column],
    pub block: Block<'a>,
    /// Where in the whole list the selected row is.
    pub selected: usize,
    pub theme: Theme,
}

impl<'a> ListTable<'a> {
    /// Draw the whole list `items`; `row` is called only for those on screen.
    pub fn render<T>(
        self,
        frame: &mut Frame,
        area: Rect,
        items: impl Iterator<Item = T>,
        row: impl FnMut(T) -> Row<'a>,
    ) {
        let height = body_height(area);
        let start = window_start(self.selected, height);
        let rows = items.skip(start).take(height).map(row).collect();
        self.render_rows(frame, area, start, rows);
    }

    /// Draw `rows`, the rows on screen only, the first of them `start`
    /// rows into the list: for a list that finds its window itself.
    pub fn render_rows(self, frame: &mut Frame, area: Rect, start: usize, rows: Vec<Row<'a>>) {
        let header = Row::new(self.columns.iter().map(|c| c.title)).style(self.theme.header());
        let table = Table::new(rows, self.columns.iter().map(|c| c.width))
            .header(header)
            .block(self.block)
            .row_highlight_style(self.theme.selected());
        let on_screen = self.selected.saturating_sub(start);
        let mut state = TableState::default().with_selected(Some(on_screen));
        frame.render_stateful_widget(table, area, &mut state);
    }
}
