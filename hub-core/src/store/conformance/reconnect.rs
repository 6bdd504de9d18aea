//! A PostgreSQL server that ends the hub's connections (a restart, a
//! failover, an operator's `pg_terminate_backend`) costs at most the write
//! or read in flight: the next one opens a new connection. The writer's is
//! one it drives itself, so this checks that it comes back the same way.

use std::time::{Duration, Instant};

use super::{backends, task_in};
use crate::store::{Store, StoreError};

/// Keep trying `f` until it succeeds, for at most ten seconds; how many
/// tries failed.
async fn until_ok<T>(what: &str, mut f: impl AsyncFnMut() -> Result<T, StoreError>) -> (T, u32) {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut failed = 0;
    loop {
        match f().await {
            Ok(v) => return (v, failed),
            Err(e) if Instant::now() < deadline => {
                failed += 1;
                tracing::debug!(error = %e, what, "retrying");
                tokio::task::yield_now().await;
            }
            Err(e) => panic!("{what}: still failing after ten seconds: {e}"),
        }
    }
}

async fn insert(store: &Store, id: String) -> Result<(), StoreError> {
    use crate::store::repos::task_record::{TaskBody, TaskRecord};
    use crate::store::repos::task_state::TaskState;
    let rec = TaskRecord {
        task: TaskBody::from_api(m3shd_api::Task::queued(&id, "p", super::at(0))),
        state: TaskState::new(false),
        output_seq: 0,
    };
    store.write(move |tx| tx.tasks().insert(&rec, None)).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_writes_and_reads_go_on_after_the_server_ends_the_connections() {
    for b in backends().into_iter().filter(|b| b.name == "postgres") {
        task_in(&b.store, b.name, "before").await;
        let ended = b
            .raw_texts(
                "SELECT pg_terminate_backend(pid)::text FROM pg_stat_activity \
                 WHERE datname = current_database() AND pid <> pg_backend_pid()",
            )
            .await;
        assert!(
            ended.iter().any(|t| t == "true"),
            "the hub's connections were ended: {ended:?}"
        );
        let mut k = 0;
        let ((), write_failures) = until_ok("a write", || {
            k += 1;
            insert(&b.store, format!("after-{k}"))
        })
        .await;
        assert!(
            write_failures <= 1,
            "only the write in flight may fail, {write_failures} did"
        );
        let (found, _) = until_ok("a read", async || {
            b.store.read(|q| q.tasks().get(&format!("after-{k}")))
        })
        .await;
        assert!(found.is_some(), "the write after the reconnect is stored");
        assert!(
            b.store
                .read(|q| q.tasks().get("before"))
                .expect("read")
                .is_some(),
            "what was written before is still there"
        );
    }
}
