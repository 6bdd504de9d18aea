//! `m3shd demo`: a throwaway mesh that shows the whole loop in one command.

use std::collections::BTreeMap;
use std::process::ExitCode;

use m3shd_api::{CreateTask, Event, StreamQuery, Task, TaskStatus};
use m3shd_client::StreamItem;

use crate::args::DemoArgs;
use crate::commands::tasks::status_icon;
use crate::embedded::{LocalWorker, Mesh};
use crate::exit::CliError;
use crate::output;

const SAMPLE: &str = "M3SHD coordinates AI agents across the machines an operator already owns. \
A hub keeps the truth in SQLite and serves a REST and SSE API. Workers on every machine \
register what they can do and pull matching work. Leases with fencing tokens make sure no \
task is lost when a machine dies. The operator watches everything live from a terminal.";

/// The demo batch: (capability, prompt).
fn batch() -> Vec<(&'static str, String)> {
    vec![
        ("general", "echo hello from the mesh".to_string()),
        ("text", format!("text_stats {SAMPLE}")),
        ("text", format!("keywords 5 {SAMPLE}")),
        ("text", format!("chunk 80 {SAMPLE}")),
        ("analysis", format!("summarize {SAMPLE}")),
        ("general", "sleep 300".to_string()),
        ("analysis", "sleep 200".to_string()),
        (
            "general",
            "echo every worker pulls only what it can do".to_string(),
        ),
        ("analysis", SAMPLE.to_string()),
    ]
}

fn workers() -> Vec<LocalWorker> {
    let w = |name: &str, caps: &[&str]| LocalWorker {
        name: name.to_string(),
        capabilities: caps.iter().map(|c| c.to_string()).collect(),
        slots: 2,
    };
    vec![
        w("alpha", &["general", "text"]),
        w("beta", &["text", "analysis"]),
        w("gamma", &["general", "analysis"]),
    ]
}

pub async fn run(a: DemoArgs) -> Result<ExitCode, CliError> {
    let dir = tempfile::Builder::new()
        .prefix("m3shd-demo-")
        .tempdir()
        .map_err(|e| CliError::Failed(format!("cannot create a temporary data dir: {e}")))?;
    let mesh = Mesh::start(dir.path(), "127.0.0.1:0", None, &workers()).await?;
    println!(
        "hub {} · workers alpha (general,text) beta (text,analysis) gamma (general,analysis)",
        mesh.url
    );
    let client = mesh.client()?;

    let mut events = client.stream(StreamQuery {
        types: Some("task_".into()),
        ..Default::default()
    });
    // Wait for the subscription before submitting, so no event is missed.
    while !matches!(events.next().await?, StreamItem::Connected) {}

    let mut ids = Vec::new();
    for (cap, prompt) in batch() {
        let t = client
            .create_task(
                &CreateTask {
                    prompt,
                    required_capability: Some(cap.to_string()),
                    ..Default::default()
                },
                None,
            )
            .await?;
        println!("  + {} [{cap}] {}", t.id, output::short(&t.title, 60));
        ids.push(t.id);
    }

    let mut finished: BTreeMap<String, Task> = BTreeMap::new();
    while finished.len() < ids.len() {
        let item = tokio::time::timeout(std::time::Duration::from_secs(60), events.next())
            .await
            .map_err(|_| CliError::Failed("the demo stalled: no progress for 60 s".into()))??;
        let StreamItem::Event(rec) = item else {
            continue;
        };
        match rec.event {
            Event::TaskUpdated { task, .. } if task.status == TaskStatus::Running => {
                println!(
                    "  {} {} running on {}",
                    status_icon(task.status),
                    task.id,
                    task.assigned_to.as_deref().unwrap_or("?")
                );
            }
            Event::TaskCompleted { task }
            | Event::TaskFailed { task }
            | Event::TaskCancelled { task } => {
                println!(
                    "  {} {} {} on {}",
                    status_icon(task.status),
                    task.id,
                    task.status,
                    task.assigned_to.as_deref().unwrap_or("?")
                );
                if ids.contains(&task.id) {
                    finished.insert(task.id.clone(), task);
                }
            }
            _ => {}
        }
    }

    println!("\nresults:");
    let mut all_done = true;
    for id in &ids {
        let t = &finished[id];
        all_done &= t.status == TaskStatus::Done;
        println!(
            "── {} {} [{}] on {} ──",
            status_icon(t.status),
            output::short(&t.title, 50),
            t.required_capability.as_deref().unwrap_or("-"),
            t.assigned_to.as_deref().unwrap_or("-")
        );
        println!(
            "{}",
            t.output.as_deref().or(t.error.as_deref()).unwrap_or("")
        );
    }
    mesh.stop().await?;
    if a.keep {
        let kept = dir.keep();
        println!("\ndata kept in {}", kept.display());
    }
    if all_done {
        println!("\nall {} tasks done", ids.len());
        Ok(ExitCode::SUCCESS)
    } else {
        Err(CliError::Failed("some demo tasks did not finish".into()))
    }
}
