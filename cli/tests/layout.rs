//! The hub's code layout (`cli/layout/m3shd-hubd.ld`, ARCHITECTURE.md
//! "Memory"): the script stays a list of build-independent names, and the hub
//! binary is linked with it, the listed functions first in its code. When the
//! list is stale, run `scripts/code-layout` and commit the result.

// Tests may panic on what should not happen and convert small numbers freely.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::cast_possible_truncation
)]

use std::collections::BTreeSet;
use std::path::Path;

fn script() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("layout/m3shd-hubd.ld");
    std::fs::read_to_string(&path).expect("cli/layout/m3shd-hubd.ld")
}

/// The input-section patterns the script lists, in order.
fn patterns(script: &str) -> Vec<&str> {
    script
        .lines()
        .filter_map(|l| l.trim().strip_prefix("*(")?.strip_suffix(')'))
        .collect()
}

#[test]
fn the_layout_names_functions_without_what_changes_between_builds() {
    let script = script();
    assert!(
        script.contains(".text.hot :"),
        "no .text.hot output section"
    );
    assert!(
        script.trim_end().ends_with("INSERT BEFORE .text;"),
        "the script must only add to the linker's own layout"
    );
    let all = patterns(&script);
    assert!(all.len() > 500, "only {} functions listed", all.len());
    let unique: BTreeSet<_> = all.iter().collect();
    assert_eq!(unique.len(), all.len(), "a function is listed twice");
    let idle = script.find("/* idle */").expect("idle part");
    let working = script.find("/* working */").expect("working part");
    assert!(idle < working, "the idle functions come first");
    for p in &all {
        assert!(p.starts_with(".text."), "not a code section: {p}");
        // Legacy Rust hashes and ThinLTO suffixes differ between builds of
        // the same code; a name holding one would match nothing next time.
        let hashed = p
            .split("17h")
            .skip(1)
            .any(|rest| rest.len() > 16 && rest[..16].chars().all(|c| c.is_ascii_hexdigit()));
        assert!(!hashed, "a build hash in {p}");
        assert!(!p.contains(".llvm."), "a ThinLTO suffix in {p}");
        assert!(
            p.chars()
                .all(|c| c.is_ascii_alphanumeric() || "_.$*".contains(c)),
            "unexpected character in {p}"
        );
    }
}

/// One section header of an ELF64 little-endian file: its name, address
/// and size.
struct Section {
    name: String,
    addr: u64,
    size: u64,
}

fn u16_at(b: &[u8], at: usize) -> usize {
    usize::from(u16::from_le_bytes(b[at..at + 2].try_into().unwrap()))
}

fn u32_at(b: &[u8], at: usize) -> usize {
    u32::from_le_bytes(b[at..at + 4].try_into().unwrap()) as usize
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().unwrap())
}

fn sections(elf: &[u8]) -> Vec<Section> {
    assert_eq!(&elf[..4], b"\x7fELF", "not an ELF file");
    assert_eq!((elf[4], elf[5]), (2, 1), "not ELF64 little-endian");
    let shoff = u64_at(elf, 0x28) as usize;
    let (entsize, count, names) = (u16_at(elf, 0x3a), u16_at(elf, 0x3c), u16_at(elf, 0x3e));
    let header = |i: usize| &elf[shoff + i * entsize..shoff + (i + 1) * entsize];
    let strtab = u64_at(header(names), 24) as usize;
    (0..count)
        .map(|i| {
            let h = header(i);
            let start = strtab + u32_at(h, 0);
            let end = start + elf[start..].iter().position(|&c| c == 0).unwrap();
            Section {
                name: String::from_utf8_lossy(&elf[start..end]).into_owned(),
                addr: u64_at(h, 16),
                size: u64_at(h, 32),
            }
        })
        .collect()
}

#[test]
#[cfg(all(
    target_os = "linux",
    target_pointer_width = "64",
    target_endian = "little"
))]
fn the_hub_is_linked_with_its_listed_functions_first() {
    if std::env::var("M3SHD_CODE_LAYOUT").is_ok_and(|v| v == "off") {
        return;
    }
    let elf = std::fs::read(env!("CARGO_BIN_EXE_m3shd-hubd")).expect("read the hub binary");
    let all = sections(&elf);
    let find = |name: &str| all.iter().find(|s| s.name == name);
    let hot = find(".text.hot").expect("the hub has no .text.hot: linked without its layout");
    let text = find(".text").expect(".text");
    assert!(
        hot.size > 64 * 1024,
        "only {} bytes of listed code",
        hot.size
    );
    assert!(
        hot.addr < text.addr,
        "the listed functions are not first: .text.hot at {:#x}, .text at {:#x}",
        hot.addr,
        text.addr
    );
    // The other programs are linked as the linker lays them out.
    let cli = std::fs::read(env!("CARGO_BIN_EXE_m3shd")).expect("read the CLI binary");
    assert!(sections(&cli).iter().all(|s| s.name != ".text.hot"));
}
