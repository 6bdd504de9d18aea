//! `migrate-store`: what a SQLite hub kept reads the same from PostgreSQL
//! after the move, and the move refuses a target that holds data.

use std::sync::Arc;

use m3shd_api::Event;

use super::{TEST_POSTGRES_ENV, task_in};
use crate::clock::{Clock, ManualClock};
use crate::store::migrate::sqlite_to_postgres;
use crate::store::{Database, Durability, Store, create_scratch, drop_scratch};

struct Scratch(String);

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
