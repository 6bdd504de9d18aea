//! Third-party API keys (`m3shd_key_…`): minting, listing, revoking, and
//! admitting a request made with one (rate limit and daily cap).

use m3shd_api::{
    API_KEY_PREFIX, ApiKeyInfo, CreateApiKeyRequest, CreatedApiKey, Grant, is_valid_name,
};

use super::credentials::check_grantable;
use super::identity::{Principal, new_credential_id, new_secret, secret_hash};
use super::key_meter::{Refusal, day_of};
use super::{DomainError, Hub};
use crate::store::StoreError;

pub const MAX_RATE_PER_MINUTE: u32 = 100_000;
pub const MAX_DAILY_CAP: u32 = 100_000_000;

fn check_limits(req: &CreateApiKeyRequest) -> Result<(), DomainError> {
    if !is_valid_name(&req.name) {
        return Err(DomainError::Validation(format!(
            "key name `{}` must be 1-64 characters of [a-z0-9_.-]",
            req.name.escape_debug()
        )));
    }
    if !(1..=MAX_RATE_PER_MINUTE).contains(&req.rate_limit_per_minute) {
        return Err(DomainError::Validation(format!(
            "rate_limit_per_minute must be between 1 and {MAX_RATE_PER_MINUTE}"
        )));
    }
    if !(1..=MAX_DAILY_CAP).contains(&req.daily_cap) {
        return Err(DomainError::Validation(format!(
            "daily_cap must be between 1 and {MAX_DAILY_CAP}"
        )));
    }
    Ok(())
}

impl Hub {
    /// Mint a key; the secret is in the answer and nowhere else.
    pub async fn create_api_key(
        &self,
        req: CreateApiKeyRequest,
        minter: &Principal,
    ) -> Result<CreatedApiKey, DomainError> {
        check_limits(&req)?;
        let grant = Grant {
            role: req.role,
            permissions: req.permissions,
        };
        let permissions = grant.resolve();
        check_grantable(minter, permissions)?;
        let by = minter.label();
        self.write(move |cx| {
            let key = new_secret(API_KEY_PREFIX);
            let info = ApiKeyInfo {
                id: new_credential_id("key-"),
                name: req.name,
                role: req.role,
                permissions,
                rate_limit_per_minute: req.rate_limit_per_minute,
                daily_cap: req.daily_cap,
                usage_today: 0,
                usage_total: 0,
                last_used_at: None,
                created_at: cx.tx.now(),
                created_by: by,
                revoked_at: None,
            };
            match cx.tx.api_keys().insert(&secret_hash(&key), &info) {
                Err(StoreError::Duplicate(_)) => Err(DomainError::Conflict(format!(
                    "a key named {} already exists",
                    info.name
                ))),
                other => {
                    other?;
                    Ok(CreatedApiKey { key, info })
                }
            }
        })
        .await
    }

    /// Every key, with usage including what is counted but not yet written.
    pub fn api_keys(&self) -> Result<Vec<ApiKeyInfo>, DomainError> {
        let now = self.clock.now();
        let rows = self.read(|r| Ok(r.api_keys().list()?))?;
        Ok(rows
            .into_iter()
            .map(|row| {
                let (today, total, last) = self.keys.usage(&row, now);
                ApiKeyInfo {
                    usage_today: today,
                    usage_total: total,
                    last_used_at: last,
                    ..row.info
                }
            })
            .collect())
    }

    /// Revoke a key: the next request presenting it is refused.
    pub async fn revoke_api_key(&self, id: &str) -> Result<(), DomainError> {
        let key_id = id.to_string();
        self.write(move |cx| {
            if cx.tx.api_keys().revoke(&key_id)? {
                Ok(())
            } else if cx.tx.api_keys().exists(&key_id)? {
                Err(DomainError::Conflict(format!(
                    "key {key_id} is already revoked"
                )))
            } else {
                Err(DomainError::NotFound(format!("no key {key_id}")))
            }
        })
        .await?;
        self.keys.forget(id);
        Ok(())
    }

    /// The principal of a live API key, after counting this request against
    /// its minute and its day; None when the key is unknown or revoked.
    pub fn resolve_api_key(&self, secret: &str) -> Result<Option<Principal>, DomainError> {
        let hash = secret_hash(secret);
        let Some(row) = self.store.read(|r| r.api_keys().by_hash(&hash))? else {
            return Ok(None);
        };
        let info = &row.info;
        match self.keys.admit(&row, self.clock.now()) {
            Ok(()) => Ok(Some(Principal::ApiKey {
                key_id: info.id.clone(),
                name: info.name.clone(),
                permissions: info.permissions,
            })),
            Err(Refusal::RateLimited { retry_after }) => Err(DomainError::RateLimited {
                message: format!(
                    "key {} is over its limit of {} requests per minute",
                    info.name, info.rate_limit_per_minute
                ),
                retry_after,
            }),
            Err(Refusal::DailyCap { retry_after }) => Err(DomainError::RateLimited {
                message: format!(
                    "key {} has used its daily cap of {} requests (resets at 00:00 UTC)",
                    info.name, info.daily_cap
                ),
                retry_after,
            }),
        }
    }

    /// Write the usage counted since the last flush.
    pub async fn flush_key_usage(&self) -> Result<usize, DomainError> {
        let _one_at_a_time = self.flush_lock.lock().await;
        let batch = self.keys.unflushed();
        if batch.is_empty() {
            return Ok(0);
        }
        let rows = batch.clone();
        let stored = self
            .write(move |cx| {
                for inc in &rows {
                    cx.tx
                        .api_keys()
                        .add_usage(&inc.key_id, &inc.day, inc.n, inc.last_used)?;
                }
                Ok(cx.tx.api_keys().list()?)
            })
            .await?;
        let today = day_of(self.clock.now());
        self.keys.flushed(&batch, &today);
        self.keys.rebase(&stored, &today);
        Ok(batch
            .iter()
            .map(|i| m3shd_common::num::u64_to_usize(i.n))
            .sum())
    }
}
