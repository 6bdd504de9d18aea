//! Pipelines: a named graph of steps created atomically as tasks. A step
//! without `depends_on` depends on the previous step; `[]` makes a root.

use std::collections::HashMap;

use m3shd_api::{
    CreatePipeline, CreateTask, Event, Pipeline, PipelineStatus, PipelineStep, PipelineTask,
    TaskStatus, limits,
};

use super::task_ids::new_task_id;
use super::task_insert::NewTask;
use super::tasks::{check_create, insert_new};
use super::{DomainError, Hub, dag, validate};
use crate::store::{PipelineRow, Queries};

const MAX_STEPS: usize = 100;

fn valid_step_name(n: &str) -> bool {
    !n.is_empty()
        && n.len() <= 64
        && n.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// Each step's parents (step names), after applying the defaults; refuses
/// bad names, unknown references and cycles.
pub fn resolve(steps: &[PipelineStep]) -> Result<Vec<(String, Vec<String>)>, DomainError> {
    if steps.is_empty() {
        return Err(DomainError::Validation(
            "a pipeline needs at least one step".into(),
        ));
    }
    if steps.len() > MAX_STEPS {
        return Err(DomainError::Validation(format!(
            "at most {MAX_STEPS} steps"
        )));
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, s) in steps.iter().enumerate() {
        if !valid_step_name(&s.name) {
            return Err(DomainError::Validation(format!(
                "step name `{}` must be 1-64 characters of [a-z0-9_-]",
                s.name.escape_debug()
            )));
        }
        if seen.insert(&s.name, i).is_some() {
            return Err(DomainError::Validation(format!(
                "step name `{}` is used twice",
                s.name
            )));
        }
    }
    let mut graph = Vec::with_capacity(steps.len());
    for (i, s) in steps.iter().enumerate() {
        let deps = match &s.depends_on {
            Some(d) => {
                let mut out: Vec<String> = Vec::new();
                for n in d {
                    if !seen.contains_key(n.as_str()) {
                        return Err(DomainError::Validation(format!(
                            "step `{}` depends on unknown step `{}`",
                            s.name,
                            n.escape_debug()
                        )));
                    }
                    if !out.contains(n) {
                        out.push(n.clone());
                    }
                }
                out
            }
            None if i == 0 => Vec::new(),
            None => vec![steps[i - 1].name.clone()],
        };
        graph.push((s.name.clone(), deps));
    }
    if let Some(cycle) = dag::find_cycle(&graph) {
        return Err(DomainError::Cycle(format!(
            "dependency cycle: {}",
            dag::describe(&cycle)
        )));
    }
    Ok(graph)
}

/// Steps in an order where every parent comes before its children.
fn topo_order(graph: &[(String, Vec<String>)]) -> Vec<usize> {
    let index: HashMap<&str, usize> = graph
        .iter()
        .enumerate()
        .map(|(i, (n, _))| (n.as_str(), i))
        .collect();
    let mut placed = vec![false; graph.len()];
    let mut order = Vec::with_capacity(graph.len());
    // Acyclic (checked), so each round places at least one step.
    while order.len() < graph.len() {
        let before = order.len();
        for (i, (_, deps)) in graph.iter().enumerate() {
            if !placed[i]
                && deps
                    .iter()
                    .all(|d| index.get(d.as_str()).is_some_and(|j| placed[*j]))
            {
                placed[i] = true;
                order.push(i);
            }
        }
        if order.len() == before {
            break;
        }
    }
    order
}

/// `running` until every task is final; `done` if all are, else `failed`.
pub fn status_of(statuses: &[TaskStatus]) -> PipelineStatus {
    if !statuses.iter().all(|s| s.is_final()) {
        PipelineStatus::Running
    } else if statuses.iter().all(|s| *s == TaskStatus::Done) {
        PipelineStatus::Done
    } else {
        PipelineStatus::Failed
    }
}

fn assemble(q: &dyn Queries, row: PipelineRow) -> Result<Pipeline, DomainError> {
    let by_task: HashMap<&str, &str> = row
        .steps
        .iter()
        .map(|(name, id)| (id.as_str(), name.as_str()))
        .collect();
    let mut tasks = Vec::with_capacity(row.steps.len());
    for (name, id) in &row.steps {
        let Some(rec) = q.tasks().get(id)? else {
            continue;
        };
        let depends_on = rec
            .task
            .depends_on
            .iter()
            .map(|p| {
                by_task
                    .get(p.as_str())
                    .map_or_else(|| p.clone(), |n| n.to_string())
            })
            .collect();
        tasks.push(PipelineTask {
            name: name.clone(),
            id: id.clone(),
            status: rec.state.status(),
            depends_on,
            task: rec.into_api(),
        });
    }
    let statuses: Vec<TaskStatus> = tasks.iter().map(|t| t.status).collect();
    Ok(Pipeline {
        status: status_of(&statuses),
        id: row.id,
        name: row.name,
        created_at: row.created_at,
        tasks,
    })
}

impl Hub {
    pub async fn create_pipeline(&self, req: CreatePipeline) -> Result<Pipeline, DomainError> {
        if req.name.trim().is_empty() {
            return Err(DomainError::Validation(
                "pipeline name must not be empty".into(),
            ));
        }
        validate::max_bytes("name", &req.name, 100)?;
        let graph = resolve(&req.steps)?;
        let mut creates = Vec::with_capacity(req.steps.len());
        for s in &req.steps {
            let c = CreateTask {
                prompt: s.prompt.clone(),
                title: Some(format!("{} / {}", req.name.trim(), s.name)),
                required_capability: s.capability.clone(),
                assign_to: s.assign_to.clone(),
                priority: s.priority,
                ..CreateTask::default()
            };
            check_create(&c).map_err(|e| match e {
                DomainError::Validation(m) => {
                    DomainError::Validation(format!("step `{}`: {m}", s.name))
                }
                other => other,
            })?;
            creates.push(c);
        }
        let order = topo_order(&graph);
        let row = self
            .write(move |cx| {
                let id = format!("pl-{}", new_task_id());
                cx.tx.pipelines().insert(&id, req.name.trim())?;
                let mut ids: HashMap<String, String> = HashMap::new();
                let mut created: Vec<Option<String>> = vec![None; graph.len()];
                for i in order {
                    let (name, deps) = &graph[i];
                    let mut c = creates[i].clone();
                    c.depends_on = Some(deps.iter().filter_map(|d| ids.get(d).cloned()).collect());
                    let title = c.title.take().unwrap_or_else(|| name.clone());
                    let task = insert_new(
                        cx,
                        NewTask {
                            req: c,
                            title,
                            pipeline_id: Some(id.clone()),
                            continues: None,
                        },
                        None,
                    )?;
                    ids.insert(name.clone(), task.id.clone());
                    created[i] = Some(task.id);
                }
                let mut task_ids = Vec::with_capacity(graph.len());
                for (ord, ((name, _), tid)) in graph.iter().zip(created).enumerate() {
                    let tid = tid.ok_or_else(|| {
                        DomainError::Validation(format!("step `{name}` could not be placed"))
                    })?;
                    cx.tx.pipelines().insert_step(
                        &id,
                        m3shd_common::num::to_i64(ord),
                        name,
                        &tid,
                    )?;
                    task_ids.push(tid);
                }
                cx.tx.emit(Event::PipelineCreated {
                    pipeline_id: id.clone(),
                    name: req.name.trim().to_string(),
                    task_ids,
                })?;
                let row = cx
                    .tx
                    .pipelines()
                    .get(&id)?
                    .ok_or_else(|| DomainError::NotFound(format!("no pipeline `{id}`")))?;
                assemble(cx.tx, row)
            })
            .await?;
        Ok(row)
    }

    pub fn pipeline(&self, id: &str) -> Result<Pipeline, DomainError> {
        if id.is_empty() || id.len() > 100 {
            return Err(DomainError::NotFound(format!(
                "no pipeline `{}`",
                id.escape_debug()
            )));
        }
        self.read(|r| {
            let row = r.pipelines().get(id)?.ok_or_else(|| {
                DomainError::NotFound(format!("no pipeline `{}`", id.escape_debug()))
            })?;
            assemble(r, row)
        })
    }

    pub fn pipelines(&self, limit: Option<u32>) -> Result<Vec<Pipeline>, DomainError> {
        let limit = limit
            .unwrap_or(limits::DEFAULT_LIST_LIMIT)
            .clamp(1, limits::MAX_LIST_LIMIT);
        self.read(|r| {
            r.pipelines()
                .list(i64::from(limit))?
                .into_iter()
                .map(|row| assemble(r, row))
                .collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(name: &str, deps: Option<&[&str]>) -> PipelineStep {
        PipelineStep {
            name: name.into(),
            prompt: "p".into(),
            depends_on: deps.map(|d| d.iter().map(|s| s.to_string()).collect()),
            ..PipelineStep::default()
        }
    }

    #[test]
    fn defaults_chain_to_the_previous_step() {
        let g = resolve(&[
            step("a", None),
            step("b", None),
            step("c", Some(&[])),
            step("d", Some(&["b", "c"])),
        ])
        .expect("ok");
        assert_eq!(g[0].1, Vec::<String>::new());
        assert_eq!(g[1].1, vec!["a"]);
        assert_eq!(g[2].1, Vec::<String>::new());
        assert_eq!(g[3].1, vec!["b", "c"]);
    }

    #[test]
    fn refuses_bad_names_unknown_steps_and_cycles() {
        assert!(matches!(
            resolve(&[step("A", None)]),
            Err(DomainError::Validation(_))
        ));
        assert!(matches!(
            resolve(&[step("a", None), step("a", None)]),
            Err(DomainError::Validation(_))
        ));
        assert!(matches!(
            resolve(&[step("a", Some(&["zz"]))]),
            Err(DomainError::Validation(_))
        ));
        let err = resolve(&[step("a", Some(&["b"])), step("b", None)]).expect_err("cycle");
        assert!(
            matches!(&err, DomainError::Cycle(m) if m.contains("a → b → a")),
            "{err}"
        );
    }

    #[test]
    fn pipeline_status() {
        use TaskStatus::*;
        assert_eq!(status_of(&[Done, Running]), PipelineStatus::Running);
        assert_eq!(status_of(&[Done, Done]), PipelineStatus::Done);
        assert_eq!(status_of(&[Done, Cancelled]), PipelineStatus::Failed);
    }
}
