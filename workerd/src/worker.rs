//! The worker loop: register, heartbeat, claim, execute, deliver, drain.

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use m3shd_api::limits::{MAX_CHUNK_BYTES, MAX_OUTPUT_BYTES};
use m3shd_api::{
    Claimed, CompleteTask, FailTask, Heartbeat, RegisterAgent, Registered, ReleaseTask, StreamChunk,
};
use m3shd_client::{Client, ClientError};
use serde::Serialize;
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore, mpsc};
use tokio::task::JoinSet;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;
use tracing::{debug, error, info, warn};

use crate::executor::{self, ExecError, Executor};
use crate::outbox::{Outbox, OutboxEntry, Outcome};
use crate::{WorkerConfig, WorkerError};

/// Streamed output is sent at least this often while it arrives...
const FLUSH_INTERVAL: Duration = Duration::from_millis(100);
/// ... or as soon as this much is buffered.
const FLUSH_BYTES: usize = 4096;
/// After a stream request failed because the hub is unreachable, pause
/// streaming this long (output produced meanwhile is only in the final result).
const STREAM_PAUSE: Duration = Duration::from_secs(1);
/// How long a cancelled execution may take to stop before it is abandoned.
const CANCEL_GRACE: Duration = Duration::from_secs(5);
/// How long a finished execution waits for its last stream flush.
const STREAM_TAIL_WAIT: Duration = Duration::from_secs(2);
/// Bound of single calls made while shutting down (release, deregister).
const SHUTDOWN_CALL_TIMEOUT: Duration = Duration::from_secs(5);
/// How long an aborted long-poll may still deliver an answer in flight.
const CLAIM_ABORT_GRACE: Duration = Duration::from_millis(250);
/// First pause after a failure talking to the hub.
const MIN_BACKOFF: Duration = Duration::from_millis(250);

/// What a worker did during one run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct WorkerReport {
    /// Results delivered as `complete` (including ones left over from an earlier run).
    pub completed: u64,
    /// Results delivered as `fail`.
    pub failed: u64,
    /// Tasks handed back to the hub on drain (or because slots were full).
    pub released: u64,
    /// Executions stopped because the task was no longer this worker's.
    pub aborted: u64,
    /// Results the hub refused as obsolete (lease moved on, task cancelled).
    pub obsolete: u64,
    /// Results still in the outbox when the worker stopped.
    pub pending: u64,
}

#[derive(Default)]
struct Stats {
    completed: AtomicU64,
    failed: AtomicU64,
    released: AtomicU64,
    aborted: AtomicU64,
    obsolete: AtomicU64,
}

fn bump(c: &AtomicU64) {
    c.fetch_add(1, Ordering::Relaxed);
}

/// Why an execution was stopped from outside. The first reason set wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StopReason {
    /// The hub's heartbeat ack said to stop (cancelled or reassigned).
    Aborted,
    /// A lease call got 409/404: the task is not ours any more.
    Stale,
    /// Shutdown: the drain timeout ran out.
    Drain,
    /// The task ran longer than `task_timeout`.
    TimedOut,
}

#[derive(Clone)]
struct Running {
    fence: i64,
    cancel: CancellationToken,
    reason: Arc<OnceLock<StopReason>>,
}

impl Running {
    fn stop(&self, reason: StopReason) {
        let _ = self.reason.set(reason);
        self.cancel.cancel();
    }
}

/// Capped exponential backoff with a little jitter.
struct Backoff {
    next: Duration,
    max: Duration,
}

impl Backoff {
    fn new(max: Duration) -> Self {
        Backoff {
            next: MIN_BACKOFF.min(max),
            max,
        }
    }

    fn reset(&mut self) {
        self.next = MIN_BACKOFF.min(self.max);
    }

    fn next_delay(&mut self) -> Duration {
        let d = self.next;
        self.next = (self.next * 2).min(self.max);
        let jitter = rand::random_range(0..=d.as_millis() as u64 / 10);
        d + Duration::from_millis(jitter)
    }
}

async fn sleep_or_stop(d: Duration, stop: &CancellationToken) -> bool {
    tokio::select! {
        _ = tokio::time::sleep(d) => true,
        _ = stop.cancelled() => false,
    }
}

/// Cut `s` to at most `max` bytes on a char boundary.
fn truncate_utf8(mut s: String, max: usize) -> String {
    if s.len() > max {
        let mut i = max;
        while !s.is_char_boundary(i) {
            i -= 1;
        }
        s.truncate(i);
    }
    s
}

/// Take at most `max` bytes from the front of `buf`, on a char boundary.
fn take_prefix(buf: &mut String, max: usize) -> String {
    if buf.len() <= max {
        return std::mem::take(buf);
    }
    let mut i = max;
    while !buf.is_char_boundary(i) {
        i -= 1;
    }
    let rest = buf.split_off(i);
    std::mem::replace(buf, rest)
}

/// A 409 or 404 on a lease call: the task is not ours (any more).
fn is_obsolete(e: &ClientError) -> bool {
    matches!(e.status(), Some(404 | 409))
}

struct Shared {
    cfg: WorkerConfig,
    client: Client,
    executor: Arc<dyn Executor>,
    outbox: Outbox,
    running: Mutex<HashMap<String, Running>>,
    /// Task ids with a result in the outbox: still reported in heartbeats
    /// so their leases stay alive until delivery.
    undelivered: Mutex<HashSet<String>>,
    outbox_ready: Notify,
    /// Told when heartbeats reach the hub again after failing, so a claim
    /// loop backing off comes back at once instead of after its backoff.
    hub_back: Notify,
    claiming: AtomicBool,
    stats: Stats,
    heartbeat_every: Mutex<Duration>,
    register_lock: tokio::sync::Mutex<u64>,
    register_generation: AtomicU64,
}

impl Shared {
    fn agent(&self) -> &str {
        &self.cfg.agent_id
    }

    fn running_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self.running.lock().unwrap().keys().cloned().collect();
        for id in self.undelivered.lock().unwrap().iter() {
            if !ids.contains(id) {
                ids.push(id.clone());
            }
        }
        ids.sort();
        ids
    }

    fn stop_task(&self, task_id: &str, reason: StopReason) -> bool {
        let entry = self.running.lock().unwrap().get(task_id).cloned();
        match entry {
            Some(r) => {
                r.stop(reason);
                true
            }
            None => false,
        }
    }

    fn register_request(&self) -> RegisterAgent {
        RegisterAgent {
            name: Some(self.cfg.name.clone()),
            machine: self.cfg.machine.clone(),
            capabilities: self.cfg.capabilities.clone(),
            max_concurrent: i64::from(self.cfg.slots),
        }
    }

    fn adopt_timing(&self, reg: &Registered) {
        let hb = Duration::from_millis(reg.heartbeat_interval_ms.max(1));
        let lease = Duration::from_millis(reg.lease_timeout_ms.max(1));
        // Comfortably inside both the interval the hub asks for and the lease.
        let every = (hb * 3 / 4).min(lease / 3).max(Duration::from_millis(50));
        *self.heartbeat_every.lock().unwrap() = every;
    }

    /// Register, retrying with backoff while the hub is unreachable.
    /// `Ok(None)` when `stop` fired first. With `fatal`, a refusal (4xx) is
    /// an error; otherwise it is retried too (the token may be fixed).
    async fn register(
        &self,
        stop: &CancellationToken,
        fatal: bool,
    ) -> Result<Option<Registered>, WorkerError> {
        let req = self.register_request();
        let mut backoff = Backoff::new(self.cfg.max_backoff);
        loop {
            let r = tokio::select! {
                r = self.client.register(self.agent(), &req) => r,
                _ = stop.cancelled() => return Ok(None),
            };
            match r {
                Ok(reg) => {
                    self.adopt_timing(&reg);
                    self.register_generation.fetch_add(1, Ordering::SeqCst);
                    info!(
                        agent = %self.agent(),
                        heartbeat_ms = reg.heartbeat_interval_ms,
                        lease_ms = reg.lease_timeout_ms,
                        "registered with the hub"
                    );
                    return Ok(Some(reg));
                }
                Err(e) if fatal && !e.is_transient() => {
                    return Err(WorkerError::Register(e));
                }
                Err(e) => {
                    let d = backoff.next_delay();
                    warn!(error = %e, retry_in_ms = d.as_millis() as u64, "cannot register with the hub");
                    if !sleep_or_stop(d, stop).await {
                        return Ok(None);
                    }
                }
            }
        }
    }

    /// Register again after the hub forgot this agent. Callers racing each
    /// other register once.
    async fn reregister(&self, seen_generation: u64, stop: &CancellationToken) {
        let _guard = self.register_lock.lock().await;
        if self.register_generation.load(Ordering::SeqCst) != seen_generation {
            return;
        }
        warn!("the hub does not know this agent any more: registering again");
        let _ = self.register(stop, false).await;
    }
}

pub(crate) async fn run_worker(
    config: WorkerConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<WorkerReport, WorkerError> {
    if !m3shd_api::is_valid_id(&config.agent_id) {
        return Err(WorkerError::Config(format!(
            "agent id `{}` must be [a-z0-9-], 1-64 characters",
            config.agent_id
        )));
    }
    let config = crate::enrol::enrol(config).await?;
    if config.slots == 0 {
        return Err(WorkerError::Config("slots must be at least 1".into()));
    }
    // Before anything runs: what a run killed with `kill -9` left behind.
    let groups = crate::process_groups::ProcessGroups::new(&config.state_dir);
    let reaped = tokio::task::spawn_blocking(move || groups.reap_left_behind())
        .await
        .unwrap_or(0);
    if reaped > 0 {
        warn!(
            groups = reaped,
            "killed process groups an earlier run of this worker left running"
        );
    }
    let client = Client::new(&config.hub_url, &config.token)
        .map_err(|e| WorkerError::Config(e.to_string()))?
        .with_agent(&config.agent_id);
    let executor = executor::with_tools(&config, client.clone())?;
    let (state_dir, outbox_dir) = (config.state_dir.clone(), config.outbox_dir());
    let outbox = tokio::task::spawn_blocking(move || {
        crate::private::dir(&state_dir)?;
        Outbox::open(outbox_dir)
    })
    .await
    .map_err(|e| WorkerError::Io(std::io::Error::other(e)))??;

    let stop = CancellationToken::new();
    let shutdown_watch = {
        let stop = stop.clone();
        tokio::spawn(async move {
            shutdown.await;
            stop.cancel();
        })
    };

    let shared = Arc::new(Shared {
        cfg: config,
        client,
        executor,
        outbox,
        running: Mutex::new(HashMap::new()),
        undelivered: Mutex::new(HashSet::new()),
        outbox_ready: Notify::new(),
        hub_back: Notify::new(),
        claiming: AtomicBool::new(false),
        stats: Stats::default(),
        heartbeat_every: Mutex::new(Duration::from_secs(5)),
        register_lock: tokio::sync::Mutex::new(0),
        register_generation: AtomicU64::new(0),
    });

    let result = run_registered(&shared, &stop).await;
    shutdown_watch.abort();
    result?;

    let pending = {
        let outbox = shared.outbox.clone();
        tokio::task::spawn_blocking(move || outbox.len())
            .await
            .ok()
            .and_then(Result::ok)
            .unwrap_or(0) as u64
    };
    if pending > 0 {
        warn!(
            pending,
            dir = %shared.outbox.dir().display(),
            "results left in the outbox; they are delivered on the next start"
        );
    }
    let s = &shared.stats;
    Ok(WorkerReport {
        completed: s.completed.load(Ordering::Relaxed),
        failed: s.failed.load(Ordering::Relaxed),
        released: s.released.load(Ordering::Relaxed),
        aborted: s.aborted.load(Ordering::Relaxed),
        obsolete: s.obsolete.load(Ordering::Relaxed),
        pending,
    })
}

async fn run_registered(shared: &Arc<Shared>, stop: &CancellationToken) -> Result<(), WorkerError> {
    // Results left by an earlier run go first, before anything new is
    // claimed (one pass: an unreachable hub is dealt with below).
    let _ = deliver_pass(shared, None).await;

    if shared.register(stop, true).await?.is_none() {
        info!("stopped before registering");
        return Ok(());
    }
    let _ = deliver_pass(shared, None).await;

    let hb_stop = CancellationToken::new();
    let heartbeat = tokio::spawn(heartbeat_loop(shared.clone(), hb_stop.clone()));
    let outbox_stop = CancellationToken::new();
    let deliverer = tokio::spawn(outbox_loop(shared.clone(), outbox_stop.clone()));

    let mut tasks = JoinSet::new();
    claim_loop(shared, stop, &mut tasks).await;

    // ---- drain ----
    shared.claiming.store(false, Ordering::SeqCst);
    let n = shared.running.lock().unwrap().len();
    info!(
        running = n,
        drain_timeout_s = shared.cfg.drain_timeout.as_secs(),
        "draining: no new claims"
    );
    let all_done = async { while tasks.join_next().await.is_some() {} };
    if tokio::time::timeout(shared.cfg.drain_timeout, all_done)
        .await
        .is_err()
    {
        let left: Vec<Running> = shared.running.lock().unwrap().values().cloned().collect();
        info!(
            tasks = left.len(),
            "drain timeout: releasing unfinished tasks"
        );
        for r in &left {
            r.stop(StopReason::Drain);
        }
        let bound = CANCEL_GRACE + SHUTDOWN_CALL_TIMEOUT + Duration::from_secs(1);
        let rest = async { while tasks.join_next().await.is_some() {} };
        if tokio::time::timeout(bound, rest).await.is_err() {
            warn!("some executions did not stop; abandoning them");
            tasks.abort_all();
        }
    }
    hb_stop.cancel();
    let _ = heartbeat.await;
    outbox_stop.cancel();
    let _ = deliverer.await;
    flush_outbox(shared).await;
    match tokio::time::timeout(
        SHUTDOWN_CALL_TIMEOUT,
        shared.client.deregister(shared.agent()),
    )
    .await
    {
        Ok(Ok(())) => info!("deregistered"),
        Ok(Err(e)) => warn!(error = %e, "deregister failed"),
        Err(_) => warn!("deregister timed out"),
    }
    Ok(())
}

// ---------------------------------------------------------------- claims

async fn claim_loop(shared: &Arc<Shared>, stop: &CancellationToken, tasks: &mut JoinSet<()>) {
    let slots = Arc::new(Semaphore::new(shared.cfg.slots as usize));
    let mut backoff = Backoff::new(shared.cfg.max_backoff);
    let wait_ms = shared.cfg.claim_wait.as_millis() as u64;
    let mut failing = false;
    loop {
        while tasks.try_join_next().is_some() {}
        shared.claiming.store(true, Ordering::SeqCst);
        let permit = tokio::select! {
            p = slots.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => return,
            },
            // Reap finished executions while all slots are busy.
            Some(_) = tasks.join_next(), if !tasks.is_empty() => continue,
            _ = stop.cancelled() => return,
        };
        if stop.is_cancelled() {
            return;
        }
        // Every slot free right now goes into the claim, and the claim says
        // how many that is: the hub hands over no more, so what it hands
        // over always has a slot waiting (its own count of what this agent
        // holds can run ahead of ours, e.g. between accepting a result and
        // our seeing the reply).
        let mut permits = vec![permit];
        while let Ok(p) = slots.clone().try_acquire_owned() {
            permits.push(p);
        }
        let free = u32::try_from(permits.len()).unwrap_or(u32::MAX);
        let generation = shared.register_generation.load(Ordering::SeqCst);
        let claim = shared.client.claim(shared.agent(), wait_ms, Some(free));
        tokio::pin!(claim);
        let r = tokio::select! {
            r = &mut claim => r,
            _ = stop.cancelled() => {
                // Abort the long-poll: a drain must not wait for it. An
                // answer already on its way may carry tasks the hub just
                // assigned to us: hand those back rather than strand them.
                if let Ok(Ok(claims)) = tokio::time::timeout(CLAIM_ABORT_GRACE, claim).await {
                    for c in claims {
                        release(shared, &c.task.id, c.lease.fence).await;
                    }
                }
                return;
            }
        };
        match r {
            Ok(claims) => {
                if failing {
                    info!("claims reach the hub again");
                    failing = false;
                }
                backoff.reset();
                let mut permits = permits.into_iter();
                for c in claims {
                    match permits.next() {
                        Some(p) => {
                            let s = shared.clone();
                            tasks.spawn(run_task(s, c, p));
                        }
                        None => {
                            // Only a hub that ignores `free_slots` does this.
                            warn!(task = %c.task.id, "the hub sent more tasks than free slots: releasing it");
                            let s = shared.clone();
                            tokio::spawn(
                                async move { release(&s, &c.task.id, c.lease.fence).await },
                            );
                        }
                    }
                }
            }
            Err(e) if e.status() == Some(404) => {
                drop(permits);
                shared.reregister(generation, stop).await;
            }
            Err(e) => {
                drop(permits);
                failing = true;
                // Heartbeats sent meanwhile must not say a claim is waiting:
                // the hub would assign work nobody picks up until the lease
                // lapses, and that lapse costs the task an attempt.
                shared.claiming.store(false, Ordering::SeqCst);
                let d = backoff.next_delay();
                if matches!(e.status(), Some(401 | 403)) {
                    error!(error = %e, retry_in_ms = d.as_millis() as u64, "the hub refuses this worker's claims");
                } else {
                    warn!(error = %e, retry_in_ms = d.as_millis() as u64, "claim failed");
                }
                let resumed = tokio::select! {
                    r = sleep_or_stop(d, stop) => r,
                    _ = shared.hub_back.notified() => true,
                };
                if !resumed {
                    return;
                }
            }
        }
    }
}

async fn release(shared: &Shared, task_id: &str, fence: i64) -> bool {
    let r = tokio::time::timeout(
        SHUTDOWN_CALL_TIMEOUT,
        shared.client.release(task_id, &ReleaseTask { fence }),
    )
    .await;
    match r {
        Ok(Ok(_)) => {
            info!(task = %task_id, fence, "released");
            bump(&shared.stats.released);
            true
        }
        Ok(Err(e)) if is_obsolete(&e) => {
            info!(task = %task_id, fence, error = %e, "release not needed: the task is not ours any more");
            false
        }
        Ok(Err(e)) => {
            warn!(task = %task_id, fence, error = %e, "release failed; the lease will expire on the hub");
            false
        }
        Err(_) => {
            warn!(task = %task_id, fence, "release timed out; the lease will expire on the hub");
            false
        }
    }
}

// ---------------------------------------------------------------- execution

/// Removes a task from the running map when its execution ends, whatever way.
struct RunningGuard {
    shared: Arc<Shared>,
    task_id: String,
    fence: i64,
}

impl Drop for RunningGuard {
    fn drop(&mut self) {
        let mut running = self.shared.running.lock().unwrap();
        if running
            .get(&self.task_id)
            .is_some_and(|r| r.fence == self.fence)
        {
            running.remove(&self.task_id);
        }
    }
}

async fn run_task(shared: Arc<Shared>, claimed: Claimed, permit: OwnedSemaphorePermit) {
    let _permit = permit;
    let mut task = claimed.task;
    crate::extras::add_context(&mut task, &claimed.context, &*shared.executor);
    let task_id = task.id.clone();
    let fence = claimed.lease.fence;
    let me = Running {
        fence,
        cancel: CancellationToken::new(),
        reason: Arc::new(OnceLock::new()),
    };
    {
        let mut running = shared.running.lock().unwrap();
        if let Some(old) = running.insert(task_id.clone(), me.clone()) {
            // The hub handed us the task again under a new lease: the old
            // execution's result could never be delivered.
            old.stop(StopReason::Stale);
        }
    }
    let _guard = RunningGuard {
        shared: shared.clone(),
        task_id: task_id.clone(),
        fence,
    };
    info!(task = %task_id, fence, executor = shared.executor.name(), "executing");

    let (tx, rx) = mpsc::channel::<String>(256);
    let mut streamer = tokio::spawn(forward_stream(
        shared.clone(),
        task_id.clone(),
        fence,
        rx,
        me.clone(),
    ));
    let timer = shared.cfg.task_timeout.map(|t| {
        let me = me.clone();
        tokio::spawn(async move {
            tokio::time::sleep(t).await;
            me.stop(StopReason::TimedOut);
        })
    });

    let result = {
        let exec = async {
            let images = crate::extras::images(
                &shared.client,
                &*shared.executor,
                &mut task,
                &claimed.attachments,
            )
            .await?;
            shared
                .executor
                .run_with_images(&task, &images, tx, me.cancel.clone())
                .await
        };
        let abandon = async {
            me.cancel.cancelled().await;
            tokio::time::sleep(CANCEL_GRACE).await;
        };
        tokio::select! {
            r = exec => r,
            _ = abandon => {
                warn!(task = %task_id, "executor ignored cancellation; abandoning it");
                Err(ExecError::cancelled())
            }
        }
    };
    if let Some(t) = timer {
        t.abort();
    }
    // The sender is gone with the executor: let the last chunks go out.
    if tokio::time::timeout(STREAM_TAIL_WAIT, &mut streamer)
        .await
        .is_err()
    {
        streamer.abort();
    }

    let reason = me.reason.get().copied();
    let outcome = match (reason, result) {
        (Some(StopReason::Aborted | StopReason::Stale), _) => {
            info!(task = %task_id, fence, reason = ?reason, "task is no longer ours: result dropped");
            bump(&shared.stats.aborted);
            return;
        }
        (Some(StopReason::Drain), Err(_)) => {
            release(&shared, &task_id, fence).await;
            return;
        }
        (Some(StopReason::TimedOut), Err(e)) => Outcome::Fail(FailTask {
            fence,
            error: format!(
                "timed out after {} s",
                shared.cfg.task_timeout.unwrap_or_default().as_secs()
            ),
            output: e.partial_output.map(|p| truncate_utf8(p, MAX_OUTPUT_BYTES)),
            retryable: true,
            usage: e.usage,
        }),
        (_, Ok(done)) => Outcome::Complete(CompleteTask {
            fence,
            output: truncate_utf8(done.output, MAX_OUTPUT_BYTES),
            confidence: None,
            usage: done.usage,
        }),
        (_, Err(e)) => Outcome::Fail(FailTask {
            fence,
            error: truncate_utf8(e.message, MAX_OUTPUT_BYTES),
            output: e.partial_output.map(|p| truncate_utf8(p, MAX_OUTPUT_BYTES)),
            retryable: e.retryable,
            usage: e.usage,
        }),
    };
    info!(task = %task_id, fence, result = outcome.kind(), "execution finished");
    // Facts the output asks to keep go to the agent's memory before the
    // result, so whoever sees the task done can already find them.
    if let Outcome::Complete(done) = &outcome {
        crate::remember::store(&shared.client, shared.agent(), &task_id, &done.output).await;
    }
    let entry = OutboxEntry {
        task_id: task_id.clone(),
        fence,
        outcome,
        finished_at: chrono::Utc::now(),
    };
    // While the hub answers, deliver straight away: each slot reports on its
    // own, with no disk write on the hot path. The durable outbox takes the
    // result only when the hub cannot be reached. Should this process die
    // in between, the lease expires and the hub runs the task again.
    if let Delivery::HubDown = deliver(&shared, &entry).await {
        store_result(&shared, entry).await;
    }
}

/// Put a result in the outbox (durably) and wake the deliverer.
async fn store_result(shared: &Arc<Shared>, entry: OutboxEntry) {
    shared
        .undelivered
        .lock()
        .unwrap()
        .insert(entry.task_id.clone());
    let outbox = shared.outbox.clone();
    let e = entry.clone();
    let stored = tokio::task::spawn_blocking(move || outbox.put(&e)).await;
    match stored {
        Ok(Ok(path)) => debug!(path = %path.display(), "result stored in the outbox"),
        Ok(Err(err)) => {
            error!(task = %entry.task_id, error = %err, "cannot write the outbox; delivering from memory only");
            deliver_unstored(shared, entry).await;
            return;
        }
        Err(err) => {
            error!(task = %entry.task_id, error = %err, "outbox writer failed");
            deliver_unstored(shared, entry).await;
            return;
        }
    }
    shared.outbox_ready.notify_one();
}

/// Last resort when the disk refuses the result: try for a while from memory.
async fn deliver_unstored(shared: &Arc<Shared>, entry: OutboxEntry) {
    let mut backoff = Backoff::new(shared.cfg.max_backoff);
    let deadline = Instant::now() + Duration::from_secs(300);
    while Instant::now() < deadline {
        match deliver(shared, &entry).await {
            Delivery::Done | Delivery::Obsolete | Delivery::Rejected => break,
            Delivery::HubDown => tokio::time::sleep(backoff.next_delay()).await,
        }
    }
    shared.undelivered.lock().unwrap().remove(&entry.task_id);
}

// ---------------------------------------------------------------- streaming

type CallFuture = Pin<Box<dyn Future<Output = Result<(), ClientError>> + Send>>;

/// Forward an execution's output pieces to `/stream`, coalesced: a request
/// at most every `FLUSH_INTERVAL` unless `FLUSH_BYTES` are waiting. A 409 or
/// 404 means the task is not ours any more: the execution is stopped.
async fn forward_stream(
    shared: Arc<Shared>,
    task_id: String,
    fence: i64,
    mut rx: mpsc::Receiver<String>,
    me: Running,
) {
    let mut buf = String::new();
    let mut flush_at: Option<Instant> = None;
    let mut closed = false;
    let mut inflight: Option<CallFuture> = None;
    // Streaming given up for this task (refused for good).
    let mut disabled = false;
    // The hub was unreachable: drop output until then.
    let mut paused_until: Option<Instant> = None;
    let mut warned = false;
    let mut sent_any = false;
    loop {
        let now = Instant::now();
        if paused_until.is_some_and(|t| t <= now) {
            paused_until = None;
        }
        if inflight.is_none() && !buf.is_empty() && !disabled && paused_until.is_none() {
            let due = (closed && sent_any)
                || buf.len() >= FLUSH_BYTES
                || (!closed && flush_at.is_none_or(|t| t <= now));
            if due {
                sent_any = true;
                let chunk = take_prefix(&mut buf, MAX_CHUNK_BYTES);
                flush_at = (!buf.is_empty()).then(|| now + FLUSH_INTERVAL);
                let client = shared.client.clone();
                let id = task_id.clone();
                inflight = Some(Box::pin(async move {
                    client
                        .stream_chunk(&id, &StreamChunk { fence, chunk })
                        .await
                }));
            }
        }
        // An execution that ended before its first flush streams nothing:
        // its result carries the whole output, and a fast task costs the hub
        // one request less. Once streaming started, the tail follows, so the
        // chunks of a task always join to its full output.
        let skip_tail = closed && !sent_any;
        if closed
            && inflight.is_none()
            && (buf.is_empty() || disabled || paused_until.is_some() || skip_tail)
        {
            return;
        }
        let wake = if inflight.is_none() && !buf.is_empty() {
            flush_at
        } else {
            None
        };
        tokio::select! {
            msg = rx.recv(), if !closed => match msg {
                Some(piece) => {
                    if !disabled && paused_until.is_none() {
                        if buf.is_empty() {
                            flush_at = Some(Instant::now() + FLUSH_INTERVAL);
                        }
                        buf.push_str(&piece);
                    }
                }
                None => closed = true,
            },
            r = async { inflight.as_mut().expect("guarded").await }, if inflight.is_some() => {
                inflight = None;
                match r {
                    Ok(()) => {
                        if warned {
                            info!(task = %task_id, "streaming works again");
                            warned = false;
                        }
                    }
                    Err(e) if is_obsolete(&e) => {
                        warn!(task = %task_id, fence, error = %e, "stream refused: the task is not ours any more, stopping it");
                        me.stop(StopReason::Stale);
                        disabled = true;
                        buf.clear();
                    }
                    Err(e) if e.is_transient() => {
                        if !warned {
                            warn!(task = %task_id, error = %e, "cannot stream output (the final result carries it all)");
                            warned = true;
                        }
                        paused_until = Some(Instant::now() + STREAM_PAUSE);
                        buf.clear();
                    }
                    Err(e) => {
                        warn!(task = %task_id, error = %e, "stream refused; not streaming this task any more");
                        disabled = true;
                        buf.clear();
                    }
                }
            },
            _ = async {
                match wake {
                    Some(t) => tokio::time::sleep_until(t).await,
                    None => std::future::pending().await,
                }
            }, if wake.is_some() => {}
        }
    }
}

// ---------------------------------------------------------------- heartbeats

async fn heartbeat_loop(shared: Arc<Shared>, stop: CancellationToken) {
    let mut failing = false;
    loop {
        let every = *shared.heartbeat_every.lock().unwrap();
        if !sleep_or_stop(every, &stop).await {
            return;
        }
        let hb = Heartbeat {
            claiming: shared.claiming.load(Ordering::SeqCst),
            running: shared.running_ids(),
        };
        let generation = shared.register_generation.load(Ordering::SeqCst);
        let r = tokio::select! {
            r = shared.client.heartbeat(shared.agent(), &hb) => r,
            _ = stop.cancelled() => return,
        };
        match r {
            Ok(ack) => {
                if failing {
                    info!("heartbeats reach the hub again");
                    failing = false;
                    // Whatever waits out a backoff can go now: results
                    // parked in the outbox first, then claims.
                    shared.outbox_ready.notify_one();
                    shared.hub_back.notify_one();
                }
                for id in &ack.abort {
                    if shared.stop_task(id, StopReason::Aborted) {
                        info!(task = %id, "the hub says stop: aborting the execution");
                    }
                }
            }
            Err(e) if e.status() == Some(404) => {
                shared.reregister(generation, &stop).await;
            }
            Err(e) => {
                if !failing {
                    warn!(error = %e, "heartbeat failed");
                    failing = true;
                }
            }
        }
    }
}

// ---------------------------------------------------------------- outbox

enum Delivery {
    /// The hub took the result.
    Done,
    /// The hub says the result is obsolete (409/404).
    Obsolete,
    /// The hub refused the result for good (other 4xx).
    Rejected,
    /// Try again later.
    HubDown,
}

async fn deliver(shared: &Shared, entry: &OutboxEntry) -> Delivery {
    let r = match &entry.outcome {
        Outcome::Complete(c) => shared.client.complete(&entry.task_id, c).await,
        Outcome::Fail(f) => shared.client.fail(&entry.task_id, f).await,
    };
    match r {
        Ok(_) => {
            info!(task = %entry.task_id, fence = entry.fence, result = entry.outcome.kind(), "result delivered");
            match entry.outcome {
                Outcome::Complete(_) => bump(&shared.stats.completed),
                Outcome::Fail(_) => bump(&shared.stats.failed),
            }
            Delivery::Done
        }
        Err(e) if is_obsolete(&e) => {
            warn!(task = %entry.task_id, fence = entry.fence, error = %e, "result is obsolete (the task moved on); dropping it");
            bump(&shared.stats.obsolete);
            Delivery::Obsolete
        }
        Err(e) if e.is_transient() || matches!(e.status(), Some(401 | 403)) => {
            debug!(task = %entry.task_id, error = %e, "result not delivered yet");
            Delivery::HubDown
        }
        Err(e) => {
            error!(task = %entry.task_id, fence = entry.fence, error = %e, "the hub refused the result");
            Delivery::Rejected
        }
    }
}

enum Pass {
    /// Nothing left to deliver.
    Empty,
    /// The hub is unreachable; entries remain.
    HubDown,
}

/// Try every outbox entry once, oldest first; stop at the first sign the
/// hub is unreachable.
async fn deliver_pass(shared: &Arc<Shared>, stop: Option<&CancellationToken>) -> Pass {
    let outbox = shared.outbox.clone();
    let entries = match tokio::task::spawn_blocking(move || outbox.pending()).await {
        Ok(Ok(e)) => e,
        Ok(Err(e)) => {
            error!(error = %e, "cannot read the outbox");
            return Pass::HubDown;
        }
        Err(_) => return Pass::HubDown,
    };
    {
        let mut und = shared.undelivered.lock().unwrap();
        for e in &entries {
            und.insert(e.task_id.clone());
        }
    }
    for entry in entries {
        let outcome = match stop {
            Some(stop) => tokio::select! {
                d = deliver(shared, &entry) => d,
                _ = stop.cancelled() => return Pass::HubDown,
            },
            None => deliver(shared, &entry).await,
        };
        let outbox = shared.outbox.clone();
        let (id, fence) = (entry.task_id.clone(), entry.fence);
        let done = match outcome {
            Delivery::Done | Delivery::Obsolete => {
                tokio::task::spawn_blocking(move || outbox.remove(&id, fence)).await
            }
            Delivery::Rejected => {
                tokio::task::spawn_blocking(move || outbox.set_aside(&id, fence).map(|_| ())).await
            }
            Delivery::HubDown => return Pass::HubDown,
        };
        if let Ok(Err(e)) = done {
            error!(task = %entry.task_id, error = %e, "cannot remove a delivered result from the outbox");
        }
        shared.undelivered.lock().unwrap().remove(&entry.task_id);
    }
    Pass::Empty
}

async fn outbox_loop(shared: Arc<Shared>, stop: CancellationToken) {
    let mut backoff = Backoff::new(shared.cfg.max_backoff);
    loop {
        match deliver_pass(&shared, Some(&stop)).await {
            Pass::Empty => {
                backoff.reset();
                tokio::select! {
                    _ = shared.outbox_ready.notified() => {}
                    _ = stop.cancelled() => return,
                }
            }
            Pass::HubDown => {
                if stop.is_cancelled() {
                    return;
                }
                let d = backoff.next_delay();
                debug!(
                    retry_in_ms = d.as_millis() as u64,
                    "outbox waiting for the hub"
                );
                tokio::select! {
                    _ = tokio::time::sleep(d) => {}
                    _ = shared.outbox_ready.notified() => {}
                    _ = stop.cancelled() => return,
                }
            }
        }
    }
}

/// On shutdown: deliver what can be delivered within `flush_timeout`;
/// the rest stays on disk for the next start.
async fn flush_outbox(shared: &Arc<Shared>) {
    let deadline = Instant::now() + shared.cfg.flush_timeout;
    let flush = async {
        loop {
            match deliver_pass(shared, None).await {
                Pass::Empty => return,
                Pass::HubDown => tokio::time::sleep(MIN_BACKOFF).await,
            }
        }
    };
    if tokio::time::timeout_at(deadline, flush).await.is_err() {
        warn!("the hub did not take every result before shutdown");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_and_truncation_respect_char_boundaries() {
        let mut b = String::from("ééé");
        assert_eq!(take_prefix(&mut b, 3), "é");
        assert_eq!(b, "éé");
        assert_eq!(take_prefix(&mut b, 100), "éé");
        assert!(b.is_empty());
        assert_eq!(truncate_utf8("aé".into(), 2), "a");
        assert_eq!(truncate_utf8("abc".into(), 10), "abc");
    }

    #[test]
    fn backoff_grows_to_its_cap() {
        let mut b = Backoff::new(Duration::from_secs(2));
        let delays: Vec<Duration> = (0..8).map(|_| b.next_delay()).collect();
        assert!(delays[0] >= MIN_BACKOFF && delays[0] < MIN_BACKOFF * 2);
        assert!(delays[1] >= MIN_BACKOFF * 2);
        assert!(delays.iter().all(|d| *d <= Duration::from_millis(2200)));
        assert!(delays[7] >= Duration::from_secs(2));
        b.reset();
        assert!(b.next_delay() < MIN_BACKOFF * 2);
    }
}
