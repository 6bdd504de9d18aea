//! The federation peers beside the agents: how each answered its last
//! heartbeat, what it can take, and how the tasks relayed to it went.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::{Row, Table};

use super::chrome::titled;
use super::theme::Theme;
use crate::state::AppState;
use crate::text::clip;
use m3shd_api::{Peer, PeerStatus};

const WIDTHS: [Constraint; 5] = [
    Constraint::Length(13),
    Constraint::Length(12),
    Constraint::Fill(1),
    Constraint::Length(7),
    Constraint::Length(4),
];

/// Rows the section wants: its title, its header and one per peer.
pub fn wanted_height(state: &AppState) -> u16 {
    u16::try_from(state.peers.len() + 2).unwrap_or(u16::MAX)
}

pub fn render(frame: &mut Frame, area: Rect, state: &AppState) {
    let t = Theme::of(state);
    let height = area.height.saturating_sub(2) as usize;
    let rows: Vec<Row> = state
        .peers
        .iter()
        .take(height)
        .map(|p| peer_row(p, t))
        .collect();
    let header = Row::new(["STATUS", "PEER", "FREE SLOTS", "RELAYED", "OK"]).style(t.header());
    let table = Table::new(rows, WIDTHS)
        .header(header)
        .block(titled(format!(" Peers ({}) ", state.peers.len())));
    frame.render_widget(table, area);
}

fn peer_row(p: &Peer, t: Theme) -> Row<'static> {
    let (symbol, style) = look(p.status, t);
    let free = if p.capacity.is_empty() {
        "-".to_string()
    } else {
        p.capacity
            .iter()
            .map(|(cap, n)| format!("{cap}:{n}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    Row::new(vec![
        Span::styled(format!("{symbol} {}", p.status), style),
        Span::raw(clip(&p.name, 12)),
        Span::raw(clip(&free, 60)),
        Span::raw(p.relayed.to_string()),
        Span::raw(
            p.success_rate
                .map_or("-".to_string(), |r| format!("{:.0}%", r * 100.0)),
        ),
    ])
}

/// A symbol for every status (nothing depends on colour) and its colour.
fn look(s: PeerStatus, t: Theme) -> (&'static str, Style) {
    match s {
        PeerStatus::Online => ("●", t.good()),
        PeerStatus::Unreachable => ("◌", t.warn()),
        PeerStatus::Refused => ("✗", t.bad()),
        PeerStatus::Unknown => ("?", t.dim()),
    }
}
