//! Agent tokens the hub has looked up recently. Every worker call presents
//! one, so without this each heartbeat, claim and result starts with a read
//! of `agent_tokens`. An entry lives at most [`TTL`] and is dropped at once
//! when a token is revoked here, so a revoked token is refused on its next
//! request; the TTL bounds how long a change made to the store by anything
//! else could go unseen.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use m3shd_api::TokenInfo;

/// How long a looked-up token is trusted without another read.
pub const TTL: Duration = Duration::from_secs(5);
/// The same with replicas: a token revoked on another replica is refused
/// here within this long (a worker busy with short tasks still presents
/// its token many times in it).
pub const SHARED_TTL: Duration = Duration::from_secs(1);
/// Tokens kept at most (a fleet has one per worker): past it, start over.
const CAPACITY: usize = 4096;

pub struct TokenCache {
    /// By the secret's hash (the secret itself is never kept).
    entries: Mutex<HashMap<String, (Instant, TokenInfo)>>,
    /// Moves on every `clear`: a lookup that began before a revocation
    /// must not put what it read back.
    generation: AtomicU64,
    /// How long an entry is trusted: [`TTL`], or [`SHARED_TTL`] when other
    /// hubs sharing the database may revoke a token without this one
    /// hearing of it.
    ttl: Duration,
}

impl Default for TokenCache {
    fn default() -> Self {
        TokenCache {
            entries: Mutex::default(),
            generation: AtomicU64::default(),
            ttl: TTL,
        }
    }
}

impl TokenCache {
    /// A cache for a hub sharing its database with other hubs.
    pub fn shared() -> TokenCache {
        TokenCache {
            ttl: SHARED_TTL,
            ..TokenCache::default()
        }
    }

    /// Take this before reading a token from the store; hand it to `put`.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    pub fn get(&self, hash: &str) -> Option<TokenInfo> {
        let entries = self.entries.lock().ok()?;
        let (at, info) = entries.get(hash)?;
        (at.elapsed() < self.ttl).then(|| info.clone())
    }

    pub fn put(&self, hash: String, info: TokenInfo, read_at: u64) {
        if let Ok(mut entries) = self.entries.lock() {
            if self.generation() != read_at {
                return;
            }
            if entries.len() >= CAPACITY {
                entries.clear();
            }
            entries.insert(hash, (Instant::now(), info));
        }
    }

    /// Note a use recorded for the token, so the next lookup does not ask
    /// for it to be recorded again.
    pub fn touch(&self, hash: &str, at: m3shd_api::Timestamp) {
        if let Ok(mut entries) = self.entries.lock()
            && let Some((_, info)) = entries.get_mut(hash)
        {
            info.last_used_at = Some(at);
        }
    }

    /// Forget every token: one was revoked.
    pub fn clear(&self) {
        if let Ok(mut entries) = self.entries.lock() {
            self.generation.fetch_add(1, Ordering::SeqCst);
            entries.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use m3shd_api::PermissionSet;

    fn info(id: &str) -> TokenInfo {
        TokenInfo {
            id: id.into(),
            agent_id: "a".into(),
            role: None,
            permissions: PermissionSet::default(),
            created_at: chrono::Utc::now(),
            created_by: String::new(),
            last_used_at: None,
            revoked_at: None,
        }
    }

    #[test]
    fn a_cleared_cache_forgets_and_a_touch_is_remembered() {
        let c = TokenCache::default();
        c.put("h".into(), info("t1"), c.generation());
        assert_eq!(c.get("h").map(|t| t.id), Some("t1".into()));
        let now = chrono::Utc::now();
        c.touch("h", now);
        assert_eq!(c.get("h").and_then(|t| t.last_used_at), Some(now));
        c.clear();
        assert!(c.get("h").is_none());
    }

    #[test]
    fn a_lookup_from_before_a_revocation_is_not_kept() {
        let c = TokenCache::default();
        let before = c.generation();
        c.clear();
        c.put("h".into(), info("t1"), before);
        assert!(c.get("h").is_none());
    }
}
