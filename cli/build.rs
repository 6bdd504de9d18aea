//! Links the hub with its code layout: the functions an idle hub runs sit
//! together at the start of its code, so the pages it keeps mapped while idle
//! hold little else (ARCHITECTURE.md, "Memory"). `scripts/code-layout`
//! regenerates the list. Only ELF linkers (GNU ld, lld) read linker scripts;
//! `M3SHD_CODE_LAYOUT=off` links without it.

use std::env;
use std::path::Path;

const SCRIPT: &str = "layout/m3shd-hubd.ld";

fn main() {
    println!("cargo:rerun-if-changed={SCRIPT}");
    println!("cargo:rerun-if-env-changed=M3SHD_CODE_LAYOUT");
    let linux = env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    let off = env::var("M3SHD_CODE_LAYOUT").is_ok_and(|v| v == "off");
    let Ok(dir) = env::var("CARGO_MANIFEST_DIR") else {
        return;
    };
    let script = Path::new(&dir).join(SCRIPT);
    if linux && !off && script.is_file() {
        // Two arguments, so a comma in the path is not taken for a separator.
        println!("cargo:rustc-link-arg-bin=m3shd-hubd=-Xlinker");
        println!(
            "cargo:rustc-link-arg-bin=m3shd-hubd=--script={}",
            script.display()
        );
    }
}
