//! External plugins: `NAME` (executable) + `NAME.json` (manifest) in the
//! plugins dir. The input goes to stdin as JSON; stdout must be JSON. A
//! plugin that runs too long is killed; output over the cap is refused.
//! Errors name the plugin, never a filesystem path.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use m3shd_api::{PluginInfo, PluginKind};
use serde::Deserialize;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Bytes of stdout a plugin may print at most.
pub const MAX_OUTPUT_BYTES: usize = 1024 * 1024;

#[derive(Deserialize)]
struct Manifest {
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    input_schema: Value,
}

/// A valid plugin name: `[a-z0-9_-]`, 1–64 characters.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// The plugins found in `dir` (an absent dir holds none), by name. A
/// manifest whose name differs from its file, or without an executable
/// next to it, is skipped with a warning.
pub fn discover(dir: &Path) -> Vec<(PluginInfo, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if !valid_name(stem) {
            continue;
        }
        let manifest = std::fs::read_to_string(&path)
            .ok()
            .and_then(|t| serde_json::from_str::<Manifest>(&t).ok());
        let Some(m) = manifest else {
            tracing::warn!(plugin = stem, "plugin manifest unreadable; skipped");
            continue;
        };
        let exe = dir.join(stem);
        if m.name != stem || !is_executable(&exe) {
            tracing::warn!(
                plugin = stem,
                "plugin manifest name mismatch or no executable; skipped"
            );
            continue;
        }
        out.push((
            PluginInfo {
                name: m.name,
                description: m.description,
                input_schema: m.input_schema,
                kind: PluginKind::External,
            },
            exe,
        ));
    }
    out.sort_by(|a, b| a.0.name.cmp(&b.0.name));
    out
}

/// Run the plugin `exe` named `name` with `input` on stdin.
pub async fn run(
    name: &str,
    exe: &Path,
    input: &Value,
    timeout: Duration,
) -> Result<Value, String> {
    // Absolute, so that the working directory below cannot change which
    // file runs (a relative plugins dir would otherwise break).
    let exe = std::fs::canonicalize(exe).map_err(|_| format!("plugin {name} is gone"))?;
    let mut cmd = tokio::process::Command::new(&exe);
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .process_group(0);
    if let Some(dir) = exe.parent() {
        cmd.current_dir(dir);
    }
    let mut child = cmd
        .spawn()
        .map_err(|_| format!("plugin {name} could not be started"))?;
    let pid = child.id();
    let body = serde_json::to_vec(input).unwrap_or_else(|_| b"null".to_vec());
    let mut stdin = child.stdin.take();
    let mut stdout = child.stdout.take();
    let work = async {
        if let Some(mut s) = stdin.take() {
            // A plugin that ignores its input may close stdin early.
            let _ = s.write_all(&body).await;
            let _ = s.shutdown().await;
        }
        let mut out = Vec::new();
        if let Some(s) = stdout.as_mut() {
            s.take(MAX_OUTPUT_BYTES as u64 + 1)
                .read_to_end(&mut out)
                .await
                .map_err(|_| format!("plugin {name}: cannot read its output"))?;
        }
        if out.len() > MAX_OUTPUT_BYTES {
            return Err(format!(
                "plugin {name} printed more than {MAX_OUTPUT_BYTES} bytes"
            ));
        }
        let status = child
            .wait()
            .await
            .map_err(|_| format!("plugin {name}: cannot wait for it"))?;
        Ok((status, out))
    };
    let result = tokio::time::timeout(timeout, work).await;
    let (status, out) = match result {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => {
            kill_group(pid);
            let _ = child.kill().await;
            return Err(e);
        }
        Err(_) => {
            kill_group(pid);
            let _ = child.kill().await;
            return Err(format!(
                "plugin {name} timed out after {} s and was killed",
                timeout.as_secs_f64()
            ));
        }
    };
    kill_group(pid);
    if !status.success() {
        return Err(match status.code() {
            Some(c) => format!("plugin {name} exited with status {c}"),
            None => format!("plugin {name} was killed by a signal"),
        });
    }
    serde_json::from_slice(&out).map_err(|_| format!("plugin {name} did not print JSON"))
}

/// Kill what the plugin left behind in its process group.
#[allow(unsafe_code)]
fn kill_group(pid: Option<u32>) {
    if let Some(pid) = pid.and_then(|p| i32::try_from(p).ok())
        && pid > 0
    {
        // SAFETY: kill(2) with a negative pid signals the process group
        // the plugin was started in (its own); no memory is involved.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }
}
