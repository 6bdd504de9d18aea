//! Streaming output: how many chunks a worker can push through the hub
//! into its store. A probe agent with a capability of its own takes one
//! task and streams `chunks` pieces of output into it, one after another,
//! the way a worker relays a model's tokens; then it completes the task
//! and leaves.

use std::time::{Duration, Instant};

use m3shd_api::{CompleteTask, CreateTask, RegisterAgent, StreamChunk};
use serde::Serialize;

use crate::{Client, ClientError};

#[derive(Debug, Clone, Serialize)]
pub struct StreamFigures {
    pub chunks: usize,
    pub chunk_bytes: usize,
    pub seconds: f64,
    pub chunks_per_s: f64,
    pub bytes_per_s: f64,
    /// The task the chunks went into (its output holds them all).
    pub task: String,
}

/// Stream `chunks` chunks of `chunk_bytes` bytes into one task.
pub async fn stream_output(
    client: &Client,
    chunks: usize,
    chunk_bytes: usize,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<StreamFigures, ClientError> {
    if chunks == 0 || chunk_bytes == 0 {
        return Err(ClientError::Config(
            "chunks and chunk size must be at least 1".into(),
        ));
    }
    // A capability of its own, so no real worker takes the probe task and
    // the probe agent takes nothing else.
    let suffix = std::process::id();
    let agent = format!("bench-stream-{suffix}");
    let capability = format!("bench-stream-{suffix}");
    client
        .register(
            &agent,
            &RegisterAgent {
                name: Some(agent.clone()),
                machine: None,
                capabilities: vec![capability.clone()],
                max_concurrent: 1,
            },
        )
        .await?;
    let outcome = stream_as(client, &agent, &capability, chunks, chunk_bytes, progress).await;
    // Leave nothing behind that could take or hold work.
    let _ = client.deregister(&agent).await;
    outcome
}

async fn stream_as(
    client: &Client,
    agent: &str,
    capability: &str,
    chunks: usize,
    chunk_bytes: usize,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<StreamFigures, ClientError> {
    let task = client
        .create_task(
            &CreateTask {
                prompt: "bench: streamed output".into(),
                required_capability: Some(capability.into()),
                ..CreateTask::default()
            },
            None,
        )
        .await?;
    let as_agent = client.clone().with_agent(agent);
    let claims = as_agent.claim(agent, 5_000, Some(1)).await?;
    let claimed = claims
        .into_iter()
        .find(|c| c.task.id == task.id)
        .ok_or_else(|| ClientError::Decode("the probe task was not handed to the probe".into()))?;
    let fence = claimed.lease.fence;
    let chunk = format!("{}\n", "x".repeat(chunk_bytes.saturating_sub(1)));
    progress(&format!(
        "streaming {chunks} chunks of {chunk_bytes} bytes…"
    ));
    let start = Instant::now();
    let mut last_report = Instant::now();
    for i in 0..chunks {
        as_agent
            .stream_chunk(
                &task.id,
                &StreamChunk {
                    fence,
                    chunk: chunk.clone(),
                },
            )
            .await?;
        if last_report.elapsed() > Duration::from_secs(2) {
            progress(&format!("{i}/{chunks} chunks"));
            last_report = Instant::now();
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    as_agent
        .complete(
            &task.id,
            &CompleteTask {
                fence,
                output: format!("{chunks} chunks streamed"),
                confidence: None,
                usage: None,
            },
        )
        .await?;
    Ok(StreamFigures {
        chunks,
        chunk_bytes,
        seconds,
        chunks_per_s: chunks as f64 / seconds,
        bytes_per_s: (chunks * chunk_bytes) as f64 / seconds,
        task: task.id,
    })
}
