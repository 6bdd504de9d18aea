//! Effects performed for real: each one is an API call against the hub.

use m3shd_api::grammar::Command;
use m3shd_api::*;
use m3shd_client::{Client, ClientError};
use m3shd_commands::{Reply, run_command};
use tokio::sync::mpsc::UnboundedSender;

use crate::effects::{
    AMENDMENT_PAGE, AmendmentDecision, Effect, Effects, Outcome, Snapshot, TASK_PAGE,
};
use crate::input::Input;

/// Runs each effect as a tokio task against the hub and sends its outcome
/// back into the run loop's input channel.
pub struct HubEffects {
    pub client: Client,
    pub tx: UnboundedSender<Input>,
}

impl Effects for HubEffects {
    fn perform(&self, effect: Effect) {
        let client = self.client.clone();
        let tx = self.tx.clone();
        tokio::spawn(async move {
            let outcome = execute(&client, effect).await;
            let _ = tx.send(Input::Outcome(outcome));
        });
    }
}

fn failed(what: &str, e: &ClientError) -> Outcome {
    Outcome::Done {
        text: format!("{what}: {e}"),
        error: true,
    }
}

/// One effect against the hub.
pub async fn execute(client: &Client, effect: Effect) -> Outcome {
    match effect {
        Effect::Snapshot => match snapshot(client).await {
            Ok(s) => Outcome::Snapshot(Box::new(s)),
            Err(e) => failed("snapshot", &e),
        },
        Effect::Refresh => match refresh(client).await {
            Ok((status, agents)) => Outcome::Refreshed {
                status,
                agents,
                peers: peers(client).await,
            },
            Err(e) => failed("refresh", &e),
        },
        Effect::LoadOlder(cursor) => {
            let q = TaskQuery {
                limit: Some(TASK_PAGE),
                before: Some(cursor.clone()),
                ..Default::default()
            };
            match client.list_tasks(&q).await {
                Ok(tasks) => Outcome::Older { cursor, tasks },
                Err(e) => failed("older tasks", &e),
            }
        }
        Effect::RunLine(line) => {
            let cmd = m3shd_api::grammar::parse(&line);
            reply(line, run_command(client, &cmd).await)
        }
        Effect::Chat(text) => {
            let cmd = Command::Chat { text: text.clone() };
            reply(text, run_command(client, &cmd).await)
        }
        Effect::CancelTask(id) => match client.cancel_task(&id).await {
            Ok(t) => Outcome::Task(Box::new(t)),
            Err(e) => failed("cancel", &e),
        },
        Effect::RetryTask(id) => match client.retry_task(&id).await {
            Ok(t) => Outcome::Task(Box::new(t)),
            Err(e) => failed("retry", &e),
        },
        Effect::SetPriority { task_id, priority } => {
            let req = UpdateTask {
                priority: Some(priority),
                ..Default::default()
            };
            match client.update_task(&task_id, &req).await {
                Ok(t) => Outcome::Task(Box::new(t)),
                Err(e) => failed("priority", &e),
            }
        }
        Effect::Decide {
            approval_id,
            decision,
        } => match client.decide_approval(Some(&approval_id), decision).await {
            Ok(a) => Outcome::Approval(Box::new(a)),
            Err(e) => failed("decision", &e),
        },
        Effect::UpdateEscalation { id, status } => {
            match client.update_escalation(&id, status).await {
                Ok(e) => Outcome::Escalation(Box::new(e)),
                Err(e) => failed("escalation", &e),
            }
        }
        Effect::DecideAmendment { id, decision } => {
            let done = match decision {
                AmendmentDecision::Apply => client.apply_amendment(&id).await,
                AmendmentDecision::Reject => client.reject_amendment(&id, None).await,
                AmendmentDecision::Revert => client.revert_amendment(&id).await,
            };
            match done {
                Ok(a) => Outcome::Amendment(Box::new(a)),
                Err(e) => failed(decision.word(), &e),
            }
        }
        Effect::LoadOutput(task_id) => {
            let q = StreamQuery {
                types: Some("task_output".into()),
                task: Some(task_id.clone()),
                limit: Some(500),
                ..Default::default()
            };
            match client.events(&q).await {
                Ok(events) => Outcome::Output { task_id, events },
                Err(e) => failed("output", &e),
            }
        }
        Effect::LoadPipeline(id) => match client.get_pipeline(&id).await {
            Ok(p) => Outcome::Pipeline(Box::new(p)),
            Err(e) => failed("pipeline", &e),
        },
        Effect::LoadGraph(task_id) => match client.task_graph(&task_id).await {
            Ok(g) => Outcome::Graph(Box::new(g)),
            Err(e) => Outcome::GraphFailed {
                task_id,
                error: e.to_string(),
            },
        },
    }
}

fn reply(line: String, r: Result<Reply, ClientError>) -> Outcome {
    match r {
        Ok(r) => Outcome::Reply {
            line,
            text: r.text,
            error: false,
        },
        Err(e) => Outcome::Reply {
            line,
            text: Reply::from_error(&e).text,
            error: true,
        },
    }
}

async fn refresh(client: &Client) -> Result<(StatusSummary, Vec<Agent>), ClientError> {
    Ok((client.status().await?, client.list_agents().await?))
}

/// The hub's peers. A token without `admin:federation` (403) or a hub
/// without federation (404) has none to show: the section stays hidden.
async fn peers(client: &Client) -> Option<Vec<Peer>> {
    match client.peers().await {
        Ok(peers) => Some(peers),
        Err(ClientError::Api {
            status: 403 | 404, ..
        }) => Some(Vec::new()),
        Err(_) => None,
    }
}

async fn snapshot(client: &Client) -> Result<Snapshot, ClientError> {
    // The event id first: events after it that arrive meanwhile are
    // re-applied on top of the snapshot.
    let status = client.status().await?;
    let agents = client.list_agents().await?;
    let tasks = client
        .list_tasks(&TaskQuery {
            limit: Some(TASK_PAGE),
            ..Default::default()
        })
        .await?;
    // Optional parts: an older hub or a narrower token still gets a console.
    let approvals = client
        .list_approvals(None)
        .await
        .map(|l| l.approvals)
        .unwrap_or_default();
    let escalations = client
        .list_escalations(None)
        .await
        .map(|l| l.escalations)
        .unwrap_or_default();
    let costs = client.costs(None).await.ok();
    let pipelines = client
        .list_pipelines()
        .await
        .map(|l| l.pipelines)
        .unwrap_or_default();
    let messages = client
        .messages(&MessageQuery {
            limit: Some(200),
            ..Default::default()
        })
        .await
        .unwrap_or_default();
    let amendments = client
        .list_amendments(&AmendmentQuery {
            limit: Some(AMENDMENT_PAGE),
            ..Default::default()
        })
        .await
        .map(|l| l.amendments)
        .unwrap_or_default();
    Ok(Snapshot {
        last_event_id: status.last_event_id,
        status,
        agents,
        tasks,
        approvals,
        escalations,
        costs,
        pipelines,
        messages,
        amendments,
    })
}
