//! One PostgreSQL connection, used synchronously. The store's interface is
//! synchronous (the writer is a thread, reads run on the caller's thread,
//! as with SQLite), while the driver is async. A reader's socket is driven
//! by a small runtime of the backend's own (`Io`), and a call parks the
//! calling thread until the driver answers: the driver's client futures
//! only talk to that socket task over channels, so they can be polled from
//! any thread, a runtime's worker included, without nesting runtimes. The
//! writer thread is no runtime's worker, so its connection has a runtime
//! of its own that the writer drives itself (`Db::connect_owned`): each
//! statement then costs the round trip to the server and no hand-off to
//! another thread and back.

use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};
use std::time::Duration;

use tokio_postgres::types::{FromSql, ToSql};
use tokio_postgres::{Client, NoTls, Row, Statement};

use crate::store::error::StoreError;

/// How long the server lets a transaction sit idle before ending it.
const IDLE_IN_TRANSACTION: &str = "15s";
/// How long a statement waits for a lock (the replicas' write lock).
const LOCK_WAIT: &str = "30s";

/// A parameter list, as the driver takes it.
pub(super) type Params<'a> = &'a [&'a (dyn ToSql + Sync)];

struct Unpark(Thread);

impl Wake for Unpark {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.0.unpark();
    }
}

/// Run `f` to completion on this thread, parking between polls.
pub(super) fn wait<F: Future>(f: F) -> F::Output {
    let mut f = std::pin::pin!(f);
    let waker = Waker::from(Arc::new(Unpark(thread::current())));
    let mut cx = Context::from_waker(&waker);
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
        thread::park();
    }
}

/// The runtime that drives the backend's sockets: one thread, whatever the
/// caller runs on.
pub(super) struct Io {
    rt: Option<tokio::runtime::Runtime>,
}

impl Io {
    pub(super) fn start() -> Result<Io, StoreError> {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("m3shd-pg-io")
            .enable_all()
            .build()
            .map_err(|e| StoreError::Commit(format!("cannot start the database runtime: {e}")))?;
        Ok(Io { rt: Some(rt) })
    }

    pub(super) fn handle(&self) -> Result<&tokio::runtime::Handle, StoreError> {
        self.rt
            .as_ref()
            .map(|rt| rt.handle())
            .ok_or(StoreError::Closed)
    }

    /// Run `f` on the I/O runtime and wait for it here.
    pub(super) fn run<T: Send + 'static>(
        &self,
        f: impl Future<Output = T> + Send + 'static,
    ) -> Result<T, StoreError> {
        let task = self.handle()?.spawn(f);
        wait(task).map_err(|e| StoreError::Commit(format!("database task failed: {e}")))
    }

    /// Open a connection to `url`; its socket is served by this runtime.
    pub(super) fn connect(&self, url: &str) -> Result<Db, StoreError> {
        let config = config_of(url)?;
        let client = self.run(open(config))??;
        Db::ready(client, Driver::Io)
    }

    /// Stop the runtime without waiting (it may be dropped on a runtime
    /// thread, where waiting is not allowed).
    pub(super) fn stop(&mut self) {
        if let Some(rt) = self.rt.take() {
            rt.shutdown_background();
        }
    }
}

impl Drop for Io {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The connection settings `url` names, with keepalives: a replica whose
/// machine vanished (no FIN) is noticed in seconds, not after the kernel's
/// two hours, so the write lock it held frees.
fn config_of(url: &str) -> Result<tokio_postgres::Config, StoreError> {
    let mut config: tokio_postgres::Config = url
        .parse()
        .map_err(|e| StoreError::Migration(format!("database url: {e}").into()))?;
    config
        .keepalives(true)
        .keepalives_idle(Duration::from_secs(10))
        .keepalives_interval(Duration::from_secs(5))
        .keepalives_retries(3);
    Ok(config)
}

/// Connect, and leave the socket task on the runtime this runs on.
async fn open(config: tokio_postgres::Config) -> Result<Client, tokio_postgres::Error> {
    let (client, connection) = config.connect(NoTls).await?;
    tokio::spawn(async move {
        if let Err(e) = connection.await {
            tracing::warn!(error = %explain(&e), "database connection ended");
        }
    });
    Ok(client)
}

/// Who drives a connection's socket.
enum Driver {
    /// The backend's `Io` runtime; a call parks until it answers.
    Io,
    /// The connection's own runtime, driven by the calling thread.
    Owned(tokio::runtime::Runtime),
}

impl Db {
    /// Open a connection to `url` with a runtime of its own, driven by
    /// whichever thread calls it. Only for a thread that is no runtime's
    /// worker (the writer thread): driving a runtime from inside another
    /// is refused.
    pub(super) fn connect_owned(url: &str) -> Result<Db, StoreError> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| StoreError::Commit(format!("cannot start the database runtime: {e}")))?;
        let client = rt.block_on(open(config_of(url)?))?;
        Db::ready(client, Driver::Owned(rt))
    }

    fn ready(client: Client, driver: Driver) -> Result<Db, StoreError> {
        let db = Db {
            client,
            driver,
            statements: RefCell::new(HashMap::new()),
            deferred: RefCell::new(String::new()),
        };
        // Our transactions are short; one left open is a client gone quiet:
        // the server ends it (and frees its locks) instead of waiting. A
        // write waiting that long for the lock gives up as busy (503).
        db.batch(&format!(
            "SET idle_in_transaction_session_timeout = '{IDLE_IN_TRANSACTION}'; \
             SET lock_timeout = '{LOCK_WAIT}'"
        ))?;
        Ok(db)
    }
}

/// A connection and the statements prepared on it.
pub(super) struct Db {
    client: Client,
    driver: Driver,
    /// Prepared once per connection: a query by text alone would cost a
    /// second round trip every time.
    statements: RefCell<HashMap<String, Statement>>,
    /// Statements whose answer nobody waits for (`BEGIN`, savepoints):
    /// they go out in the same round trip as the next statement.
    deferred: RefCell<String>,
}

impl Db {
    /// Run `f` until the driver answers.
    fn drive<F: Future>(&self, f: F) -> F::Output {
        match &self.driver {
            Driver::Io => wait(f),
            Driver::Owned(rt) => rt.block_on(f),
        }
    }

    fn statement(&self, sql: &str) -> Result<Statement, StoreError> {
        if let Some(s) = self.statements.borrow().get(sql) {
            return Ok(s.clone());
        }
        let s = self.drive(self.client.prepare(sql))?;
        self.statements
            .borrow_mut()
            .insert(sql.to_string(), s.clone());
        Ok(s)
    }

    /// Send `sql` with the next statement instead of on its own (its
    /// answer is only an error or nothing, and an error shows as the next
    /// statement's).
    pub(super) fn defer(&self, sql: &str) {
        let mut d = self.deferred.borrow_mut();
        if !d.is_empty() {
            d.push_str("; ");
        }
        d.push_str(sql);
    }

    /// Whether deferred statements are still waiting to go out.
    pub(super) fn has_deferred(&self) -> bool {
        !self.deferred.borrow().is_empty()
    }

    /// Forget the deferred statements (nothing followed them: they need
    /// not be sent at all).
    pub(super) fn discard_deferred(&self) {
        self.deferred.borrow_mut().clear();
    }

    /// Run `f`, with whatever was deferred sent ahead of it in the same
    /// round trip (the driver pipelines requests polled together, in order).
    fn send<T>(
        &self,
        f: impl Future<Output = Result<T, tokio_postgres::Error>>,
    ) -> Result<T, StoreError> {
        let ahead = std::mem::take(&mut *self.deferred.borrow_mut());
        if ahead.is_empty() {
            return Ok(self.drive(f)?);
        }
        let (first, then) = self.drive(futures_util::future::join(
            self.client.batch_execute(&ahead),
            f,
        ));
        first?;
        Ok(then?)
    }

    pub(super) fn query(&self, sql: &str, params: Params<'_>) -> Result<Vec<Row>, StoreError> {
        let s = self.statement(sql)?;
        self.send(self.client.query(&s, params))
    }

    pub(super) fn query_opt(
        &self,
        sql: &str,
        params: Params<'_>,
    ) -> Result<Option<Row>, StoreError> {
        let s = self.statement(sql)?;
        self.send(self.client.query_opt(&s, params))
    }

    pub(super) fn query_one(&self, sql: &str, params: Params<'_>) -> Result<Row, StoreError> {
        let s = self.statement(sql)?;
        self.send(self.client.query_one(&s, params))
    }

    /// Rows changed.
    pub(super) fn execute(&self, sql: &str, params: Params<'_>) -> Result<u64, StoreError> {
        let s = self.statement(sql)?;
        self.send(self.client.execute(&s, params))
    }

    /// The types of a statement's parameters, as the server infers them.
    pub(super) fn param_types(
        &self,
        sql: &str,
    ) -> Result<Vec<tokio_postgres::types::Type>, StoreError> {
        Ok(self.statement(sql)?.params().to_vec())
    }

    /// Statements without parameters, sent as they are (transaction
    /// control, DDL), after whatever was deferred: no preparing, no cache
    /// entry.
    pub(super) fn batch(&self, sql: &str) -> Result<(), StoreError> {
        self.defer(sql);
        let all = std::mem::take(&mut *self.deferred.borrow_mut());
        Ok(self.drive(self.client.batch_execute(&all))?)
    }

    /// The connection is gone (the server went away): open a new one.
    pub(super) fn is_closed(&self) -> bool {
        self.client.is_closed()
    }
}

/// Column `i` of `row`, or `Corrupt` when it does not hold a `T`: a bad
/// row fails the request that reads it, it does not bring the hub down.
pub(super) fn col<'a, T: FromSql<'a>>(row: &'a Row, i: usize) -> Result<T, StoreError> {
    row.try_get(i)
        .map_err(|e| StoreError::Corrupt(format!("column {i}: {e}")))
}

/// The driver's error with what lies under it: its own text is often only
/// "db error" or "error connecting to server".
fn explain(e: &tokio_postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return format!("{}: {}", db.severity(), db.message());
    }
    let mut text = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}

/// A unique constraint's refusal is a `Duplicate` (409 above, as with
/// SQLite); a serialisation failure or a deadlock is `Busy`, worth retrying.
impl From<tokio_postgres::Error> for StoreError {
    fn from(e: tokio_postgres::Error) -> StoreError {
        use tokio_postgres::error::SqlState;
        // The server went away or cannot be reached: nothing was written,
        // and the same request may well work in a moment.
        let unreachable = e.is_closed()
            || std::error::Error::source(&e).is_some_and(|s| s.is::<std::io::Error>());
        if unreachable {
            return StoreError::Busy(format!("the database is unreachable: {}", explain(&e)));
        }
        match e.code() {
            Some(c) if *c == SqlState::UNIQUE_VIOLATION => StoreError::Duplicate(
                e.as_db_error()
                    .map(|d| d.message().to_string())
                    .unwrap_or_else(|| e.to_string()),
            ),
            Some(c)
                if *c == SqlState::T_R_SERIALIZATION_FAILURE
                    || *c == SqlState::T_R_DEADLOCK_DETECTED
                    || *c == SqlState::LOCK_NOT_AVAILABLE =>
            {
                StoreError::Busy(e.to_string())
            }
            _ => StoreError::Backend {
                backend: "postgres",
                source: explain(&e).into(),
            },
        }
    }
}
