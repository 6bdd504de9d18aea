//! The world model (ARCHITECTURE.md, "World model"): entities and
//! relations taken from every finished task's output, in the transaction
//! that records the output; read by name, and put in front of the prompts
//! that name them.

mod extract;
mod inject;
mod lines;
mod names;

use m3shd_api::{
    CreateTask, Entity, EntityDetail, EntityQuery, Relation, RelationQuery,
    WORLD_EXTRACT_CAPABILITY, limits, output_block,
};

pub use extract::{Extraction, MAX_ENTITIES, MAX_RELATIONS, extract};
pub use inject::{INJECT_BUDGET_CHARS, candidates};
pub use lines::parse as parse_answer;
pub use names::{normalize, relation_type};

use super::task_insert::NewTask;
use super::tasks::insert_new;
use super::{Ctx, DomainError, Hub};
use crate::store::repos::EntitySearch;
use crate::store::{Queries, TaskRecord};

const DEFAULT_LIMIT: u32 = 50;
/// Tasks listed as an entity's sources at most.
const MAX_SOURCES_SHOWN: i64 = 20;
/// Relations shown with one entity at most.
const MAX_RELATIONS_SHOWN: i64 = 100;
/// Priority of extraction tasks: below anything submitted by default.
pub const EXTRACTION_PRIORITY: i64 = 1;

/// What an extraction task asks; the output follows as an output block.
const EXTRACTION_INSTRUCTIONS: &str = "Extract the named entities (people, projects, \
organisations, tools, concepts) and the relations between them from the task output below. \
Answer only with lines of these two forms, nothing else:\n\
ENTITY: name | type | one-sentence description\n\
RELATION: from name | relation | to name\n\
type is one of person, project, organisation, tool, concept; relation is a short verb in \
snake_case such as uses, depends_on, part_of, works_on, works_for, created. At most 50 entities.";

/// Whether `task` is a world-model extraction task (its output is read
/// as ENTITY/RELATION lines, never extracted from again, and its prompt
/// gets no world-model block).
pub fn is_extraction(required_capability: Option<&str>) -> bool {
    required_capability == Some(WORLD_EXTRACT_CAPABILITY)
}

/// The prompt of the extraction task for `source`: the instructions and as
/// much of its output as keeps the prompt within the prompt limit (a
/// model's tokens are what an extraction costs).
fn extraction_prompt(title: &str, id: &str, output: &str) -> String {
    let frame = EXTRACTION_INSTRUCTIONS.len() + output_block(title, id, "").len();
    let mut room = limits::MAX_PROMPT_BYTES
        .saturating_sub(frame)
        .min(output.len());
    while !output.is_char_boundary(room) {
        room -= 1;
    }
    format!(
        "{EXTRACTION_INSTRUCTIONS}{}",
        output_block(title, id, &output[..room])
    )
}

/// The world-model block for the prompt of `task`, if it names known
/// entities. An extraction task gets none: it reads an output, it is not
/// told what to find in it.
pub(crate) fn block_for(
    q: &dyn Queries,
    task: &crate::store::TaskBody,
) -> Result<Option<String>, DomainError> {
    if is_extraction(task.required_capability.as_deref()) {
        return Ok(None);
    }
    Ok(inject::for_prompt(q, &task.prompt)?)
}

/// A task finished with its output (`from_model`: the worker reported a
/// model's usage): record what the output names; an extraction task's
/// answer is recorded for the task it read. Protocol steps (critiques,
/// votes, verdicts) name nothing of their own.
pub(crate) fn on_completed(
    cx: &mut Ctx<'_, '_>,
    rec: &TaskRecord,
    from_model: bool,
) -> Result<(), DomainError> {
    let t = &rec.task;
    let Some(output) = t.output.as_deref() else {
        return Ok(());
    };
    if t.protocol_role.is_some() {
        return Ok(());
    }
    if is_extraction(t.required_capability.as_deref()) {
        let source = cx
            .tx
            .world()
            .extraction_source(t.id.as_str())?
            .unwrap_or_else(|| t.id.to_string());
        let x = lines::parse(output);
        cx.tx.world().record(&source, &x.entities, &x.relations)?;
        return Ok(());
    }
    let x = extract::extract(output);
    if !x.entities.is_empty() {
        cx.tx
            .world()
            .record(t.id.as_str(), &x.entities, &x.relations)?;
    }
    if from_model && !output.trim().is_empty() && extractor_online(cx)? {
        request_extraction(cx, t.id.as_str(), &t.title, output)?;
    }
    Ok(())
}

/// Some online agent advertises `world-extract`: only then does a
/// model's output cost a second model call.
fn extractor_online(cx: &Ctx<'_, '_>) -> Result<bool, DomainError> {
    Ok(cx.tx.agents().dispatch_candidates()?.iter().any(|c| {
        c.capabilities
            .iter()
            .any(|cap| cap == WORLD_EXTRACT_CAPABILITY)
    }))
}

fn request_extraction(
    cx: &mut Ctx<'_, '_>,
    source: &str,
    title: &str,
    output: &str,
) -> Result<(), DomainError> {
    let req = CreateTask {
        prompt: extraction_prompt(title, source, output),
        required_capability: Some(WORLD_EXTRACT_CAPABILITY.to_string()),
        priority: Some(EXTRACTION_PRIORITY),
        ..CreateTask::default()
    };
    let task = insert_new(
        cx,
        NewTask {
            req,
            title: format!("world: extract from {source}"),
            pipeline_id: None,
            continues: None,
        },
        None,
    )?;
    cx.tx.world().link_extraction(&task.id, source)?;
    Ok(())
}

fn not_found(key: &str) -> DomainError {
    DomainError::NotFound(format!("no entity `{}`", key.escape_debug()))
}

/// The entity `key` names: its id, or its name in any case.
fn resolve(q: &dyn Queries, key: &str) -> Result<Entity, DomainError> {
    if let Ok(id) = key.trim().parse::<i64>()
        && let Some(e) = q.world().entity(id)?
    {
        return Ok(e);
    }
    let Some(normalized) = names::normalize(key) else {
        return Err(not_found(key));
    };
    q.world()
        .entity_named(&normalized)?
        .ok_or_else(|| not_found(key))
}

fn limit(l: Option<u32>) -> i64 {
    i64::from(l.unwrap_or(DEFAULT_LIMIT).clamp(1, limits::MAX_LIST_LIMIT))
}

impl Hub {
    /// Entities whose name contains `q` from the start of a word (most
    /// mentioned first), or the most recently seen without `q`.
    pub fn world_entities(&self, query: &EntityQuery) -> Result<Vec<Entity>, DomainError> {
        let mut search = EntitySearch {
            kind: query.kind,
            limit: limit(query.limit),
            ..EntitySearch::default()
        };
        if let Some(q) = query.q.as_deref().filter(|q| !q.trim().is_empty()) {
            if q.chars().count() > m3shd_api::MAX_ENTITY_NAME_CHARS {
                return Err(DomainError::Validation(format!(
                    "q is longer than {} characters",
                    m3shd_api::MAX_ENTITY_NAME_CHARS
                )));
            }
            let Some(normalized) = names::normalize(q) else {
                return Ok(Vec::new());
            };
            search.word_prefix = names::words(&normalized).into_iter().next();
            search.contains = Some(normalized);
        }
        self.read(|r| Ok(r.world().search_entities(&search)?))
    }

    /// One entity (by id or name), its relations both ways and the tasks
    /// whose outputs named it.
    pub fn world_entity(&self, key: &str) -> Result<EntityDetail, DomainError> {
        self.read(|r| {
            let entity = resolve(r, key)?;
            Ok(EntityDetail {
                relations: r
                    .world()
                    .relations(Some(entity.id), None, MAX_RELATIONS_SHOWN)?,
                source_tasks: r.world().sources_of(entity.id, MAX_SOURCES_SHOWN)?,
                entity,
            })
        })
    }

    /// Relations touching an entity (by id or name) and of a type,
    /// heaviest first.
    pub fn world_relations(&self, query: &RelationQuery) -> Result<Vec<Relation>, DomainError> {
        let relation_type = match query
            .relation_type
            .as_deref()
            .filter(|t| !t.trim().is_empty())
        {
            Some(t) => Some(names::relation_type(t).ok_or_else(|| {
                DomainError::Validation(format!(
                    "relation type `{}` must be 1-{} characters of [a-z0-9_]",
                    t.escape_debug(),
                    m3shd_api::MAX_RELATION_TYPE_CHARS
                ))
            })?),
            None => None,
        };
        self.read(|r| {
            let entity = match query.entity.as_deref().filter(|e| !e.trim().is_empty()) {
                Some(key) => Some(resolve(r, key)?.id),
                None => None,
            };
            Ok(r.world()
                .relations(entity, relation_type.as_deref(), limit(query.limit))?)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extraction_prompts_stay_within_the_prompt_limit() {
        let p = extraction_prompt("report", "t1", &"é".repeat(limits::MAX_PROMPT_BYTES));
        assert!(p.len() <= limits::MAX_PROMPT_BYTES, "{}", p.len());
        assert!(p.starts_with(EXTRACTION_INSTRUCTIONS));
        let parsed = m3shd_api::parent_outputs(&p);
        assert_eq!(parsed.len(), 1);
        assert_eq!(parsed[0].0, "t1");
        let short = extraction_prompt("report", "t1", "Apollo uses Rust.");
        assert!(short.ends_with("Apollo uses Rust.\n--- end of output ---"));
    }
}
