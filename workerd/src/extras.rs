//! What a claim brings besides the task, made ready for the executor: the
//! shared context goes in front of a model's prompt, and the task's images
//! are fetched from the hub for a backend that shows them to its model.

use m3shd_api::{Attachment, ContextEntry, Task};
use m3shd_client::Client;

use crate::executor::{ExecError, Executor, Image};

/// Images one execution takes at most, and their bytes together (both
/// APIs cap a request well below 32 attachments of 20 MB).
const MAX_IMAGES: usize = 8;
const MAX_IMAGE_BYTES: i64 = 20 * 1024 * 1024;

/// Put the shared context block in front of the prompt, for backends that
/// prompt a model.
pub fn add_context(task: &mut Task, context: &[ContextEntry], executor: &dyn Executor) {
    if !executor.reads_context() {
        return;
    }
    if let Some(block) = m3shd_api::context_block(context) {
        task.prompt.insert_str(0, &block);
    }
}

/// The task's images, fetched for a backend that shows them; images over
/// the caps are named in the prompt instead. A failed fetch fails the
/// attempt retryably: the model must not answer without what it was shown.
pub async fn images(
    client: &Client,
    executor: &dyn Executor,
    task: &mut Task,
    attachments: &[Attachment],
) -> Result<Vec<Image>, ExecError> {
    if !executor.reads_images() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    let mut total = 0i64;
    for a in attachments {
        if out.len() == MAX_IMAGES || total + a.size > MAX_IMAGE_BYTES {
            tracing::warn!(task = %task.id, image = %a.filename, "over the images one call takes; not sent");
            task.prompt.push_str(&format!(
                "\n\n[attached image {} not shown: over the {MAX_IMAGES} images or 20 MB one \
                 request takes]",
                a.filename
            ));
            continue;
        }
        let bytes = client
            .attachment_bytes(&task.id, &a.id)
            .await
            .map_err(|e| {
                ExecError::transient(format!("cannot fetch attachment {}: {e}", a.filename))
            })?;
        total += a.size;
        out.push(Image {
            filename: a.filename.clone(),
            mime: a.mime.clone(),
            bytes,
        });
    }
    Ok(out)
}
