//! `m3shd-workerd`: the worker daemon. All of it lives in `m3shd-workerd`.

use std::process::ExitCode;

use clap::Parser;

#[tokio::main]
async fn main() -> ExitCode {
    let args = m3shd_workerd::Args::parse();
    match m3shd_workerd::run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("m3shd-workerd: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
