//! `m3shd`: the operator's command line for an M3SHD mesh.

// Everything for stdout goes through `out!`/`outln!` (see `output::stdout`),
// so a reader that goes away ends the process quietly instead of panicking.
#![deny(clippy::print_stdout)]

/// `print!` for the CLI's stdout: see [`output::stdout`].
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::output::stdout(format_args!($($arg)*))
    };
}

/// `println!` for the CLI's stdout: see [`output::stdout`].
macro_rules! outln {
    () => {
        $crate::output::stdout(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::output::stdout(format_args!("{}\n", format_args!($($arg)*)))
    };
}

mod args;
mod args_agent;
mod args_assistant;
mod args_control;
mod args_evidence;
mod args_evolve;
mod args_federation;
mod args_memory;
mod args_ops;
mod args_plugins;
mod args_protocol;
mod args_schedule;
mod args_secret;
mod args_security;
mod args_webhook;
mod args_world;
mod commands;
mod config;
mod embedded;
mod exit;
mod mcp;
mod output;
mod password;
mod source;
mod text_runner;
mod tokens;

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = args::Cli::parse_noting_sources();
    // `demo` and `bench` run a hub and workers in this process: their
    // warnings are the mesh's business, not part of what these print.
    let embedded = matches!(
        cli.command,
        args::Command::Demo(_) | args::Command::Bench(_)
    );
    exit::init_tracing(cli.verbose, embedded);
    match commands::run(cli).await {
        Ok(code) => code,
        Err(err) => exit::report(&err),
    }
}
