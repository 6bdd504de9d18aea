//! The command runner the hub is handed for `POST /api/text` (by
//! `m3shd-hubd`, and by the all-in-one mesh of `m3shd up`): the `commands`
//! crate's [`run_text`] against the hub's own address, with the credential
//! the caller presented, so a line typed in the dashboard's chat does what
//! the same line texted to the bridge does, with exactly the caller's
//! permissions. Shared by two binaries (`#[path]` in `bin/hubd.rs`).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use m3shd_api::TextReply;
use m3shd_api::grammar;
use m3shd_client::{Client, ClientError};
use m3shd_commands::{RunOptions, failure_text, run_text};
use m3shd_hubd::{TextCall, TextRunner};

/// How long free text waits for a chat agent's answer (the bridge's
/// default); a later answer reaches the dashboard on the event stream.
const CHAT_WAIT: Duration = Duration::from_secs(5);

/// The runner. Its calls share one connection pool per hub address.
pub fn runner() -> TextRunner {
    let pool: Arc<Mutex<Option<Client>>> = Arc::default();
    Arc::new(move |call: TextCall| {
        let pool = pool.clone();
        Box::pin(async move { run(&pool, call).await })
    })
}

/// A client for `hub_url` without a token, made once.
fn base(pool: &Mutex<Option<Client>>, hub_url: &str) -> Result<Client, ClientError> {
    let mut slot = pool.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(c) = slot.as_ref().filter(|c| c.base_url() == hub_url) {
        return Ok(c.clone());
    }
    let c = Client::anonymous(hub_url)?;
    *slot = Some(c.clone());
    Ok(c)
}

async fn run(pool: &Mutex<Option<Client>>, call: TextCall) -> TextReply {
    let client = base(pool, &call.hub_url).and_then(|c| c.with_token(call.credential.expose()));
    let client = match client {
        Ok(c) => c,
        Err(e) => {
            let cmd = grammar::parse(&call.text);
            return TextReply {
                reply: failure_text(&cmd, &e),
                command: cmd.name().to_string(),
                is_command: !matches!(cmd, grammar::Command::Chat { .. }),
                task_id: None,
                error: Some("failed".into()),
                data: m3shd_commands::Reply::from_error(&e).json,
            };
        }
    };
    let opts = RunOptions {
        chat_wait: CHAT_WAIT,
        ..RunOptions::default()
    };
    run_text(&client, &call.text, &opts).await
}
