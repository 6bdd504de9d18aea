//! A directory of JSON files, one per name (`<name>.json`), each written
//! whole. A file that cannot be read back is renamed `<name>.corrupt`,
//! kept for the operator, and skipped.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::file::{TEMP_EXT, replace, sync_dir, to_json};

const EXT: &str = "json";

/// A directory of JSON files. Its methods do blocking file I/O (with
/// fsync).
#[derive(Debug, Clone)]
pub struct JsonDir {
    dir: PathBuf,
    owner_only: bool,
}

impl JsonDir {
    /// Open (creating) `dir`, removing the temporary files of writes a
    /// crash cut short.
    pub fn open(dir: impl Into<PathBuf>) -> io::Result<JsonDir> {
        let dir = dir.into();
        fs::create_dir_all(&dir)?;
        Self::tidy(JsonDir {
            dir,
            owner_only: false,
        })
    }

    /// [`JsonDir::open`] for what only this user may read: the dir is kept
    /// 0700 and every file in it 0600, closing up ones left open before.
    pub fn open_private(dir: impl Into<PathBuf>) -> io::Result<JsonDir> {
        let dir = dir.into();
        crate::private_fs::secure_dir(&dir)?;
        Self::tidy(JsonDir {
            dir,
            owner_only: true,
        })
    }

    fn tidy(self) -> io::Result<JsonDir> {
        for entry in fs::read_dir(&self.dir)? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == TEMP_EXT) {
                let _ = fs::remove_file(&path);
            } else if self.owner_only && path.is_file() {
                crate::private_fs::restrict(&path)?;
            }
        }
        Ok(self)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where `name`'s file is (whether or not it exists).
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(format!("{name}.{EXT}"))
    }

    /// Durably store `value` under `name`, replacing what was there;
    /// returns the file's path.
    pub fn write<T: Serialize>(&self, name: &str, value: &T) -> io::Result<PathBuf> {
        let path = self.path(name);
        replace(&path, &to_json(value)?, self.owner_only)?;
        Ok(path)
    }

    /// The names stored, in the order of their file names.
    pub fn names(&self) -> io::Result<Vec<String>> {
        let mut files: Vec<String> = fs::read_dir(&self.dir)?
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|f| Path::new(f).extension().is_some_and(|e| e == EXT))
            .collect();
        files.sort();
        Ok(files
            .into_iter()
            .map(|f| f[..f.len() - EXT.len() - 1].to_string())
            .collect())
    }

    /// The value stored under `name`: `None` when there is none, or when it
    /// cannot be read back (it is then set aside as `<name>.corrupt`).
    pub fn read<T: DeserializeOwned>(&self, name: &str) -> Option<T> {
        let path = self.path(name);
        let read = fs::read(&path)
            .and_then(|bytes| serde_json::from_slice(&bytes).map_err(io::Error::other));
        match read {
            Ok(value) => Some(value),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(error) => {
                match self.set_aside(name, "corrupt") {
                    Ok(kept) => tracing::error!(file = %path.display(), kept = %kept.display(),
                        %error, "unreadable file set aside"),
                    Err(e) => tracing::error!(file = %path.display(), %error,
                        "unreadable file skipped; it cannot be set aside: {e}"),
                }
                None
            }
        }
    }

    /// Forget `name`; a name that is not there is fine.
    pub fn remove(&self, name: &str) -> io::Result<()> {
        match fs::remove_file(self.path(name)) {
            Ok(()) => sync_dir(&self.dir),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Rename `name`'s file to `<name>.<ext>`, out of the listing but kept
    /// beside it; returns the new path.
    pub fn set_aside(&self, name: &str, ext: &str) -> io::Result<PathBuf> {
        let to = self.path(name).with_extension(ext);
        fs::rename(self.path(name), &to)?;
        sync_dir(&self.dir)?;
        Ok(to)
    }

    /// Move `name`'s file to `to`, in another directory.
    pub fn move_out(&self, name: &str, to: &Path) -> io::Result<()> {
        fs::rename(self.path(name), to)?;
        sync_dir(&self.dir)?;
        match to.parent() {
            Some(dir) => sync_dir(dir),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_listed_by_name_and_damaged_ones_set_aside() {
        let dir = tempfile::tempdir().unwrap();
        let d = JsonDir::open(dir.path().join("q")).unwrap();
        d.write("b", &2).unwrap();
        assert_eq!(d.write("a", &1).unwrap(), dir.path().join("q/a.json"));
        fs::write(d.path("c"), b"{oops").unwrap();
        fs::write(d.dir().join("notes.txt"), b"").unwrap();
        assert_eq!(d.names().unwrap(), ["a", "b", "c"]);
        assert_eq!(d.read::<i32>("a"), Some(1));
        assert_eq!(d.read::<i32>("c"), None);
        assert!(d.dir().join("c.corrupt").exists());
        assert_eq!(d.read::<i32>("nope"), None);
        assert_eq!(d.names().unwrap(), ["a", "b"]);

        d.remove("a").unwrap();
        d.remove("a").unwrap();
        assert_eq!(
            d.set_aside("b", "rejected").unwrap(),
            d.dir().join("b.rejected")
        );
        assert!(d.names().unwrap().is_empty());
    }

    #[test]
    fn crash_leftovers_are_removed_on_open() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("half-2.tmp"), b"{\"task_id\":").unwrap();
        fs::write(dir.path().join("kept.json"), b"1").unwrap();
        let d = JsonDir::open(dir.path()).unwrap();
        assert!(!dir.path().join("half-2.tmp").exists());
        assert_eq!(d.names().unwrap(), ["kept"]);
    }

    #[test]
    fn files_move_out_to_another_directory() {
        let dir = tempfile::tempdir().unwrap();
        let d = JsonDir::open(dir.path().join("q")).unwrap();
        d.write("1", &"x").unwrap();
        let failed = dir.path().join("failed");
        fs::create_dir(&failed).unwrap();
        d.move_out("1", &failed.join("then-1.json")).unwrap();
        assert!(failed.join("then-1.json").exists());
        assert!(d.names().unwrap().is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_private_dir_keeps_its_files_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("outbox");
        let d = JsonDir::open_private(&path).unwrap();
        let file = d.write("t", &1).unwrap();
        assert_eq!((mode(&path), mode(&file)), (0o700, 0o600));
        fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).unwrap();
        JsonDir::open_private(&path).unwrap();
        assert_eq!(mode(&file), 0o600);
    }
}
