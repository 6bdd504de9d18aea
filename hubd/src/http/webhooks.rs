//! Webhook administration (`/api/admin/webhooks`) and deliveries
//! (`/api/webhooks/{id}/trigger|github`). A delivery has no bearer token:
//! the webhook's secret (or GitHub's signature) proves it, so the route is
//! public and the domain decides; once proven, the audit row names the
//! webhook as the actor.

use axum::Json;
use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use m3shd_api::{
    CreateWebhook, CreatedWebhook, ErrorCode, GITHUB_EVENT_HEADER, GITHUB_SIGNATURE_HEADER,
    MAX_WEBHOOK_BODY_BYTES, UPTIME_KUMA_HEADER, UpdateWebhook, WEBHOOK_SECRET_HEADER, Webhook,
    WebhookAccepted, WebhookKind, WebhookList,
};
use m3shd_hub_core::domain::webhooks::{Delivery, TriggerError};
use schemars::SchemaGenerator;

use super::audit::AuditActor;
use super::auth::Caller;
use super::doc::{DocReply, OpSchemas};
use super::error::ApiError;
use super::extract::{ApiJson, ApiPath, read_body};
use super::state::AppState;

pub async fn create(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<CreateWebhook>,
) -> Result<(StatusCode, Json<CreatedWebhook>), ApiError> {
    let w = s.hub.create_webhook(req, caller.label()).await?;
    tracing::info!(
        id = %w.webhook.id,
        name = %w.webhook.name,
        kind = %w.webhook.kind,
        template = %w.webhook.template,
        by = caller.label(),
        "webhook created"
    );
    Ok((StatusCode::CREATED, Json(w)))
}

pub async fn list(State(s): State<AppState>) -> Result<Json<WebhookList>, ApiError> {
    Ok(Json(WebhookList {
        webhooks: s.hub.webhooks()?,
    }))
}

/// By id or name; the secret stays.
pub async fn update(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(key): ApiPath<String>,
    ApiJson(req): ApiJson<UpdateWebhook>,
) -> Result<Json<Webhook>, ApiError> {
    let w = s.hub.update_webhook(&key, req).await?;
    tracing::info!(
        id = %w.id,
        name = %w.name,
        kind = %w.kind,
        template = %w.template,
        by = caller.label(),
        "webhook changed"
    );
    Ok(Json(w))
}

/// By id or name; the new secret is in the answer, once.
pub async fn rotate_secret(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(key): ApiPath<String>,
) -> Result<Json<CreatedWebhook>, ApiError> {
    let w = s.hub.rotate_webhook_secret(&key).await?;
    tracing::info!(
        id = %w.webhook.id,
        name = %w.webhook.name,
        by = caller.label(),
        "webhook secret rotated"
    );
    Ok(Json(w))
}

/// By id or name.
pub async fn delete(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(key): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    let w = s.hub.delete_webhook(&key).await?;
    tracing::info!(id = %w.id, name = %w.name, by = caller.label(), "webhook deleted");
    Ok(StatusCode::NO_CONTENT)
}

/// The answer to a delivery: 202 with the task it dispatched (200 when
/// there was nothing to dispatch), or the error; with the audit actor once
/// the delivery proved the secret.
pub struct DeliveryReply(Response);

impl IntoResponse for DeliveryReply {
    fn into_response(self) -> Response {
        self.0
    }
}

impl DocReply for DeliveryReply {
    fn describe(op: &mut OpSchemas, g: &mut SchemaGenerator) {
        op.raw_body = true;
        op.response = Some((202, Some(g.subschema_for::<WebhookAccepted>())));
    }
}

/// `POST /api/webhooks/{id}/trigger`: the secret in `X-Webhook-Secret`.
pub async fn trigger(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<String>,
    req: Request,
) -> DeliveryReply {
    deliver(s, id, WebhookKind::Generic, req).await
}

/// `POST /api/webhooks/{id}/github`: GitHub's `X-Hub-Signature-256`.
pub async fn github(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<String>,
    req: Request,
) -> DeliveryReply {
    deliver(s, id, WebhookKind::Github, req).await
}

fn header_text(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

async fn deliver(s: AppState, id: String, route: WebhookKind, req: Request) -> DeliveryReply {
    let query = match Query::<Vec<(String, String)>>::try_from_uri(req.uri()) {
        Ok(Query(q)) => q,
        Err(_) => {
            let err = ApiError::bad_request("the query string does not parse");
            return DeliveryReply(err.into_response());
        }
    };
    let headers = req.headers().clone();
    let body = match read_body(req, &s, || {
        format!("a webhook delivery may be at most {MAX_WEBHOOK_BODY_BYTES} bytes")
    })
    .await
    {
        Ok(b) => b,
        Err(e) => return DeliveryReply(e.into_response()),
    };
    let delivery = Delivery {
        route,
        query,
        secret: header_text(&headers, WEBHOOK_SECRET_HEADER),
        signature: header_text(&headers, GITHUB_SIGNATURE_HEADER),
        github_event: header_text(&headers, GITHUB_EVENT_HEADER),
        uptime_kuma: headers.contains_key(UPTIME_KUMA_HEADER),
        body: body.to_vec(),
    };
    let outcome = s.hub.trigger_webhook(&id, delivery).await;
    let mut resp = match outcome.result {
        Ok(accepted) => {
            let status = if accepted.task_id.is_some() {
                StatusCode::ACCEPTED
            } else {
                StatusCode::OK
            };
            (status, Json(accepted)).into_response()
        }
        Err(TriggerError::SecretInQuery(m)) => {
            ApiError::new(ErrorCode::SecretInQuery, m).into_response()
        }
        Err(TriggerError::BadPayload(m)) => ApiError::bad_request(m).into_response(),
        Err(TriggerError::Refused(e)) => ApiError::from(e).into_response(),
    };
    // A delivery proves itself with the webhook's secret, not a bearer token.
    resp.headers_mut().remove(header::WWW_AUTHENTICATE);
    if let Some(actor) = outcome.actor {
        resp.extensions_mut().insert(AuditActor(actor));
    }
    DeliveryReply(resp)
}
