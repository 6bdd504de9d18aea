//! Arguments of the operations subcommands: `config`, `login`, `logout`,
//! `doctor`, `completions`, `man`.

use std::path::PathBuf;

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum ConfigCmd {
    /// Print the effective configuration (secrets redacted) and where each value came from.
    Show {
        #[arg(long)]
        json: bool,
    },
    /// Write a commented default config file (refuses to overwrite without --force).
    Init {
        /// Replace an existing file.
        #[arg(long)]
        force: bool,
    },
    /// Print the path of the config file.
    Path,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("how").required(true).args(["token_stdin", "user"])))]
pub struct LoginArgs {
    /// Read a token from standard input (the only way to give one: argv is visible to other users).
    #[arg(long)]
    pub token_stdin: bool,
    /// Log in as this user: asks for the password (read from stdin when it
    /// is not a terminal) and stores the session token the hub returns.
    #[arg(long, value_name = "NAME")]
    pub user: Option<String>,
    /// Store the token in a 0600 file in the config dir even when an OS keyring is available.
    #[arg(long)]
    pub file: bool,
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Print the checks as JSON.
    #[arg(long)]
    pub json: bool,
    /// Hub data directory whose permissions to check (default: the platform data dir).
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to print a completion script for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Directory to write every page into (created if missing); without it,
    /// the main page goes to stdout (`m3shd man | man -l -`).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}
