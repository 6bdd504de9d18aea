//! One write per commit to the WAL file instead of two per page.
//!
//! SQLite appends a commit to the WAL one frame at a time, and each frame as
//! two `pwrite`s: its 24-byte header, then the page. A task's commit is about
//! fifteen frames, so thirty system calls, each paying ext4's per-call and
//! per-page work (the header and the unaligned page touch three page-cache
//! pages per frame). Measured on the hub under load, those calls were 13 % of
//! its CPU. See ARCHITECTURE.md, "The write path".
//!
//! This VFS is the default one with the WAL file's appends gathered: writes
//! that continue where the last one ended are held in a buffer and reach the
//! file as one `pwrite` when the commit's last frame (the one whose header
//! carries the database size) is complete. A write anywhere else (SQLite
//! overwriting a frame of the open transaction, or rewriting checksums
//! after a commit) goes straight to the file, and anything else done to it
//! (a read, a sync, a truncate, a size query, a lock, a file control,
//! closing it) first writes out what is held, so the file sees the same
//! bytes in the same order as without it, only in fewer calls.
//!
//! Why this is safe: only frames of a transaction that has not reached its
//! commit frame are ever held. A commit becomes visible to other
//! connections only when its writer publishes the new WAL-index header,
//! which SQLite does after its last frame write returned; by then the whole
//! commit is in the file, so a process killed at any moment loses only what
//! SQLite itself would (`a_killed_process_keeps_every_commit`). Held frames
//! of a transaction that spilled its page cache are invisible to everyone
//! but their own connection, whose reads of the WAL go through this file
//! and write them out first. A failed write is reported by the call that
//! made it reach the file: the commit frame's own write, so SQLite rolls
//! the commit back as it would after a failed `pwrite`. With
//! `synchronous = FULL` the sync after the commit writes everything out
//! first, so durability is unchanged.
//!
//! Only WAL files are wrapped; the database file, journals and temporary
//! files are opened by the default VFS exactly as before.

use std::ffi::{CStr, c_int, c_void};
use std::sync::OnceLock;

use rusqlite::ffi;

/// The name connections open with to get gathered WAL writes.
pub const VFS_NAME: &CStr = c"m3shd-wal";

/// A WAL frame header's size; the second of its six 32-bit fields is the
/// database size after the commit, zero for frames that are not a commit's last.
const FRAME_HEADER: usize = 24;
/// The WAL file's own header; frames start after it.
const WAL_HEADER: i64 = 32;
/// At most this much is held before it is written out anyway (a transaction
/// larger than this still works, in more writes). The default VFS writes
/// less than 128 KiB per call (`seekAndWriteFd` masks the length to 17
/// bits), so a larger write would be cut short.
const MAX_HELD: usize = 120 << 10;

/// Register the VFS (once per process). Returns false when SQLite has no
/// default VFS to wrap, and then connections open with the default.
pub fn register() -> bool {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    *REGISTERED.get_or_init(|| {
        #[allow(unsafe_code)]
        // SAFETY: `sqlite3_vfs_find(NULL)` returns the default VFS, a static
        // SQLite owns for the life of the process. The copy is leaked, so it
        // outlives every connection that uses it, as registration requires.
        unsafe {
            let real = ffi::sqlite3_vfs_find(std::ptr::null());
            if real.is_null() {
                return false;
            }
            let Ok(real_size) = usize::try_from((*real).szOsFile) else {
                return false;
            };
            let Ok(size) = c_int::try_from(inner_offset() + real_size) else {
                return false;
            };
            // Every method but xOpen is the default VFS's own, with the same
            // `pAppData` and `mxPathname` it reads; xOpen passes the default
            // VFS itself on to the real open.
            let mut vfs = *real;
            vfs.zName = VFS_NAME.as_ptr();
            vfs.pNext = std::ptr::null_mut();
            vfs.szOsFile = size;
            vfs.xOpen = Some(open);
            let vfs = Box::leak(Box::new(vfs));
            REAL.get_or_init(|| RealVfs(real));
            ffi::sqlite3_vfs_register(vfs, 0) == ffi::SQLITE_OK
        }
    })
}

/// The default VFS, as found at registration.
struct RealVfs(*mut ffi::sqlite3_vfs);
// SAFETY: SQLite's VFS objects are immutable after registration and safe to
// use from any thread; this is only a pointer to one.
#[allow(unsafe_code)]
unsafe impl Send for RealVfs {}
#[allow(unsafe_code)]
unsafe impl Sync for RealVfs {}
static REAL: OnceLock<RealVfs> = OnceLock::new();

/// A wrapped WAL file. SQLite allocates `szOsFile` bytes per file; this
/// struct comes first and the default VFS's own file object follows it at
/// `inner_offset()`.
#[repr(C)]
struct WalFile {
    base: ffi::sqlite3_file,
    inner: *mut ffi::sqlite3_file,
    held: *mut Held,
}

/// Bytes written but not yet passed on.
#[derive(Default)]
struct Held {
    /// The file offset of `bytes[0]`.
    at: i64,
    bytes: Vec<u8>,
    /// Where the last write that reached the file ended (0 before any).
    end: i64,
    /// The last write held was a commit frame's header: the next one (its
    /// page) completes the commit.
    commit_next: bool,
    /// Writes that reached the file (for tests).
    #[cfg(test)]
    writes: u64,
}

const fn inner_offset() -> usize {
    let align = std::mem::align_of::<u64>();
    std::mem::size_of::<WalFile>().div_ceil(align) * align
}

static WAL_METHODS: ffi::sqlite3_io_methods = ffi::sqlite3_io_methods {
    iVersion: 1,
    xClose: Some(close),
    xRead: Some(read),
    xWrite: Some(write),
    xTruncate: Some(truncate),
    xSync: Some(sync),
    xFileSize: Some(file_size),
    xLock: Some(lock),
    xUnlock: Some(unlock),
    xCheckReservedLock: Some(check_reserved_lock),
    xFileControl: Some(file_control),
    xSectorSize: Some(sector_size),
    xDeviceCharacteristics: Some(device_characteristics),
    xShmMap: None,
    xShmLock: None,
    xShmBarrier: None,
    xShmUnmap: None,
    xFetch: None,
    xUnfetch: None,
};

#[allow(unsafe_code)]
unsafe extern "C" fn open(
    _vfs: *mut ffi::sqlite3_vfs,
    name: ffi::sqlite3_filename,
    file: *mut ffi::sqlite3_file,
    flags: c_int,
    out_flags: *mut c_int,
) -> c_int {
    let Some(real) = REAL.get() else {
        return ffi::SQLITE_ERROR;
    };
    let real = real.0;
    // SAFETY: `real` is the default VFS (see `register`); `file` points to
    // `szOsFile` bytes SQLite allocated for this open, which is this
    // wrapper's size plus the default VFS's, so either layout fits.
    unsafe {
        let Some(real_open) = (*real).xOpen else {
            return ffi::SQLITE_ERROR;
        };
        if flags & ffi::SQLITE_OPEN_WAL == 0 {
            // Not a WAL file: the default VFS's own file object, unwrapped.
            return real_open(real, name, file, flags, out_flags);
        }
        let inner = file
            .cast::<u8>()
            .add(inner_offset())
            .cast::<ffi::sqlite3_file>();
        let rc = real_open(real, name, inner, flags, out_flags);
        if rc != ffi::SQLITE_OK || (*inner).pMethods.is_null() {
            // SQLite calls no method of a file whose open failed.
            (*file).pMethods = std::ptr::null();
            return if rc == ffi::SQLITE_OK {
                ffi::SQLITE_CANTOPEN
            } else {
                rc
            };
        }
        file.cast::<WalFile>().write(WalFile {
            base: ffi::sqlite3_file {
                pMethods: &raw const WAL_METHODS,
            },
            inner,
            held: Box::into_raw(Box::default()),
        });
        ffi::SQLITE_OK
    }
}

/// The wrapper, its held bytes and the default VFS's file and methods.
///
/// # Safety
/// `file` must be a file `open` wrapped and not yet closed, used by one
/// thread at a time (SQLite calls a file's methods only under its
/// connection's lock).
#[allow(unsafe_code)]
unsafe fn parts<'a>(
    file: *mut ffi::sqlite3_file,
) -> (
    &'a mut Held,
    *mut ffi::sqlite3_file,
    &'a ffi::sqlite3_io_methods,
) {
    // SAFETY: per the function's contract.
    unsafe {
        let f = &*file.cast::<WalFile>();
        (&mut *f.held, f.inner, &*(*f.inner).pMethods)
    }
}

/// Write out what is held. On failure the held bytes are dropped, as a
/// failed `pwrite` would have left them unwritten; the caller reports it.
#[allow(unsafe_code)]
unsafe fn flush(
    held: &mut Held,
    inner: *mut ffi::sqlite3_file,
    methods: &ffi::sqlite3_io_methods,
) -> c_int {
    held.commit_next = false;
    if held.bytes.is_empty() {
        return ffi::SQLITE_OK;
    }
    let Some(x_write) = methods.xWrite else {
        return ffi::SQLITE_IOERR_WRITE;
    };
    let Ok(len) = c_int::try_from(held.bytes.len()) else {
        return ffi::SQLITE_IOERR_WRITE;
    };
    // SAFETY: `inner` is the open default-VFS file; the buffer is valid for `len` bytes.
    let rc = unsafe { x_write(inner, held.bytes.as_ptr().cast(), len, held.at) };
    if rc == ffi::SQLITE_OK {
        held.end = held.at + i64::from(len);
    }
    #[cfg(test)]
    {
        held.writes += 1;
    }
    held.bytes.clear();
    rc
}

/// Write out what is held, then do `then` on the default VFS's file.
#[allow(unsafe_code)]
unsafe fn flushed(
    file: *mut ffi::sqlite3_file,
    then: impl FnOnce(*mut ffi::sqlite3_file, &ffi::sqlite3_io_methods) -> c_int,
) -> c_int {
    // SAFETY: SQLite passes a file `open` wrapped.
    let (held, inner, methods) = unsafe { parts(file) };
    // SAFETY: as above.
    let rc = unsafe { flush(held, inner, methods) };
    if rc != ffi::SQLITE_OK {
        return rc;
    }
    then(inner, methods)
}

#[allow(unsafe_code)]
unsafe extern "C" fn write(
    file: *mut ffi::sqlite3_file,
    buf: *const c_void,
    amount: c_int,
    offset: ffi::sqlite3_int64,
) -> c_int {
    // SAFETY: SQLite passes a file `open` wrapped.
    let (held, inner, methods) = unsafe { parts(file) };
    let Ok(len) = usize::try_from(amount) else {
        return ffi::SQLITE_IOERR_WRITE;
    };
    // SAFETY: SQLite passes `amount` readable bytes at `buf`.
    let bytes = unsafe { std::slice::from_raw_parts(buf.cast::<u8>(), len) };
    // Only appends are held: a write that continues the held bytes, or
    // with nothing held, one that starts the file or continues the last
    // write that reached it. Anything else (SQLite overwriting a frame of
    // the open transaction, or rewriting frame checksums after a commit)
    // goes straight to the file, so nothing but frames of a transaction
    // that has not reached its commit frame is ever held.
    let appends = if held.bytes.is_empty() {
        offset == 0 || offset == held.end
    } else {
        i64::try_from(held.bytes.len()).is_ok_and(|n| held.at + n == offset)
    };
    // The page after a commit frame's header completes the commit: it goes
    // out with this call, whichever way the header went.
    let completes_commit = held.commit_next;
    let commit_header = len == FRAME_HEADER && offset >= WAL_HEADER && bytes[4..8] != [0, 0, 0, 0];
    // SAFETY (all three `flush` calls below): `inner` and `methods` are
    // this file's, from `parts`.
    if !appends {
        let rc = unsafe { flush(held, inner, methods) };
        if rc != ffi::SQLITE_OK {
            return rc;
        }
        let Some(x_write) = methods.xWrite else {
            return ffi::SQLITE_IOERR_WRITE;
        };
        // SAFETY: SQLite's own arguments, passed on to the default VFS's file.
        let rc = unsafe { x_write(inner, buf, amount, offset) };
        if rc == ffi::SQLITE_OK {
            held.end = offset + i64::from(amount);
        }
        held.commit_next = commit_header;
        return rc;
    }
    if held.bytes.len() + len > MAX_HELD {
        let rc = unsafe { flush(held, inner, methods) };
        if rc != ffi::SQLITE_OK {
            return rc;
        }
    }
    if held.bytes.is_empty() {
        held.at = offset;
    }
    held.bytes.extend_from_slice(bytes);
    held.commit_next = commit_header;
    if completes_commit {
        return unsafe { flush(held, inner, methods) };
    }
    ffi::SQLITE_OK
}

#[allow(unsafe_code)]
unsafe extern "C" fn close(file: *mut ffi::sqlite3_file) -> c_int {
    // SAFETY: SQLite passes a file `open` wrapped, and calls nothing on it
    // after this; the held state was boxed by `open`.
    unsafe {
        let (held, inner, methods) = parts(file);
        let flushed = flush(held, inner, methods);
        let closed = methods.xClose.map_or(ffi::SQLITE_OK, |close| close(inner));
        let f = &mut *file.cast::<WalFile>();
        drop(Box::from_raw(f.held));
        f.held = std::ptr::null_mut();
        if flushed != ffi::SQLITE_OK {
            flushed
        } else {
            closed
        }
    }
}

/// The methods that only pass the call on, after writing out what is held.
macro_rules! passed_on {
    ($name:ident, $method:ident ( $($arg:ident : $ty:ty),* )) => {
        #[allow(unsafe_code)]
        unsafe extern "C" fn $name(file: *mut ffi::sqlite3_file, $($arg: $ty),*) -> c_int {
            // SAFETY: SQLite passes a file `open` wrapped, and the arguments
            // it gave this call, valid for the default VFS's method as for ours.
            unsafe {
                flushed(file, |inner, methods| {
                    methods.$method.map_or(ffi::SQLITE_IOERR, |m| m(inner, $($arg),*))
                })
            }
        }
    };
}

passed_on!(read, xRead(buf: *mut c_void, amount: c_int, offset: ffi::sqlite3_int64));
passed_on!(truncate, xTruncate(size: ffi::sqlite3_int64));
passed_on!(sync, xSync(flags: c_int));
passed_on!(file_size, xFileSize(size: *mut ffi::sqlite3_int64));
passed_on!(lock, xLock(level: c_int));
passed_on!(unlock, xUnlock(level: c_int));
passed_on!(check_reserved_lock, xCheckReservedLock(out: *mut c_int));
passed_on!(file_control, xFileControl(op: c_int, arg: *mut c_void));

#[allow(unsafe_code)]
unsafe extern "C" fn sector_size(file: *mut ffi::sqlite3_file) -> c_int {
    // SAFETY: SQLite passes a file `open` wrapped.
    let (_, inner, methods) = unsafe { parts(file) };
    // SAFETY: `inner` is the open default-VFS file.
    methods.xSectorSize.map_or(4096, |m| unsafe { m(inner) })
}

#[allow(unsafe_code)]
unsafe extern "C" fn device_characteristics(file: *mut ffi::sqlite3_file) -> c_int {
    // SAFETY: SQLite passes a file `open` wrapped.
    let (_, inner, methods) = unsafe { parts(file) };
    // SAFETY: `inner` is the open default-VFS file.
    methods
        .xDeviceCharacteristics
        .map_or(0, |m| unsafe { m(inner) })
}

/// Writes that reached the WAL file of `conn`'s main database (tests only).
#[cfg(test)]
pub(crate) fn writes_reaching_wal(conn: &rusqlite::Connection) -> Option<u64> {
    let mut file: *mut ffi::sqlite3_file = std::ptr::null_mut();
    #[allow(unsafe_code)]
    // SAFETY: the handle is a live connection; the file control writes one
    // pointer to the out-parameter; the WAL file, when open, is one `open`
    // wrapped (the connection opened with this VFS) and stays open while
    // the connection is in WAL mode and borrowed here.
    unsafe {
        let rc = ffi::sqlite3_file_control(
            conn.handle(),
            c"main".as_ptr(),
            ffi::SQLITE_FCNTL_JOURNAL_POINTER,
            (&raw mut file).cast(),
        );
        if rc != ffi::SQLITE_OK || file.is_null() || (*file).pMethods != &raw const WAL_METHODS {
            return None;
        }
        Some((*(*file.cast::<WalFile>()).held).writes)
    }
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use super::*;
    use crate::store::durability::Durability;
    use crate::store::sqlite::conn;

    const ROW: i64 = 3000;

    fn rows(conn: &Connection) -> i64 {
        conn.query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap()
    }

    fn insert(conn: &Connection, from: i64, n: i64) {
        conn.execute(
            "WITH RECURSIVE k(i) AS (SELECT ?1 UNION ALL SELECT i + 1 FROM k WHERE i < ?1 + ?2 - 1)
             INSERT INTO t SELECT i, randomblob(?3) FROM k",
            rusqlite::params![from, n, ROW],
        )
        .unwrap();
    }

    fn integrity(conn: &Connection) -> String {
        conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap()
    }

    fn writer(path: &std::path::Path) -> Connection {
        let w = conn::open_writer(path, Durability::Normal).unwrap();
        w.execute_batch("CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, b BLOB)")
            .unwrap();
        w
    }

    #[test]
    fn a_commit_of_many_pages_reaches_the_wal_in_one_write_and_is_read_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let w = writer(&path);
        let wal = dir.path().join("db-wal");
        let size = || std::fs::metadata(&wal).map_or(0, |m| m.len());
        let reader = conn::open_reader(&path).unwrap();
        for round in 0..3 {
            let (writes, bytes) = (writes_reaching_wal(&w).unwrap(), size());
            insert(&w, round * 20 + 1, 20);
            // 20 rows of 3,000 bytes: one page each, plus the table's
            // interior page; without gathering that is two writes per page.
            let frames = (size() - bytes) / (4096 + 24);
            assert!(frames >= 20, "{frames} frames");
            assert_eq!(writes_reaching_wal(&w).unwrap() - writes, 1);
            // Another connection, on the default VFS, sees the commit whole.
            assert_eq!(rows(&reader), (round + 1) * 20);
        }
        assert_eq!(integrity(&reader), "ok");
    }

    /// The first frame of a commit that does not continue this handle's
    /// last write (another connection wrote since, or the WAL was left by
    /// an earlier process) goes straight to the file; the commit still
    /// reaches it whole before it is published.
    #[test]
    fn a_commit_after_someone_else_wrote_the_wal_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let w = writer(&path);
        insert(&w, 1, 5);
        // A reader keeps the WAL from being checkpointed away at close.
        let reader = conn::open_reader(&path).unwrap();
        assert_eq!(rows(&reader), 5);
        drop(w);
        let value = |id: i64| -> Vec<u8> {
            reader
                .query_row("SELECT b FROM t WHERE id = ?1", [id], |r| r.get(0))
                .unwrap()
        };
        // A new handle on a WAL that already holds frames: a one-page commit.
        let w = writer(&path);
        w.execute("UPDATE t SET b = x'01' WHERE id = 1", [])
            .unwrap();
        assert_eq!(value(1), [1]);
        // Another connection, on the default VFS, appends in between.
        let other = Connection::open(&path).unwrap();
        other
            .execute("UPDATE t SET b = x'02' WHERE id = 2", [])
            .unwrap();
        w.execute("UPDATE t SET b = x'03' WHERE id = 3", [])
            .unwrap();
        assert_eq!((value(2), value(3)), (vec![2], vec![3]));
        insert(&w, 6, 20);
        assert_eq!(rows(&reader), 25);
        assert_eq!(integrity(&reader), "ok");
    }

    #[test]
    fn spilled_and_oversized_transactions_commit_or_roll_back_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let w = writer(&path);
        // A tiny page cache makes SQLite write frames before the commit.
        w.execute_batch("PRAGMA cache_size = 8").unwrap();
        let reader = conn::open_reader(&path).unwrap();

        w.execute_batch("BEGIN").unwrap();
        insert(&w, 1, 600);
        // The connection reads its own spilled frames back correctly.
        assert_eq!(rows(&w), 600);
        w.execute_batch("ROLLBACK").unwrap();
        assert_eq!(rows(&reader), 0);

        // 600 pages are more than the buffer holds: several writes, one commit.
        let writes = writes_reaching_wal(&w).unwrap();
        insert(&w, 1, 600);
        assert!(writes_reaching_wal(&w).unwrap() - writes > 1);
        assert_eq!(rows(&reader), 600);
        w.execute_batch("UPDATE t SET b = randomblob(3000) WHERE id % 7 = 0")
            .unwrap();
        assert_eq!(rows(&reader), 600);
        assert_eq!(integrity(&reader), "ok");
        let (busy, _, _): (i64, i64, i64) = w
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .unwrap();
        assert_eq!(busy, 0);
        insert(&w, 601, 10);
        assert_eq!(rows(&reader), 610);
        assert_eq!(integrity(&w), "ok");
    }

    /// Set in the child processes `a_killed_process_keeps_every_commit` starts:
    /// the database, then what the child does last before it dies.
    const CHILD: &str = "M3SHD_WAL_WRITES_CHILD";

    /// What a child does before it dies: commits, then either a transaction
    /// left open with frames spilled and held, or a transaction that makes
    /// SQLite rewrite frames in place.
    fn child(db: &str, last: &str) -> ! {
        let w = writer(std::path::Path::new(db));
        w.execute_batch("PRAGMA cache_size = 8").unwrap();
        for round in 0..5 {
            insert(&w, round * 30 + 1, 30);
        }
        w.execute_batch("BEGIN").unwrap();
        insert(&w, 500, 100);
        if last == "rewrite" {
            // Pages it already spilled, changed again: SQLite overwrites
            // those frames in place and, after the commit frame, rewrites
            // the checksums of every frame from there on. Nothing touches
            // the WAL after that before the process dies.
            w.execute_batch(
                "UPDATE t SET b = randomblob(3000) WHERE id BETWEEN 500 AND 520; COMMIT",
            )
            .unwrap();
        }
        std::process::abort();
    }

    #[test]
    fn a_killed_process_keeps_every_commit() {
        if let Ok(spec) = std::env::var(CHILD)
            && let Some((db, last)) = spec.split_once('|')
        {
            child(db, last);
        }
        for (last, kept) in [("open", 150), ("rewrite", 250)] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("db");
            let out = std::process::Command::new(std::env::current_exe().unwrap())
                .args([
                    "--exact",
                    "store::sqlite::wal_writes::tests::a_killed_process_keeps_every_commit",
                    "--nocapture",
                ])
                .env(CHILD, format!("{}|{last}", path.display()))
                .output()
                .unwrap();
            assert!(!out.status.success(), "the child was to die");
            let w = writer(&path);
            assert_eq!(rows(&w), kept, "{last}");
            assert_eq!(integrity(&w), "ok");
            insert(&w, 1000, 5);
            assert_eq!(rows(&conn::open_reader(&path).unwrap()), kept + 5);
        }
    }
}
