//! `m3shd-bridged`: the M3SHD chat bridge as a library.
//!
//! Four loops share durable state in the state dir (see [`bridge`]):
//! - read: new messages from the channel (iMessage's chat.db, read-only)
//!   from allowed handles become jobs in the inbox;
//! - handle: each job runs through the shared command grammar
//!   (`m3shd_commands`, as `m3shd text` does) and its reply goes to
//!   the outbox; work it creates leaves a waiter;
//! - notify: the hub's event stream settles waiters (task results, late
//!   chat answers) and brings agents' own messages;
//! - send: the outbox goes out through the channel (osascript), in order.
//!
//! Each loop restarts under a supervisor after a failure; a lock keeps a
//! second bridge off the same state dir and chat.db.

pub mod allow;
pub mod args;
pub mod attachments;
pub mod bridge;
pub mod channel;
pub mod confirm;
mod error;
pub mod imessage;
mod inbound;
pub mod lock;
pub mod notify;
pub mod offer;
mod outbound;
pub mod process;
mod run;
pub mod supervisor;
pub mod text;

pub use args::{Args, Config};
pub use channel::{Channel, ChannelError};
pub use error::BridgeError;
pub use run::{run, serve};
