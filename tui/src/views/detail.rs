//! Task detail: the task's fields, its prompt, and its output, following
//! new chunks as they stream unless scrolled up.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::chrome::{empty, titled};
use super::fmt::{age, usd};
use super::theme::{Theme, task_symbol};
use crate::state::AppState;
use crate::text::clip;

pub fn render(frame: &mut Frame, area: Rect, state: &AppState) {
    let t = Theme::of(state);
    let Some(task) = state.detail.as_deref().and_then(|id| state.tasks.get(id)) else {
        let block = titled(" Task ".into());
        let text = match &state.detail {
            Some(id) => format!("task {id} is not loaded"),
            None => "no task selected: Enter on a Queue row opens one".into(),
        };
        return empty(frame, area, block, &text, state);
    };
    let [meta, prompt, output] = Layout::vertical([
        Constraint::Length(4),
        Constraint::Length(4),
        Constraint::Min(3),
    ])
    .areas(area);
    let cost = match (task.cost_usd, task.input_tokens, task.output_tokens) {
        (Some(c), i, o) => format!("{} ({} tok)", usd(c), i.unwrap_or(0) + o.unwrap_or(0)),
        (None, Some(i), Some(o)) => format!("{} tok", i + o),
        _ => "-".into(),
    };
    let lines = vec![
        Line::from(vec![
            Span::styled(
                format!("{} {}", task_symbol(task.status), task.status),
                t.task(task.status).patch(t.header()),
            ),
            Span::raw(format!("  {}  ", task.id)),
            Span::styled(clip(&task.title, 60), t.header()),
        ]),
        Line::raw(format!(
            "agent {} · priority {} · attempts {}/{} · cost {} · confidence {}",
            task.assigned_to.as_deref().unwrap_or("-"),
            task.priority,
            task.attempts,
            task.max_attempts,
            cost,
            task.confidence
                .map_or("-".into(), |c| format!("{:.0}%", c * 100.0)),
        )),
        Line::raw(format!(
            "capability {} · created {} ago · updated {} ago{}",
            task.required_capability.as_deref().unwrap_or("any"),
            age(state.now, Some(task.created_at)),
            age(state.now, Some(task.updated_at)),
            task.error
                .as_deref()
                .map(|e| format!(" · error: {}", clip(e, 40)))
                .unwrap_or_default(),
        )),
    ];
    frame.render_widget(Paragraph::new(lines).block(titled(" Task ".into())), meta);
    frame.render_widget(
        Paragraph::new(task.prompt.as_str())
            .wrap(Wrap { trim: false })
            .block(titled(" Prompt ".into())),
        prompt,
    );
    let text = state.output_of(&task.id);
    let follow = if state.detail_scroll == 0 {
        "following"
    } else {
        "scrolled · G follows"
    };
    let block = titled(format!(" Output ({} bytes, {follow}) ", text.len()));
    let height = output.height.saturating_sub(1) as usize;
    // Only the lines that fit: the tail, minus what was scrolled up.
    let all = super::fmt::wrap_lines(text, output.width as usize);
    let end = all.len().saturating_sub(state.detail_scroll.min(all.len()));
    let start = end.saturating_sub(height);
    let shown: Vec<Line> = all[start..end]
        .iter()
        .map(|l| Line::raw(l.clone()))
        .collect();
    frame.render_widget(Paragraph::new(shown).block(block), output);
}
