//! Probe workers: agents living in this process that speak the worker
//! protocol through the client (register, heartbeat, long-poll `claim`
//! with their free slots, `complete`) and do no work but an optional hold,
//! so what a benchmark measures is the hub, not an executor.
//!
//! They advertise a capability of their own, so they take only the tasks a
//! benchmark creates for them and no real worker takes those.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use m3shd_api::{Claimed, CompleteTask, CreateTask, Heartbeat, RegisterAgent};
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinHandle;

use crate::{Client, ClientError};

/// How long one claim waits for work before it asks again.
const CLAIM_WAIT_MS: u64 = 2_000;

/// What the probes share: counters, the first error, the last completion.
struct Shared {
    /// Tasks completed; also woken when a probe fails.
    done: watch::Sender<usize>,
    in_flight: AtomicUsize,
    peak_in_flight: AtomicUsize,
    overflow: AtomicUsize,
    error: std::sync::Mutex<Option<String>>,
    last_done: std::sync::Mutex<Option<Instant>>,
}

/// A set of probe agents taking the tasks of one capability.
pub struct Probes {
    client: Client,
    agents: Vec<String>,
    capability: String,
    shared: Arc<Shared>,
    completed: watch::Receiver<usize>,
    loops: Vec<JoinHandle<()>>,
}

impl Probes {
    /// Register `agents` probes named `NAME-<n>`, each with `slots` slots,
    /// holding each task for `hold` before completing it.
    pub async fn start(
        client: &Client,
        name: &str,
        agents: usize,
        slots: usize,
        hold: Duration,
    ) -> Result<Probes, ClientError> {
        if agents == 0 || slots == 0 {
            return Err(ClientError::Config(
                "probe agents and slots must be at least 1".into(),
            ));
        }
        let capability = format!("{name}-{}", std::process::id());
        let (done, completed) = watch::channel(0usize);
        let shared = Arc::new(Shared {
            done,
            in_flight: AtomicUsize::new(0),
            peak_in_flight: AtomicUsize::new(0),
            overflow: AtomicUsize::new(0),
            error: std::sync::Mutex::new(None),
            last_done: std::sync::Mutex::new(None),
        });
        let mut probes = Probes {
            client: client.clone(),
            agents: Vec::new(),
            capability: capability.clone(),
            shared: shared.clone(),
            completed,
            loops: Vec::new(),
        };
        for n in 0..agents {
            let agent = format!("{capability}-{n}");
            let registered = client
                .register(
                    &agent,
                    &RegisterAgent {
                        name: Some(agent.clone()),
                        machine: None,
                        capabilities: vec![capability.clone()],
                        max_concurrent: i64::try_from(slots).unwrap_or(i64::MAX),
                    },
                )
                .await?;
            probes.agents.push(agent.clone());
            let as_agent = client.clone().with_agent(&agent);
            let every = Duration::from_millis(registered.heartbeat_interval_ms.max(100));
            probes.loops.push(tokio::spawn(heartbeat(
                as_agent.clone(),
                agent.clone(),
                every,
            )));
            probes.loops.push(tokio::spawn(claim_loop(
                as_agent,
                agent,
                slots,
                hold,
                shared.clone(),
            )));
        }
        Ok(probes)
    }

    /// A task for the probes (nobody else can take it).
    pub fn task(&self, prompt: &str) -> CreateTask {
        CreateTask {
            prompt: prompt.into(),
            required_capability: Some(self.capability.clone()),
            ..CreateTask::default()
        }
    }

    /// Tasks the probes have completed so far.
    pub fn completed(&self) -> usize {
        *self.completed.borrow()
    }

    /// Wait until the probes have completed `n` tasks; fails on the first
    /// error a probe met, or after `within`.
    pub async fn wait_completed(&mut self, n: usize, within: Duration) -> Result<(), ClientError> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            if let Some(e) = self.error() {
                return Err(ClientError::Failed(format!("a probe worker failed: {e}")));
            }
            if *self.completed.borrow_and_update() >= n {
                return Ok(());
            }
            // The sender lives in `shared`, which `self` holds: `changed`
            // cannot fail while we wait.
            match tokio::time::timeout_at(deadline, self.completed.changed()).await {
                Ok(_) => {}
                Err(_) => {
                    return Err(ClientError::Failed(format!(
                        "only {} of {n} tasks were completed within {} s",
                        self.completed(),
                        within.as_secs()
                    )));
                }
            }
        }
    }

    /// The most tasks the probes held at once.
    pub fn peak_in_flight(&self) -> usize {
        self.shared.peak_in_flight.load(Ordering::Relaxed)
    }

    /// Tasks handed to a probe beyond the free slots it claimed with
    /// (always 0 on a correct hub).
    pub fn overflow(&self) -> usize {
        self.shared.overflow.load(Ordering::Relaxed)
    }

    /// When the last completion was acknowledged by the hub.
    pub fn last_done(&self) -> Option<Instant> {
        *self
            .shared
            .last_done
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }

    fn error(&self) -> Option<String> {
        self.shared
            .error
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Stop the probes and deregister them, so nothing is left that could
    /// take or hold work.
    pub async fn stop(self) {
        for l in &self.loops {
            l.abort();
        }
        for agent in &self.agents {
            let _ = self.client.deregister(agent).await;
        }
    }
}

async fn heartbeat(client: Client, agent: String, every: Duration) {
    let mut tick = tokio::time::interval(every);
    loop {
        tick.tick().await;
        let _ = client
            .heartbeat(
                &agent,
                &Heartbeat {
                    claiming: true,
                    running: Vec::new(),
                    lists_all_held: false,
                },
            )
            .await;
    }
}

async fn claim_loop(
    client: Client,
    agent: String,
    slots: usize,
    hold: Duration,
    shared: Arc<Shared>,
) {
    let free = Arc::new(Semaphore::new(slots));
    loop {
        // Claim only with a free slot, and for every slot free right now.
        let Ok(first) = free.clone().acquire_owned().await else {
            return;
        };
        let mut permits = vec![first];
        while let Ok(p) = free.clone().try_acquire_owned() {
            permits.push(p);
        }
        let want = u32::try_from(permits.len()).unwrap_or(u32::MAX);
        let claims = match client.claim(&agent, CLAIM_WAIT_MS, Some(want)).await {
            Ok(c) => c,
            Err(e) => {
                fail(&shared, format!("{agent} claim: {e}"));
                return;
            }
        };
        if claims.len() > permits.len() {
            shared
                .overflow
                .fetch_add(claims.len() - permits.len(), Ordering::Relaxed);
        }
        for claim in claims {
            let permit = permits.pop();
            let now = shared.in_flight.fetch_add(1, Ordering::Relaxed) + 1;
            shared.peak_in_flight.fetch_max(now, Ordering::Relaxed);
            let (client, shared) = (client.clone(), shared.clone());
            tokio::spawn(async move {
                let _permit = permit;
                work(&client, claim, hold, &shared).await;
            });
        }
        // Unused permits go back with `permits`.
    }
}

async fn work(client: &Client, claim: Claimed, hold: Duration, shared: &Shared) {
    if !hold.is_zero() {
        // Stands for the work a real executor does.
        tokio::time::sleep(hold).await;
    }
    let result = client
        .complete(
            &claim.task.id,
            &CompleteTask {
                fence: claim.lease.fence,
                output: "ok".into(),
                confidence: None,
                usage: None,
            },
        )
        .await;
    shared.in_flight.fetch_sub(1, Ordering::Relaxed);
    match result {
        Ok(_) => {
            *shared.last_done.lock().unwrap_or_else(|e| e.into_inner()) = Some(Instant::now());
            shared.done.send_modify(|n| *n += 1);
        }
        Err(e) => fail(shared, format!("complete {}: {e}", claim.task.id)),
    }
}

fn fail(shared: &Shared, message: String) {
    let mut slot = shared.error.lock().unwrap_or_else(|e| e.into_inner());
    if slot.is_none() {
        *slot = Some(message);
    }
    drop(slot);
    // Wake whoever waits for completions: they fail now instead of at
    // their deadline.
    shared.done.send_modify(|_| {});
}
