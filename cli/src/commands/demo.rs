//! `m3shd demo`: a throwaway mesh that shows the whole loop in one command.

use std::collections::BTreeMap;
use std::process::ExitCode;

use m3shd_api::{
    CreatePipeline, CreateTask, Decision, Event, PipelineStatus, PipelineStep, StreamQuery, Task,
    TaskStatus,
};
use m3shd_client::{Client, StreamItem};
use m3shd_commands::status_icon;

use crate::args::DemoArgs;
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
    outln!(
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
        outln!("  + {} [{cap}] {}", t.id, output::short(&t.title, 60));
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
                outln!(
                    "  {} {} running on {}",
                    status_icon(task.status),
                    task.id,
                    task.assigned_to.as_deref().unwrap_or("?")
                );
            }
            Event::TaskCompleted { task }
            | Event::TaskFailed { task }
            | Event::TaskCancelled { task } => {
                outln!(
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

    outln!("\nresults:");
    let mut all_done = true;
    for id in &ids {
        let t = &finished[id];
        all_done &= t.status == TaskStatus::Done;
        outln!(
            "── {} {} [{}] on {} ──",
            status_icon(t.status),
            output::short(&t.title, 50),
            t.required_capability.as_deref().unwrap_or("-"),
            t.assigned_to.as_deref().unwrap_or("-")
        );
        outln!(
            "{}",
            t.output.as_deref().or(t.error.as_deref()).unwrap_or("")
        );
    }
    let graph_ok = pipeline_and_approval(&client).await?;
    let protocol_ok = challenged(&client).await?;
    mesh.stop().await?;
    if a.keep {
        let kept = dir.keep();
        outln!("\ndata kept in {}", kept.display());
    }
    if all_done && graph_ok && protocol_ok {
        outln!(
            "\nall {} tasks, the pipeline, the approved task and the challenged answer done",
            ids.len()
        );
        Ok(ExitCode::SUCCESS)
    } else {
        Err(CliError::Failed("some demo tasks did not finish".into()))
    }
}

/// The research → summarize → notify pipeline: each step's prompt gets its
/// parent's output, so `notify` ends up carrying the summary.
fn demo_pipeline() -> CreatePipeline {
    let step = |name: &str, cap: &str, prompt: String| PipelineStep {
        name: name.to_string(),
        prompt,
        capability: Some(cap.to_string()),
        ..Default::default()
    };
    CreatePipeline {
        name: "research → summarize → notify".into(),
        steps: vec![
            step("research", "text", format!("echo {SAMPLE}")),
            step("summarize", "analysis", "summarize".into()),
            step(
                "notify",
                "general",
                "echo notify the operator: the summary is ready".into(),
            ),
        ],
    }
}

/// Run the demo pipeline, then a task that waits for an approval the demo
/// grants. Returns whether both ended done.
async fn pipeline_and_approval(client: &Client) -> Result<bool, CliError> {
    let stall = std::time::Duration::from_secs(60);
    outln!("\npipeline: research → summarize → notify (each step gets its parent's output)");
    let after = client.status().await?.last_event_id;
    let p = client.create_pipeline(&demo_pipeline()).await?;
    let p = tokio::time::timeout(
        stall,
        crate::commands::pipeline::wait_pipeline(client, p, Some(after), true),
    )
    .await
    .map_err(|_| CliError::Failed("the demo pipeline stalled for 60 s".into()))??;
    out!("{}", crate::commands::pipeline::render(&p));
    if let Some(last) = p.tasks.iter().find(|t| t.name == "notify") {
        outln!("── notify's output ──");
        outln!("{}", last.task.output.as_deref().unwrap_or(""));
    }

    outln!("\napproval: a task created with requires_approval waits for the operator");
    let t = client
        .create_task(
            &CreateTask {
                prompt: "echo deployed, with the operator's approval".into(),
                title: Some("deploy (needs approval)".into()),
                required_capability: Some("general".into()),
                requires_approval: Some(true),
                ..Default::default()
            },
            None,
        )
        .await?;
    let t = client.get_task(&t.id).await?;
    outln!(
        "  {} {} {} — waiting for approval",
        status_icon(t.status),
        t.id,
        t.status
    );
    let pending = client.list_approvals(Some("pending")).await?;
    let Some(approval) = pending
        .approvals
        .iter()
        .find(|a| a.task_id.as_deref() == Some(t.id.as_str()))
    else {
        return Err(CliError::Failed(format!(
            "no pending approval for task {}",
            t.id
        )));
    };
    outln!(
        "  pending: {} {}: {}",
        approval.id,
        approval.agent,
        approval.action
    );
    outln!("  the demo approves it now, as you would with `m3shd approve`");
    let decided = client
        .decide_approval(Some(&approval.id), Decision::Approve)
        .await?;
    outln!("  {} approved", decided.id);
    let done = m3shd_commands::wait_task(client, &t.id, stall).await?;
    outln!(
        "  {} {} {} on {}: {}",
        status_icon(done.status),
        done.id,
        done.status,
        done.assigned_to.as_deref().unwrap_or("?"),
        done.output.as_deref().unwrap_or("")
    );
    Ok(p.status == PipelineStatus::Done && done.status == TaskStatus::Done)
}

/// A challenged answer: another agent critiques it, and a material critique
/// sends it back to its own agent for a revision. Returns whether the
/// protocol accepted a result.
async fn challenged(client: &Client) -> Result<bool, CliError> {
    let stall = std::time::Duration::from_secs(60);
    outln!("\nchallenge: another agent critiques an answer; a material critique is revised");
    let t = client
        .create_task(
            &CreateTask {
                prompt: "echo release notes: faster claims, safer leases\nTODO: list the fixes"
                    .into(),
                title: Some("release notes (challenged)".into()),
                required_capability: Some("general".into()),
                challenge: Some(true),
                ..Default::default()
            },
            None,
        )
        .await?;
    let done = tokio::time::timeout(stall, crate::commands::follow::follow(client, &t.id, false))
        .await
        .map_err(|_| CliError::Failed("the challenged task stalled for 60 s".into()))??;
    let graph = client.task_graph(&t.id).await?;
    out!("{}", crate::commands::protocol_view::graph(&graph));
    let accepted = done
        .protocol
        .as_ref()
        .filter(|p| p.state == m3shd_api::ProtocolState::Accepted);
    if let Some(p) = accepted {
        let result = match &p.result_task {
            Some(r) if *r != done.id => client.get_task(r).await?.output,
            _ => done.output.clone(),
        };
        outln!("── accepted result ──");
        outln!("{}", result.as_deref().unwrap_or(""));
    }
    Ok(accepted.is_some())
}
