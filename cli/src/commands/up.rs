//! `m3shd up`: a persistent all-in-one mesh in the foreground.

use std::process::ExitCode;

use m3shd_workerd::config::BUILTIN_CAPABILITIES;

use crate::args::UpArgs;
use crate::embedded::{LocalWorker, Mesh, default_data_dir};
use crate::exit::CliError;

pub async fn run(a: UpArgs) -> Result<ExitCode, CliError> {
    let data_dir = match a.data_dir {
        Some(d) => d,
        None => default_data_dir()?,
    };
    let workers: Vec<LocalWorker> = (1..=a.workers)
        .map(|i| LocalWorker {
            name: format!("local-{i}"),
            capabilities: BUILTIN_CAPABILITIES.iter().map(|c| c.to_string()).collect(),
            slots: a.slots,
        })
        .collect();
    let mesh = Mesh::start(&data_dir, &a.listen, None, &workers).await?;
    outln!(
        "m3shd mesh up: hub {} with {} local worker(s)",
        mesh.url,
        a.workers
    );
    outln!("data:  {}", data_dir.display());
    match &mesh.token_path {
        Some(p) => outln!(
            "token: {} (the CLI on this machine reads it by itself)",
            p.display()
        ),
        None => outln!("token: from M3SHD_MASTER_TOKEN"),
    }
    outln!("try:   m3shd do \"summarize M3SHD runs agents on your own machines.\" --wait");
    outln!("Ctrl-C stops the mesh.");
    m3shd_common::shutdown::stop_signal().await;
    eprintln!("stopping: draining workers…");
    mesh.stop().await?;
    eprintln!("stopped");
    Ok(ExitCode::SUCCESS)
}
