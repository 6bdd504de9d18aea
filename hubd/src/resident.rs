//! What an idle hub keeps resident: only what it uses. Once the hub is up,
//! and then every half minute, it gives back the heap pages it freed
//! ([`crate::malloc`]) and drops its mappings of code it has not run since
//! ([`crate::code_pages`]). A page used again costs one minor fault; a
//! busy hub faults its hot code back within the first requests.

use std::time::Duration;

use tokio_util::sync::CancellationToken;

/// Between two releases.
const RELEASE_EVERY: Duration = Duration::from_secs(30);

/// Release now and every [`RELEASE_EVERY`] until `stop`.
pub async fn release_loop(stop: CancellationToken) {
    crate::periodic::every(RELEASE_EVERY, stop, || async {
        crate::malloc::release_free_pages();
        crate::code_pages::release();
    })
    .await;
}
