//! Images attached to a task (`/api/tasks/{id}/attachments`), and the one
//! magic-byte check both the hub and the iMessage bridge trust.

use serde::{Deserialize, Serialize};

use crate::Timestamp;

/// Largest attachment, in bytes (ARCHITECTURE.md, "Input limits": 20 MB cap).
pub const MAX_ATTACHMENT_BYTES: usize = 20 * 1024 * 1024;
/// Attachments one task may hold.
pub const MAX_ATTACHMENTS_PER_TASK: usize = 32;
/// Longest attachment file name, in bytes.
pub const MAX_ATTACHMENT_NAME_BYTES: usize = 255;
/// Request header carrying the file name, percent-encoded UTF-8.
pub const FILENAME_HEADER: &str = "x-filename";

/// One stored attachment (its bytes are served separately).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Attachment {
    pub id: String,
    pub task_id: String,
    pub filename: String,
    /// The type the hub found in the bytes, not the one the uploader named.
    pub mime: String,
    pub size: i64,
    /// Lowercase hex SHA-256 of the bytes.
    pub sha256: String,
    pub created_at: Timestamp,
}

/// `GET /api/tasks/{id}/attachments` → `{"attachments": [...]}`, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AttachmentList {
    pub attachments: Vec<Attachment>,
}

/// The image type `bytes` start with: JPEG, PNG, GIF, WebP or HEIC/HEIF.
/// Anything else (including SVG, which can carry script) is `None`.
pub fn sniff_image(bytes: &[u8]) -> Option<&'static str> {
    let at = |range: std::ops::Range<usize>| bytes.get(range);
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some("image/jpeg");
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some("image/png");
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return Some("image/gif");
    }
    if bytes.starts_with(b"RIFF") && at(8..12) == Some(b"WEBP") {
        return Some("image/webp");
    }
    // ISO base media file: a box size, then `ftyp` and the major brand.
    if at(4..8) == Some(b"ftyp") {
        return match at(8..12)? {
            b"heic" | b"heix" | b"heim" | b"heis" => Some("image/heic"),
            b"hevc" | b"hevx" | b"hevm" | b"hevs" => Some("image/heic-sequence"),
            b"mif1" => Some("image/heif"),
            b"msf1" => Some("image/heif-sequence"),
            _ => None,
        };
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_bytes_name_the_image_type() {
        assert_eq!(
            sniff_image(b"\xFF\xD8\xFF\xE0\0\x10JFIF"),
            Some("image/jpeg")
        );
        assert_eq!(
            sniff_image(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some("image/png")
        );
        assert_eq!(sniff_image(b"GIF89a\x01\0\x01\0"), Some("image/gif"));
        assert_eq!(sniff_image(b"RIFF\x24\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(
            sniff_image(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic"),
            Some("image/heic")
        );
        assert_eq!(
            sniff_image(b"\0\0\0\x18ftypmif1\0\0\0\0"),
            Some("image/heif")
        );
    }

    #[test]
    fn everything_else_is_refused() {
        for bytes in [
            &b""[..],
            b"\xFF\xD8",
            b"%PDF-1.7",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\">",
            b"RIFF\x24\0\0\0WAVEfmt ",
            b"\0\0\0\x18ftypisom\0\0\0\0",
            b"\0\0\0\x18ftypqt  ",
            b"GIF90a",
            b"#!/bin/sh\n",
        ] {
            assert_eq!(sniff_image(bytes), None, "{bytes:?}");
        }
    }
}
