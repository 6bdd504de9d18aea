//! A free-text line: posted as a chat message, answered by a chat agent
//! when one is online and answers in time.

use m3shd_api::{Event, Message, PostMessage, StreamQuery};
use m3shd_client::{Client, ClientError, StreamItem};
use serde_json::json;

use crate::options::RunOptions;
use crate::reply::Reply;
use crate::reports::online;

/// Capability a worker advertises to answer chat.
pub const CHAT_CAPABILITY: &str = "chat";

pub(crate) async fn chat(
    client: &Client,
    text: &str,
    opts: &RunOptions,
) -> Result<Reply, ClientError> {
    let agents = client.list_agents().await?;
    let answerer = agents
        .iter()
        .any(|a| online(a) && a.capabilities.iter().any(|c| c == CHAT_CAPABILITY));
    // Events after this id include any answer to the message posted next.
    let after = client.status().await?.last_event_id;
    let msg = client
        .post_message(&PostMessage {
            content: text.to_string(),
            channel: None,
            sender: None,
            reply_to: None,
        })
        .await?;
    let stored = |why: &str| {
        Reply::new(
            format!("stored as message {} ({why})", msg.id),
            json!({"message": msg, "reply": null}),
        )
    };
    if !answerer {
        return Ok(stored("no chat agent is online to answer"));
    }
    let mut stream = client.stream(StreamQuery {
        types: Some("message_posted".into()),
        after: Some(after),
        ..Default::default()
    });
    let wait = async {
        loop {
            if let StreamItem::Event(rec) = stream.next().await?
                && let Event::MessagePosted { message } = rec.event
                && message.reply_to == Some(msg.id)
            {
                return Ok::<Message, ClientError>(message);
            }
        }
    };
    match tokio::time::timeout(opts.chat_wait, wait).await {
        Ok(answer) => {
            let answer = answer?;
            Ok(Reply::new(
                format!("{}: {}", answer.sender, answer.content),
                json!({"message": msg, "reply": answer}),
            ))
        }
        Err(_) => Ok(stored(&format!(
            "no answer within {} s",
            opts.chat_wait.as_secs()
        ))),
    }
}
