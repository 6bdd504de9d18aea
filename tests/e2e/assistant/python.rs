//! The official Python MCP client (`mcp` from PyPI) in a virtualenv under
//! the target dir, made on first use and reused after. Never a skip: without
//! it the interop test fails and says why (`scripts/test` installs
//! python3-venv first).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

/// The client release the interop test was written against.
const MCP_PACKAGE: &str = "mcp==2.3.0";

/// The venv's python, with `mcp` importable.
pub fn mcp_python() -> PathBuf {
    static MAKING: Mutex<()> = Mutex::new(());
    let _one_at_a_time = MAKING.lock().unwrap_or_else(|e| e.into_inner());
    let venv = target_dir().join("mcp-interop-venv");
    let python = venv.join("bin").join("python");
    if has_mcp(&python) {
        return python;
    }
    // A venv left half made by an interrupted run is made again.
    let _ = std::fs::remove_dir_all(&venv);
    run(
        Command::new("python3").args(["-m", "venv"]).arg(&venv),
        "create a Python venv (needs python3 with venv/ensurepip: apt-get install python3-venv)",
    );
    run(
        Command::new(&python).args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            MCP_PACKAGE,
        ]),
        "install the Python MCP client from PyPI",
    );
    assert!(
        has_mcp(&python),
        "{} cannot import mcp after installing it",
        python.display()
    );
    python
}

/// `target/` (the parent of the profile dir holding the binaries).
fn target_dir() -> PathBuf {
    let bin = Path::new(env!("CARGO_BIN_EXE_m3shd"));
    bin.parent()
        .and_then(Path::parent)
        .expect("the binary lives in target/PROFILE/")
        .to_path_buf()
}

fn has_mcp(python: &Path) -> bool {
    python.exists()
        && Command::new(python)
            .args(["-c", "import mcp"])
            .output()
            .is_ok_and(|o| o.status.success())
}

fn run(cmd: &mut Command, what: &str) {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot {what}: {e}"));
    assert!(
        out.status.success(),
        "cannot {what}: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
