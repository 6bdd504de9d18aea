//! SQL for the world model (migration V18).

use std::collections::HashMap;

use m3shd_api::{Entity, Relation};
use rusqlite::{Connection, OptionalExtension, params};

use super::session::{Connected, SqliteTx};
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

fn entities(
    conn: &Connection,
    sql: &str,
    p: impl rusqlite::Params,
) -> Result<Vec<Entity>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt
        .query_map(p, |r| {
            Ok((
                Entity {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    kind: m3shd_api::EntityType::Concept,
                    description: r.get(3)?,
                    first_seen: from_micros(r.get(4)?),
                    last_seen: from_micros(r.get(5)?),
                    mention_count: r.get(6)?,
                    source_task_id: r.get(7)?,
                },
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(|(mut e, kind)| {
            e.kind = parse(&kind)?;
            Ok(e)
        })
        .collect()
}

fn relations(
    conn: &Connection,
    sql: &str,
    p: impl rusqlite::Params,
) -> Result<Vec<Relation>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt
        .query_map(p, |r| {
            Ok(Relation {
                id: r.get(0)?,
                from_entity_id: r.get(1)?,
                from: r.get(2)?,
                relation_type: r.get(3)?,
                to_entity_id: r.get(4)?,
                to: r.get(5)?,
                weight: r.get(6)?,
                source_task_id: r.get(7)?,
                first_seen: from_micros(r.get(8)?),
                last_seen: from_micros(r.get(9)?),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

fn entity_id(conn: &Connection, normalized: &str) -> Result<Option<i64>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT id FROM entities WHERE normalized = ?1")?
        .query_row([normalized], |r| r.get(0))
        .optional()?)
}

impl<C: Connected> WorldReads for C {
    fn any_entities(&self) -> Result<bool, StoreError> {
        Ok(self
            .conn()
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM entities)")?
            .query_row([], |r| r.get(0))?)
    }

    fn entity(&self, id: i64) -> Result<Option<Entity>, StoreError> {
        let sql = format!("SELECT {ENTITY_COLS} FROM entities e WHERE e.id = ?1");
        Ok(entities(self.conn(), &sql, [id])?.into_iter().next())
    }

    fn entity_named(&self, normalized: &str) -> Result<Option<Entity>, StoreError> {
        let sql = format!("SELECT {ENTITY_COLS} FROM entities e WHERE e.normalized = ?1");
        Ok(entities(self.conn(), &sql, [normalized])?
            .into_iter()
            .next())
    }

    fn entities_named(&self, normalized: &[String]) -> Result<Vec<Entity>, StoreError> {
        // One index probe a name: no round trips here, and one prepared
        // statement whatever the number of names.
        let mut found = Vec::new();
        for n in normalized {
            if let Some(e) = self.entity_named(n)? {
                found.push(e);
            }
        }
        Ok(found)
    }

    fn search_entities(&self, s: &EntitySearch) -> Result<Vec<Entity>, StoreError> {
        let kind = s.kind.map(|k| k.as_str());
        match &s.word_prefix {
            Some(prefix) => {
                let sql = format!(
                    "SELECT {ENTITY_COLS} FROM entities e WHERE e.id IN \
                       (SELECT entity_id FROM entity_words WHERE word >= ?1 AND word < ?2) \
                     AND (?3 IS NULL OR instr(e.normalized, ?3) > 0) \
                     AND (?4 IS NULL OR e.type = ?4) \
                     ORDER BY e.mention_count DESC, e.last_seen DESC, e.id DESC LIMIT ?5"
                );
                entities(
                    self.conn(),
                    &sql,
                    params![prefix, word_upper_bound(prefix), s.contains, kind, s.limit],
                )
            }
            None => {
                let sql = format!(
                    "SELECT {ENTITY_COLS} FROM entities e \
                     WHERE (?1 IS NULL OR instr(e.normalized, ?1) > 0) \
                     AND (?2 IS NULL OR e.type = ?2) \
                     ORDER BY e.last_seen DESC, e.id DESC LIMIT ?3"
                );
                entities(self.conn(), &sql, params![s.contains, kind, s.limit])
            }
        }
    }

    fn relations(
        &self,
        entity: Option<i64>,
        relation_type: Option<&str>,
        limit: i64,
    ) -> Result<Vec<Relation>, StoreError> {
        match entity {
            Some(id) => {
                let sql = format!(
                    "SELECT {RELATION_COLS} FROM {RELATION_JOIN} \
                     WHERE (r.from_entity_id = ?1 OR r.to_entity_id = ?1) \
                     AND (?2 IS NULL OR r.relation_type = ?2) \
                     ORDER BY r.weight DESC, r.id DESC LIMIT ?3"
                );
                relations(self.conn(), &sql, params![id, relation_type, limit])
            }
            None => {
                let sql = format!(
                    "SELECT {RELATION_COLS} FROM {RELATION_JOIN} \
                     WHERE (?1 IS NULL OR r.relation_type = ?1) \
                     ORDER BY r.weight DESC, r.id DESC LIMIT ?2"
                );
                relations(self.conn(), &sql, params![relation_type, limit])
            }
        }
    }

    fn sources_of(&self, entity: i64, limit: i64) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT task_id FROM entity_mentions WHERE entity_id = ?1 \
             ORDER BY at DESC, task_id LIMIT ?2",
        )?;
        let rows = stmt
            .query_map(params![entity, limit], |r| r.get(0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    fn extraction_source(&self, task_id: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn()
            .prepare_cached("SELECT source_task_id FROM world_extractions WHERE task_id = ?1")?
            .query_row([task_id], |r| r.get(0))
            .optional()?)
    }
}

impl SqliteTx<'_> {
    /// The entity's id, created or seen again now by `task_id`.
    fn sight(&self, task_id: &str, e: &EntitySighting) -> Result<i64, StoreError> {
        let now = to_micros(self.now);
        let conn = &self.txn;
        let Some(id) = entity_id(conn, &e.normalized)? else {
            conn.prepare_cached(
                "INSERT INTO entities (name, normalized, type, description, first_seen, \
                   last_seen, mention_count, source_task_id) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5, 1, ?6)",
            )?
            .execute(params![
                e.name,
                e.normalized,
                e.kind.as_str(),
                e.description,
                now,
                task_id
            ])?;
            let id = conn.last_insert_rowid();
            for w in &e.words {
                conn.prepare_cached(
                    "INSERT INTO entity_words (word, entity_id) VALUES (?1, ?2) \
                     ON CONFLICT DO NOTHING",
                )?
                .execute(params![w, id])?;
            }
            conn.prepare_cached(
                "INSERT INTO entity_mentions (entity_id, task_id, at) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![id, task_id, now])?;
            return Ok(id);
        };
        let fresh = conn
            .prepare_cached(
                "INSERT INTO entity_mentions (entity_id, task_id, at) VALUES (?1, ?2, ?3) \
                 ON CONFLICT DO NOTHING",
            )?
            .execute(params![id, task_id, now])?;
        conn.prepare_cached(
            "UPDATE entities SET \
               type = CASE WHEN type = 'concept' THEN ?2 ELSE type END, \
               description = CASE WHEN description = '' THEN ?3 ELSE description END, \
               last_seen = ?4, mention_count = mention_count + ?5 \
             WHERE id = ?1",
        )?
        .execute(params![
            id,
            e.kind.as_str(),
            e.description,
            now,
            i64::from(fresh > 0)
        ])?;
        Ok(id)
    }
}

impl WorldWrites for SqliteTx<'_> {
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
        let now = to_micros(self.now);
        for r in related {
            let from = match ids.get(r.from.as_str()) {
                Some(id) => Some(*id),
                None => entity_id(&self.txn, &r.from)?,
            };
            let to = match ids.get(r.to.as_str()) {
                Some(id) => Some(*id),
                None => entity_id(&self.txn, &r.to)?,
            };
            let (Some(from), Some(to)) = (from, to) else {
                continue;
            };
            if from == to {
                continue;
            }
            self.txn
                .prepare_cached(
                    "INSERT INTO entity_relations (from_entity_id, to_entity_id, relation_type, \
                       weight, source_task_id, first_seen, last_seen) \
                     VALUES (?1, ?2, ?3, 1.0, ?4, ?5, ?5) \
                     ON CONFLICT (from_entity_id, to_entity_id, relation_type) DO UPDATE SET \
                       weight = entity_relations.weight + 1.0, last_seen = excluded.last_seen",
                )?
                .execute(params![from, to, r.relation_type, task_id, now])?;
            recorded.relations += 1;
        }
        Ok(recorded)
    }

    fn link_extraction(&self, task_id: &str, source_task_id: &str) -> Result<(), StoreError> {
        self.txn
            .prepare_cached(
                "INSERT INTO world_extractions (task_id, source_task_id) VALUES (?1, ?2) \
                 ON CONFLICT (task_id) DO NOTHING",
            )?
            .execute(params![task_id, source_task_id])?;
        Ok(())
    }
}
