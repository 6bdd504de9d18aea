//! An in-process hub on 127.0.0.1:0 with a temporary data dir, and a small
//! HTTP client for it. Waits are deadline loops on observable state, never
//! fixed sleeps.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::Duration;

use m3shd_api::{Claimed, Task};
use m3shd_hubd::store::Database;
use m3shd_hubd::{HubConfig, ManualClock, SweepTrigger};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tokio::sync::oneshot;

pub const TOKEN: &str = "test-master-token-0123456789";

pub struct TestHub {
    pub base: String,
    pub http: reqwest::Client,
    pub data_dir: PathBuf,
    stop: Option<oneshot::Sender<()>>,
    done: Option<tokio::task::JoinHandle<Result<(), m3shd_hubd::HubError>>>,
    /// The hub's clock, when the test moves it (`on_manual_clock`).
    clock: Option<ManualClock>,
    sweeps: SweepTrigger,
    /// SQLite in the data dir, or a scratch PostgreSQL database when
    /// `M3SHD_TEST_POSTGRES` names a server (dropped with the hub).
    database: Database,
    _dir: tempfile::TempDir,
}

/// The database a new test hub gets: SQLite, or with
/// `M3SHD_TEST_BACKEND=postgres` an empty PostgreSQL database of its own on
/// the server `M3SHD_TEST_POSTGRES` names.
pub fn test_database() -> Database {
    if std::env::var("M3SHD_TEST_BACKEND").as_deref() != Ok("postgres") {
        return Database::Sqlite;
    }
    let base = std::env::var("M3SHD_TEST_POSTGRES")
        .expect("M3SHD_TEST_BACKEND=postgres needs M3SHD_TEST_POSTGRES (a server URL)");
    Database::Postgres(
        m3shd_hubd::store::create_scratch(&base).expect("a scratch PostgreSQL database"),
    )
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Reply {
    pub fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or("")
    }
}

pub fn client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .timeout(Duration::from_secs(90))
        .build()
        .expect("client")
}

impl TestHub {
    /// A hub with a 1 s lease (heartbeats every 333 ms, offline after 1 s).
    pub async fn start() -> TestHub {
        TestHub::start_with(|c| c.with_lease_timeout(Duration::from_secs(1))).await
    }

    pub async fn start_with(tune: impl FnOnce(HubConfig) -> HubConfig) -> TestHub {
        TestHub::start_on(None, tune).await
    }

    /// A hub with a 1 s lease whose clock moves only when the test says
    /// (`advance`); the sweeps then act when the test asks (`sweep`).
    pub async fn on_manual_clock() -> TestHub {
        TestHub::on_manual_clock_with(|c| c).await
    }

    pub async fn on_manual_clock_with(tune: impl FnOnce(HubConfig) -> HubConfig) -> TestHub {
        let clock = ManualClock::starting_now();
        TestHub::start_on(Some(clock), |c| {
            tune(c.with_lease_timeout(Duration::from_secs(1)))
        })
        .await
    }

    async fn start_on(
        clock: Option<ManualClock>,
        tune: impl FnOnce(HubConfig) -> HubConfig,
    ) -> TestHub {
        let dir = tempfile::tempdir().expect("tempdir");
        let data_dir = dir.path().join("hub");
        let sweeps = SweepTrigger::default();
        let database = test_database();
        let config = on_clock(
            tune(base_config(&data_dir, &sweeps, &database)),
            clock.as_ref(),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (tx, rx) = oneshot::channel::<()>();
        let done = tokio::spawn(m3shd_hubd::serve(listener, config, async move {
            let _ = rx.await;
        }));
        TestHub {
            base: format!("http://{addr}"),
            http: client(),
            data_dir,
            stop: Some(tx),
            done: Some(done),
            clock,
            sweeps,
            database,
            _dir: dir,
        }
    }

    /// Move the hub's clock on (a hub started `on_manual_clock`).
    pub fn advance(&self, by: Duration) {
        self.clock
            .as_ref()
            .expect("a hub on a manual clock")
            .advance(by);
    }

    /// Run the hub's sweeps once, now, and wait until they are done.
    pub async fn sweep(&self) {
        tokio::time::timeout(Duration::from_secs(20), self.sweeps.run_now())
            .await
            .expect("the sweep runs");
    }

    /// Graceful shutdown; returns once `serve` has returned.
    pub async fn stop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(done) = self.done.take() {
            let res = tokio::time::timeout(Duration::from_secs(20), done)
                .await
                .expect("serve returns after shutdown")
                .expect("join");
            res.expect("serve ok");
        }
    }

    /// Graceful shutdown, then a new hub over the same data dir (on a new
    /// port, on the same clock) with `tune` applied to a fresh config.
    pub async fn restart_with(&mut self, tune: impl FnOnce(HubConfig) -> HubConfig) {
        self.stop().await;
        let config = on_clock(
            tune(base_config(&self.data_dir, &self.sweeps, &self.database)),
            self.clock.as_ref(),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (tx, rx) = oneshot::channel::<()>();
        self.done = Some(tokio::spawn(m3shd_hubd::serve(
            listener,
            config,
            async move {
                let _ = rx.await;
            },
        )));
        self.stop = Some(tx);
        self.base = format!("http://{addr}");
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn call(&self, method: Method, path: &str, body: Option<Value>) -> Reply {
        self.call_as(method, path, body, None, &[]).await
    }

    pub async fn call_as(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        agent: Option<&str>,
        headers: &[(&str, &str)],
    ) -> Reply {
        self.call_with(Some(TOKEN), method, path, body, agent, headers)
            .await
    }

    /// A call with another bearer token (None: no Authorization header).
    pub async fn call_with(
        &self,
        token: Option<&str>,
        method: Method,
        path: &str,
        body: Option<Value>,
        agent: Option<&str>,
        headers: &[(&str, &str)],
    ) -> Reply {
        let mut req = self.http.request(method, self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(a) = agent {
            req = req.header("X-M3shd-Agent", a);
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.expect("send");
        let status = resp.status();
        let headers = resp.headers().clone();
        let text = resp.text().await.expect("body");
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        Reply {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.call(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.call(Method::POST, path, Some(body)).await
    }

    pub async fn register(&self, agent: &str, caps: &[&str], slots: i64) -> Reply {
        let r = self
            .post(
                &format!("/api/agents/{agent}/register"),
                json!({"capabilities": caps, "max_concurrent": slots}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "register {agent}: {:?}", r.body);
        r
    }

    pub async fn create(&self, body: Value) -> Task {
        let r = self.post("/api/tasks", body).await;
        assert_eq!(r.status, StatusCode::CREATED, "create: {:?}", r.body);
        serde_json::from_value(r.body).expect("task")
    }

    pub async fn task(&self, id: &str) -> Task {
        let r = self.get(&format!("/api/tasks/{id}")).await;
        assert_eq!(r.status, StatusCode::OK, "get task: {:?}", r.body);
        serde_json::from_value(r.body).expect("task")
    }

    pub async fn claim(&self, agent: &str, wait_ms: u64) -> Vec<Claimed> {
        let r = self
            .post(
                &format!("/api/agents/{agent}/claim"),
                json!({"wait_ms": wait_ms}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "claim: {:?}", r.body);
        serde_json::from_value(r.body["claims"].clone()).expect("claims")
    }

    pub async fn lease_call(&self, agent: &str, task: &str, verb: &str, body: Value) -> Reply {
        self.call_as(
            Method::POST,
            &format!("/api/tasks/{task}/{verb}"),
            Some(body),
            Some(agent),
            &[],
        )
        .await
    }

    pub async fn heartbeat(&self, agent: &str, running: &[&str]) -> Reply {
        self.post(
            &format!("/api/agents/{agent}/heartbeat"),
            json!({"claiming": true, "running": running}),
        )
        .await
    }

    pub async fn task_count(&self) -> usize {
        let r = self.get("/api/tasks?limit=500").await;
        assert_eq!(r.status, StatusCode::OK);
        r.body["tasks"].as_array().map(Vec::len).unwrap_or(0)
    }

    /// Events of a type, oldest first.
    pub async fn events_of(&self, types: &str) -> Vec<Value> {
        let r = self
            .get(&format!("/api/events?types={types}&limit=500"))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        r.body["events"].as_array().cloned().unwrap_or_default()
    }
}

impl Drop for TestHub {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Database::Postgres(url) = &self.database {
            let _ = m3shd_hubd::store::drop_scratch(url);
        }
    }
}

/// Three tasks for `agent` that it claims and fails: its circuit opens.
pub async fn trip_circuit(hub: &TestHub, agent: &str) {
    for i in 0..3 {
        hub.create(json!({"prompt": format!("doomed {i}"), "assign_to": agent}))
            .await;
        let c = hub.claim(agent, 0).await.pop().expect("claim");
        let r = hub
            .lease_call(
                agent,
                &c.task.id,
                "fail",
                json!({"fence": c.lease.fence, "error": "boom"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    }
}

impl TestHub {
    /// The store the hub used, opened again (the hub must be stopped).
    pub fn reopen_store(&self) -> m3shd_hubd::store::Store {
        m3shd_hubd::store::Store::open_database(
            &self.data_dir,
            &self.database,
            m3shd_hubd::Durability::Full,
            std::sync::Arc::new(m3shd_hubd::SystemClock),
        )
        .expect("reopen the store")
    }

    /// Run `sql` (`$1`… parameters, SQL both backends speak) straight on
    /// the hub's database, behind its back; returns the rows changed.
    pub async fn db_execute(&self, sql: &str, params: &[&str]) -> u64 {
        match &self.database {
            Database::Sqlite => {
                let db = rusqlite::Connection::open(self.data_dir.join("m3shd.db")).expect("open");
                let n = db
                    .execute(sql, rusqlite::params_from_iter(params))
                    .expect("execute");
                u64::try_from(n).expect("rows")
            }
            Database::Postgres(url) => {
                let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
                    .await
                    .expect("connect");
                let driver = tokio::spawn(conn);
                let p: Vec<&(dyn tokio_postgres::types::ToSql + Sync)> = params
                    .iter()
                    .map(|p| p as &(dyn tokio_postgres::types::ToSql + Sync))
                    .collect();
                let n = client.execute(sql, &p).await.expect("execute");
                drop(client);
                let _ = driver.await;
                n
            }
        }
    }

    /// The first column of the first row `sql` returns, as text (cast it
    /// in the SQL: `CAST(x AS TEXT)`), read behind the hub's back.
    pub async fn db_text(&self, sql: &str, params: &[&str]) -> Option<String> {
        match &self.database {
            Database::Sqlite => {
                let db = rusqlite::Connection::open_with_flags(
                    self.data_dir.join("m3shd.db"),
                    rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
                )
                .ok()?;
                db.query_row(sql, rusqlite::params_from_iter(params), |r| r.get(0))
                    .ok()
            }
            Database::Postgres(url) => {
                let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
                    .await
                    .ok()?;
                let driver = tokio::spawn(conn);
                let p: Vec<&(dyn tokio_postgres::types::ToSql + Sync)> = params
                    .iter()
                    .map(|p| p as &(dyn tokio_postgres::types::ToSql + Sync))
                    .collect();
                let row = client.query_opt(sql, &p).await.ok().flatten();
                drop(client);
                let _ = driver.await;
                row.and_then(|r| r.try_get(0).ok())
            }
        }
    }
}

/// A fresh config for a hub in `data_dir` whose sweeps `sweeps` runs.
/// Without the default schedules, so no test sees a task it did not ask
/// for when its clock passes 07:00 (the schedule tests turn them on).
fn base_config(data_dir: &Path, sweeps: &SweepTrigger, database: &Database) -> HubConfig {
    let mut config = HubConfig::new(data_dir, TOKEN);
    config.database = database.clone();
    config.sweep_trigger = sweeps.clone();
    config.default_schedules = false;
    config
}

/// On a manual clock the sweeps run only when the test asks (`sweep`), so
/// what they see depends on where the test moved the clock, never on how
/// fast the machine is.
fn on_clock(mut config: HubConfig, clock: Option<&ManualClock>) -> HubConfig {
    if let Some(clock) = clock {
        config.clock = std::sync::Arc::new(clock.clone());
        config.sweep_interval = Duration::from_secs(3600);
        config.deadline_interval = Duration::from_secs(3600);
    }
    config
}

/// Poll `check` until it yields Some or the deadline passes.
pub async fn wait_for<T, F, Fut>(what: &str, within: Duration, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + within;
    loop {
        if let Some(v) = check().await {
            return v;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
