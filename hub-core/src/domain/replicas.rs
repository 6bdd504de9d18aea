//! Hubs sharing one database (replicas) must sign alike: a provenance chain
//! one replica signed is verified by any other. The first replica records a
//! fingerprint of its provenance key; a replica whose key differs refuses
//! to start instead of signing links nobody else can verify. (The store
//! checks the encryption keys the same way when it opens.)
//!
//! Replicas also say they are up (so each takes its share of an API key's
//! per-minute rate) and record the failed logins they see (so every
//! replica's login windows count them all).

use std::time::Duration;

use super::{DomainError, Hub, shift};
use crate::store::LoginFailure;

/// Failed logins read per round.
const FAILURES_PAGE: i64 = 500;

const SETTING: &str = "replicas.provenance_fingerprint";

impl Hub {
    /// Record this hub's provenance key fingerprint, or check it against
    /// the one recorded.
    pub async fn agree_on_provenance_key(&self) -> Result<(), DomainError> {
        let mine = serde_json::Value::String(self.provenance.fingerprint()).to_string();
        self.store()
            .write(move |tx| match tx.settings().get(SETTING)? {
                Some(recorded) if recorded != mine => Err(DomainError::Conflict(
                    "this hub's provenance key differs from the one the other hubs on this \
                         database sign with; give every replica the same key \
                         (M3SHD_PROVENANCE_KEY or the provenance.key file)"
                        .into(),
                )),
                Some(_) => Ok(()),
                None => Ok(tx.settings().set(SETTING, &mine)?),
            })
            .await
    }
}

impl Hub {
    /// This replica's name among those sharing the database, when it
    /// shares one.
    pub fn replica_id(&self) -> Option<&str> {
        self.replica.as_deref()
    }

    /// Say this replica is up; returns how many replicas were heard from
    /// within `live` (this one included), and sets each API key's
    /// per-minute rate to this replica's share of it.
    pub async fn replica_heartbeat(&self, live: Duration) -> Result<u32, DomainError> {
        let Some(me) = self.replica.clone() else {
            return Ok(1);
        };
        let since = shift(self.clock.now(), live, false);
        let n = self
            .store()
            .write(move |tx| {
                tx.replicas().heartbeat(&me)?;
                Ok::<_, DomainError>(tx.replicas().live(since)?)
            })
            .await?;
        let n = u32::try_from(n.max(1)).unwrap_or(u32::MAX);
        self.keys.set_share(n);
        Ok(n)
    }

    /// How many replicas the last heartbeat found up (1 without replicas).
    pub fn replicas_live(&self) -> u32 {
        self.keys.share()
    }

    /// The newest failed login recorded so far (to read only later ones).
    pub fn last_login_failure(&self) -> Result<i64, DomainError> {
        Ok(self.store().read(|r| r.replicas().last_login_failure())?)
    }

    /// Failed logins the other replicas recorded after id `after`.
    pub fn login_failures_elsewhere(&self, after: i64) -> Result<Vec<LoginFailure>, DomainError> {
        let Some(me) = self.replica.as_deref() else {
            return Ok(Vec::new());
        };
        Ok(self
            .store()
            .read(|r| r.replicas().login_failures_after(after, me, FAILURES_PAGE))?)
    }

    /// Tell the other replicas about a failed login (in the background: a
    /// login answer does not wait for it).
    pub fn record_login_failure(&self, ip: &str, username: &str) {
        let Some(me) = self.replica.clone() else {
            return;
        };
        let (ip, username) = (ip.to_string(), username.to_string());
        self.store().write_later("login failure", move |tx| {
            tx.replicas().record_login_failure(&me, &ip, &username)
        });
    }

    /// Forget failed logins and silent replicas older than `keep`.
    pub async fn prune_replicas(&self, keep: Duration) -> Result<usize, DomainError> {
        let before = shift(self.clock.now(), keep, false);
        self.store()
            .write(move |tx| Ok::<_, DomainError>(tx.replicas().prune(before)?))
            .await
    }
}
