//! End-to-end tests: the real `m3shd-hubd`, `m3shd-workerd` and `m3shd`
//! binaries on ephemeral loopback ports with temporary data dirs.

mod harness;
// The workerd tests' fake model API (byte-exact Anthropic/OpenAI streams).
#[path = "../../workerd/tests/fake_model/mod.rs"]
mod fake_model;

mod ai_worker;
mod bad_requests;
mod cli;
mod control_loop;
mod crashes;
mod dispatch;
mod memory;
mod operator;
mod stream;
mod tui;
