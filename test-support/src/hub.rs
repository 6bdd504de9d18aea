//! The real hub, in process: `m3shd_hubd::serve` on a loopback port-0
//! listener with a temporary data dir, stopped and restarted in place (same
//! address, same data), and the waits and reads tests make against it.

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use m3shd_api::{CreateTask, EventRecord, StreamQuery, Task};
use m3shd_client::Client;
use m3shd_hubd::{HubConfig, HubError};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The hub's master token (it can act as any agent).
pub const MASTER_TOKEN: &str = "m3shd_master_test-super-secret-token";

type Tune = Arc<dyn Fn(HubConfig) -> HubConfig + Send + Sync>;

/// A serving hub: how to stop it, and its task.
struct Serving {
    stop: oneshot::Sender<()>,
    done: JoinHandle<Result<(), HubError>>,
}

/// A hub serving in this process.
pub struct InProcessHub {
    pub url: String,
    pub addr: SocketAddr,
    pub data_dir: PathBuf,
    tune: Tune,
    serving: Option<Serving>,
    _dir: tempfile::TempDir,
}

impl InProcessHub {
    /// A hub with the default settings.
    pub async fn start() -> InProcessHub {
        InProcessHub::start_with(|c| c).await
    }

    /// A hub with `tune` applied to its config (again on each restart).
    pub async fn start_with(
        tune: impl Fn(HubConfig) -> HubConfig + Send + Sync + 'static,
    ) -> InProcessHub {
        let dir = tempfile::tempdir().expect("tempdir");
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let mut hub = InProcessHub {
            url: format!("http://{addr}"),
            addr,
            data_dir: dir.path().join("hub"),
            tune: Arc::new(tune),
            serving: None,
            _dir: dir,
        };
        hub.serve(listener);
        hub
    }

    fn serve(&mut self, listener: TcpListener) {
        let mut base = HubConfig::new(&self.data_dir, MASTER_TOKEN);
        // No default schedules: a test whose run crosses their due time
        // must not see a task it did not ask for.
        base.default_schedules = false;
        let config = (self.tune)(base);
        let (stop, stopped) = oneshot::channel::<()>();
        let done = tokio::spawn(m3shd_hubd::serve(listener, config, async move {
            let _ = stopped.await;
        }));
        self.serving = Some(Serving { stop, done });
    }

    /// Shut down gracefully; returns once `serve` has returned. The address
    /// is free until [`InProcessHub::restart`].
    pub async fn stop(&mut self) {
        let Some(Serving { stop, done }) = self.serving.take() else {
            return;
        };
        let _ = stop.send(());
        tokio::time::timeout(Duration::from_secs(20), done)
            .await
            .expect("the hub stops within 20 s")
            .expect("the hub's task ends")
            .expect("the hub stops cleanly");
    }

    /// Serve again on the same address over the same data.
    pub async fn restart(&mut self) {
        self.stop().await;
        let listener = TcpListener::bind(self.addr).await.expect("bind again");
        self.serve(listener);
    }

    /// A client with the master token.
    pub fn client(&self) -> Client {
        Client::new(&self.url, MASTER_TOKEN).expect("client")
    }

    /// Every stored event, oldest first (about one task if `task` is set).
    pub async fn events(&self, task: Option<&str>) -> Vec<EventRecord> {
        let client = self.client();
        let mut all: Vec<EventRecord> = Vec::new();
        loop {
            let page = client
                .events(&StreamQuery {
                    task: task.map(str::to_string),
                    after: all.last().map(|e| e.id),
                    limit: Some(500),
                    ..StreamQuery::default()
                })
                .await
                .expect("events");
            if page.is_empty() {
                return all;
            }
            all.extend(page);
        }
    }

    /// Submit `prompt` for agents with `capability`.
    pub async fn submit(&self, prompt: &str, capability: &str) -> Task {
        self.submit_task(CreateTask {
            prompt: prompt.into(),
            required_capability: Some(capability.into()),
            ..CreateTask::default()
        })
        .await
    }

    pub async fn submit_task(&self, req: CreateTask) -> Task {
        self.client()
            .create_task(&req, None)
            .await
            .expect("create task")
    }

    /// Wait (at most 20 s) until the task satisfies `done`.
    pub async fn task_where(&self, id: &str, what: &str, done: impl Fn(&Task) -> bool) -> Task {
        let client = self.client();
        wait_for(what, Duration::from_secs(20), || async {
            client.get_task(id).await.ok().filter(|t| done(t))
        })
        .await
    }
}

impl Drop for InProcessHub {
    fn drop(&mut self) {
        if let Some(Serving { stop, .. }) = self.serving.take() {
            let _ = stop.send(());
        }
    }
}

/// Poll `cond` until it returns `Some`, failing the test after `timeout`.
pub async fn wait_for<T, F, Fut>(what: &str, timeout: Duration, mut cond: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(v) = cond().await {
            return v;
        }
        assert!(
            Instant::now() < deadline,
            "timed out after {timeout:?} waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
