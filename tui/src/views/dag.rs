//! DAG: one pipeline's steps in dependency order, indented by depth, each
//! with its live status and its parents; or, once `p` asked for one, a
//! task's graph (`super::graph`), laid out by the same function.

use m3shd_api::{PipelineTask, TaskStatus};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::Row;

use super::chrome::{empty, titled};
use super::fmt::{indent, short_id};
use super::table::{Column, ListTable};
use super::theme::{Theme, task_symbol};
use crate::state::AppState;
use crate::text::clip;
use crate::view::View;

const COLUMNS: [Column; 5] = [
    Column::new("STEP", Constraint::Fill(1)),
    Column::new("STATUS", Constraint::Length(9)),
    Column::new("TASK", Constraint::Length(8)),
    Column::new("AGENT", Constraint::Length(12)),
    Column::new("PARENTS", Constraint::Fill(1)),
];

pub fn render(frame: &mut Frame, area: Rect, state: &AppState) {
    if let Some(shown) = &state.graph {
        return super::graph::render(frame, area, state, shown);
    }
    let t = Theme::of(state);
    let Some(p) = state.pipelines.get(state.dag_pipeline) else {
        let block = titled(" DAG ".into());
        return empty(
            frame,
            area,
            block,
            "no pipelines: `m3shd pipeline run FILE` creates one",
            state,
        );
    };
    let order = crate::dag::order(p);
    let done = p
        .tasks
        .iter()
        .filter(|s| live_status(s, state) == TaskStatus::Done)
        .count();
    let block = titled(format!(
        " DAG {}/{} · {} ({}) · {} · {done}/{} done · h/l pipeline ",
        state.dag_pipeline + 1,
        state.pipelines.len(),
        clip(&p.name, 24),
        short_id(&p.id),
        p.status,
        p.tasks.len()
    ));
    let steps = order
        .iter()
        .filter_map(|&(depth, i)| p.tasks.get(i).map(|step| (depth, step)));
    let table = ListTable {
        columns: &COLUMNS,
        block,
        selected: state.selected(View::Dag),
        theme: t,
    };
    table.render(frame, area, steps, |(depth, step)| {
        row(depth, step, state, t)
    });
}

/// A step's status from its task as loaded, which events keep current.
fn live_status(step: &PipelineTask, state: &AppState) -> TaskStatus {
    state.tasks.get(&step.id).map_or(step.status, |t| t.status)
}

fn row(depth: usize, step: &PipelineTask, state: &AppState, t: Theme) -> Row<'static> {
    let status = live_status(step, state);
    let agent = state
        .tasks
        .get(&step.id)
        .and_then(|t| t.assigned_to.clone())
        .unwrap_or_else(|| "-".into());
    let indent = indent(depth);
    let parents = if step.depends_on.is_empty() {
        "(root)".to_string()
    } else {
        format!("← {}", step.depends_on.join(", "))
    };
    Row::new(vec![
        Span::raw(format!(
            "{indent}{} {}",
            task_symbol(status),
            clip(&step.name, 30)
        ))
        .style(t.task(status)),
        Span::styled(status.as_str(), t.task(status)),
        Span::raw(short_id(&step.id)),
        Span::raw(clip(&agent, 12)),
        Span::raw(parents),
    ])
}
