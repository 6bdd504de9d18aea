//! Long-lived responses (the event stream, a claim's long-poll) outlive the
//! moment their credential was checked. This watches that credential and
//! ends them within a second of it being revoked, logged out, expired,
//! demoted below what the route needs, or its user deleted.

use std::sync::Arc;
use std::time::Duration;

use m3shd_api::Permission;
use m3shd_hub_core::domain::Hub;

use super::auth::Caller;

/// How often a long-lived response re-checks its caller (a read by id).
pub const RECHECK: Duration = Duration::from_millis(400);

/// What a long-lived response tells a caller it is ending for.
pub const LOST: &str = "the credential was revoked, logged out or expired, or no longer grants \
                        this; authenticate again";

/// Resolves once `caller` no longer holds `perm`. A store error counts as
/// still holding: a busy database must not cut every live stream.
pub async fn lost(hub: Arc<Hub>, caller: Caller, perm: Permission) {
    let mut every = tokio::time::interval(RECHECK);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        match hub.still_holds(&caller.principal, perm) {
            Ok(false) => return,
            Ok(true) => {}
            Err(e) => tracing::warn!(error = %e, "cannot re-check a caller's credential"),
        }
    }
}
