//! The command grammar's interpreter: runs a parsed line
//! ([`m3shd_api::grammar::Command`], from the parser in `m3shd_api::grammar`)
//! against the hub through `m3shd_client`, and answers with a [`Reply`]. The
//! iMessage bridge, the TUI's command line and `m3shd text "LINE"` call
//! exactly [`run_command`]; each CLI subcommand of the same name does too.
//! [`run_text`] is the whole of a typed line (parse, run, word the failure),
//! which the hub's `POST /api/text` answers with.

mod budget;
mod chat;
mod control;
mod evolve;
mod line;
mod options;
mod plan;
mod reply;
mod reports;
mod run;
mod text;
mod wait;

pub use chat::CHAT_CAPABILITY;
pub use control::{done_text, execute as execute_control, plan_text};
pub use line::{failure_text, plain, run_text};
pub use options::RunOptions;
pub use plan::{PLAN_CAPABILITY, parse_plan};
pub use reply::Reply;
pub use reports::TASKS_LIMIT;
pub use run::{run_command, run_command_with};
pub use text::{status_icon, usd};
pub use wait::wait_task;
