//! The `anthropic` and `openai` executors: one streamed model call per
//! task, with retries inside the attempt (429 honouring `retry-after`,
//! transient failures with backoff, both only while nothing was streamed),
//! a per-provider circuit opened when the quota runs out (the fallback
//! profile, when configured, takes over for this and later tasks until the
//! cooldown ends), model routing, and the run's [`Usage`] with its cost.
//! The task's images go to the model with its prompt; a task with a spend
//! limit gets a `max_tokens` ceiling that keeps each call within it
//! ([`super::budget`]). The prompt asks for a final confidence line, which
//! is reported apart from the output ([`super::confidence`]).

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use m3shd_api::{Task, Usage};
use m3shd_common::backoff::doubled;
use tokio::sync::mpsc;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;
use tracing::{info, warn};

use super::errors::{CallError, ErrorClass};
use super::wire::{CallSpec, Progress};
use super::{ExecError, ExecOutput, Executor, Image, RunFuture, budget};
use crate::aiconfig::{AiConfig, Api, Retries};
use crate::apikey::KeyLookup;
use crate::pricing::{self, Price};
use crate::routing::{RoutingTable, Tier, choose_model};

/// One API endpoint with its key and model choice.
pub struct Provider {
    /// The profile name (logs, circuit).
    pub name: String,
    pub api: Api,
    pub base_url: String,
    api_key: Option<String>,
    pub model: Option<String>,
    pub routing: Option<RoutingTable>,
    /// No calls before this instant (quota exhausted).
    circuit_open_until: Mutex<Option<Instant>>,
}

impl std::fmt::Debug for Provider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Provider")
            .field("name", &self.name)
            .field("api", &self.api)
            .field("base_url", &self.base_url)
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("model", &self.model)
            .finish_non_exhaustive()
    }
}

impl Provider {
    fn circuit_open(&self) -> bool {
        let mut c = self
            .circuit_open_until
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        match *c {
            Some(until) if Instant::now() < until => true,
            Some(_) => {
                *c = None;
                info!(provider = %self.name, "quota circuit closed again");
                false
            }
            None => false,
        }
    }

    fn open_circuit(&self, cooldown: Duration) {
        *self
            .circuit_open_until
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = Some(Instant::now() + cooldown);
    }
}

/// Runs tasks against a model API.
#[derive(Debug)]
pub struct ModelExecutor {
    name: &'static str,
    http: reqwest::Client,
    /// The main provider, then the fallback.
    providers: Vec<Provider>,
    max_tokens: Option<u32>,
    request_timeout: Option<Duration>,
    retries: Retries,
    prices: BTreeMap<String, Price>,
    slots: u32,
    running: AtomicUsize,
}

fn install_crypto_provider() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

impl ModelExecutor {
    /// Build from the effective config; `keys` finds API keys (by the
    /// variable names of the profiles).
    pub fn new(
        config: &AiConfig,
        slots: u32,
        keys: &KeyLookup<'_>,
    ) -> Result<ModelExecutor, String> {
        install_crypto_provider();
        let mut names = vec![config.profile.clone().unwrap_or_default()];
        if let Some(f) = &config.fallback {
            names.push(f.clone());
        }
        let mut providers = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let p = config
                .profiles
                .get(name)
                .ok_or_else(|| format!("no profile `{name}`"))?;
            let api_key = match &p.api_key_env {
                Some(var) => {
                    let key = keys
                        .find(var)
                        .map_err(|e| format!("profile `{name}`: {e}"))?
                        .ok_or_else(|| {
                            format!(
                                "profile `{name}` needs an API key: set ${var} or store it \
                                 with `m3shd secret set {var}` (looked in {})",
                                keys.searched(var)
                            )
                        })?;
                    info!(profile = %name, source = %key.source, "API key found");
                    Some(key.value)
                }
                None => None,
            };
            let main = i == 0;
            providers.push(Provider {
                name: name.clone(),
                api: p.api,
                base_url: p.base_url.trim_end_matches('/').to_string(),
                api_key,
                model: if main {
                    config.model.clone().or_else(|| p.model.clone())
                } else {
                    p.model.clone()
                },
                routing: if main {
                    config.routing.clone().or_else(|| p.routing.clone())
                } else {
                    p.routing.clone()
                },
                circuit_open_until: Mutex::new(None),
            });
        }
        let http = reqwest::Client::builder()
            .user_agent(concat!("m3shd-workerd/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(Duration::from_secs(config.timeouts.connect_secs.max(1)))
            .read_timeout(Duration::from_secs(config.timeouts.idle_secs.max(1)))
            .build()
            .map_err(|e| format!("HTTP client: {e}"))?;
        let name = match providers.first().map(|p| p.api) {
            Some(Api::Openai) => "openai",
            _ => "anthropic",
        };
        Ok(ModelExecutor {
            name,
            http,
            providers,
            max_tokens: config.max_tokens,
            request_timeout: (config.timeouts.request_secs > 0)
                .then(|| Duration::from_secs(config.timeouts.request_secs)),
            retries: config.retries.clone(),
            prices: config.prices.clone(),
            slots: slots.max(1),
            running: AtomicUsize::new(0),
        })
    }

    /// The providers, main first.
    pub fn providers(&self) -> &[Provider] {
        &self.providers
    }

    fn backoff(&self, retry: u32) -> Duration {
        let base = self.retries.backoff_initial_ms.max(1);
        let cap = self.retries.backoff_max_ms.max(base);
        doubled(
            Duration::from_millis(base),
            retry,
            Duration::from_millis(cap),
        )
    }

    async fn run_task(
        &self,
        task: &Task,
        images: &[Image],
        out: mpsc::Sender<String>,
        cancel: CancellationToken,
        load: f64,
    ) -> Result<ExecOutput, ExecError> {
        let (images, prompt) = super::wire::showable(&task.prompt, images);
        let prompt = super::confidence::ask(&prompt);
        let call = Call {
            task,
            prompt: &prompt,
            images: &images,
        };
        let deadline = self.request_timeout.map(|t| Instant::now() + t);
        let mut spent = Spent::default();
        let mut quota_errors = Vec::new();
        for (i, provider) in self.providers.iter().enumerate() {
            if provider.circuit_open() {
                quota_errors.push(format!("{}: circuit open (quota exhausted)", provider.name));
                continue;
            }
            // A model named by the task is meant for the main provider.
            let requested = task
                .model
                .as_deref()
                .filter(|m| i == 0 || Tier::parse(m).is_some());
            let model = choose_model(
                requested,
                provider.routing.as_ref(),
                provider.model.as_deref(),
                &task.prompt,
                task.required_capability.as_deref(),
                load,
            )
            .ok_or_else(|| {
                ExecError::permanent(format!("profile `{}` has no model", provider.name))
            })?;
            info!(task = %task.id, provider = %provider.name, model = %model, "calling the model");
            match self
                .with_retries(&call, provider, &model, &out, &cancel, deadline, &mut spent)
                .await
            {
                Ok(output) => {
                    let (output, confidence) = super::confidence::read(&output);
                    return Ok(ExecOutput {
                        output,
                        usage: spent.usage(&self.prices, &model),
                        confidence,
                    });
                }
                Err((e, progress))
                    if e.class == ErrorClass::QuotaExhausted && progress.output.is_empty() =>
                {
                    provider.open_circuit(Duration::from_secs(self.retries.circuit_cooldown_secs));
                    warn!(provider = %provider.name, cooldown_secs = self.retries.circuit_cooldown_secs, error = %e.message, "quota exhausted: provider circuit opened");
                    quota_errors.push(format!("{}: {}", provider.name, e.message));
                    spent.model = Some(model);
                }
                Err((e, progress)) => {
                    let retryable = matches!(
                        e.class,
                        ErrorClass::Transient | ErrorClass::RateLimited { .. }
                    );
                    let err = ExecError {
                        message: e.message,
                        retryable,
                        partial_output: None,
                        usage: spent.usage(&self.prices, &model),
                    };
                    return Err(err.with_partial(progress.output));
                }
            }
        }
        let usage = spent
            .model
            .clone()
            .and_then(|m| spent.usage(&self.prices, &m));
        Err(ExecError::permanent(format!(
            "no provider available: {}",
            quota_errors.join("; ")
        ))
        .with_usage(usage))
    }

    /// The `max_tokens` of the next call: as configured, or lower so the
    /// call stays within what is left of the task's spend limit.
    fn max_tokens(
        &self,
        call: &Call<'_>,
        provider: &Provider,
        model: &str,
        spent: &Spent,
    ) -> Result<Option<u32>, CallError> {
        let configured = self.max_tokens.or(match provider.api {
            Api::Anthropic => Some(super::anthropic::DEFAULT_MAX_TOKENS),
            Api::Openai => None,
        });
        budget::ceiling(
            budget::remaining(call.task, spent.cost.unwrap_or(0.0)),
            model,
            pricing::price_of(&self.prices, model),
            budget::input_tokens(call.prompt, call.images.len()),
            configured,
        )
        .map_err(|e| CallError::invalid(e.message))
    }

    /// Call `provider` until success, a failure not worth retrying here, or
    /// the retries run out. Returns the failure with what the last call made.
    #[allow(clippy::too_many_arguments)]
    async fn with_retries(
        &self,
        call: &Call<'_>,
        provider: &Provider,
        model: &str,
        out: &mpsc::Sender<String>,
        cancel: &CancellationToken,
        deadline: Option<Instant>,
        spent: &mut Spent,
    ) -> Result<String, (CallError, Progress)> {
        let task = call.task;
        let mut n429 = 0u32;
        let mut ntransient = 0u32;
        loop {
            let max_tokens = self
                .max_tokens(call, provider, model, spent)
                .map_err(|e| (e, Progress::default()))?;
            let spec = CallSpec {
                http: &self.http,
                base_url: &provider.base_url,
                api_key: provider.api_key.as_deref(),
                model,
                prompt: call.prompt,
                images: call.images,
                max_tokens,
            };
            let mut progress = Progress::default();
            let result = {
                let call = async {
                    match provider.api {
                        Api::Anthropic => super::anthropic::call(spec, out, &mut progress).await,
                        Api::Openai => super::openai::call(spec, out, &mut progress).await,
                    }
                };
                tokio::select! {
                    r = call => Some(r),
                    _ = cancel.cancelled() => None,
                    _ = sleep_until_opt(deadline) => Some(Err(CallError::transient(format!(
                        "timed out after {} s",
                        self.request_timeout.unwrap_or_default().as_secs()
                    )))),
                }
            };
            spent.add(&self.prices, model, &progress);
            let e = match result {
                Some(Ok(())) => return Ok(progress.output),
                None => return Err((CallError::transient("cancelled"), progress)),
                Some(Err(e)) => e,
            };
            if !progress.output.is_empty() {
                // Already streamed to the hub: another call would repeat it.
                return Err((e, progress));
            }
            let wait = match &e.class {
                ErrorClass::RateLimited { retry_after } if n429 < self.retries.max_retries_429 => {
                    n429 += 1;
                    let wait = retry_after.unwrap_or_else(|| self.backoff(n429 - 1));
                    if wait > Duration::from_secs(self.retries.max_retry_after_secs) {
                        return Err((e, progress));
                    }
                    wait
                }
                ErrorClass::RateLimited { .. } => {
                    let msg = format!("rate limited: gave up after {n429} retries: {}", e.message);
                    return Err((
                        CallError {
                            class: e.class,
                            message: msg,
                        },
                        progress,
                    ));
                }
                ErrorClass::Transient
                    if ntransient < self.retries.max_retries_transient
                        && !e.message.starts_with("timed out") =>
                {
                    ntransient += 1;
                    self.backoff(ntransient - 1)
                }
                _ => return Err((e, progress)),
            };
            warn!(task = %task.id, provider = %provider.name, wait_ms = m3shd_common::duration::millis(wait), error = %e.message, "model call failed; retrying");
            tokio::select! {
                _ = tokio::time::sleep(wait) => {}
                _ = cancel.cancelled() => return Err((CallError::transient("cancelled"), progress)),
                _ = sleep_until_opt(deadline) => return Err((CallError::transient("timed out while waiting to retry"), progress)),
            }
        }
    }
}

/// What one execution sends: the task, its prompt (with notes for images
/// the model cannot be shown) and the images it can.
struct Call<'a> {
    task: &'a Task,
    prompt: &'a str,
    images: &'a [Image],
}

/// Tokens and cost over every call of one execution.
#[derive(Default)]
struct Spent {
    input: i64,
    output: i64,
    cost: Option<f64>,
    priced: bool,
    calls: u32,
    model: Option<String>,
}

impl Spent {
    fn add(&mut self, prices: &BTreeMap<String, Price>, model: &str, p: &Progress) {
        self.calls += 1;
        self.model = Some(model.to_string());
        if p.input_tokens == 0 && p.output_tokens == 0 {
            return;
        }
        self.input = self.input.saturating_add(p.input_tokens.max(0));
        self.output = self.output.saturating_add(p.output_tokens.max(0));
        let c = pricing::price_of(prices, model).map(|pr| {
            (p.input_tokens.max(0) as f64 * pr.input_per_mtok
                + p.output_tokens.max(0) as f64 * pr.output_per_mtok)
                / 1_000_000.0
        });
        self.cost = match (self.cost, c, self.priced) {
            (_, None, _) => None,
            (None, Some(c), false) => Some(c),
            (Some(a), Some(c), _) => Some(a + c),
            (None, Some(_), true) => None,
        };
        self.priced = true;
    }

    /// The usage to report (`model` is the last one called).
    fn usage(&self, prices: &BTreeMap<String, Price>, model: &str) -> Option<Usage> {
        if self.calls == 0 {
            return None;
        }
        let mut u = pricing::usage(prices, model, self.input, self.output);
        if self.priced {
            u.cost_usd = self.cost;
        }
        Some(u)
    }
}

async fn sleep_until_opt(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

struct RunningGuard<'a>(&'a AtomicUsize);

impl Drop for RunningGuard<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Executor for ModelExecutor {
    fn name(&self) -> &'static str {
        self.name
    }

    fn reads_context(&self) -> bool {
        true
    }

    fn reads_images(&self) -> bool {
        true
    }

    fn run<'a>(
        &'a self,
        task: &'a Task,
        images: &'a [Image],
        out: mpsc::Sender<String>,
        cancel: CancellationToken,
    ) -> RunFuture<'a> {
        Box::pin(async move {
            let others = self.running.fetch_add(1, Ordering::Relaxed);
            let _g = RunningGuard(&self.running);
            let load = others as f64 / f64::from(self.slots);
            let r = self.run_task(task, images, out, cancel.clone(), load).await;
            match r {
                Err(e) if cancel.is_cancelled() && e.message == "cancelled" => {
                    let partial = e.partial_output.clone().unwrap_or_default();
                    Err(ExecError::cancelled()
                        .with_partial(partial)
                        .with_usage(e.usage))
                }
                r => r,
            }
        })
    }
}
