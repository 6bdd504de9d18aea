//! Secrets kept on this machine for the mesh's own tools: the CLI's hub
//! tokens (one per profile) and model API keys (one per environment
//! variable name, read by workers). Both live in the OS keyring where there
//! is one (macOS Keychain, Windows Credential Manager; service `m3shd`,
//! account = the name), else in a 0600 file in the config dir. Linux builds
//! use the file: a Pi over SSH has no Secret Service to talk to, and the
//! file works the same with or without a desktop session.
//!
//! Profile names are lower case and API key names start with an upper-case
//! letter, so the two kinds never share a keyring account.

mod error;
mod files;
mod keyring;
mod kind;
mod place;
mod store;

pub use error::SecretError;
pub use files::check_private;
pub use keyring::{SERVICE, keyring_status};
pub use kind::{Kind, is_env_name};
pub use place::{Found, Place};
pub use store::SecretStore;
