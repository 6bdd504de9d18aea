//! Webhook administration. Deliveries are made by the systems that call
//! the webhooks, not through this client.

use m3shd_api::{CreateWebhook, CreatedWebhook, Webhook, WebhookList};
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

    /// `id_or_name`: a webhook id or its name.
    pub async fn delete_webhook(&self, id_or_name: &str) -> Result<(), ClientError> {
        let path = format!("/api/admin/webhooks/{}", seg(id_or_name));
        self.send_empty(self.request(Method::DELETE, &path)).await
    }
}
