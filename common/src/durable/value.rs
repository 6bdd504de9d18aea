//! One value kept in memory and in its JSON file.

use std::io;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::file::{read_json, write_json};

/// A value whose every change is written before the call returns.
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

    fn lock(&self) -> MutexGuard<'_, T> {
        match self.value.lock() {
            Ok(v) => v,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    pub fn get(&self) -> T {
        self.lock().clone()
    }

    /// Change the value and write it; on a write error the change is undone.
    pub fn update<R>(&self, f: impl FnOnce(&mut T) -> R) -> io::Result<R> {
        let mut guard = self.lock();
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
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        std::fs::write(&path, b"{not json").unwrap();
        let err = Durable::<Vec<i64>>::open(&path).err().unwrap();
        assert!(err.to_string().contains("damaged"), "{err}");
    }

    #[test]
    fn a_change_that_cannot_be_written_is_undone() {
        let dir = tempfile::tempdir().unwrap();
        let d: Durable<Vec<i64>> = Durable::open(dir.path().join("gone/state.json")).unwrap();
        assert!(d.update(|v| v.push(1)).is_err());
        assert!(d.get().is_empty());
    }
}
