//! The OpenAPI 3.1 document, built from the route table so it lists exactly
//! the operations the hub serves, each with the access it requires in
//! `x-m3shd-permission`.
//!
//! It is built when first asked for, not at start-up: generating every
//! schema allocates about 8 MB for a moment and runs code nothing else
//! needs, which a hub that is never asked for its document (most of them)
//! would keep paying for in resident memory.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use schemars::Schema;
use schemars::generate::SchemaSettings;

use super::access::Access;
use super::doc::OpSchemas;
use super::routes::Operation;
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

fn query_params(query: &Schema) -> Vec<Value> {
    let q = query.as_value();
    let required: Vec<&str> = q["required"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let Some(props) = q["properties"].as_object() else {
        return Vec::new();
    };
    props
        .iter()
        .map(|(name, schema)| {
            let mut p = json!({
                "name": name,
                "in": "query",
                "required": required.contains(&name.as_str()),
                "schema": schema,
            });
            if let Some(d) = schema.get("description") {
                p["description"] = d.clone();
            }
            p
        })
        .collect()
}

fn success(s: &OpSchemas) -> (String, Value) {
    let (status, schema) = s.response.clone().unwrap_or((200, None));
    let description = match status {
        201 => "Created",
        204 => "No content",
        _ => "Success",
    };
    let mut r = json!({"description": description});
    if s.event_stream {
        r["content"] = json!({"text/event-stream": {"schema": {"type": "string"}}});
    } else if let Some(schema) = schema {
        r["content"] = json!({"application/json": {"schema": schema}});
    }
    (status.to_string(), r)
}

fn responses(access: Access, s: &OpSchemas) -> Value {
    let err = json!({"$ref": "#/components/responses/Error"});
    let mut r = Map::new();
    let (status, ok) = success(s);
    r.insert(status, ok);
    r.insert("4XX".into(), err.clone());
    if access != Access::Public {
        r.insert("401".into(), err.clone());
        r.insert("403".into(), err);
    }
    Value::Object(r)
}

/// The document of `ops`.
pub fn document(ops: &[Operation]) -> String {
    let mut generator = SchemaSettings::draft2020_12()
        .with(|s| s.definitions_path = "/components/schemas".into())
        .into_generator();
    let mut paths = Map::new();
    for op in ops {
        let schemas = op.schemas(&mut generator);
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
            "responses": responses(op.access, &schemas),
        });
        if let Some(scope) = op.access.scope() {
            o["x-m3shd-scope"] = Value::String(scope.into());
        }
        if schemas.raw_body {
            o["requestBody"] = json!({
                "required": true,
                "content": {"application/octet-stream": {"schema": {"type": "string", "contentEncoding": "binary"}}},
            });
        }
        if let Some(body) = &schemas.request {
            o["requestBody"] = json!({
                "required": !schemas.request_optional,
                "content": {"application/json": {"schema": body}},
            });
        }
        let mut params = path_params(op.path);
        if let Some(q) = &schemas.query {
            params.extend(query_params(q));
        }
        if !params.is_empty() {
            o["parameters"] = Value::Array(params);
        }
        if let Value::Object(methods) = entry {
            methods.insert(op.verb.as_str().into(), o);
        }
    }
    // The error body every 4xx/5xx carries.
    generator.subschema_for::<m3shd_api::ErrorBody>();
    let schemas = generator.take_definitions(true);
    let doc = json!({
        "openapi": "3.1.0",
        "info": {
            "title": "M3SHD hub API",
            "version": m3shd_api::VERSION,
            "description": "Bearer tokens: the master token, agent tokens (m3shd_ag_), API keys (m3shd_key_), login sessions (m3shd_ses_) and join keys (m3shd_join_, for POST /api/join only). x-m3shd-permission names what each operation requires.",
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": schemas,
            "responses": {
                "Error": {
                    "description": "An error with a stable code",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}},
                },
            },
        },
        "paths": paths,
    });
    let text = doc.to_string();
    // Give back what building it allocated (see `malloc`).
    crate::malloc::release_free_pages();
    text
}

pub async fn serve(State(s): State<AppState>) -> Response {
    let body = s
        .openapi
        .get()
        .map_or_else(|| "{}".to_string(), |d| String::clone(d));
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}
