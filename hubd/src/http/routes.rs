//! The route table. Every operation is registered here together with the
//! access it requires, so a route cannot exist without a declared permission,
//! and the OpenAPI document is generated from the same list.

use std::collections::BTreeMap;

use axum::Extension;
use axum::Router;
use axum::extract::{Request, State};
use axum::handler::Handler;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, MethodRouter, on};
use m3shd_api::Permission;

use super::auth::authenticate;
use super::state::AppState;

/// What a caller needs to reach an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// No token (health, login, the API document, inbound webhooks).
    Public,
    /// Any valid token except a join key (who am I).
    Authenticated,
    /// Only an enrolment join key (`POST /api/join`).
    JoinKey,
    /// A token holding this permission.
    Perm(Permission),
}

impl Access {
    /// The `x-m3shd-permission` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Public => "public",
            Access::Authenticated => "authenticated",
            Access::JoinKey => "join-key",
            Access::Perm(p) => p.as_str(),
        }
    }
}

impl From<Permission> for Access {
    fn from(p: Permission) -> Access {
        Access::Perm(p)
    }
}

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

/// One documented operation.
#[derive(Debug, Clone)]
pub struct Operation {
    pub verb: Verb,
    pub path: &'static str,
    pub access: Access,
    pub summary: &'static str,
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
}

impl Routes {
    pub fn new(state: AppState) -> Routes {
        Routes {
            state,
            paths: BTreeMap::new(),
            ops: Vec::new(),
        }
    }

    pub fn op<H, T>(
        mut self,
        verb: Verb,
        path: &'static str,
        access: impl Into<Access>,
        summary: &'static str,
        handler: H,
    ) -> Routes
    where
        H: Handler<T, AppState>,
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
        });
        self
    }

    pub fn get<H: Handler<T, AppState>, T: 'static>(
        self,
        path: &'static str,
        access: impl Into<Access>,
        summary: &'static str,
        handler: H,
    ) -> Routes {
        self.op(Verb::Get, path, access, summary, handler)
    }

    pub fn post<H: Handler<T, AppState>, T: 'static>(
        self,
        path: &'static str,
        access: impl Into<Access>,
        summary: &'static str,
        handler: H,
    ) -> Routes {
        self.op(Verb::Post, path, access, summary, handler)
    }

    pub fn put<H: Handler<T, AppState>, T: 'static>(
        self,
        path: &'static str,
        access: impl Into<Access>,
        summary: &'static str,
        handler: H,
    ) -> Routes {
        self.op(Verb::Put, path, access, summary, handler)
    }

    pub fn delete<H: Handler<T, AppState>, T: 'static>(
        self,
        path: &'static str,
        access: impl Into<Access>,
        summary: &'static str,
        handler: H,
    ) -> Routes {
        self.op(Verb::Delete, path, access, summary, handler)
    }

    pub fn finish(self) -> (Router<AppState>, Vec<Operation>) {
        let mut router = Router::new();
        for (path, method) in self.paths {
            router = router.route(path, method);
        }
        (router, self.ops)
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
            Ok(caller) => match caller.allowed(guard.access) {
                Err(e) => (Extension(caller), e).into_response(),
                Ok(()) => {
                    req.extensions_mut().insert(caller.clone());
                    let mut resp = next.run(req).await;
                    resp.extensions_mut().insert(caller);
                    resp
                }
            },
        }
    };
    resp.extensions_mut().insert(Reached);
    resp
}
