//! Code and constants the hub no longer uses stop counting against it.
//!
//! The hub's own program is mapped from its file. Start-up (argument
//! parsing, migrations, the route table, key loading, the dynamic loader's
//! relocation tables) reads parts of it a serving hub never touches again,
//! and the kernel maps 64 KiB around each page it faults in, so an idle hub
//! kept about 18 MB of its binary mapped: three quarters of its resident
//! set, against 4–5 MB of heap. Mapped executable pages are also the last
//! ones the kernel reclaims under memory pressure.
//!
//! [`release`] drops this process's mappings of those pages (`madvise`
//! `MADV_DONTNEED`). The pages stay in the page cache, so what runs again
//! costs one minor fault per 64 KiB, no disk read; the rest is plain page
//! cache the kernel can reclaim first. After it, the resident set counts
//! what the hub used since, not what start-up once read.
//!
//! Only the program's own read-only mappings (code, constants, unwind
//! tables, relocation tables) qualify, and only while they hold no private
//! (copy-on-write) page, resident or swapped out: dropping a private page
//! would bring back the file's bytes in its place. That rules out the
//! relocated read-only data (`.data.rel.ro`): the loader writes every page
//! of it before making it read-only, so its pages are private, and dropping
//! them would crash the process (seen when tried on another process).
//!
//! The code an idle hub runs comes back within seconds, 64 KiB per page it
//! touches; the hub's code layout keeps that code together so little else
//! comes with it (ARCHITECTURE.md, "Memory"). Measured on the release build
//! a minute into idling: 8.1–8.7 MB of the binary mapped (11.7–12.9 MB
//! without the layout), against 18.5 MB after a burst of tasks.
//!
//! Only Linux reports mappings this way; elsewhere [`release`] does nothing.
#![cfg_attr(not(target_os = "linux"), allow(dead_code))]

/// One mapping to drop: its start address and length in bytes.
#[derive(Debug, PartialEq, Eq)]
pub struct Range {
    pub start: usize,
    pub len: usize,
}

/// The read-only mappings of `exe` in `/proc/self/smaps` text (code or
/// data, not writable) that hold no private page, resident or swapped out.
pub fn clean_ranges(smaps: &str, exe: &str) -> Vec<Range> {
    let mut out = Vec::new();
    // The mapping whose fields are being read, if it qualifies so far.
    let mut current: Option<Reading> = None;
    for line in smaps.lines() {
        if let Some(header) = mapping_header(line) {
            if let Some(done) = current.take() {
                out.extend(done.clean());
            }
            current = header
                .filter(|h| h.path == exe && read_only(h.perms))
                .map(|h| Reading {
                    range: h.range,
                    anonymous_kb: None,
                    swap_kb: None,
                });
        } else if let Some(reading) = current.as_mut() {
            if let Some(rest) = line.strip_prefix("Anonymous:") {
                reading.anonymous_kb = kb(rest);
            } else if let Some(rest) = line.strip_prefix("Swap:") {
                reading.swap_kb = kb(rest);
            }
        }
    }
    if let Some(done) = current {
        out.extend(done.clean());
    }
    out
}

/// A qualifying mapping whose fields are being read.
struct Reading {
    range: Range,
    anonymous_kb: Option<u64>,
    swap_kb: Option<u64>,
}

impl Reading {
    /// The range, when the kernel said it holds no private page; a field
    /// missing or unreadable keeps the mapping.
    fn clean(self) -> Option<Range> {
        (self.anonymous_kb == Some(0) && self.swap_kb == Some(0)).then_some(self.range)
    }
}

/// Readable, never writable, private: `r--p` or `r-xp`.
fn read_only(perms: &str) -> bool {
    perms.starts_with("r-") && perms.ends_with('p')
}

/// A size field's value (`   12 kB`).
fn kb(field: &str) -> Option<u64> {
    field.trim().strip_suffix("kB")?.trim().parse().ok()
}

struct Header<'a> {
    range: Range,
    perms: &'a str,
    path: &'a str,
}

/// `Some(..)` for a mapping's first line (`Some(None)` when it cannot be
/// read), `None` for a field line.
fn mapping_header(line: &str) -> Option<Option<Header<'_>>> {
    let (addrs, rest) = line.split_once(' ')?;
    let (start, end) = addrs.split_once('-')?;
    let start = usize::from_str_radix(start, 16).ok()?;
    let end = usize::from_str_radix(end, 16).ok()?;
    // perms, offset, device, inode, then the path (which may hold spaces).
    let mut fields = rest.trim_start().splitn(5, ' ');
    let perms = fields.next().unwrap_or("");
    let path = fields.nth(3).map_or("", str::trim_start);
    Some((end > start).then_some(Header {
        range: Range {
            start,
            len: end - start,
        },
        perms,
        path,
    }))
}

/// Drop the clean read-only mappings of this program.
pub fn release() {
    #[cfg(target_os = "linux")]
    {
        let Ok(exe) = std::fs::read_link("/proc/self/exe") else {
            return;
        };
        let Ok(smaps) = std::fs::read_to_string("/proc/self/smaps") else {
            return;
        };
        for r in clean_ranges(&smaps, &exe.to_string_lossy()) {
            #[allow(unsafe_code)]
            // SAFETY: the range is a whole read-only mapping of our own file
            // with no private page (checked above), so dropping it loses nothing:
            // the next access reads the same bytes back from the page cache.
            let rc =
                unsafe { libc::madvise(r.start as *mut libc::c_void, r.len, libc::MADV_DONTNEED) };
            if rc != 0 {
                tracing::debug!(
                    error = %std::io::Error::last_os_error(),
                    "could not drop idle program pages"
                );
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXE: &str = "/usr/bin/m3shd hub/m3shd-hubd";

    fn smaps() -> String {
        format!(
            "\
55f000000000-55f000100000 r--p 00000000 fe:00 42                         {EXE}
Size:               1024 kB
Rss:                 512 kB
Anonymous:             0 kB
Swap:                  0 kB
55f000100000-55f000500000 r-xp 00100000 fe:00 42                         {EXE}
Size:               4096 kB
Anonymous:             0 kB
Swap:                  0 kB
VmFlags: rd ex mr mw me
55f000500000-55f000600000 r-xp 00500000 fe:00 42                         {EXE}
Anonymous:             4 kB
Swap:                  0 kB
55f000600000-55f000610000 r-xp 00600000 fe:00 42                         {EXE}
Anonymous:             0 kB
Swap:                  8 kB
55f000610000-55f000620000 rw-p 00610000 fe:00 42                         {EXE}
Anonymous:             0 kB
Swap:                  0 kB
55f000620000-55f000640000 r--p 00620000 fe:00 42                         {EXE}
Anonymous:           128 kB
Swap:                  0 kB
55f000640000-55f000650000 r-xp 00000000 fe:00 43                         /usr/lib/libc.so.6
Anonymous:             0 kB
Swap:                  0 kB
7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0                          [stack]
Anonymous:           132 kB
Swap:                  0 kB
"
        )
    }

    #[test]
    fn only_clean_read_only_pages_of_the_program_are_dropped() {
        // The constants and the code; not the code with a private page,
        // the swapped-out code, the writable data or the relocated
        // read-only data.
        assert_eq!(
            clean_ranges(&smaps(), EXE),
            vec![
                Range {
                    start: 0x55f0_0000_0000,
                    len: 0x10_0000
                },
                Range {
                    start: 0x55f0_0010_0000,
                    len: 0x40_0000
                }
            ]
        );
        assert_eq!(
            clean_ranges(&smaps(), "/usr/lib/libc.so.6"),
            vec![Range {
                start: 0x55f0_0064_0000,
                len: 0x1_0000
            }]
        );
    }

    #[test]
    fn a_mapping_the_kernel_says_too_little_about_is_kept() {
        assert!(clean_ranges(&smaps(), "/nowhere").is_empty());
        assert!(clean_ranges("garbage\n-\nAnonymous: 0 kB\n", EXE).is_empty());
        let no_swap_line =
            format!("55f000000000-55f000100000 r-xp 00000000 fe:00 42 {EXE}\nAnonymous: 0 kB\n");
        assert!(clean_ranges(&no_swap_line, EXE).is_empty());
        let unreadable = format!(
            "55f000000000-55f000100000 r-xp 00000000 fe:00 42 {EXE}\nAnonymous: x kB\nSwap: 0 kB\n"
        );
        assert!(clean_ranges(&unreadable, EXE).is_empty());
    }

    #[test]
    fn this_process_has_clean_pages_to_drop_and_runs_on() {
        if let (Ok(exe), Ok(smaps)) = (
            std::fs::read_link("/proc/self/exe"),
            std::fs::read_to_string("/proc/self/smaps"),
        ) {
            let exe = exe.to_string_lossy();
            let ranges = clean_ranges(&smaps, &exe);
            assert!(
                ranges.len() >= 2,
                "no clean code and constants mappings of {exe} found: {ranges:?}"
            );
            // Dropping them makes no page private: the same mappings are
            // clean afterwards, and this process runs on.
            release();
            let after = std::fs::read_to_string("/proc/self/smaps").expect("smaps");
            assert_eq!(clean_ranges(&after, &exe), ranges);
        }
    }
}
