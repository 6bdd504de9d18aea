//! How quality protocols read in a row or a header (ARCHITECTURE.md,
//! "Quality protocols"): a subject's badge (`⚖ running`, `✓ accepted`, ...),
//! a step's role (`↳ verifies`), and the outcome line above a task's graph.

use m3shd_api::{ProtocolOutcome, Task};
use ratatui::text::{Line, Span};

use super::fmt::short_id;
use super::theme::{Theme, protocol_badge};
use crate::text::clip;

/// The tag a task's row carries: its protocol's badge when it is a
/// subject, its role when it is a step, else nothing.
pub fn tag(task: &Task, t: Theme) -> Option<Span<'static>> {
    if let Some(p) = &task.protocol {
        return Some(Span::styled(protocol_badge(p.state), t.protocol(p.state)));
    }
    task.protocol_role
        .map(|r| Span::styled(format!("↳ {r}"), t.dim()))
}

/// `title` led by the task's tag, for a table cell. A step's title starts
/// with its role (`votes …`, for lists without tags); the tag says it, so
/// the title does not say it twice.
pub fn tagged_title(task: &Task, title: String, t: Theme) -> Line<'static> {
    let title = match task.protocol_role {
        Some(r) => title
            .strip_prefix(r.as_str())
            .map(|rest| rest.trim_start().to_string())
            .unwrap_or(title),
        None => title,
    };
    match tag(task, t) {
        Some(tag) => Line::from(vec![tag, Span::raw(" "), Span::raw(title)]),
        None => Line::raw(title),
    }
}

/// One line: state, stage, score, the result so far, and why.
pub fn outcome_line(p: &ProtocolOutcome, subject: &str, t: Theme) -> Line<'static> {
    let mut spans = vec![
        Span::raw("protocol "),
        Span::styled(protocol_badge(p.state), t.protocol(p.state)),
    ];
    let mut part = |s: String| {
        spans.push(Span::styled(" · ", t.dim()));
        spans.push(Span::raw(s));
    };
    if let Some(stage) = p.stage {
        part(format!("stage {stage}"));
    }
    if let Some(score) = p.score {
        part(format!("score {score:.2}"));
    }
    if let Some(r) = p.result_task.as_deref().filter(|r| *r != subject) {
        part(format!("result {}", short_id(r)));
    }
    if let Some(reason) = &p.reason {
        part(clip(reason, 200));
    }
    Line::from(spans)
}
