//! What the OpenAPI document says about an operation's bodies, read off the
//! handler's own signature: its extractors give the request body and query,
//! its return type the response. A handler whose types change changes its
//! documentation with it.

use std::future::Future;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::response::sse::Sse;
use schemars::{JsonSchema, Schema, SchemaGenerator};

use super::auth::Caller;
use super::error::ApiError;
use super::extract::{
    AgentKeyPath, AgentPath, ApiJson, ApiPath, ApiQuery, JsonOrEmpty, NewAgentPath, TaskPath,
};
use super::state::AppState;

/// The schemas of one operation.
#[derive(Default)]
pub struct OpSchemas {
    pub request: Option<Schema>,
    /// The body may be left out (`JsonOrEmpty`).
    pub request_optional: bool,
    pub query: Option<Schema>,
    /// The body is raw bytes, not JSON (uploads).
    pub raw_body: bool,
    /// Status and body schema of success; None for an undocumented body.
    pub response: Option<(u16, Option<Schema>)>,
    pub event_stream: bool,
}

/// An extractor's part in the documentation (most have none).
pub trait DocArg {
    fn describe(_op: &mut OpSchemas, _g: &mut SchemaGenerator) {}
}

impl DocArg for State<AppState> {}
impl DocArg for Caller {}
impl DocArg for super::auth::Presented {}
impl DocArg for HeaderMap {}

/// A handler taking the whole request reads its body as raw bytes.
impl DocArg for axum::extract::Request {
    fn describe(op: &mut OpSchemas, _g: &mut SchemaGenerator) {
        op.raw_body = true;
    }
}
impl DocArg for super::client_ip::ClientIp {}
impl<T> DocArg for ApiPath<T> {}
impl DocArg for TaskPath {}
impl DocArg for AgentPath {}
impl DocArg for NewAgentPath {}
impl DocArg for AgentKeyPath {}

impl<T: JsonSchema> DocArg for ApiJson<T> {
    fn describe(op: &mut OpSchemas, g: &mut SchemaGenerator) {
        op.request = Some(g.subschema_for::<T>());
    }
}

impl<T: JsonSchema> DocArg for super::extract::SignedJson<T> {
    fn describe(op: &mut OpSchemas, g: &mut SchemaGenerator) {
        op.request = Some(g.subschema_for::<T>());
    }
}

impl<T: JsonSchema> DocArg for JsonOrEmpty<T> {
    fn describe(op: &mut OpSchemas, g: &mut SchemaGenerator) {
        op.request = Some(g.subschema_for::<T>());
        op.request_optional = true;
    }
}

impl<T: JsonSchema> DocArg for ApiQuery<T> {
    fn describe(op: &mut OpSchemas, _g: &mut SchemaGenerator) {
        // Inline, so each property can become a query parameter.
        op.query = Some(
            schemars::generate::SchemaSettings::draft2020_12()
                .with(|s| s.inline_subschemas = true)
                .into_generator()
                .into_root_schema_for::<T>(),
        );
    }
}

/// A return type's part in the documentation.
pub trait DocReply {
    fn describe(op: &mut OpSchemas, g: &mut SchemaGenerator);
}

impl<T: JsonSchema> DocReply for Json<T> {
    fn describe(op: &mut OpSchemas, g: &mut SchemaGenerator) {
        op.response = Some((200, Some(g.subschema_for::<T>())));
    }
}

/// `(StatusCode, Json<T>)` is how handlers answer 201 Created.
impl<T: JsonSchema> DocReply for (StatusCode, Json<T>) {
    fn describe(op: &mut OpSchemas, g: &mut SchemaGenerator) {
        op.response = Some((201, Some(g.subschema_for::<T>())));
    }
}

/// Created, with headers (e.g. `Idempotent-Replayed`).
impl<T: JsonSchema> DocReply for (StatusCode, HeaderMap, Json<T>) {
    fn describe(op: &mut OpSchemas, g: &mut SchemaGenerator) {
        op.response = Some((201, Some(g.subschema_for::<T>())));
    }
}

/// 200 with headers (the browser login's cookies).
impl<T: JsonSchema> DocReply for (HeaderMap, Json<T>) {
    fn describe(op: &mut OpSchemas, g: &mut SchemaGenerator) {
        op.response = Some((200, Some(g.subschema_for::<T>())));
    }
}

/// 204 with headers (the browser logout's cleared cookies).
impl DocReply for (StatusCode, HeaderMap) {
    fn describe(op: &mut OpSchemas, _g: &mut SchemaGenerator) {
        op.response = Some((204, None));
    }
}

/// 202 Accepted: the work goes on after the answer.
pub struct Accepted<T>(pub T);

impl<T: serde::Serialize> axum::response::IntoResponse for Accepted<T> {
    fn into_response(self) -> Response {
        (StatusCode::ACCEPTED, Json(self.0)).into_response()
    }
}

impl<T: JsonSchema> DocReply for Accepted<T> {
    fn describe(op: &mut OpSchemas, g: &mut SchemaGenerator) {
        op.response = Some((202, Some(g.subschema_for::<T>())));
    }
}

/// A bare status is 204 No Content.
impl DocReply for StatusCode {
    fn describe(op: &mut OpSchemas, _g: &mut SchemaGenerator) {
        op.response = Some((204, None));
    }
}

/// A hand-built response (metrics text, a replayed idempotent answer).
impl DocReply for Response {
    fn describe(op: &mut OpSchemas, _g: &mut SchemaGenerator) {
        op.response = Some((200, None));
    }
}

impl<S> DocReply for Sse<S> {
    fn describe(op: &mut OpSchemas, _g: &mut SchemaGenerator) {
        op.response = Some((200, None));
        op.event_stream = true;
    }
}

impl<R: DocReply> DocReply for Result<R, ApiError> {
    fn describe(op: &mut OpSchemas, g: &mut SchemaGenerator) {
        R::describe(op, g);
    }
}

/// A handler function, documented through its argument and return types.
pub trait DocHandler<Args> {
    fn describe(op: &mut OpSchemas, g: &mut SchemaGenerator);
}

macro_rules! doc_handler {
    ($($arg:ident),*) => {
        impl<F, Fut, $($arg,)*> DocHandler<($($arg,)*)> for F
        where
            F: FnOnce($($arg),*) -> Fut,
            Fut: Future,
            Fut::Output: DocReply,
            $($arg: DocArg,)*
        {
            fn describe(op: &mut OpSchemas, g: &mut SchemaGenerator) {
                $($arg::describe(op, g);)*
                <Fut::Output as DocReply>::describe(op, g);
            }
        }
    };
}

doc_handler!();
doc_handler!(A1);
doc_handler!(A1, A2);
doc_handler!(A1, A2, A3);
doc_handler!(A1, A2, A3, A4);
doc_handler!(A1, A2, A3, A4, A5);
doc_handler!(A1, A2, A3, A4, A5, A6);
