//! Deliberate allocator settings: freed memory goes back to the OS.
//!
//! Each password check allocates argon2's 19 MiB working memory. glibc's
//! malloc maps a block that large on its own and unmaps it when freed, but
//! after the first such free it raises its mmap threshold to that size
//! ("dynamic threshold"), so every later 19 MiB buffer comes from an arena
//! and stays there when freed. Failed logins then left the hub at several
//! GB of RSS. Pinning the threshold at glibc's own default (128 KiB) turns
//! the dynamic threshold off: every block of 128 KiB or more is mapped and
//! unmapped, and the process shrinks back after a burst. The cost is a
//! `mmap`/`munmap` pair per such allocation, which is small next to 19 MiB
//! of hashing. (The environment variable `MALLOC_MMAP_THRESHOLD_=131072`
//! does the same.) Other C libraries (musl, macOS) already return large
//! blocks; nothing to do there.
//!
//! Smaller blocks freed in the middle of glibc's heap stay resident: `free`
//! only gives back the top of the heap. Start-up (migrations, the route
//! table) and every burst of requests leave such holes, so an idle hub
//! held about twice the memory it used: 9.9 MB anonymous at rest and
//! 13.4 MB after a load, against 5.5 and 6.8 MB once trimmed.
//! [`crate::resident::release_loop`] gives those pages back once the hub
//! is up and then whenever a quiet spell follows work; a page used again
//! later costs one page fault.

/// glibc's `DEFAULT_MMAP_THRESHOLD_MIN`.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MMAP_THRESHOLD: libc::c_int = 128 * 1024;

/// Set once per process, before the first password is checked.
pub fn return_large_blocks_to_the_os() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        #[allow(unsafe_code)]
        // SAFETY: mallopt only changes malloc's tuning; glibc serialises it
        // with allocations in other threads.
        let ok = unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD) };
        if ok != 1 {
            tracing::warn!("could not pin malloc's mmap threshold; freed hash buffers may stay");
        }
    }
}

/// Give the pages of freed heap memory back to the OS (glibc keeps them
/// otherwise; other C libraries return them on their own).
pub fn release_free_pages() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        #[allow(unsafe_code)]
        // SAFETY: malloc_trim only walks malloc's own free lists, under
        // the same arena locks as every allocation.
        unsafe {
            libc::malloc_trim(0);
        }
    }
}
