//! Identifier rules shared by the hub (which enforces them) and clients
//! (which can check before sending), and the ids that carry them.

use serde::{Deserialize, Serialize};

/// Agent ids, task ids, capability names and context keys: `[a-z0-9-]`,
/// 1–64 characters (ARCHITECTURE.md, "Input limits"). Capabilities and
/// context keys also allow `_` and `.`.
pub fn is_valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Capability names and context keys: `[a-z0-9_.-]`, 1–64 characters.
pub fn is_valid_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.')
        })
}

/// Turn a free-form worker name into a valid agent id: lowercase, every run
/// of other characters becomes one `-`.
pub fn slugify(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    out.chars().take(64).collect()
}

/// The id of a task: valid under [`is_valid_id`] by construction, so code
/// holding one never checks it again. On the wire it is the plain string.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TaskId(String);

/// The id of an agent: valid under [`is_valid_id`] by construction. On the
/// wire it is the plain string.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AgentId(String);

/// A string that is not a valid id (see [`is_valid_id`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{}` is not a valid id: 1-64 characters of [a-z0-9-]", .0.escape_debug())]
pub struct InvalidId(pub String);

macro_rules! string_id {
    ($name:ident) => {
        impl $name {
            /// `s` as an id, or why not.
            pub fn parse(s: &str) -> Result<$name, InvalidId> {
                if is_valid_id(s) {
                    Ok($name(s.to_string()))
                } else {
                    Err(InvalidId(s.to_string()))
                }
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = InvalidId;

            fn try_from(s: String) -> Result<$name, InvalidId> {
                if is_valid_id(&s) {
                    Ok($name(s))
                } else {
                    Err(InvalidId(s))
                }
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;

            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<$name> for String {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }
    };
}

string_id!(TaskId);
string_id!(AgentId);

/// A lease's fencing token: bumped on every assignment, presented with
/// every call on the lease. On the wire it is the plain number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema), schemars(inline))]
#[serde(transparent)]
pub struct Fence(pub i64);

impl std::fmt::Display for Fence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_lowercase_alnum_and_dash() {
        assert!(is_valid_id("rex-1"));
        assert!(!is_valid_id("Rex"));
        assert!(!is_valid_id("a/b"));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id(&"a".repeat(65)));
        assert!(is_valid_name("code_review"));
        assert!(!is_valid_name("code review"));
    }

    #[test]
    fn slugify_makes_valid_ids() {
        assert_eq!(slugify("Mac Mini #2"), "mac-mini-2");
        assert!(is_valid_id(&slugify("  Über Box ")));
    }

    #[test]
    fn typed_ids_are_valid_and_plain_strings_on_the_wire() {
        let id = TaskId::parse("3f2a-01").unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"3f2a-01\"");
        let back: TaskId = serde_json::from_str("\"3f2a-01\"").unwrap();
        assert_eq!(back, id);
        assert!(serde_json::from_str::<AgentId>("\"Rex\"").is_err());
        assert!(AgentId::parse("a/b").is_err());
        assert_eq!(serde_json::to_string(&Fence(7)).unwrap(), "7");
        assert_eq!(serde_json::from_str::<Fence>("7").unwrap(), Fence(7));
    }
}
