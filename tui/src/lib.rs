//! `m3shd tui`: the operator console. State fed by hub events
//! ([`state::AppState::apply`]), keys mapped to intents ([`intent::map_key`]),
//! pure render functions ([`views::render`]), a run loop generic over the
//! backend ([`app::run`]) and effects performed outside render
//! ([`effects`], against the hub by [`hub_effects`]). It talks to the hub
//! only through `m3shd-client`.
//!
//! The modules stand in layers and import only from layers below, so the
//! pure parts can be tested without a terminal or a hub:
//! plain data (`view`, `tasks`, `dag`, `graph`, `effects`, `input`,
//! `log_line`, `text`) → `state` → `intent`, `selection` → `update` and `views` →
//! `hub_effects`, `terminal` → `app` → [`run_tui`].

pub mod app;
pub mod dag;
pub mod effects;
pub mod graph;
pub mod hub_effects;
pub mod input;
pub mod intent;
pub mod log_line;
pub mod selection;
pub mod state;
pub mod tasks;
pub mod terminal;
pub mod text;
pub mod update;
pub mod view;
pub mod views;

pub use app::run;
pub use input::Input;
pub use state::AppState;

use m3shd_api::StreamQuery;
use m3shd_client::Client;
use tokio::sync::mpsc;

use crate::hub_effects::HubEffects;

/// Run the console against a hub until the operator quits. Restores the
/// terminal on the way out, also after a panic.
pub async fn run_tui(client: Client) -> std::io::Result<()> {
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut state = AppState::new(client.base_url(), chrono::Utc::now(), color);
    let (tx, mut rx) = mpsc::unbounded_channel();

    let keys = terminal::spawn_key_reader(tx.clone());
    let stream_tx = tx.clone();
    let mut stream = client.stream(StreamQuery::default());
    let sse = tokio::spawn(async move {
        loop {
            let input = match stream.next().await {
                Ok(item) => Input::Stream(item),
                Err(e) => {
                    let _ = stream_tx.send(Input::StreamFailed(e.to_string()));
                    return;
                }
            };
            if stream_tx.send(input).is_err() {
                return;
            }
        }
    });
    let tick_tx = tx.clone();
    let ticker = tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(1));
        loop {
            every.tick().await;
            if tick_tx.send(Input::Tick(chrono::Utc::now())).is_err() {
                return;
            }
        }
    });
    let fx = HubEffects { client, tx };

    let mut term = terminal::enter()?;
    let result = run(&mut term, &mut state, &mut rx, &fx).await;
    terminal::leave();
    keys.stop();
    sse.abort();
    ticker.abort();
    result
}
