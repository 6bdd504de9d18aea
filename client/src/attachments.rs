//! Images attached to tasks.

use std::time::Duration;

use m3shd_api::{Attachment, AttachmentList, FILENAME_HEADER};
use reqwest::Method;
use reqwest::header::CONTENT_TYPE;

use crate::error::api_error;
use crate::http::seg;
use crate::{Client, ClientError};

/// Up to 20 MB over a slow uplink.
const UPLOAD_TIMEOUT: Duration = Duration::from_secs(120);

impl Client {
    /// Attach an image to a task. `mime` is what the caller believes the
    /// bytes are; the hub checks them itself. Uploading the same bytes under
    /// the same name again returns the attachment already stored.
    pub async fn upload_attachment(
        &self,
        task_id: &str,
        filename: &str,
        mime: &str,
        bytes: Vec<u8>,
    ) -> Result<Attachment, ClientError> {
        let path = format!("/api/tasks/{}/attachments", seg(task_id));
        let rb = self
            .request(Method::POST, &path)
            .header(CONTENT_TYPE, mime)
            .header(FILENAME_HEADER, seg(filename))
            .timeout(UPLOAD_TIMEOUT)
            .body(bytes);
        self.send(rb).await
    }

    pub async fn list_attachments(&self, task_id: &str) -> Result<Vec<Attachment>, ClientError> {
        let list: AttachmentList = self
            .get(&format!("/api/tasks/{}/attachments", seg(task_id)))
            .await?;
        Ok(list.attachments)
    }

    /// The bytes of one attachment.
    pub async fn attachment_bytes(&self, task_id: &str, id: &str) -> Result<Vec<u8>, ClientError> {
        let path = format!("/api/tasks/{}/attachments/{}", seg(task_id), seg(id));
        let resp = self
            .execute(self.request(Method::GET, &path).timeout(UPLOAD_TIMEOUT))
            .await?;
        let status = resp.status();
        let bytes = resp.bytes().await?;
        if status.is_success() {
            Ok(bytes.to_vec())
        } else {
            Err(api_error(status, &bytes))
        }
    }
}
