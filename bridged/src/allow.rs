//! Who may command the mesh: the handles given with `--allow`.

/// Handles compared in a canonical form: email addresses ignore case;
/// phone numbers keep only a leading `+` and their digits, so
/// `+1 (555) 010-0000` and `+15550100000` are the same handle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allowlist {
    handles: Vec<String>,
}

/// The canonical form of a handle.
pub fn normalize(handle: &str) -> String {
    let h = handle.trim();
    if h.contains('@') {
        return h.to_lowercase();
    }
    let phone_like = h
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')' | '.'));
    if phone_like && h.chars().any(|c| c.is_ascii_digit()) {
        let plus = if h.starts_with('+') { "+" } else { "" };
        let digits: String = h.chars().filter(char::is_ascii_digit).collect();
        return format!("{plus}{digits}");
    }
    h.to_string()
}

impl Allowlist {
    /// At least one non-empty handle.
    pub fn new(handles: &[String]) -> Result<Allowlist, String> {
        let handles: Vec<String> = handles
            .iter()
            .map(|h| normalize(h))
            .filter(|h| !h.is_empty())
            .collect();
        if handles.is_empty() {
            return Err("--allow needs at least one handle (a phone number or email)".into());
        }
        Ok(Allowlist { handles })
    }

    pub fn allows(&self, handle: &str) -> bool {
        let h = normalize(handle);
        !h.is_empty() && self.handles.contains(&h)
    }

    pub fn len(&self) -> usize {
        self.handles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.handles.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(h: &[&str]) -> Allowlist {
        Allowlist::new(&h.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn phone_numbers_and_emails_match_in_any_spelling() {
        let a = list(&["+1 (555) 010-0000", "Me@Example.com"]);
        assert!(a.allows("+15550100000"));
        assert!(a.allows("+1 555 010 0000"));
        assert!(a.allows("me@example.com"));
        assert!(a.allows(" ME@EXAMPLE.COM "));
        assert!(!a.allows("+15550100001"));
        assert!(!a.allows("15550100000"), "the country code's + matters");
        assert!(!a.allows("other@example.com"));
        assert!(!a.allows(""));
    }

    #[test]
    fn an_empty_list_is_refused() {
        assert!(Allowlist::new(&[]).is_err());
        assert!(Allowlist::new(&["  ".into()]).is_err());
    }
}
