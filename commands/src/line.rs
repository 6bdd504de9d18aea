//! A typed line, start to finish: parse it, run it with a credential's own
//! permissions, and word the answer (or the failure) as the bridge texts it
//! back. `POST /api/text` answers with this.

use m3shd_api::grammar::{self, Command};
use m3shd_api::{ErrorCode, TextReply};
use m3shd_client::{Client, ClientError};

use crate::options::RunOptions;
use crate::run::run_command_with;

/// The hub's message for an error, without codes and statuses: the reply
/// is read on a phone.
pub fn plain(err: &ClientError) -> String {
    match err {
        ClientError::Api { body, .. } => body.error.message.clone(),
        other => other.to_string(),
    }
}

/// What to answer when a command failed for good.
pub fn failure_text(cmd: &Command, err: &ClientError) -> String {
    let not_found = err.code() == Some(ErrorCode::NotFound);
    match cmd {
        Command::Approve { id: None } if not_found => {
            "nothing to approve: no request is waiting (send `pending` to see requests)".into()
        }
        Command::Reject { id: None } if not_found => {
            "nothing to reject: no request is waiting (send `pending` to see requests)".into()
        }
        Command::Approve { id: Some(id) } | Command::Reject { id: Some(id) } if not_found => {
            format!("there is no approval request {id} (send `pending` to see requests)")
        }
        _ => format!("that did not work: {}", plain(err)),
    }
}

/// Parse `line` and run it against `client`.
pub async fn run_text(client: &Client, line: &str, opts: &RunOptions) -> TextReply {
    let cmd = grammar::parse(line);
    let mut answer = TextReply {
        command: cmd.name().to_string(),
        is_command: !matches!(cmd, Command::Chat { .. }),
        ..TextReply::default()
    };
    match run_command_with(client, &cmd, opts).await {
        Ok(reply) => {
            answer.reply = reply.text;
            answer.task_id = reply.task_id;
            answer.data = reply.json;
        }
        Err(e) => {
            answer.data = crate::Reply::from_error(&e).json;
            answer.reply = failure_text(&cmd, &e);
            answer.error = Some(
                e.code()
                    .map_or_else(|| "failed".to_string(), |c| c.as_str().to_string()),
            );
        }
    }
    answer
}

#[cfg(test)]
mod tests {
    use super::*;
    use m3shd_api::ErrorBody;

    fn api(code: ErrorCode, msg: &str) -> ClientError {
        ClientError::Api {
            status: code.http_status(),
            body: ErrorBody::new(code, msg),
        }
    }

    #[test]
    fn a_bare_approve_with_nothing_pending_reads_kindly() {
        let e = api(ErrorCode::NotFound, "no pending approval");
        let t = failure_text(&Command::Approve { id: None }, &e);
        assert!(t.starts_with("nothing to approve"), "{t}");
        assert!(!t.contains("404") && !t.contains("not_found"), "{t}");
        let t = failure_text(&Command::Reject { id: None }, &e);
        assert!(t.starts_with("nothing to reject"), "{t}");
        let t = failure_text(
            &Command::Do { text: "x".into() },
            &api(ErrorCode::Validation, "prompt is empty"),
        );
        assert_eq!(t, "that did not work: prompt is empty");
    }

    #[tokio::test]
    async fn a_hub_out_of_reach_is_a_failure_in_words() {
        // Nothing listens on the discard port.
        let c = Client::new("http://127.0.0.1:9", "t").unwrap();
        let r = run_text(&c, "status", &RunOptions::default()).await;
        assert_eq!(r.command, "status");
        assert!(r.is_command);
        assert_eq!(r.error.as_deref(), Some("failed"));
        assert!(r.reply.starts_with("that did not work: "), "{}", r.reply);
        let r = run_text(&c, "help", &RunOptions::default()).await;
        assert!(r.error.is_none() && r.reply.contains("status"), "{r:?}");
    }
}
