//! The OpenAPI 3.1 document, built from the route table so it lists exactly
//! the operations the hub serves, each with the access it requires in
//! `x-m3shd-permission`.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use serde_json::{Map, Value, json};

use super::routes::{Access, Operation};
use super::state::AppState;

fn path_params(path: &str) -> Vec<Value> {
    path.split('/')
        .filter_map(|seg| seg.strip_prefix('{')?.strip_suffix('}'))
        .map(|name| {
            json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}})
        })
        .collect()
}

fn operation_id(op: &Operation) -> String {
    let mut id = op.verb.as_str().to_string();
    for seg in op.path.split('/').filter(|s| !s.is_empty() && *s != "api") {
        let seg = seg.trim_start_matches('{').trim_end_matches('}');
        id.push('_');
        id.push_str(&seg.replace(['-', '.'], "_"));
    }
    id
}

fn responses(access: Access) -> Value {
    let err = json!({"$ref": "#/components/responses/Error"});
    let mut r = Map::new();
    r.insert("2XX".into(), json!({"description": "Success"}));
    r.insert("4XX".into(), err.clone());
    if access != Access::Public {
        r.insert("401".into(), err.clone());
        r.insert("403".into(), err);
    }
    Value::Object(r)
}

pub fn document(ops: &[Operation]) -> String {
    let mut paths = Map::new();
    for op in ops {
        let entry = paths
            .entry(op.path.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        let security = if op.access == Access::Public {
            json!([])
        } else {
            json!([{"bearer": []}])
        };
        let mut o = json!({
            "operationId": operation_id(op),
            "summary": op.summary,
            "security": security,
            "x-m3shd-permission": op.access.as_str(),
            "responses": responses(op.access),
        });
        if let Some(scope) = op.access.scope() {
            o["x-m3shd-scope"] = Value::String(scope.into());
        }
        let params = path_params(op.path);
        if !params.is_empty() {
            o["parameters"] = Value::Array(params);
        }
        if let Value::Object(methods) = entry {
            methods.insert(op.verb.as_str().into(), o);
        }
    }
    let doc = json!({
        "openapi": "3.1.0",
        "info": {
            "title": "M3SHD hub API",
            "version": m3shd_api::VERSION,
            "description": "Bearer tokens: the master token, agent tokens (m3shd_ag_), API keys (m3shd_key_), login sessions (m3shd_ses_) and join keys (m3shd_join_, for POST /api/join only). x-m3shd-permission names what each operation requires.",
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {"error": {
                        "type": "object",
                        "required": ["code", "message"],
                        "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
                    }},
                },
            },
            "responses": {
                "Error": {
                    "description": "An error with a stable code",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                },
            },
        },
        "paths": paths,
    });
    doc.to_string()
}

pub async fn serve(State(s): State<AppState>) -> impl IntoResponse {
    let body = s.openapi.get().cloned().unwrap_or_else(|| "{}".into());
    ([(header::CONTENT_TYPE, "application/json")], body)
}
