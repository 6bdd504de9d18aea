//! Which files a message may hand to the mesh (ARCHITECTURE.md, "Input limits"): only files inside
//! the Messages attachments folder, after every symlink is resolved; only
//! regular files up to 20 MB; only images by their magic bytes (JPEG, PNG,
//! GIF, WebP, HEIC/HEIF). A file is checked again when it is read for the
//! upload, so swapping it in between gains nothing.

use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

use m3shd_api::{MAX_ATTACHMENT_BYTES, sniff_image};

use crate::channel::AttachmentRef;

/// Bytes read to recognise an image.
const MAGIC_LEN: usize = 32;

#[derive(Debug, Clone)]
pub struct Policy {
    /// The attachments folder (`~` already expanded).
    root: PathBuf,
    home: Option<PathBuf>,
    max_bytes: u64,
}

/// A file that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    pub name: String,
    pub mime: &'static str,
    pub size: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Accepted(Accepted),
    /// The message points at a file that is not there: Messages may still
    /// be downloading it.
    Missing,
    Refused(String),
}

/// `~` and `~/…` against `home`.
pub fn expand_home(path: &str, home: Option<&Path>) -> PathBuf {
    match (path.strip_prefix('~'), home) {
        (Some(""), Some(h)) => h.to_path_buf(),
        (Some(rest), Some(h)) if rest.starts_with('/') => h.join(rest.trim_start_matches('/')),
        _ => PathBuf::from(path),
    }
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
}

fn open_no_follow(path: &Path) -> io::Result<File> {
    let mut opts = OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NOFOLLOW);
    }
    opts.open(path)
}

impl Policy {
    pub fn new(root: &Path, home: Option<PathBuf>) -> Policy {
        let root = expand_home(&root.to_string_lossy(), home.as_deref());
        Policy {
            root,
            home,
            max_bytes: MAX_ATTACHMENT_BYTES as u64,
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The name to show for an attachment.
    pub fn name_of(a: &AttachmentRef) -> String {
        a.name
            .clone()
            .filter(|n| !n.trim().is_empty())
            .or_else(|| {
                Path::new(&a.path)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
            })
            .unwrap_or_else(|| "attachment".into())
    }

    /// Check an attachment without keeping its bytes.
    pub fn check(&self, a: &AttachmentRef) -> Verdict {
        match self.open_checked(a) {
            Ok((mut file, size, _)) => {
                let mut head = Vec::with_capacity(MAGIC_LEN);
                if let Err(e) = (&mut file).take(MAGIC_LEN as u64).read_to_end(&mut head) {
                    return Verdict::Refused(format!("it cannot be read: {e}"));
                }
                match sniff_image(&head) {
                    Some(mime) => Verdict::Accepted(Accepted {
                        name: Self::name_of(a),
                        mime,
                        size,
                    }),
                    None => Verdict::Refused(not_an_image()),
                }
            }
            Err(v) => v,
        }
    }

    /// Check again and read the whole file.
    pub fn read(&self, a: &AttachmentRef) -> Result<(Accepted, Vec<u8>), Verdict> {
        let (file, size, _) = self.open_checked(a)?;
        let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        file.take(self.max_bytes + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Verdict::Refused(format!("it cannot be read: {e}")))?;
        if bytes.len() as u64 > self.max_bytes {
            return Err(Verdict::Refused(self.too_large(bytes.len() as u64)));
        }
        let mime = sniff_image(&bytes).ok_or_else(|| Verdict::Refused(not_an_image()))?;
        Ok((
            Accepted {
                name: Self::name_of(a),
                mime,
                size: bytes.len() as u64,
            },
            bytes,
        ))
    }

    fn too_large(&self, size: u64) -> String {
        format!(
            "it is too large ({}; the limit is {})",
            mb(size),
            mb(self.max_bytes)
        )
    }

    /// Resolve, confine, open (without following a last-moment symlink)
    /// and size-check the file.
    fn open_checked(&self, a: &AttachmentRef) -> Result<(File, u64, PathBuf), Verdict> {
        if a.path.trim().is_empty() {
            return Err(Verdict::Missing);
        }
        let path = expand_home(&a.path, self.home.as_deref());
        if !path.is_absolute() {
            return Err(Verdict::Refused("its path is not absolute".into()));
        }
        let root = self.root.canonicalize().map_err(|e| {
            Verdict::Refused(format!(
                "the attachments folder {} cannot be used: {e}",
                self.root.display()
            ))
        })?;
        let real = match path.canonicalize() {
            Ok(p) => p,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(Verdict::Missing),
            Err(e) => {
                return Err(Verdict::Refused(format!(
                    "its path cannot be resolved: {e}"
                )));
            }
        };
        if !real.starts_with(&root) {
            let named_inside = (path.starts_with(&self.root) || path.starts_with(&root))
                && !path.components().any(|c| c == Component::ParentDir);
            return Err(Verdict::Refused(if named_inside {
                "it is a symlink to a file outside the Messages attachments folder".into()
            } else {
                "it is outside the Messages attachments folder".into()
            }));
        }
        let file = open_no_follow(&real)
            .map_err(|e| Verdict::Refused(format!("it cannot be opened: {e}")))?;
        let meta = file
            .metadata()
            .map_err(|e| Verdict::Refused(format!("it cannot be read: {e}")))?;
        if !meta.is_file() {
            return Err(Verdict::Refused("it is not a regular file".into()));
        }
        if meta.len() > self.max_bytes {
            return Err(Verdict::Refused(self.too_large(meta.len())));
        }
        Ok((file, meta.len(), real))
    }
}

fn not_an_image() -> String {
    "it is not a JPEG, PNG, GIF, WebP or HEIC image (its bytes say otherwise)".into()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01";

    struct Fixture {
        _dir: tempfile::TempDir,
        home: PathBuf,
        root: PathBuf,
        outside: PathBuf,
    }

    fn fixture() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("home");
        let root = home.join("Library/Messages/Attachments");
        std::fs::create_dir_all(root.join("ab/01/GUID")).unwrap();
        let outside = dir.path().join("secret");
        std::fs::create_dir_all(&outside).unwrap();
        Fixture {
            _dir: dir,
            home,
            root,
            outside,
        }
    }

    fn att(path: &str) -> AttachmentRef {
        AttachmentRef {
            path: path.into(),
            name: None,
            mime: None,
        }
    }

    fn policy(f: &Fixture) -> Policy {
        Policy::new(
            Path::new("~/Library/Messages/Attachments"),
            Some(f.home.clone()),
        )
    }

    #[test]
    fn an_image_in_the_folder_is_accepted_by_its_tilde_path() {
        let f = fixture();
        std::fs::write(f.root.join("ab/01/GUID/IMG_1.png"), PNG).unwrap();
        let p = policy(&f);
        let a = att("~/Library/Messages/Attachments/ab/01/GUID/IMG_1.png");
        assert_eq!(
            p.check(&a),
            Verdict::Accepted(Accepted {
                name: "IMG_1.png".into(),
                mime: "image/png",
                size: PNG.len() as u64
            })
        );
        let (acc, bytes) = p.read(&a).unwrap();
        assert_eq!(acc.mime, "image/png");
        assert_eq!(bytes, PNG);
    }

    #[test]
    fn files_outside_symlinks_out_and_dotdot_are_refused() {
        let f = fixture();
        let secret = f.outside.join("passwords.png");
        std::fs::write(&secret, PNG).unwrap();
        let p = policy(&f);
        let outside = p.check(&att(&secret.to_string_lossy()));
        assert_eq!(
            outside,
            Verdict::Refused("it is outside the Messages attachments folder".into())
        );
        #[cfg(unix)]
        {
            let link = f.root.join("ab/01/GUID/innocent.png");
            std::os::unix::fs::symlink(&secret, &link).unwrap();
            match p.check(&att(&link.to_string_lossy())) {
                Verdict::Refused(why) => assert!(why.contains("symlink"), "{why}"),
                v => panic!("{v:?}"),
            }
            // A symlink that stays inside is fine.
            let real = f.root.join("ab/01/GUID/real.png");
            std::fs::write(&real, PNG).unwrap();
            let inner = f.root.join("ab/01/GUID/alias.png");
            std::os::unix::fs::symlink(&real, &inner).unwrap();
            assert!(matches!(
                p.check(&att(&inner.to_string_lossy())),
                Verdict::Accepted(_)
            ));
        }
        let dotdot = format!("{}/../../../../secret/passwords.png", f.root.display());
        assert!(matches!(p.check(&att(&dotdot)), Verdict::Refused(_)));
        assert!(matches!(p.check(&att("relative.png")), Verdict::Refused(_)));
    }

    #[test]
    fn size_magic_and_presence_are_checked() {
        let f = fixture();
        let p = policy(&f);
        let dir = f.root.join("ab/01/GUID");
        let big = dir.join("big.jpg");
        let file = File::create(&big).unwrap();
        file.set_len(MAX_ATTACHMENT_BYTES as u64 + 1).unwrap();
        match p.check(&att(&big.to_string_lossy())) {
            Verdict::Refused(why) => assert!(why.contains("too large"), "{why}"),
            v => panic!("{v:?}"),
        }
        let fake = dir.join("photo.jpg");
        std::fs::write(&fake, b"#!/bin/sh\necho hi\n").unwrap();
        match p.check(&att(&fake.to_string_lossy())) {
            Verdict::Refused(why) => assert!(why.contains("not a JPEG"), "{why}"),
            v => panic!("{v:?}"),
        }
        assert_eq!(
            p.check(&att(&dir.join("gone.png").to_string_lossy())),
            Verdict::Missing
        );
        assert_eq!(p.check(&att("")), Verdict::Missing);
        assert!(matches!(
            p.check(&att(&dir.to_string_lossy())),
            Verdict::Refused(_)
        ));
    }

    #[test]
    fn tilde_expands_only_at_the_start() {
        let home = Path::new("/Users/me");
        assert_eq!(
            expand_home("~/a/b", Some(home)),
            PathBuf::from("/Users/me/a/b")
        );
        assert_eq!(expand_home("~", Some(home)), PathBuf::from("/Users/me"));
        assert_eq!(
            expand_home("~other/x", Some(home)),
            PathBuf::from("~other/x")
        );
        assert_eq!(expand_home("/a/~/b", Some(home)), PathBuf::from("/a/~/b"));
        assert_eq!(expand_home("~/a", None), PathBuf::from("~/a"));
    }
}
