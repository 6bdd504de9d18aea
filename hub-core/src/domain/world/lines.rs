//! An extraction task's answer: lines `ENTITY: name | type | description`
//! and `RELATION: from | type | to`. Other lines are ignored; an unknown
//! type makes a concept; a relation may name an entity no ENTITY line
//! declares (it becomes a concept). The caps are the extractor's.

use std::collections::HashMap;

use m3shd_api::{ENTITY_TAG, EntityType, RELATION_TAG};

use super::extract::{Extraction, MAX_ENTITIES, MAX_RELATIONS, MAX_SCANNED_BYTES};
use super::names;
use crate::store::repos::RelationSighting;

/// The text after `tag` on `line` (a leading list marker allowed; the tag
/// in any case).
fn after_tag<'a>(line: &'a str, tag: &str) -> Option<&'a str> {
    let line = line
        .trim_start()
        .trim_start_matches(['-', '*', '•'])
        .trim_start();
    let head = line.get(..tag.len())?;
    head.eq_ignore_ascii_case(tag).then(|| &line[tag.len()..])
}

/// The entities and relations `output` declares.
pub fn parse(output: &str) -> Extraction {
    let mut cut = output.len().min(MAX_SCANNED_BYTES);
    while !output.is_char_boundary(cut) {
        cut -= 1;
    }
    let mut x = Extraction::default();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut add = |x: &mut Extraction, name: &str, kind: EntityType, description: &str| {
        let s = names::sighting(name, kind, description)?;
        if let Some(&n) = index.get(&s.normalized) {
            let known = &mut x.entities[n];
            if known.kind == EntityType::Concept {
                known.kind = kind;
            }
            if known.description.is_empty() {
                known.description = s.description;
            }
            return Some(known.normalized.clone());
        }
        if x.entities.len() == MAX_ENTITIES {
            return None;
        }
        let key = s.normalized.clone();
        index.insert(key.clone(), x.entities.len());
        x.entities.push(s);
        Some(key)
    };
    for line in output[..cut].lines() {
        if let Some(rest) = after_tag(line, ENTITY_TAG) {
            let mut parts = rest.splitn(3, '|').map(str::trim);
            let name = parts.next().unwrap_or("");
            let kind = parts
                .next()
                .and_then(|t| t.parse().ok())
                .unwrap_or(EntityType::Concept);
            let description = parts.next().unwrap_or("");
            add(&mut x, name, kind, description);
        } else if let Some(rest) = after_tag(line, RELATION_TAG) {
            if x.relations.len() == MAX_RELATIONS {
                continue;
            }
            let parts: Vec<&str> = rest.splitn(3, '|').map(str::trim).collect();
            let [from, relation, to] = parts[..] else {
                continue;
            };
            let Some(relation_type) = names::relation_type(relation) else {
                continue;
            };
            let (Some(from), Some(to)) = (
                add(&mut x, from, EntityType::Concept, ""),
                add(&mut x, to, EntityType::Concept, ""),
            ) else {
                continue;
            };
            let r = RelationSighting {
                from,
                relation_type,
                to,
            };
            if r.from != r.to && !x.relations.contains(&r) {
                x.relations.push(r);
            }
        }
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_entities_and_relations_are_read() {
        let x = parse(
            "Here is what I found:\n\
             ENTITY: Project Apollo | project | The moon programme\n\
             - entity: Ada Lovelace | Person | wrote the first program\n\
             ENTITY: Rust | language | a systems language\n\
             ENTITY: Project Apollo | concept | ignored: already described\n\
             RELATION: Ada Lovelace | works on | Project Apollo\n\
             RELATION: Project Apollo | uses | Rust\n\
             RELATION: Project Apollo | uses | Ferris the Crab\n\
             RELATION: Rust | uses | rust\n\
             RELATION: only | two\n\
             ENTITY:   |  tool | nameless\n",
        );
        let entities: Vec<(String, EntityType, String)> = x
            .entities
            .iter()
            .map(|e| (e.name.clone(), e.kind, e.description.clone()))
            .collect();
        assert_eq!(
            entities,
            [
                (
                    "Project Apollo".into(),
                    EntityType::Project,
                    "The moon programme".into()
                ),
                (
                    "Ada Lovelace".into(),
                    EntityType::Person,
                    "wrote the first program".into()
                ),
                (
                    "Rust".into(),
                    EntityType::Concept,
                    "a systems language".into()
                ),
                ("Ferris the Crab".into(), EntityType::Concept, String::new()),
            ]
        );
        let relations: Vec<String> = x
            .relations
            .iter()
            .map(|r| format!("{} {} {}", r.from, r.relation_type, r.to))
            .collect();
        assert_eq!(
            relations,
            [
                "ada lovelace works_on project apollo",
                "project apollo uses rust",
                "project apollo uses ferris the crab",
            ]
        );
    }

    #[test]
    fn answers_are_capped() {
        let many: String = (0..200)
            .map(|n| {
                format!("ENTITY: Thing {n} | tool | t\nRELATION: Thing {n} | uses | Thing 0\n")
            })
            .collect();
        let x = parse(&many);
        assert_eq!(x.entities.len(), MAX_ENTITIES);
        assert!(x.relations.len() < MAX_RELATIONS);
    }
}
