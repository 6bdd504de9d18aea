//! `/api/tasks/{id}/attachments`: upload an image as the raw request body
//! (`Content-Type: image/…`, file name in `X-Filename`, percent-encoded
//! UTF-8), list a task's attachments, fetch one's bytes.

use axum::Json;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use m3shd_api::{Attachment, AttachmentList, FILENAME_HEADER, MAX_ATTACHMENT_BYTES};

use super::error::ApiError;
use super::extract::{ApiPath, TaskPath, task_id};
use super::state::AppState;

const DEFAULT_FILENAME: &str = "attachment";

fn is_image_type(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| {
            let m = m.trim().to_ascii_lowercase();
            m.strip_prefix("image/").is_some_and(|sub| !sub.is_empty())
        })
}

/// `%XX` escapes to bytes, then UTF-8; None when malformed.
fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hi = (*b.get(i + 1)? as char).to_digit(16)?;
            let lo = (*b.get(i + 2)? as char).to_digit(16)?;
            // Two hex digits: at most 255.
            out.push(u8::try_from(hi * 16 + lo).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn filename(headers: &HeaderMap) -> Result<String, ApiError> {
    match headers.get(FILENAME_HEADER) {
        None => Ok(DEFAULT_FILENAME.to_string()),
        Some(v) => v
            .to_str()
            .ok()
            .and_then(percent_decode)
            .ok_or_else(|| ApiError::bad_request("X-Filename must be percent-encoded UTF-8")),
    }
}

pub async fn upload(
    State(s): State<AppState>,
    TaskPath(id): TaskPath,
    req: Request,
) -> Result<Response, ApiError> {
    if !is_image_type(req.headers()) {
        return Err(ApiError::bad_request(
            "Content-Type must name an image type (image/jpeg, image/png, image/gif, \
             image/webp, image/heic)",
        ));
    }
    let name = filename(req.headers())?;
    let bytes = super::extract::read_body(req, &s, || {
        format!("an attachment may be at most {MAX_ATTACHMENT_BYTES} bytes")
    })
    .await?;
    let added = s.hub.add_attachment(&id, &name, bytes.to_vec()).await?;
    let status = if added.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(added.attachment)).into_response())
}

pub async fn list(
    State(s): State<AppState>,
    TaskPath(id): TaskPath,
) -> Result<Json<AttachmentList>, ApiError> {
    Ok(Json(AttachmentList {
        attachments: s.hub.attachments(&id)?,
    }))
}

/// `filename="…"` with an ASCII stand-in, and `filename*` with the real name.
fn content_disposition(a: &Attachment) -> HeaderValue {
    let ascii: String = a
        .filename
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for b in a.filename.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    HeaderValue::from_str(&format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

pub async fn fetch(
    State(s): State<AppState>,
    ApiPath((id, aid)): ApiPath<(String, String)>,
) -> Result<Response, ApiError> {
    let (a, data) = s.hub.attachment(&task_id(&id)?, &aid)?;
    let mut resp = Response::new(Body::from(data));
    let h = resp.headers_mut();
    // Stored types come from the hub's own sniffing, so they parse.
    if let Ok(v) = HeaderValue::from_str(&a.mime) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(header::CONTENT_DISPOSITION, content_disposition(&a));
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_percent_decoded() {
        assert_eq!(percent_decode("IMG_1.HEIC").as_deref(), Some("IMG_1.HEIC"));
        assert_eq!(
            percent_decode("%D0%A4%D0%BE%D1%82%D0%BE.jpg").as_deref(),
            Some("Фото.jpg")
        );
        assert_eq!(percent_decode("a%20b").as_deref(), Some("a b"));
        for bad in ["%", "%2", "%zz", "%+f", "%C3"] {
            assert_eq!(percent_decode(bad), None, "{bad}");
        }
    }
}
