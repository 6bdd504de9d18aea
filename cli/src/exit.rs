//! Exit codes and error reporting: 0 ok, 1 failed, 2 usage, 3 auth, 4 not found.

use std::process::ExitCode;

use m3shd_api::ErrorCode;
use m3shd_client::ClientError;

pub const FAILED: u8 = 1;
pub const USAGE: u8 = 2;
pub const AUTH: u8 = 3;
pub const NOT_FOUND: u8 = 4;

/// An error that knows its exit code.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Client(#[from] ClientError),
    #[error("{0}")]
    Usage(String),
    /// No credential to present at all (exit 3, like a refused one).
    #[error("{0}")]
    Auth(String),
    #[error("{0}")]
    Failed(String),
    #[error(transparent)]
    Other(#[from] color_eyre::Report),
}

impl From<m3shd_secrets::SecretError> for CliError {
    fn from(e: m3shd_secrets::SecretError) -> Self {
        if e.is_usage() {
            CliError::Usage(e.to_string())
        } else {
            CliError::Failed(e.to_string())
        }
    }
}

impl CliError {
    pub fn code(&self) -> u8 {
        match self {
            CliError::Client(e) => match e.code() {
                Some(ErrorCode::Unauthorized | ErrorCode::Forbidden) => AUTH,
                Some(ErrorCode::NotFound) => NOT_FOUND,
                // Protocol flags that contradict each other, or ask for
                // more voters than the mesh has: the request must change.
                Some(
                    ErrorCode::BadRequest
                    | ErrorCode::Validation
                    | ErrorCode::ProtocolConflict
                    | ErrorCode::QuorumUnreachable
                    | ErrorCode::NotUnderstood,
                ) => USAGE,
                _ => FAILED,
            },
            CliError::Usage(_) => USAGE,
            CliError::Auth(_) => AUTH,
            CliError::Failed(_) | CliError::Other(_) => FAILED,
        }
    }
}

pub fn report(err: &CliError) -> ExitCode {
    eprintln!("error: {err}");
    if let CliError::Client(e) = err {
        if e.code() == Some(ErrorCode::Unauthorized) {
            eprintln!(
                "hint: pass --token, set M3SHD_TOKEN, use the token file the hub printed at start, \
                 or log in (again) with `m3shd login --user NAME`"
            );
        } else if e.code() == Some(ErrorCode::QuorumUnreachable) {
            eprintln!(
                "hint: ask for fewer votes (--quorum N), or start more agents with the task's \
                 capability (`m3shd agents` lists them)"
            );
        } else if matches!(e, ClientError::UnknownAgent { .. }) {
            eprintln!(
                "hint: check the name with `m3shd agents`, or pass --allow-unknown-agent to \
                 queue it until an agent of that name registers"
            );
        } else if matches!(e, ClientError::Transport(_)) {
            eprintln!(
                "hint: is the hub running? start one with `m3shd up` or `m3shd-hubd`; set --hub or M3SHD_HUB"
            );
        }
    }
    ExitCode::from(err.code())
}

/// Logs go to stderr; `RUST_LOG` overrides the level. With `embedded_mesh`
/// (a hub and workers run inside this command and only its own output
/// matters) the hub's and workers' warnings are left out unless `-v`.
pub fn init_tracing(verbose: u8, embedded_mesh: bool) {
    let default = match (verbose, embedded_mesh) {
        (0, true) => {
            "warn,m3shd_hubd=error,m3shd_hub_core=error,m3shd_workerd=error,m3shd_common=error"
        }
        (0, false) => "warn",
        (1, _) => "info",
        _ => "debug",
    };
    m3shd_common::logging::init(m3shd_common::logging::LogFormat::Human, default);
}

#[cfg(test)]
mod tests {
    use m3shd_api::ErrorBody;

    use super::*;

    fn api(code: ErrorCode) -> CliError {
        CliError::Client(ClientError::Api {
            status: code.http_status(),
            body: ErrorBody::new(code, "x"),
        })
    }

    #[test]
    fn hub_errors_map_to_exit_codes() {
        assert_eq!(api(ErrorCode::NotFound).code(), NOT_FOUND);
        assert_eq!(api(ErrorCode::Forbidden).code(), AUTH);
        assert_eq!(api(ErrorCode::Validation).code(), USAGE);
        // Contradicting protocol flags and a quorum the mesh cannot meet
        // are the request's fault, like any refused argument.
        assert_eq!(api(ErrorCode::ProtocolConflict).code(), USAGE);
        assert_eq!(api(ErrorCode::QuorumUnreachable).code(), USAGE);
        assert_eq!(api(ErrorCode::Internal).code(), FAILED);
    }
}
