//! State that survives a crash, kept as small JSON files written whole: a
//! reader (or the next start after a crash) finds the old content or the
//! new one, never half of either.
//!
//! - [`write_atomic`], [`read_json`]: one file;
//! - [`Durable`]: one value, in memory and in its file;
//! - [`JsonDir`]: a directory of named JSON files;
//! - [`Queue`]: a FIFO of items with retries, one file per item.

mod file;
mod json_dir;
mod queue;
mod value;

pub(crate) use file::replace;
pub use file::{read_json, sync_dir, write_atomic, write_json};
pub use json_dir::JsonDir;
pub use queue::{Entry, Queue};
pub use value::Durable;
