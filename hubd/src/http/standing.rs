//! Long-lived responses (the event stream, a claim's long-poll) outlive the
//! moment their credential was checked. This watches that credential and
//! ends them within a second of it being revoked, logged out, expired,
//! demoted below what the route needs, or its user deleted.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use m3shd_api::Permission;
use m3shd_hub_core::domain::Hub;
use m3shd_hub_core::domain::identity::Principal;

/// How often a long-lived response re-checks its caller (a read by id).
pub const RECHECK: Duration = Duration::from_millis(400);

/// What a long-lived response tells a caller it is ending for.
pub const LOST: &str = "the credential was revoked, logged out or expired, or no longer grants \
                        this; authenticate again";

/// Answers shared by every long-lived response of one credential: a
/// thousand streams on one token cost one read per [`RECHECK`], not a
/// thousand (each answer is at most that old, so a revocation still ends
/// them all within a second).
#[derive(Default)]
pub struct Rechecks {
    recent: Mutex<HashMap<(String, Permission), (Instant, bool)>>,
}

/// Credentials remembered at most (past it, the stale ones are dropped).
const REMEMBERED: usize = 4096;

/// The credential a principal stands for: the same token, key or session
/// gives the same answer.
fn credential(p: &Principal) -> String {
    match p {
        Principal::Master => "master".into(),
        Principal::Agent { token_id, .. } => format!("token:{token_id}"),
        Principal::User { session_id, .. } => format!("session:{session_id}"),
        Principal::ApiKey { key_id, .. } => format!("key:{key_id}"),
        Principal::JoinKey { key_id } => format!("join:{key_id}"),
    }
}

impl Rechecks {
    fn still_holds(
        &self,
        hub: &Hub,
        principal: &Principal,
        perm: Permission,
    ) -> Result<bool, m3shd_hub_core::domain::DomainError> {
        let key = (credential(principal), perm);
        if let Ok(recent) = self.recent.lock()
            && let Some((at, holds)) = recent.get(&key)
            && at.elapsed() < RECHECK
        {
            return Ok(*holds);
        }
        let holds = hub.still_holds(principal, perm)?;
        if let Ok(mut recent) = self.recent.lock() {
            if recent.len() >= REMEMBERED {
                recent.retain(|_, (at, _)| at.elapsed() < RECHECK);
            }
            recent.insert(key, (Instant::now(), holds));
        }
        Ok(holds)
    }
}

/// Resolves once the caller's `principal` no longer holds `perm`. A store
/// error counts as still holding: a busy database must not cut every live
/// stream.
pub async fn lost(hub: Arc<Hub>, rechecks: Arc<Rechecks>, principal: Principal, perm: Permission) {
    let mut every = tokio::time::interval(RECHECK);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        match rechecks.still_holds(&hub, &principal, perm) {
            Ok(false) => return,
            Ok(true) => {}
            Err(e) => tracing::warn!(error = %e, "cannot re-check a caller's credential"),
        }
    }
}
