//! Chat: an operator's message on `general` becomes a task for an online
//! agent with the `chat` capability; its result is posted as the reply.

use m3shd_api::{Event, Message, Task};

use super::{Ctx, DomainError};

pub const CHAT_CAPABILITY: &str = "chat";
pub const CHAT_CHANNEL: &str = "general";

/// Whether a message on the chat channel gets an answer: some online agent
/// can answer, and the message is not a worker's own announcement (a
/// registered agent talks, it does not ask). People, API keys and agent
/// tokens that relay people (the iMessage bridge) are answered.
pub(crate) fn wants_answer(cx: &Ctx<'_, '_>, msg: &Message) -> Result<bool, DomainError> {
    if msg.sender_type == "agent" && cx.tx.agents().get_state(&msg.sender)?.is_some() {
        return Ok(false);
    }
    Ok(cx
        .tx
        .agents()
        .dispatch_candidates()?
        .iter()
        .any(|c| c.capabilities.iter().any(|cap| cap == CHAT_CAPABILITY)))
}

/// "chat: first line…" (short).
pub fn title_for(content: &str) -> String {
    let line = super::validate::default_title(content);
    format!("chat: {line}")
}

/// A finished chat task: post its output as the agent's reply.
pub(crate) fn answer(cx: &mut Ctx<'_, '_>, task: &Task) -> Result<(), DomainError> {
    if task.required_capability.as_deref() != Some(CHAT_CAPABILITY) {
        return Ok(());
    }
    let Some(original) = cx.tx.messages().chat_message_of(&task.id)? else {
        return Ok(());
    };
    let reply = reply_text(task);
    let sender = task.assigned_to.clone().unwrap_or_else(|| "agent".into());
    let msg: Message = cx.tx.messages().insert(
        &sender,
        "agent",
        &original.channel,
        &reply,
        Some(original.id),
    )?;
    cx.tx.emit(Event::MessagePosted { message: msg })?;
    Ok(())
}

fn reply_text(task: &Task) -> String {
    let out = task.output.as_deref().unwrap_or("").trim();
    if out.is_empty() {
        "(no answer)".into()
    } else {
        out.chars()
            .take(m3shd_api::limits::MAX_MESSAGE_BYTES / 4)
            .collect()
    }
}
