//! End-to-end tests of the hub over real HTTP against an in-process `serve`.

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
mod schedules;
mod security;
mod tokens;
mod users;
mod validation;
