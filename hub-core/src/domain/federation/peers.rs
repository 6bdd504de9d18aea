//! Peers: add (token sealed at rest by the store), list, remove.

use m3shd_api::{AgentId, ids};

use super::{MAX_PEER_NAME, peer_agent_id};
use crate::domain::{DomainError, Hub};
use crate::store::PeerRow;

const MAX_URL_BYTES: usize = 2048;
const MAX_TOKEN_BYTES: usize = 512;

fn check(name: &str, url: &str, token: &str) -> Result<(), DomainError> {
    if name.len() > MAX_PEER_NAME || !ids::is_valid_id(name) {
        return Err(DomainError::Validation(format!(
            "peer name {name:?} must be 1-{MAX_PEER_NAME} characters of a-z, 0-9 and -"
        )));
    }
    let scheme_ok = url.starts_with("http://") || url.starts_with("https://");
    if !scheme_ok || url.len() > MAX_URL_BYTES || url.chars().any(char::is_whitespace) {
        return Err(DomainError::Validation(format!(
            "peer url must be an http:// or https:// URL of at most {MAX_URL_BYTES} bytes"
        )));
    }
    if token.trim().is_empty() || token.len() > MAX_TOKEN_BYTES || token.contains(['\n', '\r']) {
        return Err(DomainError::Validation(format!(
            "peer token must be one line of 1-{MAX_TOKEN_BYTES} bytes"
        )));
    }
    Ok(())
}

impl Hub {
    /// Add a peer, or replace its URL and token. Its agent entry is
    /// registered with no capabilities and no slots.
    pub async fn add_peer(
        &self,
        name: &str,
        url: &str,
        token: &str,
    ) -> Result<PeerRow, DomainError> {
        check(name, url, token.trim())?;
        let row = PeerRow::new(name, url.trim_end_matches('/'), self.now());
        let (stored, token) = (row, token.trim().to_string());
        self.write(move |cx| {
            let existing = cx.tx.federation().peers()?;
            // Replacing a peer's URL or token keeps its record.
            let stored = match existing.into_iter().find(|p| p.name == stored.name) {
                Some(old) => PeerRow {
                    url: stored.url,
                    ..old
                },
                None => stored,
            };
            cx.tx.federation().upsert_peer(&stored, &token)?;
            let agent = peer_agent_id(&stored.name);
            let label = format!("peer {}", stored.name);
            cx.tx
                .agents()
                .upsert(&agent, &label, Some(&stored.url), &[], 0)?;
            Ok(stored)
        })
        .await
    }

    /// Remove a peer: what it held comes back to this hub's queue.
    pub async fn remove_peer(&self, name: &str) -> Result<(), DomainError> {
        let shown = name.to_string();
        let name = name.to_string();
        let agent = peer_agent_id(&name);
        let removed = self
            .write(move |cx| {
                let removed = cx.tx.federation().delete_peer(&name)?;
                for mut row in cx.tx.federation().open_relays()? {
                    if row.relayed_to.as_deref() == Some(name.as_str()) {
                        row.relay_fence = None;
                        cx.tx.federation().save_task_federation(&row)?;
                    }
                }
                Ok(removed)
            })
            .await?;
        if !removed {
            return Err(DomainError::NotFound(format!("no peer {shown:?}")));
        }
        if let Ok(id) = AgentId::parse(&agent)
            && self.agent(&id).is_ok()
        {
            self.deregister_agent(&id).await?;
        }
        Ok(())
    }

    pub fn peers(&self) -> Result<Vec<PeerRow>, DomainError> {
        self.read(|r| Ok(r.federation().peers()?))
    }

    /// What a heartbeat learnt about a peer worth keeping across restarts:
    /// the hub name it reports and the round trip.
    pub async fn note_peer(
        &self,
        name: &str,
        hub: Option<&str>,
        latency: Option<std::time::Duration>,
    ) -> Result<(), DomainError> {
        let (name, hub) = (name.to_string(), hub.map(str::to_string));
        let latency = latency.map(|d| i64::try_from(d.as_micros()).unwrap_or(i64::MAX));
        self.write(move |cx| {
            Ok(cx
                .tx
                .federation()
                .note_peer(&name, hub.as_deref(), latency)?)
        })
        .await
    }

    /// A peer's token, for calling it.
    pub fn peer_token(&self, name: &str) -> Result<Option<String>, DomainError> {
        self.read(|r| Ok(r.federation().peer_token(name)?))
    }
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn names_urls_and_tokens_are_checked() {
        assert!(check("hub-b", "http://127.0.0.1:1", "t").is_ok());
        assert!(check("Hub B", "http://127.0.0.1:1", "t").is_err());
        assert!(check("hub-b", "ftp://x", "t").is_err());
        assert!(check("hub-b", "http://x", " ").is_err());
        assert!(check("hub-b", "http://x", "a\nb").is_err());
        assert!(check(&"a".repeat(60), "http://x", "t").is_err());
    }
}
