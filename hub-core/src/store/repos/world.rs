//! The world model: entities named by task outputs and the typed
//! relations between them (kept in plain text, like the outputs).

use m3shd_api::{Entity, EntityType, Relation};

use crate::store::error::StoreError;

/// An entity as one task output names it.
#[derive(Debug, Clone, PartialEq)]
pub struct EntitySighting {
    /// As written.
    pub name: String,
    /// The key: two names with the same normalised form are one entity.
    pub normalized: String,
    /// The words of the normalised name (searched by prefix).
    pub words: Vec<String>,
    pub kind: EntityType,
    /// May be empty.
    pub description: String,
}

/// A relation as one task output names it, between normalised names.
#[derive(Debug, Clone, PartialEq)]
pub struct RelationSighting {
    pub from: String,
    pub relation_type: String,
    pub to: String,
}

/// A search among entities.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EntitySearch {
    /// Only entities with a name word beginning with this (lowercase).
    pub word_prefix: Option<String>,
    /// Only entities whose normalised name contains this.
    pub contains: Option<String>,
    pub kind: Option<EntityType>,
    pub limit: i64,
}

/// What a recording changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Recorded {
    pub entities: usize,
    pub relations: usize,
}

/// What can be read about it, on a snapshot or inside a write.
pub trait WorldReads {
    /// Whether any entity is known (an index probe: keeps claims cheap).
    fn any_entities(&self) -> Result<bool, StoreError>;
    fn entity(&self, id: i64) -> Result<Option<Entity>, StoreError>;
    fn entity_named(&self, normalized: &str) -> Result<Option<Entity>, StoreError>;
    /// The entities with these normalised names (in no particular order).
    fn entities_named(&self, normalized: &[String]) -> Result<Vec<Entity>, StoreError>;
    /// With a word prefix: most mentioned first; without: most recently
    /// seen first.
    fn search_entities(&self, search: &EntitySearch) -> Result<Vec<Entity>, StoreError>;
    /// Relations from or to `entity` (all when None), of `relation_type`
    /// (any when None), heaviest first, newest first among equals.
    fn relations(
        &self,
        entity: Option<i64>,
        relation_type: Option<&str>,
        limit: i64,
    ) -> Result<Vec<Relation>, StoreError>;
    /// Tasks whose outputs named the entity, newest first.
    fn sources_of(&self, entity: i64, limit: i64) -> Result<Vec<String>, StoreError>;
    /// The task whose output the extraction task `task_id` reads, if it
    /// is one.
    fn extraction_source(&self, task_id: &str) -> Result<Option<String>, StoreError>;
}

/// What a write transaction can change; its timestamps are the transaction's `now`.
pub trait WorldWrites: WorldReads {
    /// Record what the output of `task_id` names. A new entity starts with
    /// this task as its source; a known one is seen now, counts this task
    /// once among its mentions, becomes more specific when it was only a
    /// concept, and takes a description when it had none. A relation
    /// between two entities known after that is created, or its weight
    /// grows by one; one naming an unknown entity or joining an entity to
    /// itself is skipped.
    fn record(
        &self,
        task_id: &str,
        entities: &[EntitySighting],
        relations: &[RelationSighting],
    ) -> Result<Recorded, StoreError>;
    /// `task_id` extracts the world model from the output of `source_task_id`.
    fn link_extraction(&self, task_id: &str, source_task_id: &str) -> Result<(), StoreError>;
}

/// Past every word beginning with `prefix`, as both backends compare text
/// (byte by byte): `word >= prefix AND word < bound` finds them on an index.
pub(crate) fn word_upper_bound(prefix: &str) -> String {
    format!("{prefix}{}", char::MAX)
}
