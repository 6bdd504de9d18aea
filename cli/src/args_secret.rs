//! Arguments of `m3shd secret`: model API keys kept on this machine for
//! its workers.

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum SecretCmd {
    /// Store an API key under NAME: read from stdin when it is not a
    /// terminal, else from a prompt that does not echo (never from argv).
    Set {
        /// The environment variable name workers look the key up by, e.g.
        /// ANTHROPIC_API_KEY (a profile's `api_key_env`).
        #[arg(value_name = "NAME")]
        name: String,
        /// Store it in a 0600 file in the config dir even when an OS keyring is available.
        #[arg(long)]
        file: bool,
    },
    /// Remove a stored API key (from the OS keyring and the file).
    Rm {
        #[arg(value_name = "NAME")]
        name: String,
    },
    /// List stored API keys: names and where each is kept, never values.
    List {
        #[arg(long)]
        json: bool,
    },
}
