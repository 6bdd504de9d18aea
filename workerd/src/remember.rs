//! `[REMEMBER] key: value [/REMEMBER]` blocks in a task's output (ARCHITECTURE.md, "Agent memory"):
//! facts the agent wants to keep, stored in its hub-side memory.

use m3shd_api::{MAX_MEMORY_VALUE_BYTES, SetMemory};
use tracing::{info, warn};

use m3shd_client::Client;

const OPEN: &str = "[REMEMBER]";
const CLOSE: &str = "[/REMEMBER]";
/// Blocks taken from one output at most.
pub const MAX_BLOCKS: usize = 32;
const MAX_KEY_CHARS: usize = 64;

/// One fact to remember.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remembered {
    pub key: String,
    pub value: String,
}

/// A key in the hub's key alphabet (`[a-z0-9_.-]`, at most 64): lowercase,
/// every other run of characters becomes one `_`. Empty when nothing is left.
pub fn slugify_key(raw: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in raw.trim().chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '.' | '-') {
            if gap && !out.is_empty() {
                out.push('_');
            }
            gap = false;
            out.push(c);
        } else {
            gap = true;
        }
    }
    let mut key: String = out.chars().take(MAX_KEY_CHARS).collect();
    while key.ends_with(['_', '.', '-']) {
        key.pop();
    }
    key.trim_start_matches(['_', '.', '-']).to_string()
}

/// Every well-formed block, in order: text up to the first `:` is the key
/// (slugified), the rest the value (trimmed; may span lines; cut to the
/// hub's limit). Blocks without a key, a value or a closing tag are skipped.
pub fn extract(output: &str) -> Vec<Remembered> {
    let mut found = Vec::new();
    let mut rest = output;
    while found.len() < MAX_BLOCKS {
        let Some(start) = rest.find(OPEN) else { break };
        let after = &rest[start + OPEN.len()..];
        let Some(end) = after.find(CLOSE) else { break };
        let inner = &after[..end];
        rest = &after[end + CLOSE.len()..];
        let Some((k, v)) = inner.split_once(':') else {
            continue;
        };
        let key = slugify_key(k);
        let value = cut(v.trim(), MAX_MEMORY_VALUE_BYTES);
        if key.is_empty() || value.is_empty() {
            continue;
        }
        found.push(Remembered {
            key,
            value: value.to_string(),
        });
    }
    found
}

fn cut(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Store what `output` asks to remember in `agent`'s memory. Best effort:
/// failures are logged, never returned. Returns how many were stored.
pub async fn store(client: &Client, agent: &str, task_id: &str, output: &str) -> usize {
    let mut stored = 0;
    for r in extract(output) {
        let req = SetMemory {
            key: r.key.clone(),
            value: r.value,
            confidence: None,
            source: Some(format!("task:{task_id}")),
        };
        match client.set_memory(agent, &req).await {
            Ok(_) => {
                stored += 1;
                info!(task = %task_id, key = %r.key, "memory stored");
            }
            Err(e) => warn!(task = %task_id, key = %r.key, error = %e, "could not store a memory"),
        }
    }
    stored
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(k: &str, v: &str) -> Remembered {
        Remembered {
            key: k.into(),
            value: v.into(),
        }
    }

    #[test]
    fn blocks_are_found_and_keys_slugified() {
        let out = "done.\n[REMEMBER] favourite_db: sqlite [/REMEMBER]\n\
                   then [REMEMBER]Build Host : ci-1.local:8080\n second line\n[/REMEMBER] \
                   [REMEMBER] no colon here [/REMEMBER] [REMEMBER] : empty key [/REMEMBER] \
                   [REMEMBER] k: [/REMEMBER] [REMEMBER] Ünïcode Key!: v [/REMEMBER] \
                   [REMEMBER] never: closed";
        assert_eq!(
            extract(out),
            [
                r("favourite_db", "sqlite"),
                r("build_host", "ci-1.local:8080\n second line"),
                r("n_code_key", "v"),
            ]
        );
        assert!(extract("nothing to see").is_empty());
    }

    #[test]
    fn keys_fit_the_hub_rule() {
        assert_eq!(slugify_key("  Favourite DB  "), "favourite_db");
        assert_eq!(slugify_key("a.b-c_d"), "a.b-c_d");
        assert_eq!(slugify_key("__x__"), "x");
        assert_eq!(slugify_key("!!!"), "");
        let long = slugify_key(&"ab ".repeat(50));
        assert!(long.len() <= 64 && m3shd_api::ids::is_valid_name(&long));
        let many = "[REMEMBER] k: v [/REMEMBER]".repeat(100);
        assert_eq!(extract(&many).len(), MAX_BLOCKS);
        let big = format!(
            "[REMEMBER] k: {} [/REMEMBER]",
            "é".repeat(MAX_MEMORY_VALUE_BYTES)
        );
        assert!(extract(&big)[0].value.len() <= MAX_MEMORY_VALUE_BYTES);
    }
}
