//! State that survives a crash: small JSON files written whole (temp file,
//! fsync, rename, fsync of the directory), so a reader finds the old
//! content or the new one, never half of either.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Serialize;
use serde::de::DeserializeOwned;

pub(crate) const TMP_EXT: &str = "tmp";

pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// Replace `path` with `data`, durably.
pub fn write_atomic(path: &Path, data: &[u8]) -> io::Result<()> {
    let tmp = path.with_extension(TMP_EXT);
    {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(data)?;
        f.sync_all()?;
    }
    fs::rename(&tmp, path)?;
    if let Some(dir) = path.parent() {
        sync_dir(dir)?;
    }
    Ok(())
}

pub fn write_json<T: Serialize>(path: &Path, value: &T) -> io::Result<()> {
    let data = serde_json::to_vec_pretty(value).map_err(io::Error::other)?;
    write_atomic(path, &data)
}

/// The value in `path`; `None` when the file does not exist.
pub fn read_json<T: DeserializeOwned>(path: &Path) -> io::Result<Option<T>> {
    match fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "{} is damaged ({e}); move it away to start afresh",
                    path.display()
                ),
            )
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// A value kept in memory and on disk; every change is written before the
/// call returns.
pub struct Durable<T> {
    path: PathBuf,
    value: Mutex<T>,
}

impl<T: Serialize + DeserializeOwned + Default + Clone> Durable<T> {
    /// Load `path`, or start from the default when it does not exist.
    pub fn open(path: impl Into<PathBuf>) -> io::Result<Durable<T>> {
        let path = path.into();
        let value = read_json(&path)?.unwrap_or_default();
        Ok(Durable {
            path,
            value: Mutex::new(value),
        })
    }

    pub fn get(&self) -> T {
        match self.value.lock() {
            Ok(v) => v.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Change the value and write it; on a write error the change is undone.
    pub fn update<R>(&self, f: impl FnOnce(&mut T) -> R) -> io::Result<R> {
        let mut guard = match self.value.lock() {
            Ok(v) => v,
            Err(poisoned) => poisoned.into_inner(),
        };
        let before = guard.clone();
        let r = f(&mut guard);
        if let Err(e) = write_json(&self.path, &*guard) {
            *guard = before;
            return Err(e);
        }
        Ok(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_survive_a_reopen_and_damage_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let d: Durable<Vec<i64>> = Durable::open(&path).unwrap();
        assert!(d.get().is_empty());
        d.update(|v| v.push(7)).unwrap();
        drop(d);
        let d: Durable<Vec<i64>> = Durable::open(&path).unwrap();
        assert_eq!(d.get(), vec![7]);
        assert!(!path.with_extension(TMP_EXT).exists());
        std::fs::write(&path, b"{not json").unwrap();
        let err = Durable::<Vec<i64>>::open(&path).err().unwrap();
        assert!(err.to_string().contains("damaged"), "{err}");
    }
}
