//! Mesh control over chat: `control SENTENCE` answers the hub's plan and
//! asks for `yes`; a `yes` from the same sender within [`CONFIRM_WINDOW`]
//! carries out the plan's operation (the sentence is not read again). The
//! offer is kept in `pending.json`, so it survives a restart of the bridge;
//! `no`, or any other message from that sender, withdraws it.

use m3shd_api::MeshControlAnswer;
use m3shd_api::grammar::Command;
use m3shd_client::ClientError;
use m3shd_commands::{Reply, execute_control, plan_text};

use crate::BridgeError;
use crate::bridge::Bridge;
use crate::channel::{Channel, Inbound};
use crate::offer::{CONFIRM_WINDOW, Offer, Verdict, verdict};

/// Whose `yes` counts: the sender's handle (the chat's, when unknown).
pub fn sender_of(msg: &Inbound) -> String {
    if msg.sender.is_empty() {
        msg.chat.handle.clone()
    } else {
        msg.sender.clone()
    }
}

/// What handling a message does about its sender's offer.
#[derive(Debug, PartialEq)]
pub enum Settle {
    /// Nothing: handle it as a command.
    Handle,
    /// It settled the offer; send this.
    Answer(String),
    /// The hub is out of reach: the offer stays, try the message again.
    Retry(String),
}

/// Settle the sender's offer with this message, if it has one.
pub async fn settle<C: Channel>(b: &Bridge<C>, msg: &Inbound) -> Result<Settle, BridgeError> {
    let sender = sender_of(msg);
    let offer = b.pending.get().controls.get(&sender).cloned();
    let answer = match verdict(offer, &msg.text, chrono::Utc::now()) {
        Verdict::NoOffer => return Ok(Settle::Handle),
        Verdict::Withdrawn => Settle::Handle,
        Verdict::Expired(o) => Settle::Answer(format!(
            "not run: the plan “{}” waited more than {} minutes; send the control line again",
            o.summary,
            CONFIRM_WINDOW.as_secs() / 60
        )),
        Verdict::Declined(o) => Settle::Answer(format!("not run: {}", o.summary)),
        Verdict::Run(o) => match execute_control(&b.client, &o.operation).await {
            Ok(reply) => Settle::Answer(reply.text),
            Err(e) if e.is_transient() => return Ok(Settle::Retry(e.to_string())),
            Err(ClientError::Api { body, .. }) => {
                Settle::Answer(format!("that did not work: {}", body.error.message))
            }
            Err(e) => Settle::Answer(format!("that did not work: {e}")),
        },
    };
    b.pending.update(|p| p.controls.remove(&sender))?;
    Ok(answer)
}

/// The reply to a command: for a `control` plan the token may carry out,
/// the plan with a request for `yes` (the offer is kept); otherwise the
/// command's own text.
pub fn reply_text<C: Channel>(
    b: &Bridge<C>,
    cmd: &Command,
    msg: &Inbound,
    reply: &Reply,
) -> Result<String, BridgeError> {
    let Command::Control { execute: false, .. } = cmd else {
        return Ok(reply.text.clone());
    };
    let Ok(plan) = serde_json::from_value::<MeshControlAnswer>(reply.json.clone()) else {
        return Ok(reply.text.clone());
    };
    if !plan.allowed {
        return Ok(plan_text(&plan));
    }
    let offer = Offer {
        operation: plan.operation.clone(),
        summary: plan.summary.clone(),
        asked_at: chrono::Utc::now(),
    };
    b.pending
        .update(|p| p.controls.insert(sender_of(msg), offer))?;
    Ok(format!(
        "{}\nreply yes within {} minutes to run it",
        plan_text(&plan),
        CONFIRM_WINDOW.as_secs() / 60
    ))
}
