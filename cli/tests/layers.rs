//! The crates' dependency directions (ARCHITECTURE.md, "Crates and their
//! direction"), checked from the manifests themselves: a crate that gains a
//! dependency on a crate at its own level or above fails here, before the
//! shortcut can grow into a cycle of conventions.

// Tests may panic on what should not happen and convert small numbers freely.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::cast_lossless)]
#![allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
#![allow(clippy::cast_sign_loss)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Each workspace crate's level: a crate may depend only on crates of a
/// lower level. Adding a crate means placing it here.
const LEVELS: &[(&str, u8)] = &[
    ("m3shd-api", 0),
    ("m3shd-common", 1),
    ("m3shd-client", 2),
    ("m3shd-secrets", 2),
    ("m3shd-hub-core", 2),
    ("m3shd-commands", 3),
    ("m3shd-hubd", 3),
    ("m3shd-workerd", 3),
    ("m3shd-bridged", 4),
    ("m3shd-tui", 4),
    ("m3shd", 5),
    ("m3shd-test-support", 6),
];

/// Pairs that levels alone would allow but the design forbids: the worker,
/// bridge and dashboard talk to the hub over HTTP only.
const NEVER: &[(&str, &str)] = &[
    ("m3shd-workerd", "m3shd-hub-core"),
    ("m3shd-bridged", "m3shd-hub-core"),
    ("m3shd-tui", "m3shd-hub-core"),
    ("m3shd-client", "m3shd-hub-core"),
    ("m3shd-commands", "m3shd-hub-core"),
];

struct Manifest {
    name: String,
    /// Our crates among its `[dependencies]`.
    deps: Vec<String>,
    /// Our crates among its `[dev-dependencies]`.
    dev_deps: Vec<String>,
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("cli sits in the workspace")
        .to_path_buf()
}

fn ours(table: Option<&toml::Value>) -> Vec<String> {
    table
        .and_then(toml::Value::as_table)
        .map(|t| {
            t.keys()
                .filter(|k| k.starts_with("m3shd"))
                .cloned()
                .collect()
        })
        .unwrap_or_default()
}

fn manifests() -> Vec<Manifest> {
    let root = workspace_root();
    let text = std::fs::read_to_string(root.join("Cargo.toml")).expect("root manifest");
    let root_toml: toml::Table = toml::from_str(&text).expect("root manifest parses");
    let members = root_toml["workspace"]["members"]
        .as_array()
        .expect("workspace members");
    members
        .iter()
        .map(|m| {
            let dir = root.join(m.as_str().expect("member is a path"));
            let text = std::fs::read_to_string(dir.join("Cargo.toml")).expect("member manifest");
            let t: toml::Table = toml::from_str(&text).expect("member manifest parses");
            Manifest {
                name: t["package"]["name"].as_str().expect("name").to_owned(),
                deps: ours(t.get("dependencies")),
                dev_deps: ours(t.get("dev-dependencies")),
            }
        })
        .collect()
}

#[test]
fn every_crate_depends_only_on_crates_below_it() {
    let levels: BTreeMap<&str, u8> = LEVELS.iter().copied().collect();
    let mut wrong = Vec::new();
    for m in manifests() {
        let Some(&mine) = levels.get(m.name.as_str()) else {
            wrong.push(format!("{} has no level in LEVELS", m.name));
            continue;
        };
        for d in &m.deps {
            match levels.get(d.as_str()) {
                None => wrong.push(format!("{} depends on {d}, which has no level", m.name)),
                Some(&theirs) if theirs >= mine => wrong.push(format!(
                    "{} (level {mine}) depends on {d} (level {theirs})",
                    m.name
                )),
                Some(_) => {}
            }
            if NEVER.contains(&(m.name.as_str(), d.as_str())) {
                wrong.push(format!("{} must not depend on {d}", m.name));
            }
        }
        // Tests may start an in-process hub or a fake, but nothing builds
        // on the binaries' crate, not even a test.
        for d in &m.dev_deps {
            if d == "m3shd" {
                wrong.push(format!("{} has a dev-dependency on m3shd", m.name));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "dependency directions broken:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn every_member_has_a_level_and_no_level_is_stale() {
    let names: Vec<String> = manifests().into_iter().map(|m| m.name).collect();
    for (name, _) in LEVELS {
        assert!(
            names.iter().any(|n| n == name),
            "LEVELS names {name}, which is not a workspace member"
        );
    }
}
