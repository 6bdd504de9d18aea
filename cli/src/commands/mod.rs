//! One function per subcommand.

mod agents;
mod attach;
mod bench;
mod bench_hub;
mod bench_hub_view;
mod bench_live;
mod bench_memory;
mod bench_scale;
mod bench_scale_fill;
mod config;
mod control;
mod demo;
mod doctor;
mod evidence;
mod evolve;
pub(crate) mod follow;
mod generate;
mod hook;
mod hook_cursor;
mod memory;
mod mesh_control;
mod peer;
mod pipeline;
mod plugins;
mod post;
pub(crate) mod protocol_view;
mod protocols;
mod schedule;
pub mod secret;
mod security;
mod tasks;
mod template;
mod tui;
mod up;
mod users;
mod webhook;
mod world;

use std::process::ExitCode;

use m3shd_client::Client;

use crate::args::{BenchCmd, Cli, Command, Conn, TaskCmd};
use crate::args_assistant::HookCmd;
use crate::exit::CliError;

pub async fn run(cli: Cli) -> Result<ExitCode, CliError> {
    match cli.command {
        Command::Do(a) => tasks::submit(&connect(&cli.conn)?, a).await,
        Command::Tasks(a) => tasks::list(&connect(&cli.conn)?, a).await,
        Command::Task(TaskCmd::Show { id, follow, json }) => {
            tasks::show(&connect(&cli.conn)?, &id, follow, json).await
        }
        Command::Task(TaskCmd::Cancel { id, json }) => {
            tasks::cancel(&connect(&cli.conn)?, &id, json).await
        }
        Command::Task(TaskCmd::Retry { id, json }) => {
            control::retry(&connect(&cli.conn)?, id, json).await
        }
        Command::Task(TaskCmd::Graph { id, json }) => {
            protocols::graph(&connect(&cli.conn)?, &id, json).await
        }
        Command::Task(TaskCmd::Votes { id, json }) => {
            protocols::votes(&connect(&cli.conn)?, &id, json).await
        }
        Command::Task(TaskCmd::Trace { id, json }) => {
            protocols::trace(&connect(&cli.conn)?, &id, json).await
        }
        Command::Task(TaskCmd::Decide {
            id,
            decision,
            reason,
            json,
        }) => protocols::decide(&connect(&cli.conn)?, &id, decision, reason, json).await,
        Command::Agents(a) => agents::list(&connect(&cli.conn)?, a.json).await,
        Command::Status(a) => agents::status(&connect(&cli.conn)?, a.json).await,
        Command::Tui => tui::run(connect(&cli.conn)?).await,
        Command::Up(a) => up::run(a).await,
        Command::Demo(a) => demo::run(a).await,
        Command::Bench(BenchCmd::Dispatch(a)) => bench::dispatch(a).await,
        Command::Bench(BenchCmd::Memory(a)) => bench_memory::run(a).await,
        Command::Bench(BenchCmd::Scale(a)) => bench_scale::run(a).await,
        Command::Bench(BenchCmd::Fanout(a)) => {
            bench_live::run_fanout(&connect(&cli.conn)?, a).await
        }
        Command::Bench(BenchCmd::Stream(a)) => {
            bench_live::run_stream(&connect(&cli.conn)?, a).await
        }
        Command::Bench(BenchCmd::Hub(a)) => bench_hub::run(&connect(&cli.conn)?, a).await,
        Command::Config(c) => config::run(&cli.conn, c),
        Command::Login(a) => config::login(&cli.conn, a).await,
        Command::Logout => config::logout(&cli.conn).await,
        Command::Secret(c) => secret::run(&cli.conn, c),
        Command::Doctor(a) => doctor::run(&cli.conn, a).await,
        Command::Completions(a) => generate::completions(a),
        Command::Man(a) => generate::man(a),
        Command::Approve(a) => control::approve(&connect(&cli.conn)?, a).await,
        Command::Reject(a) => control::reject(&connect(&cli.conn)?, a).await,
        Command::Pending(a) => control::pending(&connect(&cli.conn)?, a.json).await,
        Command::Costs(a) => control::costs(&connect(&cli.conn)?, a).await,
        Command::Budget(c) => control::budget(&connect(&cli.conn)?, c).await,
        Command::Agent(c) => agents::agent(&connect(&cli.conn)?, c).await,
        Command::Escalations(a) => control::escalations(&connect(&cli.conn)?, a).await,
        Command::Context(a) => control::context(&connect(&cli.conn)?, a).await,
        Command::Ask(a) => control::ask(&connect(&cli.conn)?, a).await,
        Command::Auto(a) => control::auto(&connect(&cli.conn)?, a).await,
        Command::Summary(a) => control::summary(&connect(&cli.conn)?, a).await,
        Command::Chat(a) => control::chat(&connect(&cli.conn)?, a).await,
        Command::Text(a) => control::text(&connect(&cli.conn)?, a).await,
        Command::Control(a) => mesh_control::run(&connect(&cli.conn)?, a).await,
        Command::Pipeline(c) => pipeline::run(&connect(&cli.conn)?, c).await,
        Command::Template(c) => template::run(&connect(&cli.conn)?, c).await,
        Command::Schedule(c) => schedule::run(&connect(&cli.conn)?, c).await,
        Command::Evolve(c) => evolve::run(&connect(&cli.conn)?, c).await,
        Command::Memory(c) => memory::run(&connect(&cli.conn)?, c).await,
        Command::World(c) => world::run(&connect(&cli.conn)?, c).await,
        Command::Plugins(c) => plugins::run(&connect(&cli.conn)?, c).await,
        Command::Token(c) => security::token(&connect(&cli.conn)?, c).await,
        Command::JoinKey(c) => security::join_key(&connect(&cli.conn)?, c).await,
        Command::Whoami(a) => security::whoami(&connect(&cli.conn)?, a.json).await,
        Command::User(c) => users::user(&connect(&cli.conn)?, c).await,
        Command::Key(c) => users::key(&connect(&cli.conn)?, c).await,
        Command::Webhook(c) => webhook::run(&connect(&cli.conn)?, c).await,
        Command::Peer(c) => peer::run(&connect(&cli.conn)?, c).await,
        Command::Audit(a) => evidence::audit(&connect(&cli.conn)?, a).await,
        Command::Verify(a) => evidence::verify(&connect(&cli.conn)?, a).await,
        Command::Ledger(a) => protocols::ledger(&connect(&cli.conn)?, a.json).await,
        Command::Mcp => {
            crate::mcp::refuse_token_in_argv(&cli.conn)?;
            crate::mcp::serve(connect(&cli.conn)?).await
        }
        Command::Hook(HookCmd::PromptSubmit(a)) => hook::prompt_submit(cli.conn, a).await,
        Command::Post(a) => post::run(&connect(&cli.conn)?, a).await,
    }
}

/// A client for the effective hub and token: flags > env > the selected
/// profile > the config file > defaults; the token from --token /
/// M3SHD_TOKEN, --token-file, the config's token_file, the profile's stored
/// token (keyring or 0600 file), or the local hub's token file (what
/// `m3shd up` and `m3shd-hubd` create).
pub fn connect(conn: &Conn) -> Result<Client, CliError> {
    let eff = crate::config::effective(conn)?;
    let token = crate::config::token(conn, &eff)?;
    tracing::debug!(hub = %eff.hub.value, hub_from = %eff.hub.source, token_from = %token.source, "connecting");
    Ok(Client::new(&eff.hub.value, &token.value)?)
}
