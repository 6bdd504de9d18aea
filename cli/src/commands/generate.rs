//! `m3shd completions SHELL` and `m3shd man --out DIR`, generated from the
//! clap trees of the CLI and the daemons. The committed copies under
//! `shell-completions/` and `man/` are checked by `cli/tests/generated.rs`;
//! `scripts/regenerate` rewrites them.

use std::path::Path;
use std::process::ExitCode;

use clap::CommandFactory;

use crate::args::Cli;
use crate::args_ops::{CompletionsArgs, ManArgs};
use crate::exit::CliError;

pub fn completions(args: CompletionsArgs) -> Result<ExitCode, CliError> {
    let mut cmd = Cli::command();
    // Into memory first: clap_complete panics when its writer fails, and a
    // reader such as `| head` may go away.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "m3shd", &mut script);
    crate::output::stdout_bytes(&script);
    Ok(ExitCode::SUCCESS)
}

pub fn man(args: ManArgs) -> Result<ExitCode, CliError> {
    let Some(out) = args.out else {
        let mut page = Vec::new();
        clap_mangen::Man::new(Cli::command())
            .render(&mut page)
            .map_err(|e| CliError::Failed(format!("cannot render the man page: {e}")))?;
        crate::output::stdout_bytes(&page);
        return Ok(ExitCode::SUCCESS);
    };
    write_man_pages(&out).map_err(|e| CliError::Failed(format!("{}: {e}", out.display())))?;
    outln!("wrote the man pages to {}", out.display());
    Ok(ExitCode::SUCCESS)
}

/// `m3shd.1`, one page per (visible) subcommand (`m3shd-do.1`,
/// `m3shd-task-show.1`, …) and one per daemon.
pub fn write_man_pages(out: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(out)?;
    clap_mangen::generate_to(Cli::command(), out)?;
    clap_mangen::generate_to(<m3shd_hubd::Args as CommandFactory>::command(), out)?;
    clap_mangen::generate_to(<m3shd_workerd::Args as CommandFactory>::command(), out)?;
    clap_mangen::generate_to(<m3shd_bridged::Args as CommandFactory>::command(), out)?;
    Ok(())
}
