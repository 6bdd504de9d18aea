//! `m3shd plugins list|invoke`.

use std::process::ExitCode;

use m3shd_api::{InvokePlugin, PluginList};
use m3shd_client::Client;

use crate::args_plugins::PluginsCmd;
use crate::exit::CliError;
use crate::output;

pub async fn run(client: &Client, cmd: PluginsCmd) -> Result<ExitCode, CliError> {
    match cmd {
        PluginsCmd::List { json } => {
            let plugins = client.plugins().await?;
            if json {
                output::json(&PluginList { plugins })?;
            } else if plugins.is_empty() {
                outln!("no plugins");
            } else {
                let rows: Vec<Vec<String>> = plugins
                    .iter()
                    .map(|p| {
                        vec![
                            p.name.clone(),
                            p.kind.as_str().to_string(),
                            output::short(&p.description, 60),
                        ]
                    })
                    .collect();
                output::table(&["NAME", "KIND", "DESCRIPTION"], &rows);
            }
        }
        PluginsCmd::Invoke { tool, input, json } => {
            let input: serde_json::Value = serde_json::from_str(&input)
                .map_err(|e| CliError::Usage(format!("the input is not JSON: {e}")))?;
            let req = InvokePlugin {
                input,
                task_id: None,
                agent_id: None,
            };
            let r = client.invoke_plugin(&tool, &req).await?;
            if json {
                output::json(&r)?;
            } else if let Some(e) = &r.error {
                return Err(CliError::Failed(format!("{tool} failed: {e}")));
            } else {
                let text = serde_json::to_string_pretty(&r.output)
                    .unwrap_or_else(|_| r.output.to_string());
                outln!("{text}");
            }
            if r.error.is_some() {
                return Ok(ExitCode::FAILURE);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
