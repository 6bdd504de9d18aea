//! A tiny in-process hub that speaks the worker endpoints of the wire
//! contract, records every call, and can be told to misbehave (503s,
//! stale leases, aborts, over-delivery).

#![allow(dead_code)]

use std::collections::{HashMap, HashSet, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use m3shd_api::*;
use tokio::net::TcpListener;
use tokio::sync::{Notify, oneshot, watch};
use tokio::time::Instant;

pub const TOKEN: &str = "m3shd_ag_super-secret-token";

#[derive(Debug, Clone)]
pub struct Call<T> {
    pub task_id: String,
    pub agent: Option<String>,
    pub body: T,
}

#[derive(Default)]
pub struct HubState {
    /// Tasks waiting to be claimed, with the fence their lease gets.
    pub queue: VecDeque<(Task, i64)>,
    /// Tasks handed out per claim at most.
    pub batch: usize,
    pub registers: Vec<(String, RegisterAgent)>,
    pub deregisters: Vec<String>,
    pub heartbeats: Vec<Heartbeat>,
    pub claims: usize,
    /// `free_slots` of each claim, in order (this fake hands out `batch`
    /// tasks whatever they say, as a hub that ignores it would).
    pub claim_free_slots: Vec<Option<u32>>,
    pub streams: Vec<Call<StreamChunk>>,
    pub completes: Vec<Call<CompleteTask>>,
    pub fails: Vec<Call<FailTask>>,
    pub releases: Vec<Call<ReleaseTask>>,
    /// Every complete/fail attempt, refused ones included.
    pub result_attempts: usize,
    /// Answer 503 to complete and fail.
    pub refuse_results: bool,
    /// Answer 503 to claims.
    pub refuse_claims: bool,
    /// Answer 409 stale_lease to streams of these tasks.
    pub stale_streams: HashSet<String>,
    /// Returned (once) in the next heartbeat ack.
    pub abort: Vec<String>,
    /// Current fence per leased task.
    pub leases: HashMap<String, i64>,
    /// Order of interesting calls, e.g. `register`, `claim`, `complete:ID`.
    pub log: Vec<String>,
    pub missing_auth: usize,
    /// `POST /api/agents/{id}/memory` calls: (agent, request).
    pub memories: Vec<(String, SetMemory)>,
    /// `POST /api/plugins/{tool}/invoke` calls: (tool, request). The reply
    /// echoes the input: `{"tool", "output": {"echo": input}}`.
    pub plugin_calls: Vec<(String, InvokePlugin)>,
}

pub struct FakeHub {
    pub addr: SocketAddr,
    pub url: String,
    pub state: Arc<Mutex<HubState>>,
    changed: watch::Sender<u64>,
    new_work: Arc<Notify>,
    stop: Option<oneshot::Sender<()>>,
}

#[derive(Clone)]
struct App {
    state: Arc<Mutex<HubState>>,
    changed: watch::Sender<u64>,
    new_work: Arc<Notify>,
}

impl App {
    fn touch(&self) {
        self.changed.send_modify(|v| *v += 1);
    }
}

fn err(code: ErrorCode, msg: &str) -> Response {
    let status = StatusCode::from_u16(code.http_status()).unwrap();
    (status, Json(ErrorBody::new(code, msg))).into_response()
}

fn agent_of(h: &HeaderMap) -> Option<String> {
    h.get("x-m3shd-agent")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

fn authorised(app: &App, h: &HeaderMap) -> bool {
    let ok = h
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == format!("Bearer {TOKEN}"));
    if !ok {
        app.state.lock().unwrap().missing_auth += 1;
    }
    ok
}

pub fn task(id: &str, prompt: &str) -> Task {
    let now = chrono::Utc::now();
    Task::queued(id, prompt, now)
}

fn agent(id: &str, req: &RegisterAgent) -> Agent {
    Agent {
        id: id.into(),
        name: req.name.clone().unwrap_or_else(|| id.into()),
        machine: req.machine.clone(),
        status: AgentStatus::Online,
        capabilities: req.capabilities.clone(),
        max_concurrent: req.max_concurrent,
        active_tasks: 0,
        circuit: CircuitState::Closed,
        consecutive_failures: 0,
        reputation: vec![],
        last_heartbeat: None,
        last_progress: None,
        registered_at: chrono::Utc::now(),
    }
}

async fn register(
    State(app): State<App>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(req): Json<RegisterAgent>,
) -> Response {
    if !authorised(&app, &headers) {
        return err(ErrorCode::Unauthorized, "no");
    }
    let reply = Registered {
        agent: agent(&id, &req),
        heartbeat_interval_ms: 200,
        lease_timeout_ms: 5000,
    };
    {
        let mut s = app.state.lock().unwrap();
        s.registers.push((id, req));
        s.log.push("register".into());
    }
    app.touch();
    Json(reply).into_response()
}

async fn deregister(
    State(app): State<App>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    if !authorised(&app, &headers) {
        return err(ErrorCode::Unauthorized, "no");
    }
    {
        let mut s = app.state.lock().unwrap();
        s.deregisters.push(id);
        s.log.push("deregister".into());
    }
    app.touch();
    StatusCode::NO_CONTENT.into_response()
}

async fn heartbeat(
    State(app): State<App>,
    Path(_id): Path<String>,
    headers: HeaderMap,
    Json(hb): Json<Heartbeat>,
) -> Response {
    if !authorised(&app, &headers) {
        return err(ErrorCode::Unauthorized, "no");
    }
    let ack = {
        let mut s = app.state.lock().unwrap();
        let abort = std::mem::take(&mut s.abort);
        let ack = HeartbeatAck {
            extended: hb.running.clone(),
            abort,
        };
        s.heartbeats.push(hb);
        ack
    };
    app.touch();
    Json(ack).into_response()
}

async fn claim(
    State(app): State<App>,
    Path(_id): Path<String>,
    headers: HeaderMap,
    Json(req): Json<ClaimRequest>,
) -> Response {
    if !authorised(&app, &headers) {
        return err(ErrorCode::Unauthorized, "no");
    }
    let refused = {
        let mut s = app.state.lock().unwrap();
        s.claims += 1;
        s.claim_free_slots.push(req.free_slots);
        s.log.push("claim".into());
        s.refuse_claims
    };
    app.touch();
    if refused {
        return err(ErrorCode::Unavailable, "store busy");
    }
    let deadline = Instant::now() + Duration::from_millis(req.wait_ms.min(60_000));
    loop {
        let notified = app.new_work.notified();
        let claims: Vec<Claimed> = {
            let mut s = app.state.lock().unwrap();
            let n = s.batch.max(1);
            let mut out = vec![];
            while out.len() < n {
                let Some((mut t, fence)) = s.queue.pop_front() else {
                    break;
                };
                t.status = TaskStatus::Assigned;
                s.leases.insert(t.id.clone(), fence);
                s.log.push(format!("assign:{}", t.id));
                out.push(Claimed {
                    lease: Lease {
                        task_id: t.id.clone(),
                        fence,
                        expires_at: chrono::Utc::now() + chrono::Duration::seconds(5),
                    },
                    task: t,
                    context: Vec::new(),
                    attachments: Vec::new(),
                });
            }
            out
        };
        if !claims.is_empty() {
            app.touch();
            return Json(ClaimResponse { claims }).into_response();
        }
        if tokio::time::timeout_at(deadline, notified).await.is_err() {
            return Json(ClaimResponse { claims: vec![] }).into_response();
        }
    }
}

fn check_lease(s: &HubState, task_id: &str, fence: i64) -> Option<Response> {
    match s.leases.get(task_id) {
        Some(f) if *f == fence => None,
        Some(_) => Some(err(ErrorCode::StaleLease, "stale fence")),
        None => Some(err(ErrorCode::InvalidTransition, "not leased")),
    }
}

fn finished(id: &str, status: TaskStatus, output: Option<String>) -> Task {
    let mut t = task(id, "");
    t.status = status;
    t.output = output;
    t
}

async fn stream(
    State(app): State<App>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(req): Json<StreamChunk>,
) -> Response {
    if !authorised(&app, &headers) {
        return err(ErrorCode::Unauthorized, "no");
    }
    let resp = {
        let mut s = app.state.lock().unwrap();
        if s.stale_streams.contains(&id) {
            s.log.push(format!("stream-refused:{id}"));
            Some(err(ErrorCode::StaleLease, "not yours"))
        } else if let Some(r) = check_lease(&s, &id, req.fence) {
            Some(r)
        } else {
            s.streams.push(Call {
                task_id: id,
                agent: agent_of(&headers),
                body: req,
            });
            None
        }
    };
    app.touch();
    resp.unwrap_or_else(|| StatusCode::NO_CONTENT.into_response())
}

async fn complete(
    State(app): State<App>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(req): Json<CompleteTask>,
) -> Response {
    if !authorised(&app, &headers) {
        return err(ErrorCode::Unauthorized, "no");
    }
    let resp = {
        let mut s = app.state.lock().unwrap();
        s.result_attempts += 1;
        if s.refuse_results {
            err(ErrorCode::Unavailable, "store busy")
        } else if let Some(r) = check_lease(&s, &id, req.fence) {
            r
        } else {
            s.leases.remove(&id);
            s.log.push(format!("complete:{id}"));
            let out = req.output.clone();
            s.completes.push(Call {
                task_id: id.clone(),
                agent: agent_of(&headers),
                body: req,
            });
            Json(finished(&id, TaskStatus::Done, Some(out))).into_response()
        }
    };
    app.touch();
    resp
}

async fn fail(
    State(app): State<App>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(req): Json<FailTask>,
) -> Response {
    if !authorised(&app, &headers) {
        return err(ErrorCode::Unauthorized, "no");
    }
    let resp = {
        let mut s = app.state.lock().unwrap();
        s.result_attempts += 1;
        if s.refuse_results {
            err(ErrorCode::Unavailable, "store busy")
        } else if let Some(r) = check_lease(&s, &id, req.fence) {
            r
        } else {
            s.leases.remove(&id);
            s.log.push(format!("fail:{id}"));
            s.fails.push(Call {
                task_id: id.clone(),
                agent: agent_of(&headers),
                body: req,
            });
            Json(finished(&id, TaskStatus::Failed, None)).into_response()
        }
    };
    app.touch();
    resp
}

async fn release(
    State(app): State<App>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(req): Json<ReleaseTask>,
) -> Response {
    if !authorised(&app, &headers) {
        return err(ErrorCode::Unauthorized, "no");
    }
    let resp = {
        let mut s = app.state.lock().unwrap();
        if let Some(r) = check_lease(&s, &id, req.fence) {
            r
        } else {
            s.leases.remove(&id);
            s.log.push(format!("release:{id}"));
            s.releases.push(Call {
                task_id: id.clone(),
                agent: agent_of(&headers),
                body: req,
            });
            Json(finished(&id, TaskStatus::Queued, None)).into_response()
        }
    };
    app.touch();
    resp
}

async fn invoke_plugin(
    State(app): State<App>,
    Path(tool): Path<String>,
    headers: HeaderMap,
    Json(req): Json<InvokePlugin>,
) -> Response {
    if !authorised(&app, &headers) {
        return err(ErrorCode::Unauthorized, "no");
    }
    let output = serde_json::json!({"echo": req.input.clone()});
    app.state
        .lock()
        .unwrap()
        .plugin_calls
        .push((tool.clone(), req));
    Json(PluginResult {
        tool,
        output,
        error: None,
    })
    .into_response()
}

async fn set_memory(
    State(app): State<App>,
    Path(agent): Path<String>,
    headers: HeaderMap,
    Json(req): Json<SetMemory>,
) -> Response {
    if !authorised(&app, &headers) {
        return err(ErrorCode::Unauthorized, "no");
    }
    let now = chrono::Utc::now();
    let memory = Memory {
        id: 1,
        agent_id: agent.clone(),
        key: req.key.clone(),
        value: req.value.clone(),
        confidence: req.confidence.unwrap_or(DEFAULT_MEMORY_CONFIDENCE),
        source: req.source.clone().unwrap_or_else(|| "operator".into()),
        created_at: now,
        updated_at: now,
    };
    {
        let mut s = app.state.lock().unwrap();
        s.log.push(format!("memory:{}", req.key));
        s.memories.push((agent, req));
    }
    app.touch();
    Json(memory).into_response()
}

impl FakeHub {
    /// Start on any free loopback port.
    pub async fn start() -> FakeHub {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        Self::serve(listener, Arc::new(Mutex::new(HubState::default())))
    }

    /// Start on a given address (to come back where an earlier hub was).
    pub async fn start_at(addr: SocketAddr) -> FakeHub {
        let listener = TcpListener::bind(addr).await.unwrap();
        Self::serve(listener, Arc::new(Mutex::new(HubState::default())))
    }

    fn serve(listener: TcpListener, state: Arc<Mutex<HubState>>) -> FakeHub {
        let addr = listener.local_addr().unwrap();
        let (changed, _) = watch::channel(0u64);
        let new_work = Arc::new(Notify::new());
        let app = App {
            state: state.clone(),
            changed: changed.clone(),
            new_work: new_work.clone(),
        };
        let router = Router::new()
            .route("/api/agents/{id}/register", post(register))
            .route("/api/agents/{id}/deregister", post(deregister))
            .route("/api/agents/{id}/heartbeat", post(heartbeat))
            .route("/api/agents/{id}/claim", post(claim))
            .route("/api/tasks/{id}/stream", post(stream))
            .route("/api/tasks/{id}/complete", post(complete))
            .route("/api/tasks/{id}/fail", post(fail))
            .route("/api/tasks/{id}/release", post(release))
            .route("/api/agents/{id}/memory", post(set_memory))
            .route("/api/plugins/{tool}/invoke", post(invoke_plugin))
            .with_state(app);
        let (stop, stop_rx) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, router)
                .with_graceful_shutdown(async {
                    let _ = stop_rx.await;
                })
                .await;
        });
        FakeHub {
            addr,
            url: format!("http://{addr}"),
            state,
            changed,
            new_work,
            stop: Some(stop),
        }
    }

    /// Queue a task for the next claim.
    pub fn push(&self, t: Task, fence: i64) {
        self.state.lock().unwrap().queue.push_back((t, fence));
        self.new_work.notify_waiters();
        self.changed.send_modify(|v| *v += 1);
    }

    pub fn with<R>(&self, f: impl FnOnce(&mut HubState) -> R) -> R {
        let r = f(&mut self.state.lock().unwrap());
        self.changed.send_modify(|v| *v += 1);
        r
    }

    /// Wait (at most 20 s) until `f` returns `Some`.
    pub async fn wait_for<T>(&self, what: &str, f: impl Fn(&HubState) -> Option<T>) -> T {
        let mut rx = self.changed.subscribe();
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(v) = f(&self.state.lock().unwrap()) {
                return v;
            }
            if tokio::time::timeout_at(deadline, rx.changed())
                .await
                .is_err()
            {
                let s = self.state.lock().unwrap();
                panic!("timed out waiting for {what}; hub log: {:?}", s.log);
            }
        }
    }
}

impl Drop for FakeHub {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}
