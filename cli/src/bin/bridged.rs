//! `m3shd-bridged`: the iMessage bridge. All of it lives in `m3shd-bridged`.

use std::process::ExitCode;

use clap::Parser;

#[tokio::main]
async fn main() -> ExitCode {
    let args = m3shd_bridged::Args::parse();
    match m3shd_bridged::run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("m3shd-bridged: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
