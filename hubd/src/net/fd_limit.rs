//! How many connections the open-file limit leaves room for.

/// Descriptors kept for everything but client connections: SQLite (the
/// writer, readers and checkpointer each hold the database, its WAL and
/// shared memory), the lock and key files, the listener, the runtime's
/// own, outgoing HTTP (ntfy, search) and external plugins' pipes.
pub const RESERVED: u64 = 64;
/// The default cap: enough for a large fleet (each worker holds a few
/// connections), small enough that their buffers fit a 1 GB Pi.
pub const DEFAULT_MAX: usize = 1024;
/// The least the open-file limit is taken to leave room for.
const FLOOR: usize = 16;

/// The soft `RLIMIT_NOFILE` of this process, if it can be read.
pub fn open_files_limit() -> Option<u64> {
    #[cfg(unix)]
    {
        let mut lim = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        #[allow(unsafe_code)]
        // SAFETY: getrlimit writes one rlimit through a valid pointer.
        let rc = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) };
        // rlim_t is 32 bits on 32-bit Linux (Raspberry Pi OS armhf).
        #[allow(clippy::useless_conversion)]
        let soft = u64::try_from(lim.rlim_cur).unwrap_or(u64::MAX);
        (rc == 0).then_some(soft)
    }
    #[cfg(not(unix))]
    None
}

/// The connection cap: what the operator asked for, never more than the
/// open-file limit leaves room for (past it `accept` fails and nobody,
/// workers included, gets in).
pub fn connection_cap(asked: Option<usize>, open_files: Option<u64>) -> usize {
    let room = open_files
        .map(|n| usize::try_from(n.saturating_sub(RESERVED)).unwrap_or(usize::MAX))
        .unwrap_or(usize::MAX);
    asked.unwrap_or(DEFAULT_MAX).min(room.max(FLOOR)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_leaves_room_below_the_open_file_limit() {
        assert_eq!(connection_cap(None, Some(1024)), 960);
        assert_eq!(connection_cap(None, Some(65_536)), DEFAULT_MAX);
        assert_eq!(connection_cap(Some(5000), Some(65_536)), 5000);
        assert_eq!(connection_cap(Some(5000), Some(1024)), 960);
        assert_eq!(connection_cap(None, Some(40)), FLOOR);
        assert_eq!(connection_cap(Some(4), None), 4);
        assert!(open_files_limit().is_some_and(|n| n > 0));
    }
}
