//! What an idle hub keeps resident: only what it uses. When a quiet spell
//! follows work, and once as soon as the hub is up, it gives back the pages
//! its database connections cached for work that is over, the heap pages it
//! freed ([`crate::malloc`]) and its mappings of code it has not run since
//! ([`crate::code_pages`]). A page used again costs one minor fault.
//!
//! Only after work: a busy hub would fault its hot code and pages straight
//! back in, and a hub that stayed quiet has nothing new to give back.

use std::sync::Arc;
use std::time::Duration;

use m3shd_hub_core::domain::Hub;
use tokio_util::sync::CancellationToken;

/// How often the hub looks at how busy it was.
const CHECK_EVERY: Duration = Duration::from_secs(5);

/// A check period in which the hub used less CPU than this (1 % of one
/// core) was quiet. Heartbeats and idle claims of a few dozen workers stay
/// well below it.
const QUIET_CPU: Duration = Duration::from_millis(50);

/// Release at once, then after every quiet check period that follows work,
/// until `stop`.
pub async fn release_loop(hub: Arc<Hub>, stop: CancellationToken) {
    let mut spell = Spell::default();
    let mut last = cpu_used();
    crate::periodic::every(CHECK_EVERY, stop, || {
        let now = cpu_used();
        let used = now.zip(last).map(|(n, l)| n.saturating_sub(l));
        last = now;
        let release = spell.after_check(used);
        let hub = hub.clone();
        async move {
            if release {
                release_all(&hub).await;
            }
        }
    })
    .await;
}

async fn release_all(hub: &Hub) {
    // The store first: what its caches free is heap the trim gives back.
    if let Err(e) = hub.store().release_memory().await {
        tracing::warn!(error = %e, "could not free the store's caches");
    }
    crate::malloc::release_free_pages();
    crate::code_pages::release();
}

/// Whether the hub worked since it last gave memory back.
#[derive(Debug)]
struct Spell {
    worked: bool,
}

impl Default for Spell {
    /// Start-up is work: the first check releases what it left.
    fn default() -> Self {
        Spell { worked: true }
    }
}

impl Spell {
    /// After a check period in which the hub used `used` CPU (`None`: not
    /// known, taken as quiet): release now?
    fn after_check(&mut self, used: Option<Duration>) -> bool {
        if used.is_some_and(|u| u >= QUIET_CPU) {
            self.worked = true;
            return false;
        }
        std::mem::take(&mut self.worked)
    }
}

/// The CPU time this process used so far (user and system).
fn cpu_used() -> Option<Duration> {
    #[cfg(unix)]
    {
        let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
        #[allow(unsafe_code)]
        // SAFETY: getrusage writes one `rusage` into the buffer it is given,
        // which is sized and aligned for it, and reads nothing else.
        let ok = unsafe { libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) } == 0;
        if !ok {
            return None;
        }
        #[allow(unsafe_code)]
        // SAFETY: getrusage returned 0, so it filled the buffer.
        let usage = unsafe { usage.assume_init() };
        let time = |t: libc::timeval| {
            Duration::from_secs(u64::try_from(t.tv_sec).ok()?)
                .checked_add(Duration::from_micros(u64::try_from(t.tv_usec).ok()?))
        };
        time(usage.ru_utime)?.checked_add(time(usage.ru_stime)?)
    }
    #[cfg(not(unix))]
    {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUSY: Option<Duration> = Some(Duration::from_millis(400));
    const QUIET: Option<Duration> = Some(Duration::from_millis(3));

    #[test]
    fn the_first_check_releases_what_start_up_left() {
        assert!(Spell::default().after_check(QUIET));
    }

    #[test]
    fn a_quiet_period_after_work_releases_once() {
        let mut spell = Spell::default();
        spell.after_check(QUIET);
        assert!(!spell.after_check(BUSY), "nothing while the hub works");
        assert!(!spell.after_check(BUSY));
        assert!(spell.after_check(QUIET), "the first quiet period releases");
        assert!(
            !spell.after_check(QUIET),
            "a hub that stayed quiet has nothing new"
        );
        assert!(!spell.after_check(None));
    }

    #[test]
    fn usage_below_one_percent_of_a_core_is_quiet() {
        let mut spell = Spell::default();
        spell.after_check(QUIET);
        assert!(!spell.after_check(Some(QUIET_CPU)));
        assert!(spell.after_check(Some(QUIET_CPU - Duration::from_millis(1))));
    }

    #[test]
    fn this_process_cpu_time_is_read_and_grows() {
        let before = cpu_used().expect("getrusage");
        let mut x = 0u64;
        let spin = std::time::Instant::now();
        while spin.elapsed() < Duration::from_millis(30) {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
        }
        std::hint::black_box(x);
        assert!(cpu_used().expect("getrusage") > before);
    }
}
