//! What the run loop reacts to: keys, the clock, the hub's stream and the
//! outcomes of effects, all through one channel.

use m3shd_api::Timestamp;
use m3shd_client::StreamItem;
use ratatui::crossterm::event::KeyEvent;

use crate::effects::Outcome;

/// Everything the loop reacts to, from one channel.
#[derive(Debug)]
pub enum Input {
    Key(KeyEvent),
    /// The terminal was resized (the next draw picks up the size).
    Resize,
    /// The clock moved.
    Tick(Timestamp),
    Stream(StreamItem),
    /// The stream ended for good (a rejected token).
    StreamFailed(String),
    Outcome(Outcome),
}
