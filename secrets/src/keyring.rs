//! The OS keyring, where this build and machine have one.

use std::sync::{Arc, OnceLock};

use keyring_core::CredentialStore;

/// The keyring service every entry is filed under.
pub const SERVICE: &str = "m3shd";
/// Whether an OS keyring can be used, and which one (or why not).
pub fn keyring_status() -> &'static Result<&'static str, String> {
    static STATUS: OnceLock<Result<&'static str, String>> = OnceLock::new();
    STATUS.get_or_init(init_keyring)
}

#[cfg(target_os = "macos")]
fn init_keyring() -> Result<&'static str, String> {
    let store = apple_native_keyring_store::keychain::Store::new().map_err(|e| e.to_string())?;
    keyring_core::set_default_store(store);
    Ok("macOS Keychain")
}

#[cfg(target_os = "windows")]
fn init_keyring() -> Result<&'static str, String> {
    let store = windows_native_keyring_store::Store::new().map_err(|e| e.to_string())?;
    keyring_core::set_default_store(store);
    Ok("Windows Credential Manager")
}

#[cfg(not(any(target_os = "macos", target_os = "windows")))]
fn init_keyring() -> Result<&'static str, String> {
    Err("no OS keyring on this platform in this build (secrets go to 0600 files)".into())
}

/// The platform keyring, when this build and machine have one.
pub(crate) fn platform_keyring() -> Option<Arc<CredentialStore>> {
    keyring_status().as_ref().ok()?;
    keyring_core::get_default_store()
}
