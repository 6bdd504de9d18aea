//! The route table. Every operation is registered here together with the
//! access it requires, so a route cannot exist without a declared permission,
//! and the OpenAPI document is generated from the same list.

use std::collections::BTreeMap;

use axum::Extension;
use axum::RequestExt;
use axum::Router;
use axum::extract::{RawPathParams, Request, State};
use axum::handler::Handler;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, MethodRouter, on};

use schemars::SchemaGenerator;

use super::access::Access;
use super::auth::{Caller, authenticate};
use super::doc::{DocHandler, OpSchemas};
use super::error::ApiError;
use super::state::AppState;

/// The methods the API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verb {
    Get,
    Post,
    Put,
    Delete,
}

impl Verb {
    pub fn as_str(self) -> &'static str {
        match self {
            Verb::Get => "get",
            Verb::Post => "post",
            Verb::Put => "put",
            Verb::Delete => "delete",
        }
    }

    fn filter(self) -> MethodFilter {
        match self {
            Verb::Get => MethodFilter::GET,
            Verb::Post => MethodFilter::POST,
            Verb::Put => MethodFilter::PUT,
            Verb::Delete => MethodFilter::DELETE,
        }
    }
}

/// One documented operation. Its schemas are only generated when the
/// OpenAPI document is first asked for (`openapi::document`).
pub struct Operation {
    pub verb: Verb,
    pub path: &'static str,
    pub access: Access,
    pub summary: &'static str,
    describe: fn(&mut OpSchemas, &mut SchemaGenerator),
}

impl Operation {
    /// The operation's bodies and query, their types' schemas added to `g`.
    pub fn schemas(&self, g: &mut SchemaGenerator) -> OpSchemas {
        let mut schemas = OpSchemas::default();
        (self.describe)(&mut schemas, g);
        schemas
    }
}

#[derive(Clone)]
struct Guard {
    state: AppState,
    access: Access,
}

/// Collects operations into a router and their documentation.
pub struct Routes {
    state: AppState,
    paths: BTreeMap<&'static str, MethodRouter<AppState>>,
    ops: Vec<Operation>,
    limits: std::collections::HashMap<&'static str, usize>,
}

/// The finished table: the router and its operations.
pub struct Table {
    pub router: Router<AppState>,
    pub ops: Vec<Operation>,
    /// Paths with a body limit of their own.
    pub body_limits: std::collections::HashMap<&'static str, usize>,
}

impl Routes {
    pub fn new(state: AppState) -> Routes {
        Routes {
            state,
            paths: BTreeMap::new(),
            ops: Vec::new(),
            limits: Default::default(),
        }
    }

    pub fn op<H, T, D>(
        mut self,
        verb: Verb,
        path: &'static str,
        access: impl Into<Access>,
        summary: &'static str,
        handler: H,
    ) -> Routes
    where
        H: Handler<T, AppState> + DocHandler<D>,
        T: 'static,
    {
        let access = access.into();
        let guard = Guard {
            state: self.state.clone(),
            access,
        };
        let method = on(verb.filter(), handler)
            .route_layer(middleware::from_fn_with_state(guard, authorize));
        let merged = match self.paths.remove(path) {
            Some(existing) => existing.merge(method),
            None => method,
        };
        self.paths.insert(path, merged);
        self.ops.push(Operation {
            verb,
            path,
            access,
            summary,
            describe: <H as DocHandler<D>>::describe,
        });
        self
    }

    pub fn get<H: Handler<T, AppState> + DocHandler<D>, T: 'static, D>(
        self,
        path: &'static str,
        access: impl Into<Access>,
        summary: &'static str,
        handler: H,
    ) -> Routes {
        self.op(Verb::Get, path, access, summary, handler)
    }

    pub fn post<H: Handler<T, AppState> + DocHandler<D>, T: 'static, D>(
        self,
        path: &'static str,
        access: impl Into<Access>,
        summary: &'static str,
        handler: H,
    ) -> Routes {
        self.op(Verb::Post, path, access, summary, handler)
    }

    pub fn put<H: Handler<T, AppState> + DocHandler<D>, T: 'static, D>(
        self,
        path: &'static str,
        access: impl Into<Access>,
        summary: &'static str,
        handler: H,
    ) -> Routes {
        self.op(Verb::Put, path, access, summary, handler)
    }

    pub fn delete<H: Handler<T, AppState> + DocHandler<D>, T: 'static, D>(
        self,
        path: &'static str,
        access: impl Into<Access>,
        summary: &'static str,
        handler: H,
    ) -> Routes {
        self.op(Verb::Delete, path, access, summary, handler)
    }

    /// A body limit of its own for `path` (larger uploads than the JSON
    /// default); it applies to the methods registered on it so far.
    pub fn body_limit(mut self, path: &'static str, bytes: usize) -> Routes {
        if let Some(method) = self.paths.remove(path) {
            self.paths.insert(
                path,
                method.layer(axum::extract::DefaultBodyLimit::max(bytes)),
            );
            self.limits.insert(path, bytes);
        }
        self
    }

    pub fn finish(self) -> Table {
        let mut router = Router::new();
        for (path, method) in self.paths {
            router = router.route(path, method);
        }
        Table {
            router,
            ops: self.ops,
            body_limits: self.limits,
        }
    }
}

/// For agent-scoped operations, check the caller against the path's `{id}`
/// before any body is read.
async fn check_path_agent(
    caller: &Caller,
    access: Access,
    req: &mut Request,
) -> Result<(), ApiError> {
    if access.scope().is_none() {
        return Ok(());
    }
    let params = req
        .extract_parts::<RawPathParams>()
        .await
        .map_err(|e| ApiError::bad_request(format!("invalid path: {}", e.body_text())))?;
    let id = params
        .iter()
        .find(|(k, _)| *k == "id")
        .map(|(_, v)| v)
        .ok_or_else(|| ApiError::bad_request("this path names no agent"))?;
    match access {
        Access::AsAgent(_) => caller.act_as(id),
        _ => caller.may_access_agent(id),
    }
}

/// In every response of a declared operation, whatever its outcome, so the
/// audit layer can tell it from a fallback's answer.
#[derive(Debug, Clone, Copy)]
pub struct Reached;

/// Authenticate and authorise one request against its operation's access.
/// The caller goes into the request (for handlers) and the response (for the
/// audit log), a refusal included.
async fn authorize(State(guard): State<Guard>, mut req: Request, next: Next) -> Response {
    let mut resp = if guard.access == Access::Public {
        next.run(req).await
    } else {
        match authenticate(&guard.state, &req) {
            Err(e) => e.into_response(),
            Ok(caller) => {
                let allowed = match caller.allowed(guard.access) {
                    Ok(()) => check_path_agent(&caller, guard.access, &mut req).await,
                    Err(e) => Err(e),
                };
                match allowed {
                    Err(e) => (Extension(caller), e).into_response(),
                    Ok(()) => {
                        req.extensions_mut().insert(caller.clone());
                        let mut resp = next.run(req).await;
                        resp.extensions_mut().insert(caller);
                        resp
                    }
                }
            }
        }
    };
    resp.extensions_mut().insert(Reached);
    resp
}
