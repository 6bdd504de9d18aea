//! Where each view's selection stands, how it moves, and what it points at.

use crate::state::AppState;
use crate::view::View;

/// Rows the selection of `view` moves over.
pub fn list_len(state: &AppState, view: View) -> usize {
    match view {
        View::Dashboard => state.agents.len(),
        View::Queue => state.tasks.visible_len(),
        View::Detail => 0,
        View::Dag => match &state.graph {
            Some(g) => g.graph.as_ref().map_or(0, |g| g.nodes.len()),
            None => state
                .pipelines
                .get(state.dag_pipeline)
                .map_or(0, |p| p.tasks.len()),
        },
        View::Approvals => state.approvals.len(),
        View::Escalations => state.escalations.len(),
        View::Costs => state.costs.as_ref().map_or(0, |c| c.agents.len()),
        View::Log => state.log_lines().count(),
        View::Chat => state.messages.len(),
        View::Evolve => state.amendments.len(),
    }
}

/// Views whose position counts lines up from the newest (0 follows).
fn scrolls_from_end(view: View) -> bool {
    matches!(view, View::Log | View::Chat)
}

/// The task an action applies to in the current view.
pub fn selected_task(state: &AppState) -> Option<String> {
    match state.view {
        View::Queue => state
            .tasks
            .id_at(state.selected(View::Queue))
            .map(str::to_string),
        View::Detail => state.detail.clone(),
        View::Dag => dag_selected_task(state),
        _ => None,
    }
}

fn dag_selected_task(state: &AppState) -> Option<String> {
    if let Some(g) = &state.graph {
        let ids = g.ordered_ids();
        return ids.get(state.selected(View::Dag)).map(|id| id.to_string());
    }
    let p = state.pipelines.get(state.dag_pipeline)?;
    let order = crate::dag::order(p);
    let (_, i) = order.get(state.selected(View::Dag))?;
    p.tasks.get(*i).map(|t| t.id.clone())
}

/// Move the current view's selection by `delta` rows (Task detail scrolls
/// its output instead).
pub fn move_sel(state: &mut AppState, delta: isize) {
    let view = state.view;
    if view == View::Detail {
        state.detail_scroll = state.detail_scroll.saturating_add_signed(-delta);
        return;
    }
    let len = list_len(state, view);
    let delta = if scrolls_from_end(view) {
        -delta
    } else {
        delta
    };
    let next = state
        .selected(view)
        .saturating_add_signed(delta)
        .min(len.saturating_sub(1));
    state.select(view, next);
}

/// Keep every selection inside its list after the lists changed.
pub fn clamp_selections(state: &mut AppState) {
    state.settle();
    for view in View::ALL {
        let len = list_len(state, view);
        if state.selected(view) >= len {
            state.select(view, len.saturating_sub(1));
        }
    }
    if state.dag_pipeline >= state.pipelines.len() {
        state.dag_pipeline = 0;
    }
}
