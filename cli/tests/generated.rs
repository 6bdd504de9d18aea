//! The committed man pages (`man/`) and shell completions
//! (`shell-completions/`) match what the current clap trees generate.
//! When this fails, run `scripts/regenerate` and commit the result.

// Tests may panic on what should not happen and convert small numbers freely.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::cast_lossless)]
#![allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
#![allow(clippy::cast_sign_loss)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const REGENERATE: &str = "scripts/regenerate";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("cli/ has a parent")
        .to_path_buf()
}

fn m3shd(args: &[&str]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_m3shd"))
        .args(args)
        .env_remove("M3SHD_HUB")
        .env_remove("M3SHD_TOKEN")
        .output()
        .expect("run m3shd");
    assert!(
        out.status.success(),
        "m3shd {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut map = BTreeMap::new();
    let Ok(rd) = std::fs::read_dir(dir) else {
        return map;
    };
    for e in rd {
        let e = e.expect("dir entry");
        let name = e.file_name().to_string_lossy().into_owned();
        map.insert(name, std::fs::read(e.path()).expect("read file"));
    }
    map
}

fn compare(what: &str, committed: &BTreeMap<String, Vec<u8>>, fresh: &BTreeMap<String, Vec<u8>>) {
    let mut problems = Vec::new();
    for (name, body) in fresh {
        match committed.get(name) {
            None => problems.push(format!("missing: {what}/{name}")),
            Some(old) if old != body => problems.push(format!("stale: {what}/{name}")),
            Some(_) => {}
        }
    }
    for name in committed.keys().filter(|n| !fresh.contains_key(*n)) {
        problems.push(format!("no longer generated: {what}/{name}"));
    }
    assert!(
        problems.is_empty(),
        "the committed {what}/ is out of date:\n  {}\nregenerate with `{REGENERATE}` and commit the result",
        problems.join("\n  ")
    );
}

#[test]
fn man_pages_are_up_to_date() {
    let tmp = tempfile::tempdir().expect("tempdir");
    m3shd(&["man", "--out", tmp.path().to_str().expect("utf-8 path")]);
    let fresh = files(tmp.path());
    for page in [
        "m3shd.1",
        "m3shd-do.1",
        "m3shd-hubd.1",
        "m3shd-workerd.1",
        "m3shd-doctor.1",
    ] {
        assert!(fresh.contains_key(page), "{page} was not generated");
    }
    compare("man", &files(&repo().join("man")), &fresh);
}

#[test]
fn completions_are_up_to_date() {
    let mut fresh = BTreeMap::new();
    for (shell, file) in [
        ("bash", "m3shd.bash"),
        ("zsh", "_m3shd"),
        ("fish", "m3shd.fish"),
        ("elvish", "m3shd.elv"),
        ("powershell", "_m3shd.ps1"),
    ] {
        let script = m3shd(&["completions", shell]);
        assert!(
            String::from_utf8_lossy(&script).contains("doctor"),
            "{shell} completions lack subcommands"
        );
        fresh.insert(file.to_string(), script);
    }
    compare(
        "shell-completions",
        &files(&repo().join("shell-completions")),
        &fresh,
    );
}
