//! Intents, stream items and effect outcomes change the state here and
//! name the effects to perform. No I/O.

use m3shd_api::{AmendmentStatus, ApprovalStatus, Decision, EscalationStatus, TaskStatus};
use m3shd_client::StreamItem;

use crate::effects::{AmendmentDecision, Effect, Outcome};
use crate::graph::GraphView;
use crate::intent::Intent;
use crate::selection::{clamp_selections, move_sel, selected_task};
use crate::state::{AppState, Conn, Flash, Mode, ReplyPanel};
use crate::text::clip;
use crate::view::View;

/// Rows a page key moves.
pub const PAGE: usize = 10;
/// How often agents (their heartbeats) and the hub's counts are refreshed.
pub const REFRESH_EVERY: chrono::Duration = chrono::Duration::seconds(2);
/// Rows from the end of the loaded tasks at which the next page is fetched.
const LOAD_AHEAD: usize = 50;

fn flash(state: &mut AppState, text: impl Into<String>, error: bool) {
    state.flash = Some(Flash {
        text: text.into(),
        error,
    });
}

fn open_detail(state: &mut AppState, id: String) -> Vec<Effect> {
    state.detail = Some(id.clone());
    state.detail_scroll = 0;
    state.view = View::Detail;
    vec![Effect::LoadOutput(id)]
}

/// Show `id`'s graph in the DAG view and fetch it.
fn open_graph(state: &mut AppState, id: String) -> Vec<Effect> {
    state.graph = Some(GraphView::requested(id.clone()));
    state.view = View::Dag;
    state.select(View::Dag, 0);
    vec![Effect::LoadGraph(id)]
}

fn ask(state: &mut AppState, prompt: String, effect: Effect) -> Vec<Effect> {
    state.mode = Mode::Confirm { prompt, effect };
    Vec::new()
}

/// Apply an intent; returns the effects to perform.
pub fn update(state: &mut AppState, intent: Intent) -> Vec<Effect> {
    let mut effects = apply_intent(state, intent);
    if state.view == View::Queue {
        effects.extend(load_older_if_near_end(state));
    }
    effects
}

fn apply_intent(state: &mut AppState, intent: Intent) -> Vec<Effect> {
    if state.help && !matches!(intent, Intent::Quit) {
        // Any key closes the help overlay.
        state.help = false;
        return Vec::new();
    }
    match intent {
        Intent::Quit => state.quit = true,
        Intent::NextView => state.view = state.view.next(),
        Intent::PrevView => state.view = state.view.prev(),
        Intent::Goto(v) => state.view = v,
        Intent::ToggleHelp => state.help = true,
        Intent::Up => move_sel(state, -1),
        Intent::Down => move_sel(state, 1),
        Intent::PageUp => move_sel(state, -PAGE.cast_signed()),
        Intent::PageDown => move_sel(state, PAGE.cast_signed()),
        Intent::Top => move_sel(state, isize::MIN / 2),
        Intent::Bottom => {
            if state.view == View::Detail {
                state.detail_scroll = 0;
            } else {
                move_sel(state, isize::MAX / 2);
            }
        }
        Intent::Left | Intent::Right if state.view == View::Dag => {
            // From a task's graph, back to the pipelines.
            state.graph = None;
            let n = state.pipelines.len();
            if n > 0 {
                state.dag_pipeline = if intent == Intent::Right {
                    (state.dag_pipeline + 1) % n
                } else {
                    (state.dag_pipeline + n - 1) % n
                };
                state.select(View::Dag, 0);
                if let Some(p) = state.pipelines.get(state.dag_pipeline) {
                    return vec![Effect::LoadPipeline(p.id.clone())];
                }
            }
        }
        Intent::Left | Intent::Right => {}
        Intent::Open => match state.view {
            View::Queue | View::Dag => {
                if let Some(id) = selected_task(state) {
                    return open_detail(state, id);
                }
            }
            View::Chat => {
                state.mode = Mode::Compose;
                state.input.clear();
            }
            _ => {}
        },
        Intent::Back => {
            if state.reply.take().is_none() && state.flash.take().is_none() {
                match state.view {
                    View::Queue => {
                        state.tasks.set_filter("");
                        state.tasks.settle();
                    }
                    View::Log => state.log_filter.clear(),
                    View::Dag if state.graph.take().is_some() => state.select(View::Dag, 0),
                    _ => {}
                }
            }
        }
        Intent::StartFilter => {
            state.mode = Mode::Filter;
            state.input = match state.view {
                View::Log => state.log_filter.clone(),
                _ => state.tasks.filter().to_string(),
            };
        }
        Intent::StartCommand => {
            state.mode = Mode::Command;
            state.input.clear();
        }
        Intent::StartCompose => {
            state.mode = Mode::Compose;
            state.input.clear();
        }
        Intent::CycleSort => {
            let next = state.tasks.sort().next();
            state.tasks.set_sort(next);
            flash(state, format!("sorted by {}", next.name()), false);
        }
        Intent::Refresh => {
            state.begin_snapshot();
            return vec![Effect::Snapshot];
        }
        Intent::Approve | Intent::Reject => {
            let Some(a) = state.approvals.get(state.selected(View::Approvals)) else {
                return Vec::new();
            };
            if a.status != ApprovalStatus::Pending {
                flash(state, format!("approval {} is already decided", a.id), true);
                return Vec::new();
            }
            let (word, decision) = if intent == Intent::Approve {
                ("approve", Decision::Approve)
            } else {
                ("reject", Decision::Reject)
            };
            let prompt = format!("{word} {} ({})? y/n", a.id, a.action);
            let effect = Effect::Decide {
                approval_id: a.id.clone(),
                decision,
            };
            return ask(state, prompt, effect);
        }
        Intent::Acknowledge | Intent::Resolve => {
            let Some(e) = state.escalations.get(state.selected(View::Escalations)) else {
                return Vec::new();
            };
            let (word, status) = if intent == Intent::Acknowledge {
                ("acknowledge", EscalationStatus::Acknowledged)
            } else {
                ("resolve", EscalationStatus::Resolved)
            };
            let prompt = format!("{word} escalation {}? y/n", e.id);
            let effect = Effect::UpdateEscalation {
                id: e.id.clone(),
                status,
            };
            return ask(state, prompt, effect);
        }
        Intent::ApplyAmendment | Intent::RejectAmendment | Intent::RevertAmendment => {
            let Some(a) = state.amendments.get(state.selected(View::Evolve)) else {
                return Vec::new();
            };
            let (decision, from) = match intent {
                Intent::ApplyAmendment => (AmendmentDecision::Apply, AmendmentStatus::Proposed),
                Intent::RejectAmendment => (AmendmentDecision::Reject, AmendmentStatus::Proposed),
                _ => (AmendmentDecision::Revert, AmendmentStatus::Applied),
            };
            if a.status != from {
                flash(
                    state,
                    format!(
                        "amendment {} is {}; only a {from} one can be {}",
                        a.id,
                        a.status,
                        decision.past()
                    ),
                    true,
                );
                return Vec::new();
            }
            let prompt = format!(
                "{} {} for {} ({})? y/n",
                decision.word(),
                a.id,
                a.agent_id,
                clip(&a.text, 30)
            );
            let effect = Effect::DecideAmendment {
                id: a.id.clone(),
                decision,
            };
            return ask(state, prompt, effect);
        }
        Intent::CancelTask => {
            let Some(id) = selected_task(state) else {
                return Vec::new();
            };
            let Some(t) = state.tasks.get(&id) else {
                return Vec::new();
            };
            if t.status.is_final() {
                flash(state, format!("task {id} is already {}", t.status), true);
                return Vec::new();
            }
            let prompt = format!("cancel task {id} ({})? y/n", clip(&t.title, 30));
            return ask(state, prompt, Effect::CancelTask(id));
        }
        Intent::RetryTask => {
            let Some(t) = selected_task(state).and_then(|id| state.tasks.get(&id)) else {
                return Vec::new();
            };
            if !matches!(t.status, TaskStatus::Failed | TaskStatus::Cancelled) {
                flash(
                    state,
                    format!(
                        "task {} is {}; only a failed or cancelled task can be retried",
                        t.id, t.status
                    ),
                    true,
                );
                return Vec::new();
            }
            let prompt = format!("retry task {} ({})? y/n", t.id, clip(&t.title, 30));
            let effect = Effect::RetryTask(t.id.clone());
            return ask(state, prompt, effect);
        }
        Intent::PriorityUp | Intent::PriorityDown => {
            let Some(t) = selected_task(state).and_then(|id| state.tasks.get(&id)) else {
                return Vec::new();
            };
            if t.status.is_final() && t.status != TaskStatus::Suspended {
                flash(
                    state,
                    format!("task {} is already {}", t.id, t.status),
                    true,
                );
                return Vec::new();
            }
            let delta = if intent == Intent::PriorityUp { 1 } else { -1 };
            let priority = (t.priority + delta).clamp(0, 10);
            return vec![Effect::SetPriority {
                task_id: t.id.clone(),
                priority,
            }];
        }
        Intent::OpenGraph => {
            if let Some(id) = selected_task(state) {
                return open_graph(state, id);
            }
        }
        Intent::Char(c) => {
            state.input.push(c);
            live_filter(state);
        }
        Intent::Backspace => {
            state.input.pop();
            live_filter(state);
        }
        Intent::Abort => {
            if state.mode == Mode::Filter {
                state.input.clear();
                live_filter(state);
            }
            state.mode = Mode::Normal;
            state.input.clear();
        }
        Intent::Submit => {
            let text = std::mem::take(&mut state.input);
            let mode = std::mem::take(&mut state.mode);
            match mode {
                Mode::Command if !text.trim().is_empty() => {
                    flash(state, format!("running: {text}"), false);
                    return vec![Effect::RunLine(text)];
                }
                Mode::Compose if !text.trim().is_empty() => {
                    state.select(View::Chat, 0);
                    return vec![Effect::Chat(text)];
                }
                Mode::Filter => {
                    state.input = text;
                    live_filter(state);
                    state.input.clear();
                }
                _ => {}
            }
        }
        Intent::Confirm => {
            if let Mode::Confirm { effect, .. } = std::mem::take(&mut state.mode) {
                return vec![effect];
            }
        }
        Intent::Deny => {
            state.mode = Mode::Normal;
            flash(state, "cancelled", false);
        }
    }
    Vec::new()
}

fn live_filter(state: &mut AppState) {
    if state.mode != Mode::Filter {
        return;
    }
    match state.view {
        View::Log => {
            state.log_filter = state.input.clone();
            state.select(View::Log, 0);
        }
        _ => {
            let f = state.input.clone();
            state.tasks.set_filter(&f);
            state.tasks.settle();
            state.select(View::Queue, 0);
        }
    }
}

/// Apply an item of the live stream.
pub fn on_stream(state: &mut AppState, item: StreamItem) -> Vec<Effect> {
    match item {
        StreamItem::Connected => {
            state.conn = Conn::Live;
            state.begin_snapshot();
            vec![Effect::Snapshot]
        }
        StreamItem::Event(rec) => {
            state.apply_record(&rec);
            match &rec.event {
                // The event names the steps; their edges come with the pipeline.
                m3shd_api::Event::PipelineCreated { pipeline_id, .. } => {
                    vec![Effect::LoadPipeline(pipeline_id.clone())]
                }
                _ => Vec::new(),
            }
        }
        StreamItem::Lagged { missed } => {
            state.lagged += missed;
            flash(
                state,
                format!("lagged: {missed} events; the hub replays them"),
                true,
            );
            Vec::new()
        }
        StreamItem::Reset { .. } => {
            // The hub no longer has the events this view missed: reload.
            state.begin_snapshot();
            flash(
                state,
                "the hub's event log no longer holds what was missed: reloading",
                true,
            );
            vec![Effect::Snapshot]
        }
        StreamItem::Reconnecting { error, retry_in } => {
            state.conn = Conn::Reconnecting {
                error,
                retry_in_ms: m3shd_common::duration::millis(retry_in),
            };
            Vec::new()
        }
    }
}

/// The clock moved: ages redraw from it; agents and counts are refreshed
/// every [`REFRESH_EVERY`] while the stream is live (heartbeats are not
/// events, so this is how their ages stay true).
pub fn on_tick(state: &mut AppState, now: m3shd_api::Timestamp) -> Vec<Effect> {
    state.now = now;
    let due = state
        .refreshed_at
        .is_none_or(|at| now.signed_duration_since(at) >= REFRESH_EVERY);
    if state.conn != Conn::Live || state.refreshing || !due {
        return Vec::new();
    }
    state.refreshing = true;
    state.refreshed_at = Some(now);
    vec![Effect::Refresh]
}

/// The next page of older tasks, when the Queue's selection nears the end
/// of what is loaded and the hub has more.
fn load_older_if_near_end(state: &mut AppState) -> Vec<Effect> {
    let near_end = state.selected(View::Queue) + LOAD_AHEAD >= state.tasks.visible_len();
    match &state.older_cursor {
        Some(cursor) if near_end && !state.loading_older => {
            state.loading_older = true;
            vec![Effect::LoadOlder(cursor.clone())]
        }
        _ => Vec::new(),
    }
}

/// A fetched graph replaces the shown one, the selection staying on the
/// same node when the rows move.
fn set_graph(state: &mut AppState, graph: m3shd_api::TaskGraph) {
    let sel = state.selected(View::Dag);
    let Some(shown) = state.graph.as_mut().filter(|s| s.task_id == graph.task_id) else {
        return;
    };
    let keep = shown.ordered_ids().get(sel).map(|id| id.to_string());
    shown.in_flight = false;
    shown.error = None;
    shown.graph = Some(graph);
    let at = keep.and_then(|id| shown.ordered_ids().iter().position(|n| *n == id));
    if let Some(at) = at {
        state.select(View::Dag, at);
    }
}

/// After a batch of inputs (the run loop drains everything pending): the
/// shown graph is fetched again if events made it stale, one fetch at a
/// time, so a burst of events costs one request. A graph not on screen
/// waits until it is.
pub fn on_batch_end(state: &mut AppState) -> Vec<Effect> {
    if state.view != View::Dag {
        return Vec::new();
    }
    state
        .graph
        .as_mut()
        .and_then(GraphView::take_refresh)
        .map(Effect::LoadGraph)
        .into_iter()
        .collect()
}

/// Apply what an effect came back with.
pub fn on_outcome(state: &mut AppState, outcome: Outcome) -> Vec<Effect> {
    match outcome {
        Outcome::Snapshot(s) => state.load_snapshot(*s),
        Outcome::Refreshed {
            status,
            agents,
            peers,
        } => {
            state.refreshing = false;
            if let Some(peers) = peers {
                state.peers = peers;
            }
            state.hub_status = Some(status);
            state.agents = agents.into_iter().map(|a| (a.id.clone(), a)).collect();
        }
        Outcome::Older { cursor, tasks } => {
            state.loading_older = false;
            // A reply to a cursor a snapshot has since replaced is stale.
            if state.older_cursor.as_deref() == Some(cursor.as_str()) {
                state.older_cursor = crate::effects::next_cursor(&tasks);
                for t in tasks {
                    // Events may have brought a newer copy already.
                    if state.tasks.get(&t.id).is_none() {
                        state.tasks.upsert(t);
                    }
                }
            }
        }
        Outcome::Reply { line, text, error } => {
            state.flash = None;
            state.reply = Some(ReplyPanel { line, text, error });
        }
        Outcome::Done { text, error } => {
            // A failed refresh or page load may be tried again.
            state.refreshing = false;
            state.loading_older = false;
            flash(state, text, error)
        }
        Outcome::Task(t) => {
            flash(
                state,
                format!("task {}: {} · priority {}", t.id, t.status, t.priority),
                false,
            );
            state.tasks.upsert(*t);
        }
        Outcome::Approval(a) => {
            flash(state, format!("approval {} {}", a.id, a.status), false);
            state.upsert_approval(*a);
        }
        Outcome::Escalation(e) => {
            flash(state, format!("escalation {} {}", e.id, e.status), false);
            state.upsert_escalation(*e);
        }
        Outcome::Amendment(a) => {
            flash(state, format!("amendment {} {}", a.id, a.status), false);
            state.upsert_amendment(*a);
        }
        Outcome::Output { task_id, events } => state.apply_output_history(&task_id, &events),
        Outcome::Pipeline(p) => state.upsert_pipeline(*p),
        Outcome::Graph(g) => set_graph(state, *g),
        Outcome::GraphFailed { task_id, error } => {
            // A reply for a graph no longer shown changes nothing.
            if let Some(shown) = state.graph.as_mut().filter(|s| s.task_id == task_id) {
                shown.in_flight = false;
                shown.error = Some(error.clone());
                flash(state, format!("graph of {task_id}: {error}"), true);
            }
        }
    }
    clamp_selections(state);
    Vec::new()
}
