//! What a delivery's payload gives a template: the variables its webhook
//! maps by JSON pointer, and those the hub recognises by itself (Uptime
//! Kuma's monitor status, GitHub's event name).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::domain::DomainError;

/// Variables a webhook may map at most.
pub const MAX_VARIABLES: usize = 32;
const MAX_POINTER_BYTES: usize = 256;
const MAX_VARIABLE_NAME: usize = 64;

/// The variables the hub fills by itself for a recognised payload (unless
/// the webhook maps them otherwise).
pub const KUMA_VARIABLES: [&str; 3] = ["status", "monitor", "msg"];
pub const GITHUB_VARIABLES: [&str; 1] = ["event"];

/// The body as JSON; an empty body is an empty object.
pub fn parse(body: &[u8]) -> Result<Value, String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(Default::default()));
    }
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| format!("the body is not JSON ({e}); send it as application/json"))?;
    if m3shd_api::limits::json_holds_nul(&value) {
        return Err("the body's text must not contain the NUL character (\\u0000)".into());
    }
    Ok(value)
}

/// A variable name as templates spell it: `{name}`.
fn check_name(name: &str) -> Result<(), DomainError> {
    let ok = !name.is_empty()
        && name.len() <= MAX_VARIABLE_NAME
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if ok {
        Ok(())
    } else {
        Err(DomainError::Validation(format!(
            "variable `{}` must be 1-{MAX_VARIABLE_NAME} characters of [A-Za-z0-9_-]",
            name.escape_debug()
        )))
    }
}

/// A JSON pointer (RFC 6901): empty (the whole payload) or starting with `/`.
fn check_pointer(name: &str, pointer: &str) -> Result<(), DomainError> {
    if !(pointer.is_empty() || pointer.starts_with('/')) || pointer.len() > MAX_POINTER_BYTES {
        return Err(DomainError::Validation(format!(
            "variable `{name}`: `{}` is not a JSON pointer (like /repository/full_name, \
             at most {MAX_POINTER_BYTES} bytes)",
            pointer.escape_debug()
        )));
    }
    Ok(())
}

/// A webhook's variable mappings, checked before it is stored.
pub fn check_mappings(vars: &BTreeMap<String, String>) -> Result<(), DomainError> {
    if vars.len() > MAX_VARIABLES {
        return Err(DomainError::Validation(format!(
            "a webhook maps at most {MAX_VARIABLES} variables"
        )));
    }
    for (name, pointer) in vars {
        check_name(name)?;
        check_pointer(name, pointer)?;
    }
    Ok(())
}

/// Uptime Kuma's heartbeat status as a word.
fn kuma_status(code: i64) -> Option<&'static str> {
    match code {
        0 => Some("down"),
        1 => Some("up"),
        2 => Some("pending"),
        3 => Some("maintenance"),
        _ => None,
    }
}

/// Uptime Kuma's payload, recognised by its header or its shape
/// (`heartbeat.status` and `monitor.name`): `status` (up, down, pending,
/// maintenance), `monitor` (its name) and `msg`, as far as the payload has them.
pub fn uptime_kuma(payload: &Value, header: bool) -> Option<BTreeMap<String, String>> {
    let status = payload.pointer("/heartbeat/status").and_then(Value::as_i64);
    let monitor = payload.pointer("/monitor/name").and_then(Value::as_str);
    if !header && (status.is_none() || monitor.is_none()) {
        return None;
    }
    let mut vars = BTreeMap::new();
    if let Some(s) = status.and_then(kuma_status) {
        vars.insert("status".to_string(), s.to_string());
    }
    if let Some(m) = monitor {
        vars.insert("monitor".to_string(), m.to_string());
    }
    if let Some(msg) = payload.pointer("/msg").and_then(Value::as_str) {
        vars.insert("msg".to_string(), msg.to_string());
    }
    Some(vars)
}

/// The value at `pointer` as a variable's text: strings as they are,
/// numbers and booleans as written, objects and arrays as compact JSON.
/// None when the payload has nothing there (or `null`).
pub fn value_at(payload: &Value, pointer: &str) -> Option<String> {
    match payload.pointer(pointer)? {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// Every variable for the dispatch: the recognised ones, then the mapped
/// ones over them. A mapped variable the payload lacks is an error naming
/// it (all of them, when several are missing).
pub fn variables(
    payload: &Value,
    mappings: &BTreeMap<String, String>,
    recognised: BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>, DomainError> {
    let mut vars = recognised;
    let mut missing = Vec::new();
    for (name, pointer) in mappings {
        match value_at(payload, pointer) {
            Some(v) => {
                vars.insert(name.clone(), v);
            }
            None => missing.push(format!("`{name}` ({pointer})")),
        }
    }
    if !missing.is_empty() {
        return Err(DomainError::Validation(format!(
            "the payload has no value for variable {}; nothing was dispatched",
            missing.join(", ")
        )));
    }
    Ok(vars)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_payload_whose_text_holds_nul_is_refused() {
        let err = parse(br#"{"head_commit": {"message": "a\u0000b"}}"#).err();
        assert!(err.is_some_and(|e| e.contains("NUL")));
        assert!(parse(br#"{"message": "a\\u0000b"}"#).is_ok());
    }

    #[test]
    fn mapped_variables_come_from_their_pointers() {
        let payload = json!({
            "repository": {"full_name": "acme/site", "private": false},
            "commits": [{"id": "abc"}, {"id": "def"}],
            "size": 3,
        });
        let vars = variables(
            &payload,
            &map(&[
                ("repo", "/repository/full_name"),
                ("first", "/commits/0/id"),
                ("size", "/size"),
                ("private", "/repository/private"),
                ("repository", "/repository"),
            ]),
            BTreeMap::new(),
        )
        .expect("all there");
        assert_eq!(vars["repo"], "acme/site");
        assert_eq!(vars["first"], "abc");
        assert_eq!(vars["size"], "3");
        assert_eq!(vars["private"], "false");
        assert_eq!(
            vars["repository"],
            r#"{"full_name":"acme/site","private":false}"#
        );
    }

    #[test]
    fn a_missing_variable_is_named() {
        let payload = json!({"repository": {"full_name": null}});
        let err = variables(
            &payload,
            &map(&[("repo", "/repository/full_name"), ("who", "/sender/login")]),
            BTreeMap::new(),
        )
        .expect_err("missing");
        let msg = err.to_string();
        assert!(msg.contains("`repo` (/repository/full_name)"), "{msg}");
        assert!(msg.contains("`who` (/sender/login)"), "{msg}");
        assert!(matches!(err, DomainError::Validation(_)));
    }

    #[test]
    fn uptime_kuma_is_recognised_by_shape_or_header() {
        let down = json!({
            "heartbeat": {"status": 0, "msg": "timeout"},
            "monitor": {"name": "site"},
            "msg": "[site] [Down] timeout",
        });
        let vars = uptime_kuma(&down, false).expect("Kuma's shape");
        assert_eq!(vars["status"], "down");
        assert_eq!(vars["monitor"], "site");
        assert_eq!(vars["msg"], "[site] [Down] timeout");
        let up = json!({"heartbeat": {"status": 1}, "monitor": {"name": "site"}});
        assert_eq!(uptime_kuma(&up, false).expect("shape")["status"], "up");
        // Kuma's test notification has no heartbeat: only the header tells.
        let test = json!({"heartbeat": null, "monitor": null, "msg": "Testing"});
        assert!(uptime_kuma(&test, false).is_none());
        let vars = uptime_kuma(&test, true).expect("header");
        assert_eq!(vars.get("status"), None);
        assert_eq!(vars["msg"], "Testing");
        assert!(uptime_kuma(&json!({"status": 0}), false).is_none());
    }

    #[test]
    fn mappings_override_what_is_recognised() {
        let payload = json!({"heartbeat": {"status": 0}, "monitor": {"name": "db"}, "mine": "x"});
        let recognised = uptime_kuma(&payload, false).expect("kuma");
        let vars = variables(&payload, &map(&[("monitor", "/mine")]), recognised).expect("ok");
        assert_eq!(vars["monitor"], "x");
        assert_eq!(vars["status"], "down");
    }

    #[test]
    fn bodies_and_mappings_are_checked() {
        assert_eq!(parse(b"  ").expect("empty"), json!({}));
        assert!(parse(b"payload=%7B%7D").is_err());
        assert!(check_mappings(&map(&[("repo", "/repository/full_name"), ("all", "")])).is_ok());
        assert!(check_mappings(&map(&[("repo", "repository")])).is_err());
        assert!(check_mappings(&map(&[("re po", "/x")])).is_err());
        assert!(check_mappings(&map(&[("", "/x")])).is_err());
        let many: BTreeMap<String, String> = (0..=MAX_VARIABLES)
            .map(|i| (format!("v{i}"), "/x".to_string()))
            .collect();
        assert!(check_mappings(&many).is_err());
    }
}
