//! What an idle hub keeps resident: only what it uses. When a quiet spell
//! follows work, and once as soon as the hub is up, it gives back the pages
//! its database connections cached for work that is over, the heap pages it
//! freed ([`crate::malloc`]) and its mappings of code it has not run since
//! ([`crate::code_pages`]). A page used again costs one minor fault.
//!
//! Only after work: a busy hub would fault its hot code and pages straight
//! back in, and a hub that stayed quiet has nothing new to give back. Work
//! is a check period that used CPU, or (on Linux) anonymous memory grown
//! since the last release: light work, such as rendering the API
//! description once, leaves memory behind without keeping the hub busy.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use m3shd_hub_core::domain::Hub;
use tokio_util::sync::CancellationToken;

/// How often the hub looks at how busy it was.
const CHECK_EVERY: Duration = Duration::from_secs(5);

/// A check period in which the hub used less CPU than this (1 % of one
/// core) was quiet. Heartbeats and idle claims of a few dozen workers stay
/// well below it.
const QUIET_CPU: Duration = Duration::from_millis(50);

/// Anonymous memory grown by this much since the last release (in KiB) is
/// worth giving back even if no check period was busy.
const GROWN_KB: u64 = 1024;

/// Release at once, then after every quiet check period that follows work,
/// until `stop`.
pub async fn release_loop(hub: Arc<Hub>, stop: CancellationToken) {
    // Shared with each pass's future, which records its release.
    let spell = Arc::new(Mutex::new(Spell::default()));
    let mut last = cpu_used();
    crate::periodic::every(CHECK_EVERY, stop, || {
        let now = cpu_used();
        let used = now.zip(last).map(|(n, l)| n.saturating_sub(l));
        last = now;
        let release = lock(&spell).after_check(used, anonymous_kb());
        let (hub, spell) = (hub.clone(), spell.clone());
        async move {
            if release {
                let before = anonymous_kb();
                release_all(&hub).await;
                let after = anonymous_kb();
                tracing::debug!(anonymous_kb_before = ?before, anonymous_kb_after = ?after, "gave memory back");
                lock(&spell).released(after);
            }
        }
    })
    .await;
}

fn lock(spell: &Mutex<Spell>) -> std::sync::MutexGuard<'_, Spell> {
    // A panic elsewhere cannot leave a Spell half-updated.
    spell
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
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
    /// Anonymous memory (KiB) right after the last release.
    released_at_kb: Option<u64>,
}

impl Default for Spell {
    /// Start-up is work: the first check releases what it left.
    fn default() -> Self {
        Spell {
            worked: true,
            released_at_kb: None,
        }
    }
}

impl Spell {
    /// After a check period in which the hub used `used` CPU, holding
    /// `anon_kb` of anonymous memory now (`None`: not known; unknown CPU
    /// counts as quiet): release now?
    fn after_check(&mut self, used: Option<Duration>, anon_kb: Option<u64>) -> bool {
        if used.is_some_and(|u| u >= QUIET_CPU) {
            self.worked = true;
            return false;
        }
        let grown = matches!((anon_kb, self.released_at_kb), (Some(now), Some(then)) if now >= then + GROWN_KB);
        std::mem::take(&mut self.worked) || grown
    }

    /// Memory was given back; `anon_kb` is what the hub holds after it.
    fn released(&mut self, anon_kb: Option<u64>) {
        self.worked = false;
        self.released_at_kb = anon_kb;
    }
}

/// This process's resident anonymous memory in KiB (Linux only).
fn anonymous_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status_kb(&status, "RssAnon:")
}

/// A `/proc/self/status` field in KiB (`RssAnon:     4512 kB`).
fn status_kb(status: &str, field: &str) -> Option<u64> {
    let line = status.lines().find_map(|l| l.strip_prefix(field))?;
    line.trim().strip_suffix("kB")?.trim().parse().ok()
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

    /// A spell after its start-up release, at 4,000 KiB anonymous.
    fn started() -> Spell {
        let mut spell = Spell::default();
        assert!(spell.after_check(QUIET, Some(5_000)));
        spell.released(Some(4_000));
        spell
    }

    #[test]
    fn the_first_check_releases_what_start_up_left() {
        assert!(Spell::default().after_check(QUIET, None));
    }

    #[test]
    fn a_quiet_period_after_work_releases_once() {
        let mut spell = started();
        assert!(
            !spell.after_check(BUSY, Some(9_000)),
            "nothing while the hub works"
        );
        assert!(!spell.after_check(BUSY, Some(9_000)));
        assert!(
            spell.after_check(QUIET, Some(9_000)),
            "the first quiet period releases"
        );
        spell.released(Some(4_200));
        assert!(
            !spell.after_check(QUIET, Some(4_300)),
            "a hub that stayed quiet has nothing new"
        );
        assert!(!spell.after_check(None, None));
    }

    #[test]
    fn usage_below_one_percent_of_a_core_is_quiet() {
        let mut spell = started();
        assert!(!spell.after_check(Some(QUIET_CPU), Some(4_000)));
        assert!(spell.after_check(Some(QUIET_CPU - Duration::from_millis(1)), Some(4_000)));
    }

    #[test]
    fn light_work_that_left_memory_behind_is_released_too() {
        let mut spell = started();
        assert!(!spell.after_check(QUIET, Some(4_000 + GROWN_KB - 1)));
        assert!(spell.after_check(QUIET, Some(4_000 + GROWN_KB)));
        spell.released(Some(4_100));
        assert!(!spell.after_check(QUIET, Some(4_100)));
        // Without the figure (not Linux) only CPU counts.
        assert!(!spell.after_check(QUIET, None));
    }

    #[test]
    fn status_fields_are_read_in_kib() {
        let status = "Name:\tm3shd-hubd\nVmRSS:\t   22124 kB\nRssAnon:\t    4512 kB\n";
        assert_eq!(status_kb(status, "RssAnon:"), Some(4512));
        assert_eq!(status_kb(status, "RssShmem:"), None);
        assert_eq!(status_kb("RssAnon: lots\n", "RssAnon:"), None);
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
