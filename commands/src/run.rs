//! Running one parsed command line against the hub.

use m3shd_api::grammar::{self, Command, HELP, USAGE};
use m3shd_api::{ContextList, CreateTask, Decision};
use m3shd_client::{Client, ClientError};
use serde_json::json;

use crate::options::RunOptions;
use crate::reply::{Reply, created, to_json};
use crate::text::{one_line, title_of};
use crate::{budget, chat, control, plan, reports};

/// Run one command with the default bounds.
pub async fn run_command(client: &Client, cmd: &Command) -> Result<Reply, ClientError> {
    run_command_with(client, cmd, &RunOptions::default()).await
}

/// Run one command. `Empty` and `Usage` run nothing and reply with usage,
/// and so does a command whose arguments fail [`grammar::check`].
pub async fn run_command_with(
    client: &Client,
    cmd: &Command,
    opts: &RunOptions,
) -> Result<Reply, ClientError> {
    let cmd = &grammar::check(cmd.clone());
    match cmd {
        Command::Empty => Ok(Reply::new(USAGE, json!({"usage": USAGE}))),
        Command::Usage { message } => Ok(Reply::new(
            format!("{message}\n{USAGE}"),
            json!({"error": {"code": "usage", "message": message}}),
        )),
        Command::Status => reports::status(client).await,
        Command::Tasks => reports::tasks(client).await,
        Command::ContextShow => {
            let context = client.context().await?;
            let text = if context.is_empty() {
                "no shared context".to_string()
            } else {
                context
                    .iter()
                    .map(|e| format!("{} = {}", e.key, one_line(&e.value, 120)))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            Ok(Reply::new(text, to_json(&ContextList { context })))
        }
        Command::ContextSet { key, value } => {
            let e = client.set_context(key, value).await?;
            let text = format!("context {} = {}", e.key, one_line(&e.value, 120));
            Ok(Reply::new(text, to_json(&e)))
        }
        Command::Ask { agent, text } => {
            if !opts.allow_unknown_agent {
                known_agent(client, agent).await?;
            }
            let req = CreateTask {
                prompt: text.clone(),
                title: Some(title_of(text)),
                assign_to: Some(agent.clone()),
                hold: opts.hold(),
                ..Default::default()
            };
            let t = client.create_task(&req, opts.key("").as_deref()).await?;
            Ok(created(format!("queued as task {} for {agent}", t.id), &t))
        }
        Command::Do { text } => {
            let req = CreateTask {
                prompt: text.clone(),
                title: Some(title_of(text)),
                hold: opts.hold(),
                ..Default::default()
            };
            let t = client.create_task(&req, opts.key("").as_deref()).await?;
            Ok(created(format!("queued as task {}", t.id), &t))
        }
        Command::Approve { id } => reports::decide(client, id.as_deref(), Decision::Approve).await,
        Command::Reject { id } => reports::decide(client, id.as_deref(), Decision::Reject).await,
        Command::Retry { id } => reports::retry(client, id).await,
        Command::Pending => reports::pending(client).await,
        Command::Costs => reports::costs(client).await,
        Command::Escalations => reports::escalations(client).await,
        Command::Summary => reports::summary(client).await,
        Command::Help => Ok(help()),
        Command::BudgetShow => budget::show(client).await,
        Command::BudgetSet { key, value } => budget::change(client, key, Some(value)).await,
        Command::BudgetUnset { key } => budget::change(client, key, None).await,
        Command::Auto { goal } => plan::auto(client, goal, opts).await,
        Command::Control { text, execute } => control::control(client, text, *execute).await,
        Command::Chat { text } => chat::chat(client, text, opts).await,
    }
}

/// The commands, one line each, without asking the hub.
fn help() -> Reply {
    let width = HELP
        .iter()
        .map(|(u, _)| u.chars().count())
        .max()
        .unwrap_or(0);
    let text = HELP
        .iter()
        .map(|(usage, what)| format!("{usage:<width$}  {what}"))
        .collect::<Vec<_>>()
        .join("\n");
    let commands: Vec<_> = HELP
        .iter()
        .map(|(usage, what)| json!({"usage": usage, "description": what}))
        .collect();
    Reply::new(text, json!({ "commands": commands }))
}

/// Refuse an `@AGENT` line for an agent the hub has never seen (a typo
/// would otherwise wait in the queue for nobody).
async fn known_agent(client: &Client, agent: &str) -> Result<(), ClientError> {
    let agents = client.list_agents().await?;
    if agents.iter().any(|a| a.id == agent) {
        return Ok(());
    }
    let mut known: Vec<&str> = agents.iter().map(|a| a.id.as_str()).collect();
    known.sort_unstable();
    Err(ClientError::UnknownAgent {
        agent: agent.to_string(),
        known: known.iter().map(|s| s.to_string()).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn empty_and_usage_run_nothing() {
        // A hub that does not exist: nothing may be contacted.
        let c = Client::new("http://127.0.0.1:9", "t").unwrap();
        let r = run_command(&c, &Command::Empty).await.unwrap();
        assert!(r.text.contains("status"));
        let r = run_command(
            &c,
            &Command::Usage {
                message: "usage: do TEXT".into(),
            },
        )
        .await
        .unwrap();
        assert!(r.text.starts_with("usage: do TEXT"));
        assert_eq!(r.json["error"]["code"], "usage");
    }
}
