//! The run loop, generic over the terminal backend: draw, wait for input,
//! drain everything pending, update, draw again.

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::KeyEventKind;
use tokio::sync::mpsc::UnboundedReceiver;

use crate::effects::Effects;
use crate::input::Input;
use crate::selection::clamp_selections;
use crate::state::{AppState, Conn};
use crate::update::{on_batch_end, on_outcome, on_stream, update};

/// Apply one input; effects go to `fx`.
pub fn handle(state: &mut AppState, input: Input, fx: &dyn Effects) {
    let effects = match input {
        Input::Key(key) => {
            if key.kind == KeyEventKind::Release {
                return;
            }
            match crate::intent::map_key(state.view, &state.mode, key) {
                Some(intent) => update(state, intent),
                None => Vec::new(),
            }
        }
        Input::Resize => Vec::new(),
        Input::Tick(now) => crate::update::on_tick(state, now),
        Input::Stream(item) => on_stream(state, item),
        Input::StreamFailed(e) => {
            state.conn = Conn::Failed(e);
            Vec::new()
        }
        Input::Outcome(o) => on_outcome(state, o),
    };
    for e in effects {
        fx.perform(e);
    }
}

/// After a batch of inputs: the effects that wait for a batch to end (a
/// stale graph's fetch, once for the whole batch).
pub fn end_batch(state: &mut AppState, fx: &dyn Effects) {
    for e in on_batch_end(state) {
        fx.perform(e);
    }
}

/// Run until the operator quits or every input source is gone.
pub async fn run<B: Backend>(
    terminal: &mut Terminal<B>,
    state: &mut AppState,
    inputs: &mut UnboundedReceiver<Input>,
    fx: &dyn Effects,
) -> Result<(), B::Error> {
    loop {
        clamp_selections(state);
        terminal.draw(|f| crate::views::render(f, state))?;
        if state.quit {
            return Ok(());
        }
        let Some(first) = inputs.recv().await else {
            return Ok(());
        };
        handle(state, first, fx);
        // Drain what queued up meanwhile so a burst of events costs one frame.
        while !state.quit {
            match inputs.try_recv() {
                Ok(input) => handle(state, input, fx),
                Err(_) => break,
            }
        }
        end_batch(state, fx);
    }
}
