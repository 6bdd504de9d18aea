//! The grammar words as subcommands (`approve`, `reject`, `pending`,
//! `costs`, `budget`, `escalations`, `context`, `ask`, `auto`, `summary`,
//! `chat`) and
//! `text "LINE"`, which runs a raw line exactly as the iMessage bridge does.
//! Each goes through `m3shd_commands::run_command`, so a subcommand and its
//! grammar line give the same reply.

use std::process::ExitCode;

use m3shd_api::EscalationStatus;
use m3shd_api::grammar::{self, Command, USAGE};
use m3shd_client::Client;
use m3shd_commands::{RunOptions, run_command_with};

use crate::args_control::{
    AskArgs, BudgetCmd, ContextArgs, CostsArgs, DecideArgs, EscalationAction, EscalationFilter,
    EscalationsArgs, LineArgs, SummaryArgs, TextArgs,
};
use crate::exit::CliError;
use crate::output;

/// Run a grammar command; print the reply's text, or its JSON with `--json`.
/// A misused command word is a usage error (exit 2) and runs nothing.
pub async fn grammar_word(client: &Client, cmd: Command, json: bool) -> Result<ExitCode, CliError> {
    grammar_word_with(client, cmd, json, &RunOptions::default()).await
}

async fn grammar_word_with(
    client: &Client,
    cmd: Command,
    json: bool,
    opts: &RunOptions,
) -> Result<ExitCode, CliError> {
    // Arguments are checked before anything is sent.
    let cmd = grammar::check(cmd);
    match &cmd {
        Command::Empty => return Err(CliError::Usage(format!("empty command; {USAGE}"))),
        Command::Usage { message } => return Err(CliError::Usage(message.clone())),
        _ => {}
    }
    let reply = run_command_with(client, &cmd, opts).await?;
    if json {
        output::json(&reply.json)?;
    } else {
        outln!("{}", reply.text);
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn approve(client: &Client, a: DecideArgs) -> Result<ExitCode, CliError> {
    grammar_word(client, Command::Approve { id: a.id }, a.json).await
}

pub async fn reject(client: &Client, a: DecideArgs) -> Result<ExitCode, CliError> {
    grammar_word(client, Command::Reject { id: a.id }, a.json).await
}

/// `task retry ID`: the grammar's `retry ID`.
pub async fn retry(client: &Client, id: String, json: bool) -> Result<ExitCode, CliError> {
    grammar_word(client, Command::Retry { id }, json).await
}

pub async fn pending(client: &Client, json: bool) -> Result<ExitCode, CliError> {
    grammar_word(client, Command::Pending, json).await
}

pub async fn costs(client: &Client, a: CostsArgs) -> Result<ExitCode, CliError> {
    let Some(day) = a.day else {
        return grammar_word(client, Command::Costs, a.json).await;
    };
    let r = client.costs(Some(&day)).await?;
    if a.json {
        output::json(&r)?;
        return Ok(ExitCode::SUCCESS);
    }
    outln!(
        "costs {}: {} tokens · {}",
        r.day,
        r.total_tokens,
        m3shd_commands::usd(r.total_cost_usd)
    );
    let rows: Vec<Vec<String>> = r
        .agents
        .iter()
        .map(|s| {
            vec![
                s.agent_id.clone(),
                s.tokens.to_string(),
                s.token_cap.to_string(),
                format!("{:.4}", s.cost_usd),
                if s.capped {
                    "capped".into()
                } else {
                    "-".into()
                },
            ]
        })
        .collect();
    if !rows.is_empty() {
        output::table(&["AGENT", "TOKENS", "CAP", "USD", "STATE"], &rows);
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn budget(client: &Client, c: BudgetCmd) -> Result<ExitCode, CliError> {
    // A key or value the grammar would refuse is a usage error here too.
    let checked = |key: &str, value: Option<&str>| {
        key.parse::<m3shd_api::BudgetKey>()
            .and_then(|k| k.change(value))
            .map(|_| ())
            .map_err(CliError::Usage)
    };
    let (cmd, json) = match c {
        BudgetCmd::Show { json } => (Command::BudgetShow, json),
        BudgetCmd::Set { key, value, json } => {
            checked(&key, Some(&value))?;
            (Command::BudgetSet { key, value }, json)
        }
        BudgetCmd::Unset { key, json } => {
            checked(&key, None)?;
            (Command::BudgetUnset { key }, json)
        }
    };
    grammar_word(client, cmd, json).await
}

pub async fn escalations(client: &Client, a: EscalationsArgs) -> Result<ExitCode, CliError> {
    if let Some(action) = a.action {
        let id =
            a.id.ok_or_else(|| CliError::Usage("usage: escalations ack|resolve ID".into()))?;
        let status = match action {
            EscalationAction::Ack => EscalationStatus::Acknowledged,
            EscalationAction::Resolve => EscalationStatus::Resolved,
        };
        let e = client.update_escalation(&id, status).await?;
        if a.json {
            output::json(&e)?;
        } else {
            outln!("escalation {} {}", e.id, json_word(&e.status));
        }
        return Ok(ExitCode::SUCCESS);
    }
    if a.id.is_some() {
        return Err(CliError::Usage(
            "usage: escalations [ack|resolve ID] [--status S]".into(),
        ));
    }
    let status = match a.status {
        None | Some(EscalationFilter::Open) => {
            return grammar_word(client, Command::Escalations, a.json).await;
        }
        Some(EscalationFilter::Acknowledged) => Some("acknowledged"),
        Some(EscalationFilter::Resolved) => Some("resolved"),
        Some(EscalationFilter::All) => None,
    };
    let list = client.list_escalations(status).await?;
    if a.json {
        output::json(&list)?;
        return Ok(ExitCode::SUCCESS);
    }
    if list.escalations.is_empty() {
        outln!("no escalations");
        return Ok(ExitCode::SUCCESS);
    }
    let rows: Vec<Vec<String>> = list
        .escalations
        .iter()
        .map(|e| {
            vec![
                e.id.clone(),
                json_word(&e.status),
                e.from_agent.clone().unwrap_or_else(|| "-".into()),
                e.to_agent.clone(),
                e.task_id.clone().unwrap_or_else(|| "-".into()),
                output::age(e.created_at),
                output::short(&e.reason, 40),
            ]
        })
        .collect();
    output::table(
        &["ID", "STATUS", "FROM", "TO", "TASK", "AGE", "REASON"],
        &rows,
    );
    Ok(ExitCode::SUCCESS)
}

/// A serde enum's wire word (`acknowledged`).
fn json_word<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

pub async fn context(client: &Client, a: ContextArgs) -> Result<ExitCode, CliError> {
    if a.args.first().map(String::as_str) == Some("rm") {
        let [_, key] = a.args.as_slice() else {
            return Err(CliError::Usage("usage: context rm KEY".into()));
        };
        client.delete_context(key).await?;
        if !a.json {
            outln!("context {key} deleted");
        }
        return Ok(ExitCode::SUCCESS);
    }
    // `context k=v`, `context k = v` and `context` are the grammar's
    // `@context …` lines.
    let cmd = grammar::parse(&format!("@context {}", a.args.join(" ")));
    grammar_word(client, cmd, a.json).await
}

pub async fn ask(client: &Client, a: AskArgs) -> Result<ExitCode, CliError> {
    let agent = grammar::agent_name(&a.agent).ok_or_else(|| {
        CliError::Usage(format!(
            "`{}` is not an agent name ([a-z0-9-], at most {})",
            a.agent,
            grammar::MAX_AGENT_NAME
        ))
    })?;
    let text = joined(&a.text).ok_or_else(|| CliError::Usage("usage: ask AGENT TEXT".into()))?;
    let opts = RunOptions {
        allow_unknown_agent: a.allow_unknown_agent,
        ..Default::default()
    };
    grammar_word_with(client, Command::Ask { agent, text }, a.json, &opts).await
}

pub async fn auto(client: &Client, a: TextArgs) -> Result<ExitCode, CliError> {
    let goal = joined(&a.text).ok_or_else(|| CliError::Usage("usage: auto GOAL".into()))?;
    grammar_word(client, Command::Auto { goal }, a.json).await
}

pub async fn summary(client: &Client, a: SummaryArgs) -> Result<ExitCode, CliError> {
    let Some(limit) = a.limit else {
        return grammar_word(client, Command::Summary, a.json).await;
    };
    let s = client.summary(Some(limit)).await?;
    if a.json {
        output::json(&s)?;
        return Ok(ExitCode::SUCCESS);
    }
    // The same rendering as the grammar's reply, just with more lines.
    outln!(
        "done {} · failed {} · running {} · queued {}",
        s.done,
        s.failed,
        s.running,
        s.queued
    );
    for l in &s.recent {
        outln!(
            "{} {} {}: {}",
            m3shd_commands::status_icon(l.status),
            l.id,
            output::short(&l.title, 30),
            output::short(&l.excerpt, 40)
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn chat(client: &Client, a: TextArgs) -> Result<ExitCode, CliError> {
    let text = joined(&a.text).ok_or_else(|| CliError::Usage("usage: chat TEXT".into()))?;
    grammar_word(client, Command::Chat { text }, a.json).await
}

/// `m3shd text "LINE"`: parse and run, exactly as the bridge does.
pub async fn text(client: &Client, a: LineArgs) -> Result<ExitCode, CliError> {
    let cmd = grammar::parse(&a.line.join(" "));
    let opts = RunOptions {
        allow_unknown_agent: a.allow_unknown_agent,
        ..Default::default()
    };
    grammar_word_with(client, cmd, a.json, &opts).await
}

fn joined(words: &[String]) -> Option<String> {
    let s = words.join(" ");
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}
