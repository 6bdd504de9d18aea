//! Images attached to a task: only real images (by their magic bytes) within
//! the caps; stored with their SHA-256 and announced with an event. The
//! same file uploaded twice to one task is stored once, so an uploader may
//! retry after a lost answer.

use m3shd_api::{
    Attachment, Event, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENT_NAME_BYTES, MAX_ATTACHMENTS_PER_TASK,
    TaskId, ids, sniff_image,
};
use sha2::{Digest, Sha256};

use super::task_ids::{new_task_id, not_found};
use super::{DomainError, Hub};

/// A stored attachment, and whether this call stored it (false: the same
/// file was already there).
pub struct Added {
    pub attachment: Attachment,
    pub created: bool,
}

/// The name to keep: the last path component, trimmed, printable, bounded.
pub fn clean_filename(raw: &str) -> Result<String, DomainError> {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("").trim();
    if base.is_empty() || base == "." || base == ".." {
        return Err(DomainError::Validation(
            "the file name must not be empty".into(),
        ));
    }
    if base.chars().any(char::is_control) {
        return Err(DomainError::Validation(
            "the file name must not contain control characters".into(),
        ));
    }
    super::validate::max_bytes("the file name", base, MAX_ATTACHMENT_NAME_BYTES)?;
    Ok(base.to_string())
}

fn not_found_attachment(id: &str) -> DomainError {
    DomainError::NotFound(format!("no attachment `{}`", id.escape_debug()))
}

impl Hub {
    pub async fn add_attachment(
        &self,
        task_id: &TaskId,
        filename: &str,
        data: Vec<u8>,
    ) -> Result<Added, DomainError> {
        let filename = clean_filename(filename)?;
        if data.is_empty() {
            return Err(DomainError::Validation("the attachment is empty".into()));
        }
        if data.len() > MAX_ATTACHMENT_BYTES {
            return Err(DomainError::TooLarge(format!(
                "the attachment is {} bytes; the limit is {MAX_ATTACHMENT_BYTES}",
                data.len()
            )));
        }
        let mime = sniff_image(&data).ok_or_else(|| {
            DomainError::Validation(
                "the attachment is not a JPEG, PNG, GIF, WebP or HEIC/HEIF image".into(),
            )
        })?;
        let sha256 = hex::encode(Sha256::digest(&data));
        let task_id = task_id.clone();
        self.write(move |cx| {
            cx.tx
                .tasks()
                .status(&task_id)?
                .ok_or_else(|| not_found(&task_id))?;
            if let Some(existing) = cx
                .tx
                .attachments()
                .find_same(&task_id, &sha256, &filename)?
            {
                return Ok(Added {
                    attachment: existing,
                    created: false,
                });
            }
            if cx.tx.attachments().count(&task_id)?
                >= m3shd_common::num::to_i64(MAX_ATTACHMENTS_PER_TASK)
            {
                return Err(DomainError::Validation(format!(
                    "task {task_id} already has {MAX_ATTACHMENTS_PER_TASK} attachments"
                )));
            }
            let attachment = Attachment {
                id: new_task_id(),
                task_id: task_id.into(),
                filename,
                mime: mime.to_string(),
                size: m3shd_common::num::to_i64(data.len()),
                sha256,
                created_at: cx.tx.now(),
            };
            cx.tx.attachments().insert(&attachment, &data)?;
            cx.tx.emit(Event::AttachmentAdded {
                attachment: attachment.clone(),
            })?;
            Ok(Added {
                attachment,
                created: true,
            })
        })
        .await
    }

    /// A task's attachments, oldest first (404 for an unknown task).
    pub fn attachments(&self, task_id: &TaskId) -> Result<Vec<Attachment>, DomainError> {
        self.read(|r| {
            r.tasks()
                .status(task_id)?
                .ok_or_else(|| not_found(task_id))?;
            Ok(r.attachments().list(task_id)?)
        })
    }

    /// One attachment with its bytes.
    pub fn attachment(
        &self,
        task_id: &TaskId,
        id: &str,
    ) -> Result<(Attachment, Vec<u8>), DomainError> {
        if !ids::is_valid_id(id) {
            return Err(not_found_attachment(id));
        }
        self.read(|r| {
            r.tasks()
                .status(task_id)?
                .ok_or_else(|| not_found(task_id))?;
            r.attachments()
                .get(task_id, id)?
                .ok_or_else(|| not_found_attachment(id))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_keep_their_last_component() {
        assert_eq!(clean_filename("IMG_0001.HEIC").unwrap(), "IMG_0001.HEIC");
        assert_eq!(clean_filename("../../etc/passwd").unwrap(), "passwd");
        assert_eq!(clean_filename("C:\\x\\photo.jpg").unwrap(), "photo.jpg");
        assert_eq!(clean_filename("  Фото 1.png ").unwrap(), "Фото 1.png");
        for bad in ["", "  ", "a/", "..", "x\ny.png", "x\u{0}.png"] {
            assert!(clean_filename(bad).is_err(), "{bad:?}");
        }
        assert!(clean_filename(&"a".repeat(256)).is_err());
    }
}
