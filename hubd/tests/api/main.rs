//! End-to-end tests of the hub over real HTTP against an in-process `serve`.

// Tests may panic on what should not happen and convert small numbers freely.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::cast_lossless)]
#![allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
#![allow(clippy::cast_sign_loss)]

mod harness;

mod access;
mod attachments;
mod benchmark;
mod budgets;
mod connections;
mod control;
mod delivery;
mod dispatch;
mod events;
mod evidence;
mod evolution;
mod federation;
mod federation_push;
mod federation_trust;
mod flow;
mod graph;
mod leases;
mod maintenance;
mod memory;
mod mesh_control;
mod misc;
mod plugins;
mod protocols;
mod retry;
mod revocation;
mod routing;
mod schedules;
mod security;
mod text;
mod tokens;
mod users;
mod validation;
mod voice;
mod web;
mod webhooks;
mod world;
