//! Inbound webhooks: created with a secret the hub makes (sealed at rest,
//! shown once), and deliveries that prove it turned into a template
//! dispatch. A delivery is checked in this order, each step refusing before
//! the next: a secret in the URL (400), the webhook (404, after the same
//! work as a secret check), the secret or signature (401), the webhook's
//! minute (429), the payload (400/422), then the dispatch (202).

mod auth;
mod edit;
mod limit;
mod payload;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use m3shd_api::{
    CreateWebhook, CreatedWebhook, DispatchTemplate, WEBHOOK_CALLS_PER_MINUTE,
    WEBHOOK_SECRET_PREFIX, Webhook, WebhookAccepted, WebhookKind, ids,
};

pub use limit::Limiter;

use super::identity::{new_credential_id, new_secret};
use super::templates::variables;
use super::{DomainError, Hub};
use crate::store::{Queries, StoreError, WebhookRow};

/// One delivery as the transport received it.
#[derive(Clone, Default)]
pub struct Delivery {
    /// The route it came in on: each webhook answers on its kind's only.
    pub route: WebhookKind,
    /// The query string's parameters, decoded.
    pub query: Vec<(String, String)>,
    /// `X-Webhook-Secret`.
    pub secret: Option<String>,
    /// `X-Hub-Signature-256`.
    pub signature: Option<String>,
    /// `X-GitHub-Event`.
    pub github_event: Option<String>,
    /// Whether `X-Uptime-Kuma-Agent` was sent.
    pub uptime_kuma: bool,
    /// The raw body (what GitHub signs).
    pub body: Vec<u8>,
}

impl std::fmt::Debug for Delivery {
    // The secret and the signature are never printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Delivery")
            .field("route", &self.route)
            .field("github_event", &self.github_event)
            .field("uptime_kuma", &self.uptime_kuma)
            .field("body_bytes", &self.body.len())
            .finish()
    }
}

/// Why a delivery was refused.
#[derive(Debug)]
pub enum TriggerError {
    /// A secret in the query string: refused whatever else the call carries.
    SecretInQuery(String),
    /// A body that is not JSON.
    BadPayload(String),
    Refused(DomainError),
}

impl From<DomainError> for TriggerError {
    fn from(e: DomainError) -> TriggerError {
        TriggerError::Refused(e)
    }
}

impl From<StoreError> for TriggerError {
    fn from(e: StoreError) -> TriggerError {
        TriggerError::Refused(e.into())
    }
}

/// What became of a delivery, and who the audit log should name for it.
#[derive(Debug)]
pub struct TriggerOutcome {
    /// `webhook:NAME` once the delivery proved the secret; None before.
    pub actor: Option<String>,
    pub result: Result<WebhookAccepted, TriggerError>,
}

fn to_wire(r: WebhookRow) -> Webhook {
    Webhook {
        trigger_path: r.kind.trigger_path(&r.id),
        id: r.id,
        name: r.name,
        kind: r.kind,
        template: r.template,
        variables: r.variables,
        created_by: r.created_by,
        created_at: r.created_at,
        last_triggered_at: r.last_triggered_at,
    }
}

fn not_found(key: &str) -> DomainError {
    DomainError::NotFound(format!("no webhook `{}`", key.escape_debug()))
}

/// An id or a name that could be one (longer keys are never stored).
fn check_key(key: &str) -> Result<(), DomainError> {
    if key.is_empty() || key.len() > 100 {
        return Err(not_found(key));
    }
    Ok(())
}

fn check_name(name: &str) -> Result<(), DomainError> {
    if ids::is_valid_name(name) {
        return Ok(());
    }
    Err(DomainError::Validation(format!(
        "webhook name `{}` must be 1-64 characters of [a-z0-9_.-]",
        name.escape_debug()
    )))
}

/// A name another webhook holds.
fn name_taken(name: &str) -> DomainError {
    DomainError::Conflict(format!("a webhook named `{name}` already exists"))
}

/// The name of the template a webhook of `kind` would dispatch from
/// `template` (a name or id) with these mappings, or why it could not: no
/// such template, or a variable it uses that neither a mapping nor the
/// payloads the hub recognises fill.
fn dispatchable(
    q: &dyn Queries,
    template: &str,
    kind: WebhookKind,
    mappings: &BTreeMap<String, String>,
) -> Result<String, DomainError> {
    payload::check_mappings(mappings)?;
    let missing = || {
        DomainError::Validation(format!(
            "no template `{}` (see `m3shd template list`)",
            template.escape_debug()
        ))
    };
    if template.is_empty() || template.len() > 100 {
        return Err(missing());
    }
    let row = q.templates().get(template)?.ok_or_else(missing)?;
    let known = recognisable(kind);
    let unmapped: Vec<String> = variables(&row.prompt_template)
        .iter()
        .filter(|v| !mappings.contains_key(*v) && !known.contains(&v.as_str()))
        .map(|v| format!("`{v}`"))
        .collect();
    if !unmapped.is_empty() {
        return Err(DomainError::Validation(format!(
            "template {} uses {}, which no variable maps (--var NAME=/json/pointer)",
            row.name,
            unmapped.join(", ")
        )));
    }
    Ok(row.name)
}

/// The variables the hub fills for a webhook of `kind` without a mapping.
fn recognisable(kind: WebhookKind) -> Vec<&'static str> {
    let mut v = payload::KUMA_VARIABLES.to_vec();
    if kind == WebhookKind::Github {
        v.extend(payload::GITHUB_VARIABLES);
    }
    v
}

impl Hub {
    /// Create a webhook; its secret is in the answer and nowhere else.
    pub async fn create_webhook(
        &self,
        req: CreateWebhook,
        by: &str,
    ) -> Result<CreatedWebhook, DomainError> {
        check_name(&req.name)?;
        let by = by.to_string();
        self.write(move |cx| {
            let template = dispatchable(&*cx.tx, &req.template, req.kind, &req.variables)?;
            let secret = new_secret(WEBHOOK_SECRET_PREFIX);
            let row = WebhookRow {
                id: new_credential_id("wh-"),
                name: req.name,
                kind: req.kind,
                template,
                variables: req.variables,
                created_by: by,
                created_at: cx.tx.now(),
                last_triggered_at: None,
            };
            match cx.tx.webhooks().insert(&row, &secret) {
                Err(StoreError::Duplicate(_)) => Err(name_taken(&row.name)),
                other => {
                    other?;
                    Ok(CreatedWebhook {
                        secret,
                        webhook: to_wire(row),
                    })
                }
            }
        })
        .await
    }

    /// Every webhook, by name (never a secret).
    pub fn webhooks(&self) -> Result<Vec<Webhook>, DomainError> {
        self.read(|r| Ok(r.webhooks().list()?.into_iter().map(to_wire).collect()))
    }

    /// Delete a webhook by id or name; its URL stops working at once.
    pub async fn delete_webhook(&self, key: &str) -> Result<Webhook, DomainError> {
        check_key(key)?;
        let key = key.to_string();
        let gone = self
            .write(move |cx| {
                let row = cx.tx.webhooks().get(&key)?.ok_or_else(|| not_found(&key))?;
                cx.tx.webhooks().delete(&row.id)?;
                Ok(to_wire(row))
            })
            .await?;
        self.webhook_limit.forget(&gone.id);
        Ok(gone)
    }

    /// Check a delivery to webhook `id` and dispatch its template.
    pub async fn trigger_webhook(&self, id: &str, d: Delivery) -> TriggerOutcome {
        let mut actor = None;
        let result = self.deliver(id, &d, &mut actor).await;
        TriggerOutcome { actor, result }
    }

    async fn deliver(
        &self,
        id: &str,
        d: &Delivery,
        actor: &mut Option<String>,
    ) -> Result<WebhookAccepted, TriggerError> {
        if let Some((name, _)) = d.query.iter().find(|(k, _)| auth::names_a_secret(k)) {
            return Err(in_query(&format!(
                "query parameter `{}` looks like a secret",
                name.escape_debug()
            )));
        }
        let found = if id.len() > 100 {
            None
        } else {
            self.read(|r| {
                let Some(w) = r.webhooks().get(id)?.filter(|w| w.id == id) else {
                    return Ok(None);
                };
                Ok::<_, DomainError>(r.webhooks().secret(id)?.map(|s| (w, s)))
            })?
        };
        let Some((hook, secret)) = found.filter(|(w, _)| w.kind == d.route) else {
            auth::compare_with_nothing(d.secret.as_deref());
            return Err(DomainError::NotFound("no such webhook".into()).into());
        };
        if auth::carried_in(&d.query, &secret) {
            return Err(in_query("the query string carries the webhook's secret"));
        }
        let proven = match hook.kind {
            WebhookKind::Generic => auth::secret_matches(d.secret.as_deref(), &secret),
            WebhookKind::Github => {
                auth::github_signature_matches(d.signature.as_deref(), &secret, &d.body)
            }
        };
        if !proven {
            let what = match hook.kind {
                WebhookKind::Generic => "missing or wrong X-Webhook-Secret",
                WebhookKind::Github => {
                    "missing or wrong X-Hub-Signature-256 (sha256= and the HMAC-SHA256 of \
                     the body under the webhook's secret)"
                }
            };
            return Err(DomainError::Unauthorized(what.into()).into());
        }
        *actor = Some(format!("webhook:{}", hook.name));
        self.webhook_limit
            .admit(&hook.id)
            .map_err(|retry_after| DomainError::RateLimited {
                message: format!(
                    "webhook {} takes at most {WEBHOOK_CALLS_PER_MINUTE} calls a minute",
                    hook.name
                ),
                retry_after,
            })?;
        let event = d.github_event.as_deref().map(str::trim);
        if hook.kind == WebhookKind::Github && event == Some("ping") {
            return Ok(WebhookAccepted {
                webhook_id: hook.id,
                task_id: None,
                note: Some("ping: the signature checks out; nothing was dispatched".into()),
            });
        }
        let body = payload::parse(&d.body).map_err(TriggerError::BadPayload)?;
        let mut recognised = payload::uptime_kuma(&body, d.uptime_kuma).unwrap_or_default();
        if let (WebhookKind::Github, Some(e)) = (hook.kind, event) {
            recognised.insert("event".to_string(), e.to_string());
        }
        let variables = payload::variables(&body, &hook.variables, recognised)?;
        if let Err(DomainError::NotFound(_)) = self.template(&hook.template) {
            return Err(DomainError::Conflict(format!(
                "webhook {}'s template `{}` no longer exists",
                hook.name, hook.template
            ))
            .into());
        }
        let task = self
            .dispatch_template(
                &hook.template,
                DispatchTemplate {
                    variables,
                    ..DispatchTemplate::default()
                },
            )
            .await?;
        let webhook_id = hook.id.clone();
        self.store.write_later("webhook last use", move |tx| {
            let now = tx.now();
            tx.webhooks().touch(&webhook_id, now)
        });
        tracing::info!(webhook = %hook.name, task = %task.id, "webhook dispatched a task");
        Ok(WebhookAccepted {
            webhook_id: hook.id,
            task_id: Some(task.id),
            note: None,
        })
    }
}

fn in_query(what: &str) -> TriggerError {
    TriggerError::SecretInQuery(format!(
        "{what}: send the secret in the X-Webhook-Secret header, never in the URL (URLs end \
         up in logs; if it was the real secret, replace it: `m3shd webhook rotate-secret`)"
    ))
}
