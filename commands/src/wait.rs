//! Waiting for a task to finish.

use std::time::Duration;

use m3shd_api::{Event, StreamQuery, Task};
use m3shd_client::{Client, ClientError, StreamItem};

/// Wait for a task to reach a final status, via the event stream (replayed
/// from the start of the log, so an already finished task is seen too).
pub async fn wait_task(client: &Client, id: &str, bound: Duration) -> Result<Task, ClientError> {
    let first = client.get_task(id).await?;
    if first.status.is_final() {
        return Ok(first);
    }
    let mut stream = client.stream(StreamQuery {
        task: Some(id.to_string()),
        after: Some(0),
        ..Default::default()
    });
    let wait = async {
        loop {
            match stream.next().await? {
                StreamItem::Event(rec) => match rec.event {
                    Event::TaskCompleted { task }
                    | Event::TaskFailed { task }
                    | Event::TaskCancelled { task } => return Ok(task),
                    Event::TaskUpdated { task, .. } if task.status.is_final() => return Ok(task),
                    _ => {}
                },
                // The replay is gone (event retention): ask the task itself.
                StreamItem::Reset { .. } => {
                    let t = client.get_task(id).await?;
                    if t.status.is_final() {
                        return Ok(t);
                    }
                }
                _ => {}
            }
        }
    };
    match tokio::time::timeout(bound, wait).await {
        Ok(r) => r,
        Err(_) => Err(ClientError::Failed(format!(
            "task {id} did not finish within {} s",
            bound.as_secs()
        ))),
    }
}
