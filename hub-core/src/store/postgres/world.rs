//! SQL for the world model (as SQLite's).

use std::collections::HashMap;

use m3shd_api::{Entity, Relation};
use tokio_postgres::Row;

use super::db::col;
use super::session::Session;
use crate::store::error::StoreError;
use crate::store::repos::world::word_upper_bound;
use crate::store::repos::{
    EntitySearch, EntitySighting, Recorded, RelationSighting, WorldReads, WorldWrites,
};
use crate::store::task_cols::parse;
use crate::store::time::{from_micros, to_micros};

const ENTITY_COLS: &str = "e.id, e.name, e.type, e.description, e.first_seen, e.last_seen, \
    e.mention_count, e.source_task_id";

const RELATION_COLS: &str = "r.id, r.from_entity_id, f.name, r.relation_type, r.to_entity_id, \
    t.name, r.weight, r.source_task_id, r.first_seen, r.last_seen";

const RELATION_JOIN: &str = "entity_relations r JOIN entities f ON f.id = r.from_entity_id \
    JOIN entities t ON t.id = r.to_entity_id";

fn entity(r: &Row) -> Result<Entity, StoreError> {
    Ok(Entity {
        id: col(r, 0)?,
        name: col(r, 1)?,
        kind: parse(&col::<String>(r, 2)?)?,
        description: col(r, 3)?,
        first_seen: from_micros(col(r, 4)?),
        last_seen: from_micros(col(r, 5)?),
        mention_count: col(r, 6)?,
        source_task_id: col(r, 7)?,
    })
}

fn relation(r: &Row) -> Result<Relation, StoreError> {
    Ok(Relation {
        id: col(r, 0)?,
        from_entity_id: col(r, 1)?,
        from: col(r, 2)?,
        relation_type: col(r, 3)?,
        to_entity_id: col(r, 4)?,
        to: col(r, 5)?,
        weight: col(r, 6)?,
        source_task_id: col(r, 7)?,
        first_seen: from_micros(col(r, 8)?),
        last_seen: from_micros(col(r, 9)?),
    })
}

impl Session<'_> {
    fn entity_id(&self, normalized: &str) -> Result<Option<i64>, StoreError> {
        self.query_opt(
            "SELECT id FROM entities WHERE normalized = $1",
            &[&normalized],
        )?
        .map(|r| col(&r, 0))
        .transpose()
    }

    /// The entity's id, created or seen again now by `task_id`.
    fn sight(&self, task_id: &str, e: &EntitySighting) -> Result<i64, StoreError> {
        let now = to_micros(self.now());
        let Some(id) = self.entity_id(&e.normalized)? else {
            let row = self.query_one(
                "INSERT INTO entities (name, normalized, type, description, first_seen, \
                   last_seen, mention_count, source_task_id) \
                 VALUES ($1, $2, $3, $4, $5, $5, 1, $6) RETURNING id",
                &[
                    &e.name,
                    &e.normalized,
                    &e.kind.as_str(),
                    &e.description,
                    &now,
                    &task_id,
                ],
            )?;
            let id: i64 = col(&row, 0)?;
            self.execute(
                "INSERT INTO entity_words (word, entity_id) \
                 SELECT w, $2 FROM unnest($1::text[]) AS w ON CONFLICT DO NOTHING",
                &[&e.words, &id],
            )?;
            self.execute(
                "INSERT INTO entity_mentions (entity_id, task_id, at) VALUES ($1, $2, $3)",
                &[&id, &task_id, &now],
            )?;
            return Ok(id);
        };
        let fresh = self.execute(
            "INSERT INTO entity_mentions (entity_id, task_id, at) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
            &[&id, &task_id, &now],
        )?;
        self.execute(
            "UPDATE entities SET \
               type = CASE WHEN type = 'concept' THEN $2 ELSE type END, \
               description = CASE WHEN description = '' THEN $3 ELSE description END, \
               last_seen = $4, mention_count = mention_count + $5 \
             WHERE id = $1",
            &[
                &id,
                &e.kind.as_str(),
                &e.description,
                &now,
                &i64::from(fresh > 0),
            ],
        )?;
        Ok(id)
    }
}

impl WorldReads for Session<'_> {
    fn any_entities(&self) -> Result<bool, StoreError> {
        let row = self.query_one("SELECT EXISTS (SELECT 1 FROM entities)", &[])?;
        col(&row, 0)
    }

    fn entity(&self, id: i64) -> Result<Option<Entity>, StoreError> {
        self.query_opt(
            &format!("SELECT {ENTITY_COLS} FROM entities e WHERE e.id = $1"),
            &[&id],
        )?
        .map(|r| entity(&r))
        .transpose()
    }

    fn entity_named(&self, normalized: &str) -> Result<Option<Entity>, StoreError> {
        self.query_opt(
            &format!("SELECT {ENTITY_COLS} FROM entities e WHERE e.normalized = $1"),
            &[&normalized],
        )?
        .map(|r| entity(&r))
        .transpose()
    }

    fn entities_named(&self, normalized: &[String]) -> Result<Vec<Entity>, StoreError> {
        if normalized.is_empty() {
            return Ok(Vec::new());
        }
        self.query(
            &format!("SELECT {ENTITY_COLS} FROM entities e WHERE e.normalized = ANY($1)"),
            &[&normalized],
        )?
        .iter()
        .map(entity)
        .collect()
    }

    fn search_entities(&self, s: &EntitySearch) -> Result<Vec<Entity>, StoreError> {
        let kind = s.kind.map(|k| k.as_str());
        let rows = match &s.word_prefix {
            Some(prefix) => self.query(
                &format!(
                    "SELECT {ENTITY_COLS} FROM entities e WHERE e.id IN \
                       (SELECT entity_id FROM entity_words WHERE word >= $1 AND word < $2) \
                     AND ($3::text IS NULL OR strpos(e.normalized, $3) > 0) \
                     AND ($4::text IS NULL OR e.type = $4) \
                     ORDER BY e.mention_count DESC, e.last_seen DESC, e.id DESC LIMIT $5"
                ),
                &[
                    prefix,
                    &word_upper_bound(prefix),
                    &s.contains,
                    &kind,
                    &s.limit,
                ],
            )?,
            None => self.query(
                &format!(
                    "SELECT {ENTITY_COLS} FROM entities e \
                     WHERE ($1::text IS NULL OR strpos(e.normalized, $1) > 0) \
                     AND ($2::text IS NULL OR e.type = $2) \
                     ORDER BY e.last_seen DESC, e.id DESC LIMIT $3"
                ),
                &[&s.contains, &kind, &s.limit],
            )?,
        };
        rows.iter().map(entity).collect()
    }

    fn relations(
        &self,
        entity: Option<i64>,
        relation_type: Option<&str>,
        limit: i64,
    ) -> Result<Vec<Relation>, StoreError> {
        let rows = match entity {
            Some(id) => self.query(
                &format!(
                    "SELECT {RELATION_COLS} FROM {RELATION_JOIN} \
                     WHERE (r.from_entity_id = $1 OR r.to_entity_id = $1) \
                     AND ($2::text IS NULL OR r.relation_type = $2) \
                     ORDER BY r.weight DESC, r.id DESC LIMIT $3"
                ),
                &[&id, &relation_type, &limit],
            )?,
            None => self.query(
                &format!(
                    "SELECT {RELATION_COLS} FROM {RELATION_JOIN} \
                     WHERE ($1::text IS NULL OR r.relation_type = $1) \
                     ORDER BY r.weight DESC, r.id DESC LIMIT $2"
                ),
                &[&relation_type, &limit],
            )?,
        };
        rows.iter().map(relation).collect()
    }

    fn sources_of(&self, entity: i64, limit: i64) -> Result<Vec<String>, StoreError> {
        self.query(
            "SELECT task_id FROM entity_mentions WHERE entity_id = $1 \
             ORDER BY at DESC, task_id LIMIT $2",
            &[&entity, &limit],
        )?
        .iter()
        .map(|r| col(r, 0))
        .collect()
    }

    fn extraction_source(&self, task_id: &str) -> Result<Option<String>, StoreError> {
        self.query_opt(
            "SELECT source_task_id FROM world_extractions WHERE task_id = $1",
            &[&task_id],
        )?
        .map(|r| col(&r, 0))
        .transpose()
    }
}

impl WorldWrites for Session<'_> {
    fn record(
        &self,
        task_id: &str,
        sighted: &[EntitySighting],
        related: &[RelationSighting],
    ) -> Result<Recorded, StoreError> {
        let mut ids: HashMap<&str, i64> = HashMap::new();
        for e in sighted {
            if !ids.contains_key(e.normalized.as_str()) {
                ids.insert(&e.normalized, self.sight(task_id, e)?);
            }
        }
        let mut recorded = Recorded {
            entities: ids.len(),
            relations: 0,
        };
        let now = to_micros(self.now());
        for r in related {
            let from = match ids.get(r.from.as_str()) {
                Some(id) => Some(*id),
                None => self.entity_id(&r.from)?,
            };
            let to = match ids.get(r.to.as_str()) {
                Some(id) => Some(*id),
                None => self.entity_id(&r.to)?,
            };
            let (Some(from), Some(to)) = (from, to) else {
                continue;
            };
            if from == to {
                continue;
            }
            self.execute(
                "INSERT INTO entity_relations (from_entity_id, to_entity_id, relation_type, \
                   weight, source_task_id, first_seen, last_seen) \
                 VALUES ($1, $2, $3, 1.0, $4, $5, $5) \
                 ON CONFLICT (from_entity_id, to_entity_id, relation_type) DO UPDATE SET \
                   weight = entity_relations.weight + 1.0, last_seen = excluded.last_seen",
                &[&from, &to, &r.relation_type, &task_id, &now],
            )?;
            recorded.relations += 1;
        }
        Ok(recorded)
    }

    fn link_extraction(&self, task_id: &str, source_task_id: &str) -> Result<(), StoreError> {
        self.execute(
            "INSERT INTO world_extractions (task_id, source_task_id) VALUES ($1, $2) \
             ON CONFLICT (task_id) DO NOTHING",
            &[&task_id, &source_task_id],
        )?;
        Ok(())
    }
}
