//! Hubs sharing one database (replicas) must sign alike: a provenance chain
//! one replica signed is verified by any other. The first replica records a
//! fingerprint of its provenance key; a replica whose key differs refuses
//! to start instead of signing links nobody else can verify. (The store
//! checks the encryption keys the same way when it opens.)

use super::{DomainError, Hub};

const SETTING: &str = "replicas.provenance_fingerprint";

impl Hub {
    /// Record this hub's provenance key fingerprint, or check it against
    /// the one recorded.
    pub async fn agree_on_provenance_key(&self) -> Result<(), DomainError> {
        let mine = serde_json::Value::String(self.provenance.fingerprint()).to_string();
        self.store()
            .write(move |tx| match tx.settings().get(SETTING)? {
                Some(recorded) if recorded != mine => Err(DomainError::Conflict(
                    "this hub's provenance key differs from the one the other hubs on this \
                         database sign with; give every replica the same key \
                         (M3SHD_PROVENANCE_KEY or the provenance.key file)"
                        .into(),
                )),
                Some(_) => Ok(()),
                None => Ok(tx.settings().set(SETTING, &mine)?),
            })
            .await
    }
}
