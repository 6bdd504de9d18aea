//! What can go wrong in the store, whatever the backend.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The backend failed (`backend` names it; the source says how).
    #[error("{backend}: {source}")]
    Backend {
        backend: &'static str,
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error("migration: {0}")]
    Migration(Box<dyn std::error::Error + Send + Sync>),
    /// The database is locked by another writer for longer than the busy
    /// timeout: worth retrying.
    #[error("database busy: {0}")]
    Busy(String),
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    /// A thread panicked while holding a read connection; the hub answers
    /// 500 rather than trusting a half-used connection.
    #[error("store lock poisoned")]
    Poisoned,
    /// A stored value does not parse (e.g. a status the code does not know).
    #[error("corrupt row: {0}")]
    Corrupt(String),
    /// A UNIQUE constraint refused the write.
    #[error("duplicate: {0}")]
    Duplicate(String),
    /// The batch this operation was part of could not be committed.
    #[error("commit failed: {0}")]
    Commit(String),
    /// The backend cannot do this.
    #[error("{0}")]
    Unsupported(&'static str),
    /// The store is shut down.
    #[error("store closed")]
    Closed,
    /// Another process has the data dir open.
    #[error("{0}")]
    Locked(String),
    /// The encryption keys are missing or do not fit the data.
    #[error("encryption keys: {0}")]
    Keys(String),
    /// A file of the data dir cannot be opened or created.
    #[error("{}: {source}", path.display())]
    File {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl StoreError {
    /// The same failure told to each operation of a batch that failed:
    /// worth retrying when it was (the database busy or out of reach), a
    /// failed commit otherwise.
    pub fn retold(&self) -> StoreError {
        match self {
            StoreError::Busy(m) => StoreError::Busy(m.clone()),
            other => StoreError::Commit(other.to_string()),
        }
    }
}
