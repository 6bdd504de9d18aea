//! Input checks shared by the operations (limits from ARCHITECTURE.md, "Input limits").

use m3shd_api::{ids, limits};

use super::DomainError;

pub fn max_bytes(what: &str, s: &str, max: usize) -> Result<(), DomainError> {
    if s.len() > max {
        return Err(DomainError::TooLarge(format!(
            "{what} is {} bytes; the limit is {max}",
            s.len()
        )));
    }
    Ok(())
}

/// A requested model (a name or a routing tier), as workers read it.
pub fn model(m: &str) -> Result<(), DomainError> {
    if m.trim().is_empty() {
        return Err(DomainError::Validation("model must not be empty".into()));
    }
    max_bytes("model", m, 200)
}

pub fn agent_id(id: &str) -> Result<(), DomainError> {
    if ids::is_valid_id(id) {
        Ok(())
    } else {
        Err(invalid_agent_id(id))
    }
}

/// Why `id` cannot be an agent's id, as invalid input: for where an id is
/// chosen (registering), not looked up.
pub fn invalid_agent_id(id: &str) -> DomainError {
    DomainError::Validation(format!(
        "agent id `{}` must be 1-64 characters of [a-z0-9-]",
        id.escape_debug()
    ))
}

pub fn capability(name: &str) -> Result<(), DomainError> {
    if ids::is_valid_name(name) {
        Ok(())
    } else {
        Err(DomainError::Validation(format!(
            "capability `{}` must be 1-64 characters of [a-z0-9_.-]",
            name.escape_debug()
        )))
    }
}

pub fn priority(p: i64) -> Result<(), DomainError> {
    if (limits::MIN_PRIORITY..=limits::MAX_PRIORITY).contains(&p) {
        Ok(())
    } else {
        Err(DomainError::Validation(format!(
            "priority {p} is outside {}..={}",
            limits::MIN_PRIORITY,
            limits::MAX_PRIORITY
        )))
    }
}

pub fn title(t: &str) -> Result<(), DomainError> {
    if t.trim().is_empty() {
        return Err(DomainError::Validation("title must not be empty".into()));
    }
    max_bytes("title", t, limits::MAX_TITLE_BYTES)
}

/// The default title: the prompt's first non-empty line, at most 60 chars.
pub fn default_title(prompt: &str) -> String {
    let line = prompt
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("task");
    line.chars().take(60).collect()
}

/// A short, display-safe excerpt of a failure reason for event text.
pub fn excerpt(s: &str) -> String {
    const MAX: usize = 200;
    let mut out: String = s.chars().take(MAX).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_title_is_first_line_capped() {
        assert_eq!(default_title("\n  hello world \nmore"), "hello world");
        assert_eq!(default_title(&"é".repeat(100)).chars().count(), 60);
        assert_eq!(default_title("   "), "task");
    }

    #[test]
    fn limits() {
        assert!(priority(0).is_ok() && priority(10).is_ok());
        assert!(priority(11).is_err() && priority(-1).is_err());
        assert!(matches!(
            max_bytes("x", "abc", 2),
            Err(DomainError::TooLarge(_))
        ));
        assert!(agent_id("rex-1").is_ok() && agent_id("Rex").is_err());
        assert!(capability("code_review").is_ok() && capability("a b").is_err());
    }
}
