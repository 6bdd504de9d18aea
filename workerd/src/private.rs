//! The state dir holds the agent token and task outputs waiting for
//! delivery: owner-only, see [`m3shd_common::private_fs`]. Only the worker
//! loop still names it here; everything else imports the common module.

pub(crate) use m3shd_common::private_fs::secure_dir as dir;
