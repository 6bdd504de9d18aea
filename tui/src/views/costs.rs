//! Costs: today's spend per agent against its caps, as bars.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::chrome::{empty, titled};
use super::fmt::{usd, window_start};
use super::theme::Theme;
use crate::state::AppState;
use crate::text::clip;
use crate::view::View;
use m3shd_api::AgentSpend;

/// Share of the tightest cap used, 0..=1 (0 with no cap).
pub fn used(a: &AgentSpend) -> f64 {
    let tokens = if a.token_cap > 0 {
        a.tokens as f64 / a.token_cap as f64
    } else {
        0.0
    };
    let money = a
        .usd_cap
        .filter(|c| *c > 0.0)
        .map_or(0.0, |c| a.cost_usd / c);
    tokens.max(money).clamp(0.0, 1.0)
}

fn bar(fraction: f64, width: usize) -> String {
    // `fraction` is in [0, 1], so the cell count is in [0, width].
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let full = ((fraction * width as f64).round() as usize).min(width);
    format!("{}{}", "█".repeat(full), "░".repeat(width - full))
}

fn tokens(n: i64) -> String {
    match n {
        n if n >= 1_000_000 => format!("{:.1}M", n as f64 / 1e6),
        n if n >= 1_000 => format!("{:.1}k", n as f64 / 1e3),
        n => n.to_string(),
    }
}

pub fn render(frame: &mut Frame, area: Rect, state: &AppState) {
    let t = Theme::of(state);
    let Some(report) = &state.costs else {
        return empty(
            frame,
            area,
            titled(" Costs ".into()),
            "no cost report loaded (R reloads)",
            state,
        );
    };
    let cap = report
        .mesh_usd_cap
        .map_or("no mesh cap".into(), |c| format!("mesh cap {}", usd(c)));
    let block = titled(format!(
        " Costs {} · {} · {} tokens · {cap} ",
        report.day,
        usd(report.total_cost_usd),
        tokens(report.total_tokens)
    ));
    if report.agents.is_empty() {
        return empty(frame, area, block, "nothing spent today", state);
    }
    let bar_w = (area.width as usize).saturating_sub(62).clamp(8, 60);
    let height = area.height.saturating_sub(1) as usize;
    let sel = state.selected(View::Costs);
    let start = window_start(sel, height);
    let lines: Vec<Line> = report
        .agents
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, a)| {
            let f = used(a);
            let style = if a.capped || f >= 1.0 {
                t.bad()
            } else if f >= 0.8 {
                t.warn()
            } else {
                t.good()
            };
            let caps = format!(
                "{} / {} · {}/{} tok{}",
                usd(a.cost_usd),
                a.usd_cap.map_or("-".into(), usd),
                tokens(a.tokens),
                tokens(a.token_cap),
                if a.capped { " CAPPED" } else { "" }
            );
            let mut line = Line::from(vec![
                Span::raw(format!("{:<14} ", clip(&a.agent_id, 14))),
                Span::styled(bar(f, bar_w), style),
                Span::raw(format!(" {:>3.0}% {caps}", f * 100.0)),
            ]);
            if i == sel {
                line = line.style(t.selected());
            }
            line
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
