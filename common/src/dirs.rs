//! Where M3SHD keeps things on this machine: the platform's config and data
//! directories (`~/.config/m3shd` and `~/.local/share/m3shd` on Linux,
//! `~/Library/Application Support/m3shd` on macOS).

use std::path::PathBuf;

use directories::ProjectDirs;

fn project() -> Option<ProjectDirs> {
    ProjectDirs::from("", "", "m3shd")
}

/// The config dir; `None` without a home directory.
pub fn config_dir() -> Option<PathBuf> {
    project().map(|p| p.config_dir().to_path_buf())
}

/// The state dir for small per-user bookkeeping (`~/.local/state/m3shd`;
/// macOS has none, so its local data dir); `None` without a home directory.
pub fn state_dir() -> Option<PathBuf> {
    project().map(|p| {
        p.state_dir()
            .unwrap_or_else(|| p.data_local_dir())
            .to_path_buf()
    })
}

/// The data dir, under which each program keeps its state; `None` without
/// a home directory.
pub fn data_dir() -> Option<PathBuf> {
    project().map(|p| p.data_dir().to_path_buf())
}
