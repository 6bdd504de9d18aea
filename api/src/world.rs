//! The world model (ARCHITECTURE.md, "World model"): the entities the
//! mesh's task outputs name (people, projects, organisations, tools,
//! concepts) and the typed relations between them.

use serde::{Deserialize, Serialize};

use crate::Timestamp;

/// The capability of agents that extract entities with a model: while one
/// is online, a model's task output also gets an extraction task.
pub const WORLD_EXTRACT_CAPABILITY: &str = "world-extract";

/// A line of an extraction task's output naming an entity:
/// `ENTITY: name | type | description`.
pub const ENTITY_TAG: &str = "ENTITY:";
/// A line of an extraction task's output naming a relation:
/// `RELATION: from | type | to`.
pub const RELATION_TAG: &str = "RELATION:";

/// An entity name, in characters.
pub const MAX_ENTITY_NAME_CHARS: usize = 120;
/// An entity description, in characters.
pub const MAX_ENTITY_DESCRIPTION_CHARS: usize = 300;
/// A relation type (`[a-z0-9_]`), in characters.
pub const MAX_RELATION_TYPE_CHARS: usize = 40;

/// What an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum EntityType {
    Person,
    Project,
    Organisation,
    Tool,
    Concept,
}

impl EntityType {
    pub const ALL: [EntityType; 5] = [
        EntityType::Person,
        EntityType::Project,
        EntityType::Organisation,
        EntityType::Tool,
        EntityType::Concept,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "person",
            EntityType::Project => "project",
            EntityType::Organisation => "organisation",
            EntityType::Tool => "tool",
            EntityType::Concept => "concept",
        }
    }
}

display_as_str!(EntityType);

impl std::str::FromStr for EntityType {
    type Err = String;
    /// The wire word, or the American `organization`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim().to_ascii_lowercase();
        if s == "organization" {
            return Ok(EntityType::Organisation);
        }
        EntityType::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| {
                format!("unknown entity type `{s}` (person, project, organisation, tool, concept)")
            })
    }
}

/// One entity of the world model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Entity {
    pub id: i64,
    /// As first seen.
    pub name: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Empty when nothing describes it yet.
    pub description: String,
    pub first_seen: Timestamp,
    pub last_seen: Timestamp,
    /// Task outputs that named it.
    pub mention_count: i64,
    /// The task whose output named it first.
    pub source_task_id: Option<String>,
}

/// A directed, typed relation between two entities; seen again, its
/// weight grows by one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Relation {
    pub id: i64,
    pub from_entity_id: i64,
    pub from: String,
    /// `[a-z0-9_]`, e.g. `uses`, `depends_on`, `part_of`, `works_on`.
    pub relation_type: String,
    pub to_entity_id: i64,
    pub to: String,
    pub weight: f64,
    /// The task whose output named it first.
    pub source_task_id: Option<String>,
    pub first_seen: Timestamp,
    pub last_seen: Timestamp,
}

/// `GET /api/world/entities` → `{"entities": [...]}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EntityList {
    pub entities: Vec<Entity>,
}

/// `GET /api/world/relations` → `{"relations": [...]}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RelationList {
    pub relations: Vec<Relation>,
}

/// `GET /api/world/entities/{id}`: the entity, its relations both ways
/// (heaviest first) and the tasks whose outputs named it (newest first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EntityDetail {
    pub entity: Entity,
    pub relations: Vec<Relation>,
    pub source_tasks: Vec<String>,
}

/// Query string of `GET /api/world/entities`: entities whose name contains
/// `q` (case-insensitive; each word of `q` must begin a word of the name),
/// most mentioned first; without `q`, the most recently seen.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EntityQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<EntityType>,
    /// Default 50, at most 500.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// Query string of `GET /api/world/relations`: relations touching
/// `entity` (an id or a name) and of `type`, heaviest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RelationQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub relation_type: Option<String>,
    /// Default 50, at most 500.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// First line of the world-model block a claim puts in front of a prompt
/// (after the memories block, if any).
pub const WORLD_BLOCK_START: &str = "--- world model (entities known to the mesh) ---";
/// Last line of the block; an empty line and the submitted prompt follow.
pub const WORLD_BLOCK_END: &str = "--- end of world model ---";

/// Render the block around ready lines (each starts with `- ` or two
/// spaces, so no line of it can be the end line).
pub fn world_block(lines: &str) -> String {
    format!("{WORLD_BLOCK_START}\n{lines}{WORLD_BLOCK_END}\n\n")
}

/// A delivered prompt without its leading world-model block, or the
/// prompt as it is.
pub fn strip_world_block(prompt: &str) -> &str {
    if !prompt.starts_with(WORLD_BLOCK_START) {
        return prompt;
    }
    let end = format!("\n{WORLD_BLOCK_END}\n\n");
    match prompt.find(&end) {
        Some(i) => &prompt[i + end.len()..],
        None => prompt,
    }
}

/// A delivered prompt without the blocks a claim puts in front of it (the
/// agent's evolution guidelines, its memories, then the world model): what
/// was submitted, for executors that parse the prompt as a command.
pub fn strip_injected_blocks(prompt: &str) -> &str {
    strip_world_block(crate::strip_memory_block(crate::strip_evolution_block(
        prompt,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_strip_back_to_the_prompt() {
        let world = world_block("- Apollo (project)\n  Apollo uses Rust\n");
        let memories = crate::memory_block("ag", "k: v\n");
        assert_eq!(strip_injected_blocks(&format!("{world}echo hi")), "echo hi");
        assert_eq!(
            strip_injected_blocks(&format!("{memories}{world}echo hi")),
            "echo hi"
        );
        assert_eq!(
            strip_injected_blocks(&format!("{memories}echo hi")),
            "echo hi"
        );
        assert_eq!(strip_injected_blocks("echo hi"), "echo hi");
        let unterminated = format!("{WORLD_BLOCK_START}\nno end");
        assert_eq!(strip_injected_blocks(&unterminated), unterminated);
    }

    #[test]
    fn entity_types_parse_their_wire_words() {
        for t in EntityType::ALL {
            assert_eq!(t.as_str().parse::<EntityType>(), Ok(t));
        }
        assert_eq!(
            "Organization".parse::<EntityType>(),
            Ok(EntityType::Organisation)
        );
        assert!("planet".parse::<EntityType>().is_err());
    }
}
