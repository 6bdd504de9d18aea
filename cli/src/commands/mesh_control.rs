//! `m3shd control "SENTENCE" [--yes] [--json]`: the hub reads the sentence
//! as one mesh operation and answers the plan; on a terminal the operator
//! confirms it (y/N), `--yes` confirms it ahead, and with neither nothing
//! runs (exit 2). The plan's own operation is what runs, so the sentence is
//! read once. A plan the token may not carry out is not asked about: it
//! exits 3 naming the permission.

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use m3shd_api::MeshControl;
use m3shd_client::Client;
use m3shd_commands::{done_text, execute_control, plan_text};

use crate::args_control::ControlArgs;
use crate::exit::CliError;
use crate::output;

pub async fn run(client: &Client, a: ControlArgs) -> Result<ExitCode, CliError> {
    let text = a.text.join(" ");
    let text = text.trim();
    if text.is_empty() {
        return Err(CliError::Usage(
            "usage: control SENTENCE (drain rex, give archon 3 slots, pause the queue, …)".into(),
        ));
    }
    let plan = client
        .mesh_control(&MeshControl {
            text: Some(text.to_string()),
            wait_secs: a.wait,
            ..Default::default()
        })
        .await?;
    if !a.json {
        outln!("{}", plan_text(&plan));
    }
    if !plan.allowed {
        return Err(CliError::Auth(format!(
            "“{}” needs the {} permission, which this token lacks",
            plan.summary, plan.permission
        )));
    }
    if !a.yes {
        if !std::io::stdin().is_terminal() {
            if a.json {
                output::json(&plan)?;
            }
            return Err(CliError::Usage(
                "not run: stdin is not a terminal to confirm on; pass --yes to run it".into(),
            ));
        }
        if !confirm(&format!("run “{}”? [y/N] ", plan.summary))? {
            return Err(CliError::Failed("not run".into()));
        }
    }
    let reply = execute_control(client, &plan.operation).await?;
    let mut done: m3shd_api::MeshControlAnswer = serde_json::from_value(reply.json)
        .map_err(|e| CliError::Failed(format!("unexpected answer from the hub: {e}")))?;
    // The operation went back as given; who read the sentence is the plan's.
    done.read_by = plan.read_by;
    done.model_task = plan.model_task;
    if a.json {
        output::json(&done)?;
    } else {
        outln!("{}", done_text(&done));
    }
    Ok(ExitCode::SUCCESS)
}

/// Ask on stderr, read a line from the terminal: only y or yes is a yes.
fn confirm(question: &str) -> Result<bool, CliError> {
    let mut err = std::io::stderr();
    let _ = write!(err, "{question}");
    let _ = err.flush();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| CliError::Failed(format!("cannot read the answer: {e}")))?;
    Ok(matches!(
        line.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}
