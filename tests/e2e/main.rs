//! End-to-end tests: the real `m3shd-hubd`, `m3shd-workerd` and `m3shd`
//! binaries on ephemeral loopback ports with temporary data dirs.

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

mod harness;
mod imessage;

mod ai_worker;
mod bad_requests;
mod bridge;
mod children;
mod cli;
mod control_loop;
mod crashes;
mod dispatch;
mod evidence;
mod grammar_inputs;
mod hardening;
mod load;
mod memory;
mod model_inputs;
mod operator;
mod planner;
mod rough_edges;
mod schedules;
mod security;
mod stream;
mod tui;
mod users;
