//! Handling: each inbox job, in order, runs through the shared grammar
//! exactly as `m3shd text` does; the reply goes to the outbox. Commands
//! that create work leave a waiter for the task's result. A hub that cannot
//! be reached leaves the job in the inbox to be tried again with backoff;
//! the tasks a retried command creates carry the message's idempotency key,
//! so a retry never creates them twice. Tasks that images go to are
//! created held and released once the images are uploaded, so no worker
//! starts one without them. A `control` plan waits for its sender's `yes`
//! (`confirm`).

use std::sync::Arc;
use std::time::Duration;

use m3shd_api::ErrorCode;
use m3shd_api::grammar::{self, Command};
use m3shd_commands::{Reply, RunOptions, run_command_with};
use m3shd_common::durable::Entry;

use crate::BridgeError;
use crate::attachments::{Policy, Verdict};
use crate::bridge::{Bridge, Job, Stage, Waiter};
use crate::channel::{AttachmentRef, Channel};
use crate::confirm;

/// A message this recent whose image file is not there yet is tried again:
/// Messages writes the row before the download finishes.
const DOWNLOAD_GRACE: Duration = Duration::from_secs(120);

enum Step {
    Done,
    Retry(String),
}

pub async fn run<C: Channel>(b: Arc<Bridge<C>>) -> Result<(), BridgeError> {
    while let Some((key, mut entry)) = b.inbox.next_due(&b.shutdown).await {
        // Stopping mid-command is safe: the job stays and runs again.
        let step = tokio::select! {
            biased;
            _ = b.shutdown.cancelled() => return Ok(()),
            step = handle(&b, key, &mut entry) => step?,
        };
        match step {
            Step::Done => b.inbox.remove(key)?,
            Step::Retry(why) => {
                let delay = b.backoff(entry.attempts + 1);
                let e = b.inbox.retry_later(key, entry, why.clone(), delay)?;
                tracing::warn!(rowid = key, attempt = e.attempts, retry_in_ms = m3shd_common::duration::millis(delay),
                    error = %why, "message not handled yet; will retry");
            }
        }
    }
    Ok(())
}

fn is_recent(sent_at: Option<m3shd_api::Timestamp>) -> bool {
    sent_at.is_some_and(|t| {
        chrono::Utc::now()
            .signed_duration_since(t)
            .to_std()
            .is_ok_and(|age| age < DOWNLOAD_GRACE)
    })
}

use m3shd_commands::{failure_text, plain};

/// The tasks a command created, whose results the sender is owed.
pub fn created_tasks(cmd: &Command, reply: &Reply) -> Vec<String> {
    match cmd {
        Command::Do { .. } | Command::Ask { .. } | Command::Retry { .. } => {
            reply.task_id.iter().cloned().collect()
        }
        Command::Auto { .. } => reply.json["tasks"]
            .as_array()
            .map(|tasks| {
                tasks
                    .iter()
                    .filter_map(|t| t["id"].as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

async fn handle<C: Channel>(
    b: &Bridge<C>,
    key: u64,
    entry: &mut Entry<Job>,
) -> Result<Step, BridgeError> {
    if matches!(entry.item.stage, Stage::Uploading { .. }) {
        return upload(b, key, entry).await;
    }
    let msg = entry.item.msg.clone();
    let to = &msg.chat;

    let mut accepted = Vec::new();
    let mut refused = Vec::new();
    for a in &msg.attachments {
        let name = Policy::name_of(a);
        match b.attachments.check(a) {
            Verdict::Accepted(_) => accepted.push(a.clone()),
            Verdict::Missing if is_recent(msg.sent_at) => {
                return Ok(Step::Retry(format!(
                    "attachment {name} is not downloaded yet"
                )));
            }
            Verdict::Missing => refused.push((
                name,
                "the file is not on this Mac (was it downloaded?)".to_string(),
            )),
            Verdict::Refused(why) => refused.push((name, why)),
        }
    }
    for (name, why) in &refused {
        tracing::info!(rowid = msg.id, attachment = %name, reason = %why, "attachment refused");
    }
    let refusals = |b: &Bridge<C>| -> Result<(), BridgeError> {
        for (name, why) in &refused {
            b.say(to, &format!("image {name} refused: {why}"))?;
        }
        Ok(())
    };

    // A `yes` (or `no`) to a `control` plan; any other message withdraws it.
    match confirm::settle(b, &msg).await? {
        confirm::Settle::Handle => {}
        confirm::Settle::Retry(why) => return Ok(Step::Retry(why)),
        confirm::Settle::Answer(text) => {
            refusals(b)?;
            b.say(to, &text)?;
            return Ok(Step::Done);
        }
    }

    let cmd = grammar::parse(&msg.text);
    if matches!(cmd, Command::Empty) && !msg.attachments.is_empty() {
        refusals(b)?;
        if !accepted.is_empty() {
            b.say(
                to,
                &format!(
                    "{} received, but no command came with it: send it with `do …` or \
                     `@agent …` to give it to a task",
                    names(&accepted)
                ),
            )?;
        }
        return Ok(Step::Done);
    }
    if let Command::Auto { goal } = &cmd
        && entry.item.stage == Stage::New
    {
        b.say(to, &format!("planning “{goal}” …"))?;
        entry.item.stage = Stage::Acked;
        b.inbox.save(key, entry)?;
    }

    let opts = RunOptions {
        chat_wait: b.cfg.chat_wait,
        idempotency_key: Some(format!("{}:{}", b.channel.name(), message_key(&msg))),
        hold: !accepted.is_empty(),
        ..Default::default()
    };
    tracing::info!(rowid = msg.id, command = cmd.name(), "running");
    let reply = match run_command_with(&b.client, &cmd, &opts).await {
        Ok(r) => r,
        Err(e) if e.is_transient() => return Ok(Step::Retry(e.to_string())),
        Err(e) => {
            tracing::info!(rowid = msg.id, command = cmd.name(), error = %e, "command failed");
            refusals(b)?;
            b.say(to, &failure_text(&cmd, &e))?;
            return Ok(Step::Done);
        }
    };
    refusals(b)?;
    b.say(to, &confirm::reply_text(b, &cmd, &msg, &reply)?)?;

    let created = created_tasks(&cmd, &reply);
    let now = chrono::Utc::now();
    let waiter = Waiter {
        to: to.clone(),
        since: now,
    };
    let chat_line = match (&cmd, reply.json["reply"].is_null()) {
        (Command::Chat { .. }, true) => reply.json["message"]["id"].as_i64(),
        _ => None,
    };
    if !created.is_empty() || chat_line.is_some() {
        b.pending.update(|p| {
            for id in &created {
                p.tasks.insert(id.clone(), waiter.clone());
            }
            if let Some(m) = chat_line {
                p.chats.insert(m, waiter.clone());
            }
        })?;
        b.pending_added.notify_one();
    }

    if accepted.is_empty() {
        return Ok(Step::Done);
    }
    if created.is_empty() {
        b.say(
            to,
            &format!(
                "{} not attached: only do, @agent and auto create a task to attach it to",
                names(&accepted)
            ),
        )?;
        return Ok(Step::Done);
    }
    entry.item.stage = Stage::Uploading {
        tasks: created,
        files: accepted,
    };
    b.inbox.save(key, entry)?;
    upload(b, key, entry).await
}

/// The message's stable identity for idempotency keys.
fn message_key(msg: &crate::channel::Inbound) -> String {
    if msg.guid.is_empty() {
        format!("rowid-{}", msg.id)
    } else {
        msg.guid.clone()
    }
}

fn names(files: &[AttachmentRef]) -> String {
    let names: Vec<String> = files.iter().map(Policy::name_of).collect();
    format!("image {}", names.join(", "))
}

/// Send each accepted image to every task the message created; a file
/// done is taken off the job, so a retry goes on with the next. Then the
/// tasks, created held, may run.
async fn upload<C: Channel>(
    b: &Bridge<C>,
    key: u64,
    entry: &mut Entry<Job>,
) -> Result<Step, BridgeError> {
    let to = entry.item.msg.chat.clone();
    loop {
        let Stage::Uploading { tasks, files } = &entry.item.stage else {
            return Ok(Step::Done);
        };
        let Some(file) = files.first().cloned() else {
            return release(b, tasks).await;
        };
        let tasks = tasks.clone();
        let policy = b.attachments.clone();
        let f = file.clone();
        let read = tokio::task::spawn_blocking(move || policy.read(&f))
            .await
            .map_err(|e| BridgeError::Io(format!("reading an attachment: {e}")))?;
        let name = Policy::name_of(&file);
        match read {
            Err(verdict) => {
                let why = match verdict {
                    Verdict::Refused(why) => why,
                    _ => "the file is gone".to_string(),
                };
                tracing::info!(rowid = key, attachment = %name, reason = %why, "attachment refused at upload");
                b.say(&to, &format!("image {name} not attached: {why}"))?;
            }
            Ok((acc, bytes)) => {
                let mut attached = Vec::new();
                for task in &tasks {
                    match b
                        .client
                        .upload_attachment(task, &acc.name, acc.mime, bytes.clone())
                        .await
                    {
                        Ok(a) => {
                            tracing::info!(task = %task, attachment = %a.id, bytes = a.size, "image uploaded");
                            attached.push(task.clone());
                        }
                        Err(e) if e.is_transient() => return Ok(Step::Retry(e.to_string())),
                        Err(e) => b.say(
                            &to,
                            &format!("image {name} not attached to task {task}: {}", plain(&e)),
                        )?,
                    }
                }
                if !attached.is_empty() {
                    b.say(
                        &to,
                        &format!("image {name} attached to task {}", attached.join(", ")),
                    )?;
                }
            }
        }
        if let Stage::Uploading { files, .. } = &mut entry.item.stage {
            files.remove(0);
        }
        b.inbox.save(key, entry)?;
    }
}

/// Let held tasks go. One already gone or finished needs nothing; a hub
/// that cannot be reached is tried again later.
async fn release<C: Channel>(b: &Bridge<C>, tasks: &[String]) -> Result<Step, BridgeError> {
    let go = m3shd_api::UpdateTask {
        held: Some(false),
        ..Default::default()
    };
    for task in tasks {
        match b.client.update_task(task, &go).await {
            Ok(_) => tracing::info!(task = %task, "task released to run"),
            Err(e) if e.is_transient() => return Ok(Step::Retry(e.to_string())),
            Err(e)
                if matches!(
                    e.code(),
                    Some(ErrorCode::NotFound | ErrorCode::InvalidTransition)
                ) => {}
            Err(e) => tracing::warn!(task = %task, error = %e, "cannot release a held task"),
        }
    }
    Ok(Step::Done)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn created_tasks_come_from_the_reply() {
        let reply = |task_id: Option<&str>, json| Reply {
            text: String::new(),
            json,
            task_id: task_id.map(String::from),
        };
        let r = reply(Some("t1"), json!({}));
        assert_eq!(created_tasks(&Command::Do { text: "x".into() }, &r), ["t1"]);
        let r = reply(
            Some("plan"),
            json!({"tasks": [{"id": "a"}, {"id": "b"}], "plan": {"id": "plan"}}),
        );
        assert_eq!(
            created_tasks(&Command::Auto { goal: "g".into() }, &r),
            ["a", "b"]
        );
        let r = reply(Some("t9"), json!({}));
        assert!(created_tasks(&Command::Approve { id: None }, &r).is_empty());
    }
}
