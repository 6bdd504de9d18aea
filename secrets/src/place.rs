//! Where a secret is, and a secret found there.

use std::fmt;
use std::path::PathBuf;

use crate::SERVICE;

/// Where a secret is (or was) stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The OS keyring, service [`SERVICE`], this account.
    Keyring(String),
    File(PathBuf),
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Keyring(account) => {
                write!(f, "the OS keyring (service {SERVICE}, account {account})")
            }
            Place::File(p) => write!(f, "file {}", p.display()),
        }
    }
}

/// A stored value and where it came from. Debug never shows the value.
#[derive(Clone, PartialEq, Eq)]
pub struct Found {
    pub value: String,
    pub place: Place,
}

impl fmt::Debug for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Found")
            .field("value", &"<redacted>")
            .field("place", &self.place)
            .finish()
    }
}
