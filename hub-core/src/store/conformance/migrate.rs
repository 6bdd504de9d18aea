//! `migrate-store`: what a SQLite hub kept reads the same from PostgreSQL
//! after the move, and the move refuses a target that holds data.

use std::sync::Arc;

use m3shd_api::{EntityType, Event};

use super::{TEST_POSTGRES_ENV, task_in};
use crate::clock::{Clock, ManualClock};
use crate::store::migrate::sqlite_to_postgres;
use crate::store::repos::{EntitySighting, RelationSighting};
use crate::store::{Database, Durability, Store, create_scratch, drop_scratch};

struct Scratch(String);

fn world_entities() -> Vec<EntitySighting> {
    ["Apollo", "Rust"]
        .into_iter()
        .map(|name| EntitySighting {
            name: name.into(),
            normalized: name.to_lowercase(),
            words: vec![name.to_lowercase()],
            kind: EntityType::Project,
            description: String::new(),
        })
        .collect()
}

fn world_relations() -> Vec<RelationSighting> {
    vec![RelationSighting {
        from: "apollo".into(),
        relation_type: "uses".into(),
        to: "rust".into(),
    }]
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = drop_scratch(&self.0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_hub_moves_to_postgres_and_reads_the_same() {
    let Ok(base) = std::env::var(TEST_POSTGRES_ENV) else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let clock: Arc<dyn Clock> = Arc::new(ManualClock::starting_now());
    let sqlite = Store::open_database(
        dir.path(),
        &Database::Sqlite,
        Durability::Normal,
        clock.clone(),
    )
    .expect("open sqlite");
    for id in ["t1", "t2", "t3"] {
        task_in(&sqlite, "sqlite", id).await;
    }
    sqlite
        .write(|tx| {
            tx.memories()
                .upsert("rex", "db", "the staging password is hunter2", 0.9, "test")?;
            tx.memories()
                .upsert("rex", "editor", "vim for rust", 1.0, "test")?;
            tx.context().set("region", "eu", "ops")?;
            tx.world()
                .record("t1", &world_entities(), &world_relations())?;
            tx.emit(Event::ContextDeleted { key: "x".into() })?;
            tx.emit(Event::ContextDeleted { key: "y".into() })
        })
        .await
        .expect("fill");
    // Events pruned at the old end: ids must not be handed out again.
    let last = sqlite.read(|r| r.events().last_id()).expect("last");
    sqlite
        .write(move |tx| tx.events().prune(last + 1, 1000))
        .await
        .expect("prune");
    let tasks = sqlite
        .read(|r| r.tasks().list(None, None, None, 10))
        .expect("tasks");
    let found = sqlite
        .read(|r| r.memories().search("rex", &["hunter2".into()], 5))
        .expect("search");
    let world = sqlite
        .read(|r| r.world().relations(None, None, 10))
        .expect("relations");
    assert_eq!(world.len(), 1);
    assert_eq!(found.len(), 1);
    sqlite.close().expect("close sqlite");

    let url = Scratch(create_scratch(&base).expect("scratch"));
    let mut steps = 0;
    let copied =
        sqlite_to_postgres(dir.path(), &url.0, &*clock, &mut |_| steps += 1).expect("migrate");
    assert!(steps > copied.len(), "progress was reported");
    let rows = |t: &str| copied.iter().find(|c| c.table == t).map(|c| c.tally.rows);
    assert_eq!(rows("tasks"), Some(3));
    assert_eq!(rows("agent_memory"), Some(2));

    let pg = Store::open_database(
        dir.path(),
        &Database::Postgres(url.0.clone()),
        Durability::Normal,
        clock.clone(),
    )
    .expect("open postgres");
    assert_eq!(
        pg.read(|r| r.tasks().list(None, None, None, 10))
            .expect("tasks"),
        tasks
    );
    assert_eq!(
        pg.read(|r| r.memories().search("rex", &["hunter2".into()], 5))
            .expect("search"),
        found,
        "the search index was rebuilt"
    );
    assert_eq!(
        pg.read(|r| r.world().relations(None, None, 10))
            .expect("relations"),
        world,
        "the world model moved"
    );
    assert_eq!(
        pg.read(|r| r.world().sources_of(world[0].from_entity_id, 10))
            .expect("sources"),
        ["t1"]
    );
    let more = pg
        .write(|tx| {
            let mut ada = world_entities();
            ada[0].name = "Ada".into();
            ada[0].normalized = "ada".into();
            ada[0].words = vec!["ada".into()];
            tx.world().record("t2", &ada, &[])?;
            tx.world().entity_named("ada")
        })
        .await
        .expect("record")
        .expect("ada");
    assert!(more.id > world[0].to_entity_id, "entity ids continue");
    let next = pg
        .write(|tx| tx.emit(Event::ContextDeleted { key: "z".into() }))
        .await
        .expect("emit");
    assert!(next > last, "event ids continue after {last}, got {next}");
    pg.close().expect("close");

    let again =
        sqlite_to_postgres(dir.path(), &url.0, &*clock, &mut |_| {}).expect_err("not empty");
    assert!(again.to_string().contains("holds data already"), "{again}");
}
