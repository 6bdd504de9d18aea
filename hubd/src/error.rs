//! The error of starting and running a hub (the binary prints it and exits 1).

use std::path::PathBuf;

use m3shd_hub_core::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum HubError {
    /// The configuration cannot work; the message says how to fix it.
    #[error("{0}")]
    Config(String),
    #[error("{path}: {source}")]
    Path {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("store: {0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl HubError {
    pub fn path(path: impl Into<PathBuf>, source: std::io::Error) -> HubError {
        HubError::Path {
            path: path.into(),
            source,
        }
    }
}
