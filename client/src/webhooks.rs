//! Webhook administration. Deliveries are made by the systems that call
//! the webhooks, not through this client.

use m3shd_api::{CreateWebhook, CreatedWebhook, UpdateWebhook, Webhook, WebhookList};
use reqwest::Method;

use crate::http::seg;
use crate::{Client, ClientError};

impl Client {
    /// Every webhook, by name (never a secret).
    pub async fn webhooks(&self) -> Result<Vec<Webhook>, ClientError> {
        let list: WebhookList = self.get("/api/admin/webhooks").await?;
        Ok(list.webhooks)
    }

    /// Create a webhook; the answer holds its secret, which the hub never
    /// shows again.
    pub async fn create_webhook(&self, req: &CreateWebhook) -> Result<CreatedWebhook, ClientError> {
        self.post("/api/admin/webhooks", req).await
    }

    /// Change what `req` gives of webhook `id_or_name` (an id or its name);
    /// its id and secret stay.
    pub async fn update_webhook(
        &self,
        id_or_name: &str,
        req: &UpdateWebhook,
    ) -> Result<Webhook, ClientError> {
        let path = format!("/api/admin/webhooks/{}", seg(id_or_name));
        self.send(self.request(Method::PUT, &path).json(req)).await
    }

    /// Give webhook `id_or_name` a new secret; the answer holds it, which
    /// the hub never shows again, and the old one stops working.
    pub async fn rotate_webhook_secret(
        &self,
        id_or_name: &str,
    ) -> Result<CreatedWebhook, ClientError> {
        let path = format!("/api/admin/webhooks/{}/rotate-secret", seg(id_or_name));
        self.send(self.request(Method::POST, &path)).await
    }

    /// `id_or_name`: a webhook id or its name.
    pub async fn delete_webhook(&self, id_or_name: &str) -> Result<(), ClientError> {
        let path = format!("/api/admin/webhooks/{}", seg(id_or_name));
        self.send_empty(self.request(Method::DELETE, &path)).await
    }
}
