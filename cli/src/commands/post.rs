//! `m3shd post "TEXT" [--channel C]`: a message to the mesh chat from any
//! terminal (`POST /api/messages`), e.g. for the Claude Code sessions whose
//! prompt hook shows it.

use std::process::ExitCode;

use m3shd_api::PostMessage;
use m3shd_client::Client;

use crate::args_assistant::PostArgs;
use crate::exit::CliError;
use crate::output;

pub async fn run(client: &Client, a: PostArgs) -> Result<ExitCode, CliError> {
    let content = a.text.join(" ");
    if content.trim().is_empty() {
        return Err(CliError::Usage(
            "usage: m3shd post TEXT [--channel C]".into(),
        ));
    }
    let req = PostMessage {
        content,
        channel: a.channel,
        sender: None,
        reply_to: None,
    };
    let m = client.post_message(&req).await?;
    if a.json {
        output::json(&m)?;
    } else {
        outln!("posted message {} to #{} as {}", m.id, m.channel, m.sender);
    }
    Ok(ExitCode::SUCCESS)
}
