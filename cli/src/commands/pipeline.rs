//! `pipeline run FILE`, `pipeline show ID`, `pipeline list`.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::ExitCode;

use m3shd_api::{
    CreatePipeline, Event, Pipeline, PipelineList, PipelineStatus, PipelineTask, StreamQuery,
};
use m3shd_client::{Client, StreamItem};
use m3shd_commands::status_icon;

use crate::args_control::PipelineCmd;
use crate::exit::{CliError, FAILED};
use crate::output;

/// Width the graph is laid out for.
const WIDTH: usize = 80;

pub async fn run(client: &Client, cmd: PipelineCmd) -> Result<ExitCode, CliError> {
    match cmd {
        PipelineCmd::Run { file, wait, json } => run_file(client, &file, wait, json).await,
        PipelineCmd::Show { id, json } => {
            let p = client.get_pipeline(&id).await?;
            if json {
                output::json(&p)?;
            } else {
                out!("{}", render(&p));
            }
            Ok(ExitCode::SUCCESS)
        }
        PipelineCmd::List { json } => {
            let list = client.list_pipelines().await?;
            if json {
                output::json(&list)?;
            } else {
                print_list(&list);
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// A pipeline definition from `.toml` or `.json` (by extension; anything
/// else is tried as JSON, then TOML).
pub fn load(path: &Path) -> Result<CreatePipeline, CliError> {
    let raw = std::fs::read_to_string(path)
        .map_err(|e| CliError::Usage(format!("cannot read {}: {e}", path.display())))?;
    parse_definition(&raw, path.extension().and_then(|e| e.to_str()))
        .map_err(|e| CliError::Usage(format!("{}: {e}", path.display())))
}

fn parse_definition(raw: &str, ext: Option<&str>) -> Result<CreatePipeline, String> {
    let json = || serde_json::from_str::<CreatePipeline>(raw).map_err(|e| e.to_string());
    let toml = || toml::from_str::<CreatePipeline>(raw).map_err(|e| e.to_string());
    match ext.map(str::to_ascii_lowercase).as_deref() {
        Some("json") => json(),
        Some("toml") => toml(),
        _ => json().or_else(|je| toml().map_err(|te| format!("not JSON ({je}) nor TOML ({te})"))),
    }
}

async fn run_file(
    client: &Client,
    file: &Path,
    wait: bool,
    json: bool,
) -> Result<ExitCode, CliError> {
    let def = load(file)?;
    // Events after this id include every step finishing.
    let after = if wait {
        Some(client.status().await?.last_event_id)
    } else {
        None
    };
    let p = client.create_pipeline(&def).await?;
    if !wait {
        if json {
            output::json(&p)?;
        } else {
            outln!(
                "pipeline {} created with {} steps; see `m3shd pipeline show {}`",
                p.id,
                p.tasks.len(),
                p.id
            );
            out!("{}", render(&p));
        }
        return Ok(ExitCode::SUCCESS);
    }
    if !json {
        eprintln!("pipeline {} created, waiting…", p.id);
    }
    let done = wait_pipeline(client, p, after, !json).await?;
    if json {
        output::json(&done)?;
    } else {
        out!("{}", render(&done));
    }
    Ok(if done.status == PipelineStatus::Done {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(FAILED)
    })
}

/// Wait until no step of the pipeline can change any more, printing each
/// step as it finishes when `progress`.
pub async fn wait_pipeline(
    client: &Client,
    p: Pipeline,
    after: Option<i64>,
    progress: bool,
) -> Result<Pipeline, CliError> {
    let ids: BTreeSet<String> = p.tasks.iter().map(|t| t.id.clone()).collect();
    let mut shown: BTreeSet<String> = BTreeSet::new();
    let mut show = |p: &Pipeline| {
        for t in topo_order(&p.tasks) {
            if progress && t.status.is_final() && shown.insert(t.id.clone()) {
                eprintln!(
                    "  {} {} {} ({})",
                    status_icon(t.status),
                    t.name,
                    t.status,
                    t.id
                );
            }
        }
    };
    let mut stream = client.stream(StreamQuery {
        types: Some("task_".into()),
        after,
        ..Default::default()
    });
    let mut current = p;
    show(&current);
    while current.status == PipelineStatus::Running {
        let changed = match stream.next().await? {
            StreamItem::Event(rec) => {
                let final_task = match &rec.event {
                    Event::TaskCompleted { task }
                    | Event::TaskFailed { task }
                    | Event::TaskCancelled { task } => Some(task),
                    Event::TaskUpdated { task, .. } if task.status.is_final() => Some(task),
                    _ => None,
                };
                final_task.is_some_and(|t| ids.contains(&t.id))
            }
            // Events were deleted by the hub's retention: reload.
            StreamItem::Reset { .. } => true,
            _ => false,
        };
        if changed {
            current = client.get_pipeline(&current.id).await?;
            show(&current);
        }
    }
    Ok(current)
}

/// Steps in topological order (parents first); ties keep the pipeline's
/// order. Steps caught in a cycle or naming unknown parents come last.
pub fn topo_order(steps: &[PipelineTask]) -> Vec<&PipelineTask> {
    let names: BTreeSet<&str> = steps.iter().map(|s| s.name.as_str()).collect();
    let mut placed: BTreeSet<&str> = BTreeSet::new();
    let mut out: Vec<&PipelineTask> = Vec::with_capacity(steps.len());
    // Each round places the first step (in pipeline order) that is ready.
    while let Some(s) = steps.iter().find(|s| {
        !placed.contains(s.name.as_str())
            && s.depends_on
                .iter()
                .all(|d| placed.contains(d.as_str()) || !names.contains(d.as_str()))
    }) {
        placed.insert(&s.name);
        out.push(s);
    }
    for s in steps {
        if !placed.contains(s.name.as_str()) {
            out.push(s);
        }
    }
    out
}

/// The graph, one step a line, at most 80 columns:
/// `✓ done    research   1a2b…  alpha  ← parents`.
pub fn render(p: &Pipeline) -> String {
    let mut out = format!(
        "pipeline {} · {} · {} · {} steps\n",
        p.id,
        output::short(&p.name, 30),
        p.status,
        p.tasks.len()
    );
    let order = topo_order(&p.tasks);
    let name_w = order
        .iter()
        .map(|s| s.name.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(4, 18);
    let id_w = order
        .iter()
        .map(|s| s.id.chars().count())
        .max()
        .unwrap_or(0)
        .min(16);
    let agent_w = order
        .iter()
        .map(|s| s.task.assigned_to.as_deref().unwrap_or("-").chars().count())
        .max()
        .unwrap_or(1)
        .clamp(1, 12);
    for s in order {
        let status = format!("{} {}", status_icon(s.status), s.status);
        let mut line = format!(
            "  {:<11} {:<name_w$} {:<id_w$} {:<agent_w$}",
            status,
            output::short(&s.name, name_w),
            output::short(&s.id, id_w),
            output::short(s.task.assigned_to.as_deref().unwrap_or("-"), agent_w),
        );
        if !s.depends_on.is_empty() {
            let used = line.chars().count() + 3;
            let room = WIDTH.saturating_sub(used).max(8);
            line.push_str(" ← ");
            line.push_str(&output::short(&s.depends_on.join(", "), room));
        }
        out.push_str(line.trim_end());
        out.push('\n');
        // A step with a protocol: its outcome, and where its graph is.
        if let Some(proto) = &s.task.protocol {
            let note = format!(
                "    ⚖ protocol {} · m3shd task graph {}",
                super::protocol_view::outcome_summary(proto),
                s.id
            );
            out.push_str(&output::short(&note, WIDTH));
            out.push('\n');
        }
    }
    out
}

fn print_list(list: &PipelineList) {
    if list.pipelines.is_empty() {
        outln!("no pipelines");
        return;
    }
    let rows: Vec<Vec<String>> = list
        .pipelines
        .iter()
        .map(|p| {
            let done = p
                .tasks
                .iter()
                .filter(|t| t.status == m3shd_api::TaskStatus::Done)
                .count();
            vec![
                p.id.clone(),
                p.status.to_string(),
                format!("{done}/{}", p.tasks.len()),
                output::age(p.created_at),
                output::short(&p.name, 40),
            ]
        })
        .collect();
    output::table(&["ID", "STATUS", "DONE", "AGE", "NAME"], &rows);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions_parse_from_toml_and_json() {
        let toml = r#"
name = "research"

[[steps]]
name = "research"
prompt = "text_stats the mesh"

[[steps]]
name = "summarize"
prompt = "summarize it"
capability = "analysis"

[[steps]]
name = "notify"
prompt = "echo done"
depends_on = ["research", "summarize"]
"#;
        let def = parse_definition(toml, Some("toml")).unwrap();
        assert_eq!(def.steps.len(), 3);
        assert_eq!(def.steps[1].capability.as_deref(), Some("analysis"));
        assert_eq!(def.steps[2].depends_on.as_ref().unwrap().len(), 2);
        let json = serde_json::to_string(&def).unwrap();
        assert_eq!(parse_definition(&json, Some("json")).unwrap(), def);
        assert_eq!(parse_definition(&json, None).unwrap(), def);
        assert_eq!(parse_definition(toml, None).unwrap(), def);
        // Typos are refused, not ignored.
        let bad = "name = \"x\"\n[[steps]]\nname = \"a\"\nprompt = \"p\"\ndepend_on = []\n";
        assert!(parse_definition(bad, Some("toml")).is_err());
        assert!(parse_definition("{", None).is_err());
    }

    fn step(name: &str, deps: &[&str]) -> PipelineTask {
        let now = chrono::Utc::now();
        let task: m3shd_api::Task = serde_json::from_value(serde_json::json!({
            "id": format!("id-{name}"), "title": name, "prompt": "p", "status": "blocked",
            "required_capability": null, "assign_to": null, "assigned_to": null,
            "priority": 5, "attempts": 0, "max_attempts": 3, "output": null, "error": null,
            "confidence": null, "depends_on": [], "deadline": null, "created_at": now,
            "updated_at": now, "started_at": null, "finished_at": null,
        }))
        .unwrap();
        PipelineTask {
            name: name.into(),
            id: task.id.clone(),
            status: task.status,
            depends_on: deps.iter().map(|d| d.to_string()).collect(),
            task,
        }
    }

    #[test]
    fn graph_is_topological_and_fits_80_columns() {
        let steps = vec![
            step("notify", &["summarize", "stats"]),
            step("summarize", &["research"]),
            step("research", &[]),
            step("stats", &["research"]),
            step("loop-a", &["loop-b"]),
            step("loop-b", &["loop-a"]),
        ];
        let names: Vec<&str> = topo_order(&steps).iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "research",
                "summarize",
                "stats",
                "notify",
                "loop-a",
                "loop-b"
            ]
        );
        let p = Pipeline {
            id: "p1".into(),
            name: "demo".into(),
            status: PipelineStatus::Running,
            created_at: chrono::Utc::now(),
            tasks: steps,
        };
        let mut p = p;
        p.tasks[0].task.protocol = Some(m3shd_api::ProtocolOutcome {
            request: Default::default(),
            state: m3shd_api::ProtocolState::Accepted,
            stage: Some(m3shd_api::ProtocolStage::Verification),
            result_task: None,
            critique: None,
            score: None,
            reason: None,
            updated_at: chrono::Utc::now(),
        });
        let text = render(&p);
        assert!(
            text.contains("    ⚖ protocol accepted at verification · m3shd task graph"),
            "{text}"
        );
        assert!(text.contains("notify"));
        assert!(text.contains("← summarize, stats"));
        for line in text.lines() {
            assert!(line.chars().count() <= WIDTH, "too wide: {line}");
        }
    }
}
