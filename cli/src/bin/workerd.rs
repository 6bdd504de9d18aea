//! `m3shd-workerd`: the worker daemon. All of it lives in `m3shd-workerd`.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // First, before any thread exists: this binary doubles as the shim that
    // ties the worker's children to its life.
    m3shd_workerd::exec_shim::init();
    run()
}

#[tokio::main]
async fn run() -> ExitCode {
    let args = m3shd_workerd::Args::parse();
    match m3shd_workerd::run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("m3shd-workerd: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
