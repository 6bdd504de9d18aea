//! Where an effective setting came from: `m3shd config show` prints it
//! beside each value.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

/// Where an effective value came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum Source {
    Default,
    Flag(String),
    Env(String),
    File(PathBuf),
    Profile(String),
    Keyring(String),
    TokenStore(PathBuf),
    LocalHub(PathBuf),
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Default => write!(f, "default"),
            Source::Flag(n) => write!(f, "flag {n}"),
            Source::Env(n) => write!(f, "env {n}"),
            Source::File(p) => write!(f, "file {}", p.display()),
            Source::Profile(n) => write!(f, "profile {n}"),
            Source::Keyring(p) => write!(f, "OS keyring (profile {p})"),
            Source::TokenStore(p) => write!(f, "token file {}", p.display()),
            Source::LocalHub(p) => write!(f, "local hub token {}", p.display()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sourced<T> {
    pub value: T,
    pub source: Source,
}
