//! End-to-end tests: the real `m3shd-hubd`, `m3shd-workerd` and `m3shd`
//! binaries on ephemeral loopback ports with temporary data dirs.

mod harness;
mod imessage;
// The workerd tests' fake model API (byte-exact Anthropic/OpenAI streams).
#[path = "../../workerd/tests/fake_model/mod.rs"]
mod fake_model;

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
mod grammar_inputs;
mod hardening;
mod load;
mod memory;
mod model_inputs;
mod operator;
mod planner;
mod rough_edges;
mod security;
mod stream;
mod tui;
mod users;
