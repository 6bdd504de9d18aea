//! Arguments of the commands that connect a coding assistant to the mesh:
//! `m3shd hook …` (Claude Code hooks) and `m3shd post`.

use std::path::PathBuf;

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum HookCmd {
    /// Claude Code `UserPromptSubmit` hook: print the mesh messages and
    /// alerts that arrived since it last ran. Prints nothing when there is
    /// nothing new, and always exits 0 within 300 ms, even when the hub is
    /// down. Its first run only marks where the mesh stands.
    PromptSubmit(PromptSubmitArgs),
}

#[derive(Debug, Args)]
pub struct PromptSubmitArgs {
    /// Where the hook keeps its cursor [default: the platform state dir,
    /// e.g. ~/.local/state/m3shd].
    #[arg(long, env = "M3SHD_STATE_DIR", value_name = "DIR")]
    pub state_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct PostArgs {
    /// What to say.
    #[arg(required = true, num_args = 1..)]
    pub text: Vec<String>,
    /// The channel [default: general, where the chat agent answers].
    #[arg(long, short = 'c')]
    pub channel: Option<String>,
    /// Print the message as the API returns it.
    #[arg(long)]
    pub json: bool,
}
