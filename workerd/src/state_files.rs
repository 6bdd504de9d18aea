//! Where a worker keeps its own files inside its state dir.

use std::path::{Path, PathBuf};

/// The agent's own token, exchanged once for a join key (0600).
pub const TOKEN_FILE: &str = "agent.token";

pub fn token_path(state_dir: &Path) -> PathBuf {
    state_dir.join(TOKEN_FILE)
}
