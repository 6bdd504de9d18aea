//! `template list|show|add|rm|run`.

use std::collections::BTreeMap;
use std::process::ExitCode;

use m3shd_api::{CreateTemplate, DispatchTemplate, Template, UpdateTemplate};
use m3shd_client::Client;

use crate::args_control::TemplateCmd;
use crate::commands::{follow, protocol_view};
use crate::exit::CliError;
use crate::output;

pub async fn run(client: &Client, cmd: TemplateCmd) -> Result<ExitCode, CliError> {
    match cmd {
        TemplateCmd::List { json } => {
            let list = client.list_templates().await?;
            if json {
                output::json(&list)?;
            } else if list.templates.is_empty() {
                outln!("no templates");
            } else {
                let rows: Vec<Vec<String>> = list
                    .templates
                    .iter()
                    .map(|t| {
                        vec![
                            t.name.clone(),
                            t.capability.clone().unwrap_or_else(|| "-".into()),
                            t.priority.to_string(),
                            t.variables.join(","),
                            output::short(&t.description, 40),
                        ]
                    })
                    .collect();
                output::table(
                    &["NAME", "CAPABILITY", "PRI", "VARIABLES", "DESCRIPTION"],
                    &rows,
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        TemplateCmd::Show { name, json } => {
            let t = client.get_template(&name).await?;
            if json {
                output::json(&t)?;
            } else {
                print_template(&t);
            }
            Ok(ExitCode::SUCCESS)
        }
        TemplateCmd::Add {
            name,
            prompt,
            capability,
            description,
            priority,
            model,
            federated_input,
            json,
            protocol,
        } => {
            let t = client
                .create_template(&CreateTemplate {
                    name,
                    description,
                    prompt_template: prompt,
                    capability,
                    priority,
                    model,
                    protocol: protocol.request(),
                    federated_input,
                })
                .await?;
            if json {
                output::json(&t)?;
            } else {
                outln!(
                    "template {} added ({}); run it with `m3shd template run {}{}`",
                    t.name,
                    t.id,
                    t.name,
                    t.variables
                        .iter()
                        .map(|v| format!(" {v}=…"))
                        .collect::<String>()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        TemplateCmd::Set {
            name,
            federated_input,
            json,
        } => {
            let t = client
                .update_template(
                    &name,
                    &UpdateTemplate {
                        federated_input: Some(federated_input),
                    },
                )
                .await?;
            if json {
                output::json(&t)?;
            } else {
                outln!("template {}: federated input {}", t.name, t.federated_input);
            }
            Ok(ExitCode::SUCCESS)
        }
        TemplateCmd::Rm { name } => {
            client.delete_template(&name).await?;
            outln!("template {name} removed");
            Ok(ExitCode::SUCCESS)
        }
        TemplateCmd::Run {
            name,
            vars,
            priority,
            agent,
            model,
            wait,
            json,
        } => {
            let variables = parse_vars(&vars)?;
            let task = client
                .dispatch_template(
                    &name,
                    &DispatchTemplate {
                        variables,
                        priority,
                        assign_to: agent,
                        model,
                    },
                )
                .await?;
            if !wait {
                if json {
                    output::json(&task)?;
                } else {
                    outln!("queued as task {} ({})", task.id, task.status);
                }
                return Ok(ExitCode::SUCCESS);
            }
            if !json {
                eprintln!("task {} submitted, waiting…", task.id);
            }
            let done = follow::follow(client, &task.id, !json).await?;
            follow::finish(client, &done, json).await
        }
    }
}

/// `key=value` arguments; a later key wins.
pub fn parse_vars(vars: &[String]) -> Result<BTreeMap<String, String>, CliError> {
    let mut out = BTreeMap::new();
    for v in vars {
        let Some((k, val)) = v.split_once('=') else {
            return Err(CliError::Usage(format!(
                "`{v}` is not key=value (template variables are given as key=value)"
            )));
        };
        let k = k.trim();
        if k.is_empty() {
            return Err(CliError::Usage(format!("`{v}` has an empty key")));
        }
        out.insert(k.to_string(), val.to_string());
    }
    Ok(out)
}

fn print_template(t: &Template) {
    outln!("name:        {}", t.name);
    outln!("id:          {}", t.id);
    outln!("description: {}", t.description);
    outln!("capability:  {}", t.capability.as_deref().unwrap_or("-"));
    outln!("priority:    {}", t.priority);
    outln!(
        "model:       {}",
        t.model
            .as_deref()
            .unwrap_or("- (the worker's routing decides)")
    );
    let protocol = protocol_view::request_summary(&t.protocol);
    if !protocol.is_empty() {
        outln!("protocol:    {protocol}");
    }
    outln!(
        "federated:   {}",
        match t.federated_input {
            m3shd_api::FederatedInput::Accept => "accept (peers may send and take its tasks)",
            m3shd_api::FederatedInput::Refuse => "refuse (its tasks stay on this hub)",
        }
    );
    outln!("variables:   {}", t.variables.join(", "));
    outln!("prompt:\n  {}", t.prompt_template.replace('\n', "\n  "));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vars_are_key_value() {
        let v = parse_vars(&["topic=rust mesh".into(), "x==y".into()]).unwrap();
        assert_eq!(v["topic"], "rust mesh");
        assert_eq!(v["x"], "=y");
        assert!(parse_vars(&["nokey".into()]).is_err());
        assert!(parse_vars(&["=v".into()]).is_err());
    }
}
