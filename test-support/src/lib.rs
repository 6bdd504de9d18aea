//! What the workspace's tests share (a dev-dependency only):
//!
//! - [`hub`]: the real hub (`m3shd_hubd::serve`) in process, on a loopback
//!   port-0 listener with a temporary data dir, and waits on conditions
//!   with deadlines;
//! - [`fake_model`]: a fake model API that speaks the real Anthropic and
//!   OpenAI wire formats, byte for byte under the test's control.

// Tests may panic on what should not happen and convert small numbers freely.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::cast_lossless)]
#![allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
#![allow(clippy::cast_sign_loss)]

pub mod fake_model;
pub mod hub;
