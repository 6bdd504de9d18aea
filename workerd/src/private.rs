//! The state dir holds the agent token and task outputs waiting for
//! delivery: owner-only (dirs 0700, files 0600) whatever the umask or the
//! mode an existing dir was created with.

use std::fs::OpenOptions;
use std::io;
use std::path::Path;

/// Create `dir` (and missing parents) 0700, or take group and other access
/// away from an existing one, with a warning.
pub fn dir(dir: &Path) -> io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(dir)?;
    restrict(dir)
}

/// Take group and other access away from `path`, saying so when it had any.
pub fn restrict(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)?.permissions().mode();
        if mode & 0o077 != 0 {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode & 0o700))?;
            tracing::warn!(
                path = %path.display(),
                was = format!("{:o}", mode & 0o777),
                "was readable by other users; made private"
            );
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Options that create (or truncate) a file readable only by its owner.
pub fn create_options() -> OpenOptions {
    let mut o = OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    o
}
