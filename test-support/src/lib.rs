//! What the workspace's tests share (a dev-dependency only):
//!
//! - [`hub`]: the real hub (`m3shd_hubd::serve`) in process, on a loopback
//!   port-0 listener with a temporary data dir, and waits on conditions
//!   with deadlines;
//! - [`fake_model`]: a fake model API that speaks the real Anthropic and
//!   OpenAI wire formats, byte for byte under the test's control.

#![allow(
    // Tests and their fixtures may panic on what should not happen, and
    // convert freely between the small numbers they use.
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::cast_sign_loss,
    clippy::cast_lossless
)]

pub mod fake_model;
pub mod hub;
