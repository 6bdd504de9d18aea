use crate::channel::ChannelError;

/// Why the bridge stopped or could not start.
#[derive(Debug, thiserror::Error)]
pub enum BridgeError {
    /// Bad flags or environment.
    #[error("configuration: {0}")]
    Config(String),
    /// Another bridge holds the lock.
    #[error("{0}")]
    Locked(String),
    /// The state dir cannot be used.
    #[error("state: {0}")]
    Io(String),
    #[error(transparent)]
    Channel(#[from] ChannelError),
    /// The hub refused the token.
    #[error("the hub refused the token: {0}")]
    Auth(String),
    /// A loop kept failing after every restart.
    #[error("the {task} loop failed again after {restarts} restarts; last error: {last}")]
    GaveUp {
        task: &'static str,
        restarts: u32,
        last: String,
    },
}

impl From<std::io::Error> for BridgeError {
    fn from(e: std::io::Error) -> Self {
        BridgeError::Io(e.to_string())
    }
}

impl BridgeError {
    /// The CLI conventions: 2 usage, 3 auth, 1 otherwise.
    pub fn exit_code(&self) -> u8 {
        match self {
            BridgeError::Config(_) => 2,
            BridgeError::Auth(_) => 3,
            _ => 1,
        }
    }
}
