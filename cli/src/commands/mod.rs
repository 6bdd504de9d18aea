//! One function per subcommand.

mod agents;
mod bench;
mod demo;
mod tasks;
mod up;

use std::process::ExitCode;

use m3shd_client::Client;

use crate::args::{BenchCmd, Cli, Command, Conn, TaskCmd};
use crate::exit::CliError;

pub async fn run(cli: Cli) -> Result<ExitCode, CliError> {
    match cli.command {
        Command::Do(a) => tasks::submit(&connect(&cli.conn)?, a).await,
        Command::Tasks(a) => tasks::list(&connect(&cli.conn)?, a).await,
        Command::Task(TaskCmd::Show { id, follow, json }) => {
            tasks::show(&connect(&cli.conn)?, &id, follow, json).await
        }
        Command::Task(TaskCmd::Cancel { id, json }) => {
            tasks::cancel(&connect(&cli.conn)?, &id, json).await
        }
        Command::Agents(a) => agents::list(&connect(&cli.conn)?, a.json).await,
        Command::Status(a) => agents::status(&connect(&cli.conn)?, a.json).await,
        Command::Up(a) => up::run(a).await,
        Command::Demo(a) => demo::run(a).await,
        Command::Bench(BenchCmd::Dispatch(a)) => bench::dispatch(a).await,
    }
}

/// A client from flags/env; without a token, the local hub's token file
/// (what `m3shd up` and `m3shd-hubd` create) is used when readable.
pub fn connect(conn: &Conn) -> Result<Client, CliError> {
    let token = match (&conn.token, &conn.token_file) {
        (Some(t), _) => t.clone(),
        (None, Some(path)) => read_token(path)?,
        (None, None) => {
            let local = crate::embedded::default_data_dir()
                .map(|d| d.join("master.token"))
                .ok()
                .filter(|p| p.exists());
            if let Some(local) = local {
                read_token(&local)?
            } else {
                return Err(CliError::Usage(
                    "no token: pass --token-file PATH or set M3SHD_TOKEN".into(),
                ));
            }
        }
    };
    Ok(Client::new(&conn.hub, &token)?)
}

fn read_token(path: &std::path::Path) -> Result<String, CliError> {
    let raw = std::fs::read_to_string(path)
        .map_err(|e| CliError::Usage(format!("cannot read token file {}: {e}", path.display())))?;
    Ok(raw.trim().to_string())
}
