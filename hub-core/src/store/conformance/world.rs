//! The world model: entities unique by normalised name, mentions counted
//! once per task, relations unique per (from, to, type) with a weight that
//! grows, searches by word prefix, and which extraction reads which task.

use std::time::Duration;

use m3shd_api::EntityType;

use super::{Backend, backends, task};
use crate::store::repos::{EntitySearch, EntitySighting, Recorded, RelationSighting};

fn sighting(name: &str, kind: EntityType, description: &str) -> EntitySighting {
    let normalized = name.to_lowercase();
    EntitySighting {
        name: name.into(),
        words: normalized.split(' ').map(String::from).collect(),
        normalized,
        kind,
        description: description.into(),
    }
}

fn rel(from: &str, relation_type: &str, to: &str) -> RelationSighting {
    RelationSighting {
        from: from.into(),
        relation_type: relation_type.into(),
        to: to.into(),
    }
}

async fn record(
    b: &Backend,
    task_id: &str,
    entities: Vec<EntitySighting>,
    relations: Vec<RelationSighting>,
) -> Recorded {
    let id = task_id.to_string();
    b.store
        .write(move |tx| tx.world().record(&id, &entities, &relations))
        .await
        .unwrap_or_else(|e| panic!("{}: record: {e}", b.name))
}

fn search(
    b: &Backend,
    prefix: Option<&str>,
    contains: Option<&str>,
    kind: Option<EntityType>,
) -> Vec<String> {
    let s = EntitySearch {
        word_prefix: prefix.map(String::from),
        contains: contains.map(String::from),
        kind,
        limit: 10,
    };
    b.store
        .read(|r| r.world().search_entities(&s))
        .unwrap_or_else(|e| panic!("{}: search: {e}", b.name))
        .into_iter()
        .map(|e| e.name)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn entities_are_one_per_name_and_count_each_task_once() {
    for b in backends() {
        task(&b, "t1").await;
        task(&b, "t2").await;
        assert!(!b.store.read(|r| r.world().any_entities()).expect("any"));
        let done = record(
            &b,
            "t1",
            vec![
                sighting("Project Apollo", EntityType::Concept, ""),
                sighting("Rust", EntityType::Tool, "a language"),
                // The same entity twice in one output is one mention.
                sighting("project apollo", EntityType::Concept, ""),
            ],
            vec![],
        )
        .await;
        assert_eq!(done.entities, 2, "{}", b.name);
        let first = b
            .store
            .read(|r| r.world().entity_named("project apollo"))
            .expect("read")
            .expect("stored");
        assert_eq!(first.name, "Project Apollo", "{}", b.name);
        assert_eq!(first.mention_count, 1, "{}", b.name);
        assert_eq!(first.kind, EntityType::Concept, "{}", b.name);
        assert_eq!(first.source_task_id.as_deref(), Some("t1"), "{}", b.name);

        b.clock.advance(Duration::from_secs(3));
        // Seen again by another task: more specific, described, counted.
        record(
            &b,
            "t2",
            vec![sighting(
                "PROJECT APOLLO",
                EntityType::Project,
                "the moon one",
            )],
            vec![],
        )
        .await;
        // The same task again (its model extraction) counts no new mention.
        record(
            &b,
            "t2",
            vec![sighting("Project Apollo", EntityType::Tool, "other words")],
            vec![],
        )
        .await;
        let again = b
            .store
            .read(|r| r.world().entity(first.id))
            .expect("read")
            .expect("stored");
        assert_eq!(
            again.name, "Project Apollo",
            "kept as first seen ({})",
            b.name
        );
        assert_eq!(again.kind, EntityType::Project, "{}", b.name);
        assert_eq!(again.description, "the moon one", "{}", b.name);
        assert_eq!(again.mention_count, 2, "{}", b.name);
        assert_eq!(again.first_seen, first.first_seen, "{}", b.name);
        assert!(again.last_seen > first.last_seen, "{}", b.name);
        assert_eq!(again.source_task_id.as_deref(), Some("t1"), "{}", b.name);
        let sources = b
            .store
            .read(|r| r.world().sources_of(first.id, 10))
            .expect("sources");
        assert_eq!(sources, ["t2", "t1"], "newest first ({})", b.name);
        let named = b
            .store
            .read(|r| {
                r.world()
                    .entities_named(&["rust".into(), "nobody".into(), "project apollo".into()])
            })
            .expect("named");
        let mut names: Vec<String> = named.into_iter().map(|e| e.name).collect();
        names.sort();
        assert_eq!(names, ["Project Apollo", "Rust"], "{}", b.name);
        assert!(b.store.read(|r| r.world().any_entities()).expect("any"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn relations_are_unique_per_type_and_grow_heavier() {
    for b in backends() {
        task(&b, "t1").await;
        task(&b, "t2").await;
        let done = record(
            &b,
            "t1",
            vec![
                sighting("Apollo", EntityType::Project, ""),
                sighting("Rust", EntityType::Tool, ""),
                sighting("Ada Lovelace", EntityType::Person, ""),
            ],
            vec![
                rel("apollo", "uses", "rust"),
                rel("ada lovelace", "works_on", "apollo"),
                // Unknown ends and self-relations are skipped.
                rel("apollo", "uses", "cobol"),
                rel("rust", "uses", "rust"),
            ],
        )
        .await;
        assert_eq!(done.relations, 2, "{}", b.name);
        // Known entities may be related by a later output naming only one.
        let done = record(
            &b,
            "t2",
            vec![sighting("Rust", EntityType::Tool, "")],
            vec![
                rel("apollo", "uses", "rust"),
                rel("apollo", "depends_on", "rust"),
            ],
        )
        .await;
        assert_eq!(done.relations, 2, "{}", b.name);
        let apollo = b
            .store
            .read(|r| r.world().entity_named("apollo"))
            .expect("read")
            .expect("stored");
        let all = b
            .store
            .read(|r| r.world().relations(Some(apollo.id), None, 10))
            .expect("relations");
        let seen: Vec<(String, String, String, f64)> = all
            .iter()
            .map(|r| {
                (
                    r.from.clone(),
                    r.relation_type.clone(),
                    r.to.clone(),
                    r.weight,
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                ("Apollo".into(), "uses".into(), "Rust".into(), 2.0),
                ("Apollo".into(), "depends_on".into(), "Rust".into(), 1.0),
                (
                    "Ada Lovelace".into(),
                    "works_on".into(),
                    "Apollo".into(),
                    1.0
                ),
            ],
            "heaviest first, then newest ({})",
            b.name
        );
        assert_eq!(all[0].source_task_id.as_deref(), Some("t1"), "{}", b.name);
        let uses = b
            .store
            .read(|r| r.world().relations(None, Some("uses"), 10))
            .expect("relations");
        assert_eq!(uses.len(), 1, "{}", b.name);
        let limited = b
            .store
            .read(|r| r.world().relations(None, None, 1))
            .expect("relations");
        assert_eq!(limited.len(), 1, "{}", b.name);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_finds_names_by_word_prefix_and_type() {
    for b in backends() {
        task(&b, "t1").await;
        task(&b, "t2").await;
        record(
            &b,
            "t1",
            vec![
                sighting("Project Apollo", EntityType::Project, ""),
                sighting("Apollo Tyres", EntityType::Organisation, ""),
                sighting("Rust", EntityType::Tool, ""),
            ],
            vec![],
        )
        .await;
        b.clock.advance(Duration::from_secs(1));
        record(
            &b,
            "t2",
            vec![sighting("Apollo Tyres", EntityType::Organisation, "")],
            vec![],
        )
        .await;
        assert_eq!(
            search(&b, Some("apo"), None, None),
            ["Apollo Tyres", "Project Apollo"],
            "most mentioned first ({})",
            b.name
        );
        assert_eq!(
            search(&b, Some("apo"), None, Some(EntityType::Project)),
            ["Project Apollo"],
            "{}",
            b.name
        );
        assert_eq!(
            search(&b, Some("project"), Some("project apollo"), None),
            ["Project Apollo"],
            "{}",
            b.name
        );
        assert!(
            search(&b, Some("pollo"), None, None).is_empty(),
            "{}",
            b.name
        );
        assert_eq!(
            search(&b, None, None, None),
            ["Apollo Tyres", "Rust", "Project Apollo"],
            "most recently seen first ({})",
            b.name
        );
        assert_eq!(
            search(&b, None, None, Some(EntityType::Tool)),
            ["Rust"],
            "{}",
            b.name
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_extraction_task_knows_its_source() {
    for b in backends() {
        task(&b, "src").await;
        task(&b, "ext").await;
        b.store
            .write(|tx| tx.world().link_extraction("ext", "src"))
            .await
            .expect("link");
        let read = |id: &str| {
            b.store
                .read(|r| r.world().extraction_source(id))
                .expect("read")
        };
        assert_eq!(read("ext").as_deref(), Some("src"), "{}", b.name);
        assert_eq!(read("src"), None, "{}", b.name);
    }
}
