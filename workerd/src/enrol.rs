//! Enrolment: a worker started with a join key exchanges it, once, for its
//! own agent token and keeps that token in its state dir (0600), so no
//! per-node configuration is needed on the hub and the join key is spent.

use std::path::{Path, PathBuf};
use std::time::Duration;

use m3shd_client::{Client, ClientError};
use m3shd_common::backoff::Backoff;
use m3shd_common::private_fs;
use tracing::{info, warn};

use crate::WorkerError;
use crate::config::WorkerConfig;

/// The agent token enrolment bought, inside the state dir.
pub use crate::state_files::{TOKEN_FILE, token_path};

/// Write the token so only this user can read it, atomically: a crash leaves
/// either no file or the whole token.
pub fn save_token(state_dir: &Path, token: &str) -> std::io::Result<PathBuf> {
    private_fs::secure_dir(state_dir)?;
    let path = token_path(state_dir);
    private_fs::write_atomic(&path, format!("{token}\n").as_bytes())?;
    Ok(path)
}

/// Exchange the configured join key (if any) for an agent token. Retries
/// while the hub is unreachable; a refused key is an error the operator
/// must act on.
pub async fn enrol(mut config: WorkerConfig) -> Result<WorkerConfig, WorkerError> {
    let Some(key) = config.join_key.take() else {
        return Ok(config);
    };
    let client = Client::new(&config.hub_url, &key).map_err(WorkerError::Register)?;
    let mut backoff = Backoff::new(Duration::from_millis(200), config.max_backoff);
    let created = loop {
        match client.join(&config.agent_id).await {
            Ok(t) => break t,
            Err(e) if e.is_transient() => {
                warn!(error = %e, "cannot enrol yet; retrying");
                tokio::time::sleep(backoff.next_delay()).await;
            }
            Err(ClientError::Api { status, body }) => {
                return Err(WorkerError::Config(format!(
                    "the hub refused the join key (HTTP {status}): {}",
                    body.error.message
                )));
            }
            Err(e) => return Err(WorkerError::Register(e)),
        }
    };
    let dir = config.state_dir.clone();
    let token = created.token.clone();
    let path = tokio::task::spawn_blocking(move || save_token(&dir, &token))
        .await
        .map_err(|e| WorkerError::Io(std::io::Error::other(e)))??;
    info!(
        agent = %created.info.agent_id,
        token_id = %created.info.id,
        path = %path.display(),
        "enrolled; the agent token is kept in the state dir"
    );
    config.token = created.token;
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_token_is_private_and_whole() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = save_token(dir.path(), "m3shd_ag_secret").expect("save");
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            "m3shd_ag_secret\n"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
