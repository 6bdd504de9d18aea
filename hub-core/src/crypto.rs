//! Encryption at rest for secrets the hub keeps (agent-memory values today;
//! webhook secrets and peer tokens use the same ring). A key ring: the newest
//! key encrypts, any key decrypts, so rotation never strands a row. Keys live
//! outside the database: `M3SHD_ENCRYPTION_KEYS` or `DATA_DIR/encryption.keys`
//! (0600, created on first start).

use std::io::Write;
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD as B64;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use rand::Rng;

use m3shd_common::private_fs;

pub const KEYS_ENV: &str = "M3SHD_ENCRYPTION_KEYS";
pub const KEYS_FILE: &str = "encryption.keys";
/// Marks a stored value as ciphertext: `enc1:<key id>:<base64 nonce‖ct>`.
const PREFIX: &str = "enc1:";
const NONCE_LEN: usize = 24;

/// The key ring cannot be loaded or changed.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The keys given cannot work; the message says how to fix it.
    #[error("{0}")]
    Invalid(String),
    #[error("{}: {source}", path.display())]
    File {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl KeyError {
    fn file(path: &Path) -> impl FnOnce(std::io::Error) -> KeyError + '_ {
        move |source| KeyError::File {
            path: path.to_path_buf(),
            source,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CryptoError {
    #[error("encrypted with key {0}, which is not in the key ring")]
    UnknownKey(String),
    #[error("ciphertext does not decrypt (tampered, or a wrong key with a reused id)")]
    Corrupt,
}

struct RingKey {
    id: String,
    cipher: XChaCha20Poly1305,
}

/// Where the keys came from, for rotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    Env,
    File(PathBuf),
}

/// Oldest first; the last key encrypts.
pub struct KeyRing {
    keys: Vec<RingKey>,
    source: KeySource,
}

impl std::fmt::Debug for KeyRing {
    // Ids only: key material is never printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ids: Vec<&str> = self.keys.iter().map(|k| k.id.as_str()).collect();
        f.debug_struct("KeyRing")
            .field("ids", &ids)
            .field("source", &self.source)
            .finish()
    }
}

fn parse_line(line: &str) -> Result<Option<(String, [u8; 32])>, String> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return Ok(None);
    }
    let (id, hex_key) = line
        .split_once(':')
        .ok_or_else(|| "each key is ID:HEX (64 hex digits)".to_string())?;
    let id = id.trim();
    if id.is_empty() || id.len() > 32 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(format!("key id `{id}` must be 1-32 letters or digits"));
    }
    let bytes = hex::decode(hex_key.trim()).map_err(|_| format!("key {id} is not hex"))?;
    let key: [u8; 32] = bytes
        .try_into()
        .map_err(|_| format!("key {id} must be 32 bytes (64 hex digits)"))?;
    Ok(Some((id.to_string(), key)))
}

fn new_key_line() -> String {
    let id: [u8; 4] = rand::rng().random();
    let key: [u8; 32] = rand::rng().random();
    format!("{}:{}", hex::encode(id), hex::encode(key))
}

impl KeyRing {
    /// Keys from `ID:HEX` entries separated by newlines or commas, oldest first.
    pub fn parse(text: &str, source: KeySource) -> Result<KeyRing, KeyError> {
        let mut keys: Vec<RingKey> = Vec::new();
        let entries = text
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .flat_map(|l| l.split(','));
        for entry in entries {
            let parsed = parse_line(entry)
                .map_err(|e| KeyError::Invalid(format!("encryption keys: {e}")))?;
            if let Some((id, key)) = parsed {
                if keys.iter().any(|k| k.id == id) {
                    return Err(KeyError::Invalid(format!(
                        "encryption keys: id {id} appears twice"
                    )));
                }
                keys.push(RingKey {
                    id,
                    cipher: XChaCha20Poly1305::new(Key::from_slice(&key)),
                });
            }
        }
        if keys.is_empty() {
            return Err(KeyError::Invalid("encryption keys: none given".into()));
        }
        Ok(KeyRing { keys, source })
    }

    /// The ring from `M3SHD_ENCRYPTION_KEYS`, else from the key file in
    /// `data_dir` (created with one fresh key if missing).
    pub fn load_or_create(data_dir: &Path) -> Result<KeyRing, KeyError> {
        if let Ok(v) = std::env::var(KEYS_ENV)
            && !v.trim().is_empty()
        {
            return KeyRing::parse(&v, KeySource::Env);
        }
        let path = data_dir.join(KEYS_FILE);
        if !path.exists() {
            let mut f = private_fs::create_new(&path).map_err(KeyError::file(&path))?;
            writeln!(
                f,
                "# m3shd encryption keys, oldest first; the last one encrypts"
            )?;
            writeln!(f, "{}", new_key_line())?;
            f.sync_all()?;
            tracing::info!(path = %path.display(), "created the encryption key file");
        }
        private_fs::warn_if_readable_by_others(&path);
        let text = std::fs::read_to_string(&path)?;
        KeyRing::parse(&text, KeySource::File(path))
    }

    pub fn source(&self) -> &KeySource {
        &self.source
    }

    pub fn ids(&self) -> Vec<String> {
        self.keys.iter().map(|k| k.id.clone()).collect()
    }

    fn newest(&self) -> &RingKey {
        // `parse` refuses an empty ring.
        &self.keys[self.keys.len() - 1]
    }

    pub fn newest_id(&self) -> &str {
        &self.newest().id
    }

    pub fn encrypt(&self, plaintext: &str) -> String {
        let key = self.newest();
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        // Encrypting into a Vec cannot fail for in-memory buffers.
        let ct = key
            .cipher
            .encrypt(&nonce, plaintext.as_bytes())
            .unwrap_or_default();
        let mut blob = Vec::with_capacity(NONCE_LEN + ct.len());
        blob.extend_from_slice(&nonce);
        blob.extend_from_slice(&ct);
        format!("{PREFIX}{}:{}", key.id, B64.encode(blob))
    }

    /// Plaintext of a stored value. A value without the marker is returned
    /// as it is: rows written before encryption existed stay readable until
    /// the next re-encryption pass turns them into ciphertext.
    pub fn decrypt(&self, stored: &str) -> Result<String, CryptoError> {
        let Some(rest) = stored.strip_prefix(PREFIX) else {
            return Ok(stored.to_string());
        };
        let (id, b64) = rest.split_once(':').ok_or(CryptoError::Corrupt)?;
        let key = self
            .keys
            .iter()
            .find(|k| k.id == id)
            .ok_or_else(|| CryptoError::UnknownKey(id.to_string()))?;
        let blob = B64.decode(b64).map_err(|_| CryptoError::Corrupt)?;
        if blob.len() < NONCE_LEN {
            return Err(CryptoError::Corrupt);
        }
        let (nonce, ct) = blob.split_at(NONCE_LEN);
        let pt = key
            .cipher
            .decrypt(XNonce::from_slice(nonce), ct)
            .map_err(|_| CryptoError::Corrupt)?;
        String::from_utf8(pt).map_err(|_| CryptoError::Corrupt)
    }

    /// Whether a stored value is ciphertext under the newest key already.
    pub fn is_current(&self, stored: &str) -> bool {
        stored
            .strip_prefix(PREFIX)
            .and_then(|r| r.split_once(':'))
            .is_some_and(|(id, _)| id == self.newest_id())
    }
}

/// Append a fresh key to the key file (atomically: temp file, fsync,
/// rename) and return the new ring. Old keys stay, so rows not yet
/// re-encrypted still decrypt.
pub fn add_key(ring: &KeyRing) -> Result<KeyRing, KeyError> {
    let KeySource::File(path) = ring.source() else {
        return Err(KeyError::Invalid(format!(
            "the keys come from {KEYS_ENV}: add a new ID:HEX entry at its end yourself \
             (e.g. `echo $(openssl rand -hex 4):$(openssl rand -hex 32)`), then run rotate-key"
        )));
    };
    let old = std::fs::read_to_string(path)?;
    let mut text = old.trim_end().to_string();
    text.push('\n');
    text.push_str(&new_key_line());
    text.push('\n');
    write_key_file(path, &text)?;
    KeyRing::parse(&text, KeySource::File(path.clone()))
}

/// Keep only the keys with these ids (after every row uses the newest).
pub fn prune_keys(ring: &KeyRing, keep: &[String]) -> Result<(), KeyError> {
    let KeySource::File(path) = ring.source() else {
        return Ok(());
    };
    let old = std::fs::read_to_string(path)?;
    let mut text = String::from("# m3shd encryption keys, oldest first; the last one encrypts\n");
    for line in old.lines() {
        if let Ok(Some((id, _))) = parse_line(line)
            && keep.contains(&id)
        {
            text.push_str(line.trim());
            text.push('\n');
        }
    }
    write_key_file(path, &text)
}

fn write_key_file(path: &Path, text: &str) -> Result<(), KeyError> {
    private_fs::write_atomic(path, text.as_bytes()).map_err(KeyError::file(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring(text: &str) -> KeyRing {
        KeyRing::parse(text, KeySource::Env).expect("ring")
    }

    const A: &str = "aaaa:0000000000000000000000000000000000000000000000000000000000000001";
    const B: &str = "bbbb:0000000000000000000000000000000000000000000000000000000000000002";

    #[test]
    fn newest_encrypts_any_decrypts() {
        let old = ring(A);
        let sealed = old.encrypt("the db password is hunter2");
        assert!(sealed.starts_with("enc1:aaaa:"));
        assert!(!sealed.contains("hunter2"));
        let rotated = ring(&format!("{A},{B}"));
        assert_eq!(
            rotated.decrypt(&sealed).unwrap(),
            "the db password is hunter2"
        );
        assert!(!rotated.is_current(&sealed));
        let resealed = rotated.encrypt("x");
        assert!(rotated.is_current(&resealed));
        // Without the old key the old row is refused, not garbled.
        assert!(matches!(
            ring(B).decrypt(&sealed),
            Err(CryptoError::UnknownKey(_))
        ));
    }

    #[test]
    fn tampering_and_legacy_plaintext() {
        let r = ring(A);
        let mut sealed = r.encrypt("value");
        // Change the last character (to one it is not: the random nonce
        // makes it anything).
        let last = sealed.pop();
        sealed.push(if last == Some('A') { 'B' } else { 'A' });
        assert!(matches!(r.decrypt(&sealed), Err(CryptoError::Corrupt)));
        assert_eq!(r.decrypt("plain old row").unwrap(), "plain old row");
    }

    #[test]
    fn bad_key_text_is_a_clear_error() {
        for bad in ["", "nohex", "id:1234", "a b:00", &format!("{A},{A}")] {
            let err = KeyRing::parse(bad, KeySource::Env).unwrap_err();
            assert!(err.to_string().contains("encryption keys"), "{bad}: {err}");
        }
    }

    #[test]
    fn key_file_is_created_private_and_rotation_appends() {
        let dir = tempfile::tempdir().expect("tempdir");
        let first = KeyRing::load_or_create(dir.path()).expect("create");
        let sealed = first.encrypt("kept");
        let second = add_key(&first).expect("rotate");
        assert_eq!(second.ids().len(), 2);
        assert_ne!(second.newest_id(), first.newest_id());
        let again = KeyRing::load_or_create(dir.path()).expect("reload");
        assert_eq!(again.decrypt(&sealed).unwrap(), "kept");
        prune_keys(&again, &[again.newest_id().to_string()]).expect("prune");
        let pruned = KeyRing::load_or_create(dir.path()).expect("reload");
        assert_eq!(pruned.ids(), vec![second.newest_id().to_string()]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(KEYS_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
