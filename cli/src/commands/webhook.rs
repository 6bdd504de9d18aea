//! `webhook add|list|edit|rotate-secret|rm`.

use std::collections::BTreeMap;
use std::process::ExitCode;

use m3shd_api::{CreateWebhook, CreatedWebhook, UpdateWebhook, Webhook, WebhookKind, WebhookList};
use m3shd_client::Client;
use serde_json::json;

use crate::args_webhook::WebhookCmd;
use crate::commands::security::{print_secret_once, when};
use crate::exit::CliError;
use crate::output;

pub async fn run(client: &Client, cmd: WebhookCmd) -> Result<ExitCode, CliError> {
    match cmd {
        WebhookCmd::Add {
            name,
            template,
            kind,
            vars,
            json,
        } => {
            let req = CreateWebhook {
                name,
                template,
                kind,
                variables: parse_mappings(&vars)?,
            };
            let created = client.create_webhook(&req).await?;
            if json {
                output::json(&created)?;
            } else {
                print_secret(client, &created, false);
            }
        }
        WebhookCmd::List { json } => {
            let webhooks = client.webhooks().await?;
            if json {
                output::json(&WebhookList { webhooks })?;
            } else if webhooks.is_empty() {
                outln!("no webhooks");
            } else {
                let rows: Vec<Vec<String>> = webhooks
                    .iter()
                    .map(|w| {
                        vec![
                            w.name.clone(),
                            w.id.clone(),
                            w.kind.to_string(),
                            w.template.clone(),
                            when(w.last_triggered_at),
                            describe_mappings(&w.variables),
                        ]
                    })
                    .collect();
                output::table(
                    &["NAME", "ID", "KIND", "TEMPLATE", "LAST USE", "VARIABLES"],
                    &rows,
                );
            }
        }
        WebhookCmd::Edit {
            webhook,
            new_name,
            template,
            kind,
            vars,
            clear_vars,
            json,
        } => {
            let variables = if clear_vars {
                Some(BTreeMap::new())
            } else if vars.is_empty() {
                None
            } else {
                Some(parse_mappings(&vars)?)
            };
            let req = UpdateWebhook {
                name: new_name,
                template,
                kind,
                variables,
            };
            if req.is_empty() {
                return Err(CliError::Usage(
                    "nothing to change: give --name, --template, --kind, --var or --clear-vars"
                        .into(),
                ));
            }
            let changed = client.update_webhook(&webhook, &req).await?;
            if json {
                output::json(&changed)?;
            } else {
                for line in describe(client, &changed) {
                    outln!("{line}");
                }
                outln!("its secret is unchanged");
            }
        }
        WebhookCmd::RotateSecret { name, json } => {
            let rotated = client.rotate_webhook_secret(&name).await?;
            if json {
                output::json(&rotated)?;
            } else {
                print_secret(client, &rotated, true);
            }
        }
        WebhookCmd::Rm { name, json } => {
            client.delete_webhook(&name).await?;
            if json {
                output::json(&json!({"removed": name}))?;
            } else {
                outln!("webhook {name} removed; its URL no longer works");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `NAME=/json/pointer` arguments; a later name wins.
fn parse_mappings(vars: &[String]) -> Result<BTreeMap<String, String>, CliError> {
    let mut out = BTreeMap::new();
    for v in vars {
        let Some((name, pointer)) = v.split_once('=') else {
            return Err(CliError::Usage(format!(
                "`{v}` is not NAME=/json/pointer (e.g. --var repo=/repository/full_name)"
            )));
        };
        let name = name.trim();
        if name.is_empty() {
            return Err(CliError::Usage(format!("`{v}` has an empty name")));
        }
        out.insert(name.to_string(), pointer.to_string());
    }
    Ok(out)
}

fn describe_mappings(vars: &BTreeMap<String, String>) -> String {
    if vars.is_empty() {
        return "-".into();
    }
    vars.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn trigger_url(client: &Client, w: &Webhook) -> String {
    format!("{}{}", client.base_url(), w.trigger_path)
}

/// What it does and where it is called.
fn describe(client: &Client, w: &Webhook) -> [String; 3] {
    [
        format!(
            "webhook {} ({}, {}) dispatches template {}",
            w.name, w.id, w.kind, w.template
        ),
        format!("variables: {}", describe_mappings(&w.variables)),
        format!("trigger URL: {}", trigger_url(client, w)),
    ]
}

/// A webhook with the secret the hub just made for it (at creation, or
/// `rotated`), shown this once.
fn print_secret(client: &Client, created: &CreatedWebhook, rotated: bool) {
    let w = &created.webhook;
    let url = trigger_url(client, w);
    let mut summary = describe(client, w).to_vec();
    let what = if rotated {
        summary.push(
            "the old secret no longer works: give the system that calls it the new one".into(),
        );
        "new secret"
    } else {
        "secret"
    };
    summary.push(format!(
        "{what} (shown this once; the hub keeps it encrypted and never shows it again):"
    ));
    let hint = match w.kind {
        WebhookKind::Generic => format!(
            "Send it in a header, never in the URL:\n  curl -X POST -H 'X-Webhook-Secret: SECRET' \
             -H 'Content-Type: application/json' -d '{{}}' {url}"
        ),
        WebhookKind::Github => format!(
            "In GitHub: Settings → Webhooks → Add webhook: Payload URL {url}, \
             Content type application/json, Secret: the line above."
        ),
    };
    print_secret_once(&summary, &created.secret, &hint);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mappings_are_name_equals_pointer() {
        let m = parse_mappings(&["repo=/repository/full_name".into(), "all=".into()]).unwrap();
        assert_eq!(m["repo"], "/repository/full_name");
        assert_eq!(m["all"], "");
        assert!(parse_mappings(&["repo".into()]).is_err());
        assert!(parse_mappings(&["=/x".into()]).is_err());
    }
}
