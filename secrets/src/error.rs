//! What can go wrong with a secret.

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// A bad name or value (the caller's mistake).
    #[error("{0}")]
    Invalid(String),
    /// Like ssh with its keys: a secret file others can read is refused.
    #[error(
        "{} is readable by others (mode {mode:o}); refusing to use it: fix with `chmod 600 {}`",
        path.display(),
        path.display()
    )]
    NotPrivate { path: PathBuf, mode: u32 },
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("OS keyring: {0}")]
    Keyring(String),
}

impl SecretError {
    /// Whether the operator has to fix something they gave (name, value,
    /// file mode) rather than the machine failing.
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            SecretError::Invalid(_) | SecretError::NotPrivate { .. }
        )
    }
}

pub(crate) fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> SecretError + '_ {
    move |source| SecretError::Io {
        path: path.to_path_buf(),
        source,
    }
}
