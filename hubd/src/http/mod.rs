//! The HTTP transport: routes, thin handlers, auth and error mapping.

mod agents;
mod analytics;
mod attachments;
pub mod auth;
mod control;
pub mod error;
mod extract;
mod graph;
mod memory;
mod metrics;
mod misc;
mod plugins;
pub mod state;
mod stream;
mod tasks;
mod templates;
mod worker;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, Method, Uri, header};
use axum::middleware;
use axum::response::Response;
use axum::routing::{get, post, put};

pub use auth::AGENT_HEADER;
pub use state::{AppState, Waiters};
pub use tasks::{IDEMPOTENCY_KEY, IDEMPOTENT_REPLAYED};

use error::ApiError;

pub fn router(state: AppState) -> Router {
    let protected = Router::new()
        .route("/api/status", get(misc::status))
        .route("/metrics", get(metrics::metrics))
        .route("/api/tasks", get(tasks::list).post(tasks::create))
        .route("/api/tasks/{id}", get(tasks::get).put(tasks::update))
        .route("/api/tasks/{id}/cancel", post(tasks::cancel))
        .route("/api/tasks/{id}/stream", post(worker::stream))
        .route("/api/tasks/{id}/complete", post(worker::complete))
        .route("/api/tasks/{id}/fail", post(worker::fail))
        .route("/api/tasks/{id}/release", post(worker::release))
        .route("/api/tasks/{id}/handoff", post(graph::handoff))
        .route("/api/tasks/{id}/dependencies", put(graph::set_dependencies))
        .route(
            "/api/pipelines",
            get(graph::list_pipelines).post(graph::create_pipeline),
        )
        .route("/api/pipelines/{id}", get(graph::get_pipeline))
        .route(
            "/api/templates",
            get(templates::list).post(templates::create),
        )
        .route(
            "/api/templates/{id}",
            get(templates::get).delete(templates::delete),
        )
        .route("/api/templates/{id}/dispatch", post(templates::dispatch))
        .route(
            "/api/approvals",
            get(control::list_approvals).post(control::create_approval),
        )
        .route("/api/approvals/{id}", put(control::decide_approval))
        .route("/api/escalations", get(control::list_escalations))
        .route("/api/escalations/{id}", put(control::update_escalation))
        .route("/api/costs", get(control::costs))
        .route(
            "/api/budgets",
            get(control::get_budgets).put(control::put_budgets),
        )
        .route("/api/summary", get(control::summary))
        .route("/api/admin/analytics/tasks", get(analytics::tasks))
        .route("/api/admin/analytics/costs", get(analytics::costs))
        .route("/api/admin/analytics/agents", get(analytics::agents))
        .route("/api/admin/analytics/summary", get(analytics::summary))
        .route("/api/agents", get(agents::list))
        .route("/api/agents/{id}", get(agents::get))
        .route("/api/agents/{id}/register", post(agents::register))
        .route("/api/agents/{id}/heartbeat", post(agents::heartbeat))
        .route("/api/agents/{id}/claim", post(agents::claim))
        .route("/api/agents/{id}/deregister", post(agents::deregister))
        .route(
            "/api/agents/{id}/memory",
            get(memory::list).post(memory::set),
        )
        .route("/api/agents/{id}/memory/search", get(memory::search))
        .route(
            "/api/agents/{id}/memory/{key}",
            get(memory::get).delete(memory::delete),
        )
        .route("/api/memory/consolidate", post(memory::consolidate))
        .route("/api/plugins", get(plugins::list))
        .route("/api/plugins/{tool}/invoke", post(plugins::invoke))
        .route("/api/stream", get(stream::stream))
        .route("/api/events", get(stream::events))
        .route("/api/context", get(misc::context_list))
        .route(
            "/api/context/{key}",
            put(misc::context_set).delete(misc::context_delete),
        )
        .route(
            "/api/messages",
            get(misc::message_list).post(misc::message_post),
        )
        // ---- task attachments (images; own 20 MB body limit) ----
        // POST/GET /api/tasks/{id}/attachments, GET /api/tasks/{id}/attachments/{aid}
        .merge(attachments::routes())
        // ---- end task attachments ----
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            auth::require_auth,
        ));
    Router::new()
        .route("/api/health", get(misc::health))
        .merge(protected)
        .fallback(unknown_route)
        .method_not_allowed_fallback(unknown_route)
        .layer(DefaultBodyLimit::max(m3shd_api::limits::MAX_BODY_BYTES))
        .layer(middleware::map_response(security_headers))
        .with_state(state)
}

async fn unknown_route(method: Method, uri: Uri) -> ApiError {
    ApiError::not_found(format!("no route for {method} {}", uri.path()))
}

/// Responses are API data, never documents to sniff, frame or cache.
async fn security_headers(mut resp: Response) -> Response {
    let h = resp.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    resp
}
