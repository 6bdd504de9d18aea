//! Changing a webhook in place: its id stays, so the URL the other system
//! calls keeps working (unless the kind changes, which moves it to that
//! kind's route); its secret stays until it is rotated, and a rotated
//! secret is shown once, like a new webhook's.

use m3shd_api::{CreatedWebhook, UpdateWebhook, WEBHOOK_SECRET_PREFIX, Webhook};

use super::super::identity::new_secret;
use super::super::{DomainError, Hub};
use super::{check_key, check_name, dispatchable, name_taken, not_found, to_wire};
use crate::store::StoreError;

impl Hub {
    /// Change what is given of webhook `key` (an id or a name). A change
    /// to the template, the kind or the mappings must leave it
    /// dispatchable: the template exists and every variable it uses is
    /// filled. A new name alone is not checked against the template.
    pub async fn update_webhook(
        &self,
        key: &str,
        req: UpdateWebhook,
    ) -> Result<Webhook, DomainError> {
        check_key(key)?;
        if let Some(name) = &req.name {
            check_name(name)?;
        }
        let key = key.to_string();
        self.write(move |cx| {
            let mut row = cx.tx.webhooks().get(&key)?.ok_or_else(|| not_found(&key))?;
            if req.is_empty() {
                return Ok(to_wire(row));
            }
            let retarget = req.template.is_some() || req.kind.is_some() || req.variables.is_some();
            if let Some(kind) = req.kind {
                row.kind = kind;
            }
            if let Some(mappings) = req.variables {
                row.variables = mappings;
            }
            if retarget {
                let template = req.template.as_deref().unwrap_or(&row.template);
                row.template = dispatchable(&*cx.tx, template, row.kind, &row.variables)?;
            }
            if let Some(name) = req.name {
                row.name = name;
            }
            match cx.tx.webhooks().update(&row) {
                Err(StoreError::Duplicate(_)) => Err(name_taken(&row.name)),
                Ok(false) => Err(not_found(&key)),
                other => {
                    other?;
                    Ok(to_wire(row))
                }
            }
        })
        .await
    }

    /// Give webhook `key` a new secret; the old one stops working at once.
    /// The answer holds the new secret, which the hub never shows again.
    pub async fn rotate_webhook_secret(&self, key: &str) -> Result<CreatedWebhook, DomainError> {
        check_key(key)?;
        let key = key.to_string();
        self.write(move |cx| {
            let row = cx.tx.webhooks().get(&key)?.ok_or_else(|| not_found(&key))?;
            let secret = new_secret(WEBHOOK_SECRET_PREFIX);
            if !cx.tx.webhooks().set_secret(&row.id, &secret)? {
                return Err(not_found(&key));
            }
            Ok(CreatedWebhook {
                secret,
                webhook: to_wire(row),
            })
        })
        .await
    }
}
