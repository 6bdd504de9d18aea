//! Arguments of `m3shd token …`, `m3shd join-key …`, `m3shd user …`,
//! `m3shd key …` and `m3shd whoami`.

use std::time::Duration;

use clap::{Args, Subcommand};
use m3shd_api::{Permission, Role, UserRole};
use m3shd_common::duration::parse_duration;

/// What a credential grants: a role preset and/or explicit permissions.
/// Neither means the empty set, which can do nothing.
#[derive(Debug, Clone, Args)]
pub struct GrantArgs {
    /// A role preset: worker, mobile, commander, admin or federation (what a
    /// peer hub needs: offer work and fetch its results, nothing else).
    #[arg(long, value_parser = parse_role)]
    pub role: Option<Role>,
    /// A permission (repeatable), e.g. --perm tasks:read --perm tasks:write.
    #[arg(long = "perm", value_name = "PERMISSION", value_parser = parse_perm)]
    pub perms: Vec<Permission>,
}

fn parse_role(s: &str) -> Result<Role, String> {
    s.parse().map_err(|e: m3shd_api::UnknownName| e.to_string())
}

fn parse_perm(s: &str) -> Result<Permission, String> {
    s.parse().map_err(|e: m3shd_api::UnknownName| e.to_string())
}

#[derive(Debug, Subcommand)]
pub enum TokenCmd {
    /// Create an agent token; the secret is printed once.
    Create {
        /// The agent the token acts as.
        #[arg(long)]
        agent: String,
        #[command(flatten)]
        grant: GrantArgs,
        #[arg(long)]
        json: bool,
    },
    /// List agent tokens (never their secrets).
    List {
        #[arg(long)]
        json: bool,
    },
    /// Revoke a token by id; it stops working at once.
    Revoke {
        id: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum JoinKeyCmd {
    /// Create a join key for enrolling workers (`m3shd-workerd --join-key`).
    Create {
        #[command(flatten)]
        grant: GrantArgs,
        /// How long it stays valid, e.g. 30m, 24h, 7d (default 24h).
        #[arg(long, value_parser = parse_duration)]
        expires: Option<Duration>,
        /// How many workers may join with it (default 1).
        #[arg(long)]
        uses: Option<u32>,
        #[arg(long)]
        json: bool,
    },
    /// List join keys (never their secrets).
    List {
        #[arg(long)]
        json: bool,
    },
    /// Revoke a join key by id.
    Revoke {
        id: String,
        #[arg(long)]
        json: bool,
    },
}

fn parse_user_role(s: &str) -> Result<UserRole, String> {
    s.parse().map_err(|e: m3shd_api::UnknownName| e.to_string())
}

/// User accounts. Passwords are read from stdin (first line) or, on a
/// terminal, from a prompt that does not echo; never from argv.
#[derive(Debug, Subcommand)]
pub enum UserCmd {
    /// Create a user; asks for its password.
    Add {
        /// The username: [a-z0-9_.-], 1-32 characters.
        name: String,
        /// admin (everything), user (the commander preset) or viewer (reads only).
        #[arg(long, value_parser = parse_user_role)]
        role: UserRole,
        #[arg(long)]
        json: bool,
    },
    /// List users and how many live sessions each has.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Change a user's role; it applies to their sessions at once.
    SetRole {
        /// Username or user id.
        name: String,
        #[arg(value_parser = parse_user_role)]
        role: UserRole,
        #[arg(long)]
        json: bool,
    },
    /// Set a user's password; ends all of their sessions.
    Passwd {
        /// Username or user id.
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// Delete a user and end their sessions.
    Rm {
        /// Username or user id.
        name: String,
        #[arg(long)]
        json: bool,
    },
}

/// Third-party API keys with a per-minute rate limit and a daily cap.
#[derive(Debug, Subcommand)]
pub enum KeyCmd {
    /// Create a key; the secret is printed once.
    Create {
        /// A name for the key ([a-z0-9_.-]), e.g. the integration using it.
        name: String,
        #[command(flatten)]
        grant: GrantArgs,
        /// Requests per minute.
        #[arg(long, value_name = "N")]
        rate: u32,
        /// Requests per UTC day.
        #[arg(long, value_name = "N")]
        daily: u32,
        #[arg(long)]
        json: bool,
    },
    /// List keys with their usage (never their secrets).
    List {
        #[arg(long)]
        json: bool,
    },
    /// Revoke a key by id; its next request is refused.
    Revoke {
        id: String,
        #[arg(long)]
        json: bool,
    },
}
