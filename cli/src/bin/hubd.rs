//! `m3shd-hubd`: the hub. All the work is in the `m3shd-hubd` library; this
//! binary hands it the command runner (`POST /api/text`), which the hub's
//! own crate cannot name.

use std::process::ExitCode;

use clap::Parser;

#[path = "../text_runner.rs"]
mod text_runner;

#[tokio::main]
async fn main() -> ExitCode {
    let args = m3shd_hubd::Args::parse();
    match m3shd_hubd::run(args, Some(text_runner::runner())).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("m3shd-hubd: {e}");
            ExitCode::FAILURE
        }
    }
}
