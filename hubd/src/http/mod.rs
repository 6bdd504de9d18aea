//! The HTTP transport: routes, thin handlers, auth and error mapping.

mod access;
mod agents;
mod analytics;
mod api_keys;
mod attachments;
mod audit;
pub mod auth;
mod benchmark;
mod body_deadline;
mod client_ip;
mod control;
mod cors;
mod demo;
pub mod demo_limit;
mod doc;
pub mod error;
mod evolution;
mod extract;
mod federation;
mod graph;
pub mod login_limit;
mod memory;
mod mesh_control;
mod metrics;
mod misc;
mod openapi;
mod plugins;
mod protocols;
mod provenance;
mod rendered;
pub mod routes;
mod schedules;
pub mod session_cookie;
mod standing;
pub mod state;
mod stream;
mod tasks;
mod templates;
mod text;
mod tokens;
mod users;
mod voice;
mod web;
mod webhooks;
mod worker;
mod world;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, Method, Uri, header};
use axum::middleware;
use axum::response::Response;

pub use crate::addresses::{parse_cidr, parse_origin};
pub use auth::AGENT_HEADER;
pub use body_deadline::with_deadline as body_with_deadline;
pub use state::{AppState, Shared, Waiters};
pub use tasks::{IDEMPOTENCY_KEY, IDEMPOTENT_REPLAYED};

use error::ApiError;
use routes::Routes;

pub fn router(state: AppState) -> Router {
    let table = operations(state.clone()).finish();
    // Set once per state; a second router over the same state serves the
    // same routes, so the first document stays right.
    let ops = table.ops;
    let _ = state.openapi.set(state::LazyText::new(Box::new(move || {
        openapi::document(&ops)
    })));
    let _ = state.body_limits.set(table.body_limits);
    let mut app = table
        .router
        .fallback(unknown_route)
        .method_not_allowed_fallback(unknown_route)
        .layer(DefaultBodyLimit::max(m3shd_api::limits::MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(state.clone(), audit::record));
    // No CORS layer at all unless origins are configured. Outside the
    // routes, so a preflight is answered before any auth; inside the
    // headers, so its answer carries them too.
    if let Some(cors) = cors::layer(&state.cors_origins) {
        app = app.layer(cors);
    }
    app.layer(middleware::map_response(security_headers))
        .with_state(state)
}

/// Every operation of the API with the access it requires.
pub fn operations(state: AppState) -> Routes {
    use access::Access::{AgentData, AsAgent, Authenticated, JoinKey, Public};
    use m3shd_api::Permission as P;
    Routes::new(state)
        .get("/api/health", Public, "Liveness and version", misc::health)
        .get(
            "/api/openapi.json",
            Public,
            "This API's OpenAPI document",
            openapi::serve,
        )
        .get(
            "/api/whoami",
            Authenticated,
            "Who the bearer token is and what it may do",
            tokens::whoami,
        )
        .post(
            "/api/join",
            JoinKey,
            "Exchange a join key for an agent token",
            tokens::join,
        )
        .post(
            "/api/login",
            Public,
            "Log in with a username and password; returns a session token",
            users::login,
        )
        .post(
            "/api/logout",
            Authenticated,
            "End the caller's own login session",
            users::logout,
        )
        // The browser dashboard (hubd/web/, embedded) and its cookie login.
        .get("/", Public, "The browser dashboard", web::index)
        .get(
            "/sw.js",
            Public,
            "The dashboard's service worker (caches the page shell only)",
            web::service_worker,
        )
        .get(
            "/web/{file}",
            Public,
            "A file of the browser dashboard (script, style, icon, manifest)",
            web::asset,
        )
        .post(
            "/api/web/login",
            Public,
            "Log in with a username and password; the session comes back as an HttpOnly \
             cookie, with a CSRF cookie to echo in X-CSRF-Token on mutating calls",
            web::login,
        )
        .post(
            "/api/web/logout",
            Public,
            "End the login session in the dashboard's cookie (CSRF-checked) and clear the cookies",
            web::logout,
        )
        .get(
            "/demo",
            Public,
            "The read-only public dashboard (--demo; 30 requests a minute per address)",
            demo::page,
        )
        .get(
            "/api/demo/snapshot",
            Public,
            "The demo dashboard's data, free text cut to its first words (--demo)",
            demo::snapshot,
        )
        .get("/api/status", P::TasksRead, "Fleet status", misc::status)
        .get(
            "/metrics",
            P::AdminAnalytics,
            "Prometheus metrics",
            metrics::metrics,
        )
        // Tasks
        .get("/api/tasks", P::TasksRead, "List tasks", tasks::list)
        .post("/api/tasks", P::TasksWrite, "Create a task", tasks::create)
        .get("/api/tasks/{id}", P::TasksRead, "Get a task", tasks::get)
        .put(
            "/api/tasks/{id}",
            P::TasksWrite,
            "Update a task's title or priority",
            tasks::update,
        )
        .post(
            "/api/tasks/{id}/cancel",
            P::TasksWrite,
            "Cancel a task",
            tasks::cancel,
        )
        .post(
            "/api/tasks/{id}/retry",
            P::TasksWrite,
            "Run a failed or cancelled task again from scratch (attempts reset)",
            tasks::retry,
        )
        .get(
            "/api/tasks/{id}/provenance",
            P::TasksRead,
            "A finished task's signed result chain, verified; a result relayed back from a peer \
             shows the peer's signed link it chains from (`federated`)",
            provenance::get,
        )
        .get(
            "/api/tasks/{id}/provenance/peer",
            P::TasksRead,
            "Ask the peer hub that produced a relayed result to verify its own chain; the verdict \
             says whether its chain verifies and ends in the link this hub chained from",
            federation::peer_provenance,
        )
        .get(
            "/api/tasks/{id}/federation",
            P::TasksRead,
            "Where a task came from (origin hub, trust local|federated, hops, visited hubs) and \
             the peer it was relayed to (relayed_to, the peer's hub and task id)",
            federation::task_federation,
        )
        .get(
            "/api/tasks/{id}/graph",
            P::TasksRead,
            "The task, its parents and dependents, its protocol steps, and labelled edges",
            protocols::graph,
        )
        .get(
            "/api/tasks/{id}/votes",
            P::TasksRead,
            "The roster, votes and tally of a task put to a vote",
            protocols::votes,
        )
        .get(
            "/api/tasks/{id}/trace",
            P::TasksRead,
            "Task, result, protocol steps, validation receipts and credits",
            protocols::trace,
        )
        .post(
            "/api/tasks/{id}/decide",
            P::TasksWrite,
            "Accept or reject the result of a task whose quality protocol escalated",
            protocols::decide,
        )
        .get(
            "/api/ledger",
            P::TasksRead,
            "The contribution ledger: validated results and credits per agent",
            protocols::ledger,
        )
        .put(
            "/api/tasks/{id}/dependencies",
            P::TasksWrite,
            "Set a task's dependencies",
            graph::set_dependencies,
        )
        // The worker protocol: an agent acts on the leases it holds.
        .post(
            "/api/tasks/{id}/stream",
            P::TasksStream,
            "Append output to a held task",
            worker::stream,
        )
        .post(
            "/api/tasks/{id}/complete",
            P::TasksStream,
            "Complete a held task",
            worker::complete,
        )
        .post(
            "/api/tasks/{id}/fail",
            P::TasksStream,
            "Fail a held task",
            worker::fail,
        )
        .post(
            "/api/tasks/{id}/release",
            P::TasksStream,
            "Give a held task back to the queue",
            worker::release,
        )
        .post(
            "/api/tasks/{id}/handoff",
            P::TasksStream,
            "Suspend a held task into a continuation",
            graph::handoff,
        )
        .post(
            "/api/agents/{id}/register",
            AsAgent(P::TasksStream),
            "Register as this agent",
            agents::register,
        )
        .post(
            "/api/agents/{id}/heartbeat",
            AsAgent(P::TasksStream),
            "Heartbeat as this agent",
            agents::heartbeat,
        )
        .post(
            "/api/agents/{id}/claim",
            AsAgent(P::TasksStream),
            "Claim work as this agent",
            agents::claim,
        )
        .post(
            "/api/agents/{id}/deregister",
            AsAgent(P::TasksStream),
            "Deregister this agent",
            agents::deregister,
        )
        // Images attached to a task (the iMessage bridge's uploads), with
        // their own body limit.
        .get(
            "/api/tasks/{id}/attachments",
            P::TasksRead,
            "List a task's attachments",
            attachments::list,
        )
        .post(
            "/api/tasks/{id}/attachments",
            P::TasksWrite,
            "Attach an image to a task (raw body, X-Filename)",
            attachments::upload,
        )
        .body_limit(
            "/api/tasks/{id}/attachments",
            m3shd_api::MAX_ATTACHMENT_BYTES,
        )
        .get(
            "/api/tasks/{id}/attachments/{aid}",
            P::TasksRead,
            "An attachment's bytes",
            attachments::fetch,
        )
        // Graphs and templates
        .get(
            "/api/pipelines",
            P::TasksRead,
            "List pipelines",
            graph::list_pipelines,
        )
        .post(
            "/api/pipelines",
            P::TasksWrite,
            "Create a pipeline",
            graph::create_pipeline,
        )
        .get(
            "/api/pipelines/{id}",
            P::TasksRead,
            "Get a pipeline",
            graph::get_pipeline,
        )
        .get(
            "/api/templates",
            P::TasksRead,
            "List templates",
            templates::list,
        )
        .post(
            "/api/templates",
            P::TasksWrite,
            "Create a template",
            templates::create,
        )
        .get(
            "/api/templates/{id}",
            P::TasksRead,
            "Get a template",
            templates::get,
        )
        .put(
            "/api/templates/{id}",
            P::TasksWrite,
            "Change a template: whether it takes federated input (`federated_input`: accept or \
             refuse; a refusing template's tasks are neither taken from peers nor relayed to them)",
            templates::update,
        )
        .delete(
            "/api/templates/{id}",
            P::TasksWrite,
            "Delete a template",
            templates::delete,
        )
        .post(
            "/api/templates/{id}/dispatch",
            P::TasksWrite,
            "Create a task from a template",
            templates::dispatch,
        )
        // Mesh control and voice: a sentence in, one operation or one
        // template dispatch out.
        .post(
            "/api/mesh/control",
            P::AgentsRead,
            "Read a sentence as one mesh operation (drain, undrain, slots, capabilities, pause or \
             resume the queue, cancel a task, a daily budget) and answer the plan; with execute, \
             carry it out with the caller's own permissions",
            mesh_control::control,
        )
        .post(
            "/api/text",
            P::TasksRead,
            "Run one line of the command grammar (status, do …, approve, help, …; free text is a \
             chat message) as the iMessage bridge does, with the caller's own permissions; the \
             reply is the bridge's text. 501 not_implemented on a hub started without the runner",
            text::run,
        )
        .body_limit("/api/text", text::BODY_LIMIT)
        .post(
            "/api/voice/dispatch",
            P::VoiceDispatch,
            "Dispatch the template a spoken sentence asks for, with its variables; the answer \
             carries a sentence to read out (Siri Shortcuts)",
            voice::dispatch,
        )
        // Schedules: changing one also needs what its fires do (tasks:write
        // for a template, agents:admin for memory-consolidate).
        .get(
            "/api/schedules",
            P::TasksRead,
            "List schedules",
            schedules::list,
        )
        .post(
            "/api/schedules",
            P::AgentsWrite,
            "Create a schedule (a cron expression that runs a template or an action)",
            schedules::create,
        )
        .get(
            "/api/schedules/{id}",
            P::TasksRead,
            "Get a schedule",
            schedules::get,
        )
        .put(
            "/api/schedules/{id}",
            P::AgentsWrite,
            "Change a schedule's cron expression, time zone or variables",
            schedules::update,
        )
        .delete(
            "/api/schedules/{id}",
            P::AgentsWrite,
            "Delete a schedule",
            schedules::delete,
        )
        .post(
            "/api/schedules/{id}/pause",
            P::AgentsWrite,
            "Pause a schedule",
            schedules::pause,
        )
        .post(
            "/api/schedules/{id}/resume",
            P::AgentsWrite,
            "Resume a schedule from its next due time after now",
            schedules::resume,
        )
        .post(
            "/api/schedules/{id}/run-now",
            P::AgentsWrite,
            "Fire a schedule now, without moving its next due time",
            schedules::run_now,
        )
        // The control loop
        .get(
            "/api/approvals",
            P::TasksRead,
            "List approval requests",
            control::list_approvals,
        )
        .post(
            "/api/approvals",
            P::TasksWrite,
            "Ask the operator for approval",
            control::create_approval,
        )
        .put(
            "/api/approvals/{id}",
            P::AgentsWrite,
            "Approve or reject a request",
            control::decide_approval,
        )
        .get(
            "/api/escalations",
            P::TasksRead,
            "List escalations",
            control::list_escalations,
        )
        .put(
            "/api/escalations/{id}",
            P::AgentsWrite,
            "Acknowledge or resolve an escalation",
            control::update_escalation,
        )
        .get(
            "/api/costs",
            P::AdminAnalytics,
            "Spend per agent and model",
            control::costs,
        )
        .get(
            "/api/budgets",
            P::AdminAnalytics,
            "Spending limits",
            control::get_budgets,
        )
        .put(
            "/api/budgets",
            P::AgentsAdmin,
            "Set spending limits",
            control::put_budgets,
        )
        .get(
            "/api/summary",
            P::TasksRead,
            "Recent activity summary",
            control::summary,
        )
        .get(
            "/api/admin/analytics/tasks",
            P::AdminAnalytics,
            "Task analytics",
            analytics::tasks,
        )
        .get(
            "/api/admin/analytics/costs",
            P::AdminAnalytics,
            "Cost analytics",
            analytics::costs,
        )
        .get(
            "/api/admin/analytics/agents",
            P::AdminAnalytics,
            "Agent analytics",
            analytics::agents,
        )
        .get(
            "/api/admin/analytics/summary",
            P::AdminAnalytics,
            "Analytics summary",
            analytics::summary,
        )
        // The built-in benchmark runs against a scratch hub of its own and
        // leaves the operator's data alone: its figures are analytics.
        .post(
            "/api/admin/benchmark",
            P::AdminAnalytics,
            "Run the built-in benchmark against a scratch hub (one run at a time)",
            benchmark::start,
        )
        .get(
            "/api/admin/benchmark",
            P::AdminAnalytics,
            "Benchmark reports, newest first",
            benchmark::list,
        )
        .get(
            "/api/admin/benchmark/{id}",
            P::AdminAnalytics,
            "One benchmark report (a run in progress shows its tests so far)",
            benchmark::get,
        )
        // Agents and their memory
        .get("/api/agents", P::AgentsRead, "List agents", agents::list)
        .get(
            "/api/agents/{id}",
            P::AgentsRead,
            "Get an agent",
            agents::get,
        )
        .get(
            "/api/agents/{id}/maintenance",
            P::AgentsRead,
            "Whether an idle agent is given maintenance tasks",
            agents::get_maintenance,
        )
        .put(
            "/api/agents/{id}/maintenance",
            P::AgentsAdmin,
            "Turn maintenance tasks for an idle agent on or off",
            agents::put_maintenance,
        )
        .get(
            "/api/agents/{id}/memory",
            AgentData(P::MemoryRead),
            "List an agent's memories",
            memory::list,
        )
        .post(
            "/api/agents/{id}/memory",
            AgentData(P::MemoryWrite),
            "Store a memory",
            memory::set,
        )
        .get(
            "/api/agents/{id}/memory/search",
            AgentData(P::MemoryRead),
            "Search an agent's memories",
            memory::search,
        )
        .get(
            "/api/agents/{id}/memory/{key}",
            AgentData(P::MemoryRead),
            "Get one memory",
            memory::get,
        )
        .delete(
            "/api/agents/{id}/memory/{key}",
            AgentData(P::MemoryWrite),
            "Forget one memory",
            memory::delete,
        )
        // Self-evolving agents: reading is agents:read, asking for
        // proposals agents:write, deciding agents:admin (see evolution.rs).
        .get(
            "/api/agents/{id}/performance",
            P::AgentsRead,
            "An agent's finished tasks per capability over a rolling window (?days=, 7)",
            evolution::performance,
        )
        .post(
            "/api/agents/{id}/evolve/propose",
            P::AgentsWrite,
            "Create an evolution task about the agent for an agent advertising `evolve`",
            evolution::propose,
        )
        .post(
            "/api/agents/{id}/evolve",
            P::AgentsAdmin,
            "Apply one of the agent's proposed amendments (by amendment_id)",
            evolution::apply_for_agent,
        )
        .get(
            "/api/evolution/amendments",
            P::AgentsRead,
            "Guideline amendments, newest first (?agent=, ?status=)",
            evolution::list,
        )
        .get(
            "/api/evolution/amendments/{id}",
            P::AgentsRead,
            "One guideline amendment",
            evolution::get,
        )
        .post(
            "/api/evolution/amendments/{id}/apply",
            P::AgentsAdmin,
            "Apply a proposed amendment: it leads the agent's next prompts",
            evolution::apply,
        )
        .post(
            "/api/evolution/amendments/{id}/reject",
            P::AgentsAdmin,
            "Reject a proposed amendment, with an optional reason",
            evolution::reject,
        )
        .post(
            "/api/evolution/amendments/{id}/revert",
            P::AgentsAdmin,
            "Take an applied amendment back: it is out of the agent's next prompt",
            evolution::revert,
        )
        .post(
            "/api/memory/consolidate",
            P::AgentsAdmin,
            "Merge duplicate memories",
            memory::consolidate,
        )
        // The world model: mesh-wide knowledge, read like memories.
        .get(
            "/api/world/entities",
            P::MemoryRead,
            "Search the world model's entities by name",
            world::entities,
        )
        .get(
            "/api/world/entities/{id}",
            P::MemoryRead,
            "One entity (by id or name) with its relations and source tasks",
            world::entity,
        )
        .get(
            "/api/world/relations",
            P::MemoryRead,
            "The world model's relations, by entity and type",
            world::relations,
        )
        .get("/api/plugins", P::TasksRead, "List plugins", plugins::list)
        .post(
            "/api/plugins/{tool}/invoke",
            P::TasksStream,
            "Invoke a plugin",
            plugins::invoke,
        )
        // Events, context and messages
        .get(
            "/api/stream",
            P::TasksRead,
            "Live events (SSE)",
            stream::stream,
        )
        .get("/api/events", P::TasksRead, "Past events", stream::events)
        .get(
            "/api/context",
            P::MessagesRead,
            "Shared context",
            misc::context_list,
        )
        .put(
            "/api/context/{key}",
            P::MessagesWrite,
            "Set a context key",
            misc::context_set,
        )
        .delete(
            "/api/context/{key}",
            P::MessagesWrite,
            "Delete a context key",
            misc::context_delete,
        )
        .get(
            "/api/messages",
            P::MessagesRead,
            "List messages",
            misc::message_list,
        )
        .post(
            "/api/messages",
            P::MessagesWrite,
            "Post a message",
            misc::message_post,
        )
        // Credentials
        .get(
            "/api/admin/tokens",
            P::AdminTokens,
            "List agent tokens",
            tokens::list_tokens,
        )
        .post(
            "/api/admin/tokens",
            P::AdminTokens,
            "Create an agent token",
            tokens::create_token,
        )
        .delete(
            "/api/admin/tokens/{id}",
            P::AdminTokens,
            "Revoke an agent token",
            tokens::revoke_token,
        )
        .get(
            "/api/admin/join-keys",
            P::AdminTokens,
            "List join keys",
            tokens::list_join_keys,
        )
        .post(
            "/api/admin/join-keys",
            P::AdminTokens,
            "Create a join key",
            tokens::create_join_key,
        )
        .delete(
            "/api/admin/join-keys/{id}",
            P::AdminTokens,
            "Revoke a join key",
            tokens::revoke_join_key,
        )
        .get(
            "/api/admin/keys",
            P::AdminTokens,
            "List third-party API keys with their usage",
            api_keys::list,
        )
        .post(
            "/api/admin/keys",
            P::AdminTokens,
            "Create a third-party API key",
            api_keys::create,
        )
        .delete(
            "/api/admin/keys/{id}",
            P::AdminTokens,
            "Revoke a third-party API key",
            api_keys::revoke,
        )
        // Webhooks. Deliveries carry no bearer token: the webhook's secret
        // (or GitHub's signature of the body) proves them.
        .get(
            "/api/admin/webhooks",
            P::AdminWebhooks,
            "List webhooks (never their secrets)",
            webhooks::list,
        )
        .post(
            "/api/admin/webhooks",
            P::AdminWebhooks,
            "Create a webhook; its secret is in the answer, once",
            webhooks::create,
        )
        .put(
            "/api/admin/webhooks/{id}",
            P::AdminWebhooks,
            "Change a webhook's name, template, kind or variables (by id or name); its id and \
             secret stay",
            webhooks::update,
        )
        .delete(
            "/api/admin/webhooks/{id}",
            P::AdminWebhooks,
            "Delete a webhook (by id or name)",
            webhooks::delete,
        )
        .post(
            "/api/admin/webhooks/{id}/rotate-secret",
            P::AdminWebhooks,
            "Give a webhook a new secret (the old one stops working); the answer holds it, once",
            webhooks::rotate_secret,
        )
        .post(
            "/api/webhooks/{id}/trigger",
            Public,
            "Deliver to a webhook (secret in X-Webhook-Secret); dispatches its template",
            webhooks::trigger,
        )
        .body_limit(
            "/api/webhooks/{id}/trigger",
            m3shd_api::MAX_WEBHOOK_BODY_BYTES,
        )
        .post(
            "/api/webhooks/{id}/github",
            Public,
            "Deliver to a GitHub webhook (X-Hub-Signature-256 over the body)",
            webhooks::github,
        )
        .body_limit(
            "/api/webhooks/{id}/github",
            m3shd_api::MAX_WEBHOOK_BODY_BYTES,
        )
        // Federation: peers (admin) and what a peer calls (`federation:relay`).
        .get(
            "/api/admin/peers",
            P::AdminFederation,
            "List peer hubs with their live status (online, unreachable, refused), capabilities, \
             free slots, relays and success rate (never their tokens)",
            federation::list_peers,
        )
        .post(
            "/api/admin/peers",
            P::AdminFederation,
            "Add a peer hub (or replace its URL and token); the token is sealed at rest",
            federation::add_peer,
        )
        .delete(
            "/api/admin/peers/{name}",
            P::AdminFederation,
            "Remove a peer hub; the tasks relayed to it come back to the queue",
            federation::remove_peer,
        )
        .get(
            "/api/federation/capacity",
            P::FederationRelay,
            "This hub's name and its free slots per capability, for a peer's heartbeat",
            federation::capacity,
        )
        .post(
            "/api/federation/tasks",
            P::FederationRelay,
            "Offer this hub a task (hop count and visited hubs travel with it); it runs as a \
             local task of trust `federated`; 409 federation_loop, hop_limit or \
             federated_input_refused (its template refuses federated input here) when refused",
            federation::accept,
        )
        .get(
            "/api/federation/tasks/{id}",
            P::FederationRelay,
            "How a task a peer offered stands: status, output, error, usage, and this hub's \
             signed provenance link once it is done",
            federation::relayed,
        )
        .post(
            "/api/federation/tasks/{id}/cancel",
            P::FederationRelay,
            "The hub that offered a task cancelled it: cancel it here too (X-M3SHD-Signature: \
             the HMAC-SHA256 of the body under the relay's secret; 403 bad_signature otherwise)",
            federation::cancel_relayed,
        )
        .get(
            "/api/federation/tasks/{id}/provenance",
            P::FederationRelay,
            "A task a peer offered: its provenance chain, verified under this hub's key",
            federation::relayed_provenance,
        )
        .post(
            "/api/federation/results/{id}",
            P::FederationRelay,
            "A peer pushes back the result of a task this hub relayed to it (X-M3SHD-Signature: \
             the HMAC-SHA256 of the body under the relay's secret; 403 bad_signature otherwise): \
             applied once, a replay changes nothing (applied: false), a late one is 409 \
             stale_lease",
            federation::pushed_result,
        )
        .body_limit(
            "/api/federation/results/{id}",
            m3shd_api::limits::MAX_RELAY_RESULT_BYTES,
        )
        // Users
        .get("/api/admin/users", P::AdminUsers, "List users", users::list)
        .post(
            "/api/admin/users",
            P::AdminUsers,
            "Create a user",
            users::create,
        )
        .put(
            "/api/admin/users/{id}",
            P::AdminUsers,
            "Change a user's role and/or password (by id or username)",
            users::update,
        )
        .delete(
            "/api/admin/users/{id}",
            P::AdminUsers,
            "Delete a user and end its sessions (by id or username)",
            users::delete,
        )
        // Evidence
        .get(
            "/api/admin/audit",
            P::AdminUsers,
            "The audit log of mutating calls",
            audit::list,
        )
        .get(
            "/api/admin/audit/counts",
            P::AdminUsers,
            "Worker-protocol calls counted per agent and hour",
            audit::counts,
        )
}

async fn unknown_route(method: Method, uri: Uri) -> ApiError {
    ApiError::not_found(format!("no route for {method} {}", uri.path()))
}

/// Responses are API data, never documents to run, sniff, frame or cache
/// (ARCHITECTURE.md, "Security model"). Applied to every answer: errors, 404s and preflights too.
/// The dashboard's own files come with a page CSP (`web::PAGE_CSP`: still
/// no inline code, nothing from another origin, never framed) and
/// revalidate instead of `no-store`.
async fn security_headers(mut resp: Response) -> Response {
    const HEADERS: [(header::HeaderName, &str); 5] = [
        (
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        ),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
        (
            header::HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=()",
        ),
    ];
    let h = resp.headers_mut();
    let page = h
        .get(header::CONTENT_SECURITY_POLICY)
        .is_some_and(|v| v.as_bytes() == web::PAGE_CSP.as_bytes());
    if !page {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
        );
    }
    for (name, value) in HEADERS {
        h.insert(name, HeaderValue::from_static(value));
    }
    h.entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    resp
}
