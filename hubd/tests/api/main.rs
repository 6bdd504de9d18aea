//! End-to-end tests of the hub over real HTTP against an in-process `serve`.

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

mod access;
mod attachments;
mod budgets;
mod connections;
mod control;
mod delivery;
mod dispatch;
mod events;
mod evidence;
mod flow;
mod graph;
mod leases;
mod memory;
mod misc;
mod plugins;
mod retry;
mod revocation;
mod routing;
mod security;
mod tokens;
mod users;
mod validation;
