//! Handing a task back to the hub, so another agent can take it at once
//! instead of waiting for the lease to lapse.

use m3shd_api::{Fence, ReleaseTask};
use tracing::{info, warn};

use super::state::{Shared, bump};
use super::{SHUTDOWN_CALL_TIMEOUT, is_obsolete};

/// Hand a task back to the hub (bounded: used while shutting down).
pub(super) async fn release(shared: &Shared, task_id: &str, fence: Fence) -> bool {
    let r = tokio::time::timeout(
        SHUTDOWN_CALL_TIMEOUT,
        shared.client.release(task_id, &ReleaseTask { fence }),
    )
    .await;
    match r {
        Ok(Ok(_)) => {
            info!(task = %task_id, fence = fence.0, "released");
            bump(&shared.stats.released);
            true
        }
        Ok(Err(e)) if is_obsolete(&e) => {
            info!(task = %task_id, fence = fence.0, error = %e, "release not needed: the task is not ours any more");
            false
        }
        Ok(Err(e)) => {
            warn!(task = %task_id, fence = fence.0, error = %e, "release failed; the lease will expire on the hub");
            false
        }
        Err(_) => {
            warn!(task = %task_id, fence = fence.0, "release timed out; the lease will expire on the hub");
            false
        }
    }
}
