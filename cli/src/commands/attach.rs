//! `m3shd do --attach FILE`: images checked before anything is sent,
//! uploaded to the task created held, then the task let go; and the
//! attachment lines of `m3shd task show`.

use std::path::{Path, PathBuf};

use m3shd_api::{Attachment, MAX_ATTACHMENT_BYTES, Task, UpdateTask, sniff_image};
use m3shd_client::Client;

use crate::exit::CliError;

/// An image read from disk, checked the way the hub checks it.
pub struct Image {
    name: String,
    mime: &'static str,
    bytes: Vec<u8>,
}

fn read_one(path: &Path) -> Result<Image, CliError> {
    let shown = path.display();
    let size = std::fs::metadata(path)
        .map_err(|e| CliError::Usage(format!("--attach {shown}: {e}")))?
        .len();
    if size > MAX_ATTACHMENT_BYTES as u64 {
        return Err(CliError::Usage(format!(
            "--attach {shown}: {size} bytes; an attachment is at most 20 MB"
        )));
    }
    let bytes =
        std::fs::read(path).map_err(|e| CliError::Usage(format!("--attach {shown}: {e}")))?;
    let mime = sniff_image(&bytes).ok_or_else(|| {
        CliError::Usage(format!(
            "--attach {shown}: not a JPEG, PNG, GIF, WebP or HEIC image"
        ))
    })?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "attachment".into());
    Ok(Image { name, mime, bytes })
}

/// Every file, or the first one that is not a usable image.
pub fn read_all(paths: &[PathBuf]) -> Result<Vec<Image>, CliError> {
    paths.iter().map(|p| read_one(p)).collect()
}

/// Upload `images` to the held `task`, then release it. A failed upload
/// cancels the task: it must not run without what it was given.
pub async fn upload_and_release(
    client: &Client,
    task: &Task,
    images: Vec<Image>,
) -> Result<Task, CliError> {
    for img in images {
        if let Err(e) = client
            .upload_attachment(&task.id, &img.name, img.mime, img.bytes)
            .await
        {
            if let Err(c) = client.cancel_task(&task.id).await {
                eprintln!("cannot cancel task {}: {c}", task.id);
            }
            return Err(CliError::Failed(format!(
                "attaching {} to task {} failed ({e}); the task is cancelled",
                img.name, task.id
            )));
        }
    }
    let go = UpdateTask {
        held: Some(false),
        ..Default::default()
    };
    Ok(client.update_task(&task.id, &go).await?)
}

/// `NAME  TYPE  SIZE  ID` lines for `task show`.
pub fn lines(list: &[Attachment]) -> Vec<String> {
    list.iter()
        .map(|a| {
            format!(
                "  {}  {}  {}  {}",
                a.filename,
                a.mime,
                human_size(a.size),
                a.id
            )
        })
        .collect()
}

fn human_size(bytes: i64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}
