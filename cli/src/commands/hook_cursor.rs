//! Where `m3shd hook prompt-submit` left off: the id of the last event it
//! has shown, one small file per hub in the CLI's state dir.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::exit::CliError;

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Cursor {
    hub: String,
    after: i64,
}

/// `DIR/hook/<hub>.json`; `DIR` is `state_dir` or the platform state dir
/// (`~/.local/state/m3shd`; `~/Library/Application Support/m3shd` on macOS,
/// which has no state dir).
pub fn path(state_dir: Option<&Path>, hub: &str) -> Result<PathBuf, CliError> {
    let dir = match state_dir {
        Some(d) => d.to_path_buf(),
        None => m3shd_common::dirs::state_dir()
            .ok_or_else(|| CliError::Usage("no home directory for the hook's state".into()))?,
    };
    Ok(dir.join("hook").join(format!("{}.json", file_name(hub))))
}

/// The hub URL as a file name: `http://127.0.0.1:8333` → `http-127.0.0.1-8333`.
fn file_name(hub: &str) -> String {
    let mut name = String::with_capacity(hub.len());
    for c in hub.trim_end_matches('/').chars() {
        let keep = c.is_ascii_alphanumeric() || c == '.';
        if keep {
            name.push(c.to_ascii_lowercase());
        } else if !name.ends_with('-') {
            name.push('-');
        }
    }
    name
}

/// The last event id shown for `hub`; None when there is no usable cursor
/// (first run, another hub's file, a file damaged by hand).
pub fn read(path: &Path, hub: &str) -> Option<i64> {
    let text = std::fs::read_to_string(path).ok()?;
    let c: Cursor = serde_json::from_str(&text).ok()?;
    (c.hub == hub).then_some(c.after)
}

/// Replace the cursor (write a temporary file, then rename over it, so a
/// run that is cut short leaves the old cursor, never half a file).
pub fn write(path: &Path, hub: &str, after: i64) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let body = serde_json::to_vec(&Cursor {
        hub: hub.to_string(),
        after,
    })?;
    let tmp = tempfile::NamedTempFile::new_in(dir)?;
    std::fs::write(tmp.path(), body)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_file_per_hub() {
        let d = Path::new("/s");
        let a = path(Some(d), "http://127.0.0.1:8333").unwrap();
        assert_eq!(a, Path::new("/s/hook/http-127.0.0.1-8333.json"));
        let b = path(Some(d), "https://hub.example:8333/").unwrap();
        assert_eq!(b, Path::new("/s/hook/https-hub.example-8333.json"));
    }

    #[test]
    fn round_trip_and_bad_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = path(Some(dir.path()), "http://h:1").unwrap();
        assert_eq!(read(&p, "http://h:1"), None);
        write(&p, "http://h:1", 42).unwrap();
        assert_eq!(read(&p, "http://h:1"), Some(42));
        assert_eq!(read(&p, "http://other:1"), None);
        write(&p, "http://h:1", 43).unwrap();
        assert_eq!(read(&p, "http://h:1"), Some(43));
        std::fs::write(&p, "{not json").unwrap();
        assert_eq!(read(&p, "http://h:1"), None);
    }
}
