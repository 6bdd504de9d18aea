//! `m3shd-hubd`: the hub. All the work is in the `m3shd-hubd` library.

use std::process::ExitCode;

use clap::Parser;

#[tokio::main]
async fn main() -> ExitCode {
    match m3shd_hubd::run(m3shd_hubd::Args::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("m3shd-hubd: {e}");
            ExitCode::FAILURE
        }
    }
}
