//! End-to-end tests: the real `m3shd-hubd`, `m3shd-workerd` and `m3shd`
//! binaries on ephemeral loopback ports with temporary data dirs.

// Tests may panic on what should not happen and convert small numbers freely.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::cast_lossless)]
#![allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
#![allow(clippy::cast_sign_loss)]

mod browser;
mod harness;
mod imessage;

mod ai_worker;
mod assistant;
mod bad_requests;
mod bridge;
mod children;
mod cli;
mod control_loop;
mod crashes;
mod dispatch;
mod evidence;
mod evolution;
mod federation;
mod federation_return;
mod grammar_inputs;
mod hardening;
mod load;
mod maintenance;
mod memory;
mod mesh_control;
mod model_inputs;
mod operator;
mod planner;
mod protocols;
mod replicas;
mod rough_edges;
mod schedules;
mod security;
mod stream;
mod text_line;
mod tui;
mod users;
mod web;
mod webhooks;
mod world;
