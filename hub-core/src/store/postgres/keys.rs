//! Replicas must share their encryption keys: a memory one sealed is read
//! by another. The first replica seals a probe value into the database; a
//! replica whose key ring cannot open it refuses to start, before it seals
//! anything the others could not read.

use super::db::{Db, col};
use crate::crypto::KeyRing;
use crate::store::error::StoreError;

const PROBE: &str = "m3shd replica key probe";

pub(super) fn agree(db: &Db, ring: &KeyRing) -> Result<(), StoreError> {
    let sealed = ring.encrypt(PROBE);
    db.execute(
        "INSERT INTO replica_keys (kind, value) VALUES ('encryption', $1) \
         ON CONFLICT (kind) DO NOTHING",
        &[&sealed],
    )?;
    let row = db.query_one(
        "SELECT value FROM replica_keys WHERE kind = 'encryption'",
        &[],
    )?;
    let recorded: String = col(&row, 0)?;
    match ring.decrypt(&recorded) {
        Ok(plain) if plain == PROBE => Ok(()),
        _ => Err(StoreError::Keys(
            "this hub's encryption keys cannot open what the other hubs on this database \
             sealed; give every replica the same keys (M3SHD_ENCRYPTION_KEYS or the \
             encryption.keys file), oldest first"
                .into(),
        )),
    }
}
