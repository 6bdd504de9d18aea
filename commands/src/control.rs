//! `control SENTENCE` and `control! SENTENCE`: the mesh operation a
//! sentence means, planned by the hub (`POST /api/mesh/control`) and, for
//! `control!` or after a surface's own confirmation ([`execute`]), carried
//! out with the caller's permissions.

use m3shd_api::{MeshControl, MeshControlAnswer, MeshOperation, ReadBy};
use m3shd_client::{Client, ClientError};

use crate::reply::{Reply, to_json};

/// The plan in a few lines: what would happen and what it takes.
pub fn plan_text(a: &MeshControlAnswer) -> String {
    let mut lines = vec![format!("plan: {}", a.summary)];
    if a.allowed {
        lines.push(format!("needs {}", a.permission));
    } else {
        lines.push(format!(
            "needs {}, which this token lacks: it cannot be run from here",
            a.permission
        ));
    }
    if a.read_by == ReadBy::Model
        && let Some(t) = &a.model_task
    {
        lines.push(format!("read by a model (task {t})"));
    }
    lines.join("\n")
}

/// What carrying it out did, in a line.
pub fn done_text(a: &MeshControlAnswer) -> String {
    format!(
        "done: {}",
        a.outcome.as_deref().unwrap_or(a.summary.as_str())
    )
}

/// Plan `text`, or with `execute` carry it out.
pub(crate) async fn control(
    client: &Client,
    text: &str,
    execute: bool,
) -> Result<Reply, ClientError> {
    let answer = client
        .mesh_control(&MeshControl {
            text: Some(text.to_string()),
            execute,
            ..Default::default()
        })
        .await?;
    let reply = if execute {
        done_text(&answer)
    } else if answer.allowed {
        format!("{}\nrun it: control! {text}", plan_text(&answer))
    } else {
        plan_text(&answer)
    };
    Ok(Reply::new(reply, to_json(&answer)))
}

/// Carry out an operation a plan answered (the surface asked first).
pub async fn execute(client: &Client, operation: &MeshOperation) -> Result<Reply, ClientError> {
    let answer = client
        .mesh_control(&MeshControl {
            operation: Some(operation.clone()),
            execute: true,
            ..Default::default()
        })
        .await?;
    Ok(Reply::new(done_text(&answer), to_json(&answer)))
}
