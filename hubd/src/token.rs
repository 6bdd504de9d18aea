//! The master token: from `M3SHD_MASTER_TOKEN`, else a random one kept in
//! `DIR/master.token` (0600) so it survives restarts. Its path is logged;
//! the token itself never is.

use std::io::Write;
use std::path::{Path, PathBuf};

use m3shd_common::private_fs;
use rand::Rng;

use crate::error::HubError;
use crate::fsutil;

pub const MASTER_TOKEN_ENV: &str = "M3SHD_MASTER_TOKEN";
pub const MASTER_TOKEN_FILE: &str = "master.token";
pub const MASTER_TOKEN_PREFIX: &str = "m3shd_master_";

/// The resolved master token.
#[derive(Clone)]
pub struct MasterToken {
    pub token: String,
    /// The file it is kept in; None when it came from `M3SHD_MASTER_TOKEN`
    /// (set explicitly by the operator).
    pub path: Option<PathBuf>,
}

impl std::fmt::Debug for MasterToken {
    // Never print the token.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MasterToken")
            .field("token", &"<redacted>")
            .field("path", &self.path)
            .finish()
    }
}

impl MasterToken {
    pub fn value(&self) -> &str {
        &self.token
    }
}

/// The token from the environment, if the operator set one.
pub fn env_token() -> Option<String> {
    std::env::var(MASTER_TOKEN_ENV)
        .ok()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
}

fn generate() -> String {
    let bytes: [u8; 32] = rand::rng().random();
    format!("{MASTER_TOKEN_PREFIX}{}", hex::encode(bytes))
}

pub fn resolve_master_token(data_dir: &Path) -> Result<MasterToken, HubError> {
    if let Some(value) = env_token() {
        if value.len() < 16 {
            tracing::warn!(
                "{MASTER_TOKEN_ENV} is shorter than 16 characters; use a long random secret"
            );
        }
        tracing::info!("master token from {MASTER_TOKEN_ENV}");
        return Ok(MasterToken {
            token: value,
            path: None,
        });
    }
    fsutil::create_private_dir(data_dir)?;
    let path = data_dir.join(MASTER_TOKEN_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let value = text.trim().to_string();
            if value.is_empty() {
                return Err(HubError::Config(format!(
                    "{} is empty; delete it to have a new token generated",
                    path.display()
                )));
            }
            private_fs::warn_if_readable_by_others(&path);
            tracing::info!(path = %path.display(), "master token from file");
            Ok(MasterToken {
                token: value,
                path: Some(path),
            })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let value = generate();
            let mut file = private_fs::create_new(&path).map_err(|e| HubError::path(&path, e))?;
            file.write_all(format!("{value}\n").as_bytes())
                .and_then(|_| file.sync_all())
                .map_err(|e| HubError::path(&path, e))?;
            tracing::info!(path = %path.display(), "generated a master token");
            Ok(MasterToken {
                token: value,
                path: Some(path),
            })
        }
        Err(e) => Err(HubError::path(&path, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_token_is_kept_private_and_reused() {
        // Only meaningful without the env override set by the operator.
        if env_token().is_some() {
            return;
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let sub = dir.path().join("hub");
        let first = resolve_master_token(&sub).expect("create");
        assert!(first.value().starts_with(MASTER_TOKEN_PREFIX));
        assert_eq!(first.value().len(), MASTER_TOKEN_PREFIX.len() + 64);
        let again = resolve_master_token(&sub).expect("reuse");
        assert_eq!(first.value(), again.value());
        assert!(!format!("{first:?}").contains(first.value()));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
            assert_eq!(mode(&sub.join(MASTER_TOKEN_FILE)), 0o600);
            assert_eq!(mode(&sub), 0o700);
        }
    }
}
