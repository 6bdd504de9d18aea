//! `m3shd secret set|rm|list`: model API keys for the workers on this
//! machine, kept by the shared secret store (the OS keyring, else 0600
//! files in `secrets/` next to the config file, where `m3shd-workerd` looks
//! when the variable is not set).

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use m3shd_secrets::{Kind, Place, SecretStore, keyring_status};
use serde_json::json;

use crate::args::Conn;
use crate::args_secret::SecretCmd;
use crate::exit::{CliError, NOT_FOUND};

/// Longest input read for a value (keys are far shorter).
const MAX_INPUT: u64 = 64 * 1024;

pub fn run(conn: &Conn, cmd: SecretCmd) -> Result<ExitCode, CliError> {
    let store = SecretStore::new(Kind::ApiKey, secrets_dir(conn)?);
    match cmd {
        SecretCmd::Set { name, file } => set(&store, &name, file),
        SecretCmd::Rm { name } => rm(&store, &name),
        SecretCmd::List { json } => list(&store, json),
    }
}

/// `secrets/` next to the config file (by default the config dir that the
/// worker's default `workerd.toml` is in too).
pub fn secrets_dir(conn: &Conn) -> Result<PathBuf, CliError> {
    let config = crate::config::config_path(conn)?;
    Ok(config.parent().unwrap_or(Path::new(".")).join("secrets"))
}

/// The key variables of the worker's built-in profiles: always worth
/// checking in a keyring, which cannot be listed.
fn well_known() -> Vec<String> {
    let mut names: Vec<String> = m3shd_workerd::aiconfig::default_profiles(&|_| None)
        .into_values()
        .filter_map(|p| p.api_key_env)
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

fn set(store: &SecretStore, name: &str, file_only: bool) -> Result<ExitCode, CliError> {
    // Check the name before asking for a value that would be refused.
    store.check_name(name)?;
    let value = if std::io::stdin().is_terminal() {
        prompt_hidden(&format!("{name} (input hidden): "))?
    } else {
        let mut raw = String::new();
        std::io::stdin()
            .take(MAX_INPUT)
            .read_to_string(&mut raw)
            .map_err(|e| CliError::Usage(format!("cannot read the value from stdin: {e}")))?;
        raw.lines().next().unwrap_or_default().trim().to_string()
    };
    let place = store.store(name, &value, file_only)?;
    outln!("stored {name} in {place}");
    if std::env::var_os(name).is_some_and(|v| !v.is_empty()) {
        eprintln!(
            "note: ${name} is set in this environment; a worker started with it uses that value instead"
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn rm(store: &SecretStore, name: &str) -> Result<ExitCode, CliError> {
    let removed = store.delete(name)?;
    if removed.is_empty() {
        eprintln!("no stored secret {name}");
        return Ok(ExitCode::from(NOT_FOUND));
    }
    for place in removed {
        outln!("removed {name} from {place}");
    }
    Ok(ExitCode::SUCCESS)
}

fn list(store: &SecretStore, as_json: bool) -> Result<ExitCode, CliError> {
    let known = well_known();
    let also: Vec<&str> = known.iter().map(String::as_str).collect();
    let entries = store.list(&also)?;
    let env_set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    if as_json {
        let secrets: Vec<_> = entries
            .iter()
            .map(|(name, places)| {
                let places: Vec<_> = places
                    .iter()
                    .map(|p| match p {
                        Place::Keyring(account) => {
                            json!({"kind": "keyring", "service": m3shd_secrets::SERVICE, "account": account})
                        }
                        Place::File(path) => json!({"kind": "file", "path": path}),
                    })
                    .collect();
                json!({"name": name, "stored_in": places, "env_set": env_set(name)})
            })
            .collect();
        let keyring = match keyring_status() {
            Ok(k) => json!({"available": true, "name": k}),
            Err(e) => json!({"available": false, "reason": e}),
        };
        let v = json!({"secrets": secrets, "dir": store.dir(), "keyring": keyring});
        outln!(
            "{}",
            serde_json::to_string_pretty(&v).map_err(|e| CliError::Failed(e.to_string()))?
        );
        return Ok(ExitCode::SUCCESS);
    }
    if entries.is_empty() {
        outln!(
            "no stored secrets (files go to {}; store one with `m3shd secret set NAME`)",
            store.dir().display()
        );
    }
    let mut out = std::io::stdout().lock();
    for (name, places) in &entries {
        let places: Vec<String> = places.iter().map(ToString::to_string).collect();
        let note = if env_set(name) {
            "  ($NAME set here: it wins)".replace("NAME", name)
        } else {
            String::new()
        };
        let _ = writeln!(out, "{name:<24} {}{note}", places.join(", "));
    }
    Ok(ExitCode::SUCCESS)
}

/// Ask on the terminal without echoing what is typed (or pasted).
pub(crate) fn prompt_hidden(prompt: &str) -> Result<String, CliError> {
    use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
    use ratatui::crossterm::terminal;

    let io = |e: std::io::Error| CliError::Failed(format!("terminal: {e}"));
    let mut err = std::io::stderr();
    let _ = write!(err, "{prompt}");
    let _ = err.flush();
    terminal::enable_raw_mode().map_err(io)?;
    let read = (|| -> std::io::Result<Option<String>> {
        let mut value = String::new();
        loop {
            let Event::Key(k) = event::read()? else {
                continue;
            };
            if k.kind == KeyEventKind::Release {
                continue;
            }
            match k.code {
                KeyCode::Enter => return Ok(Some(value)),
                KeyCode::Esc => return Ok(None),
                KeyCode::Char('c' | 'd') if k.modifiers.contains(KeyModifiers::CONTROL) => {
                    return Ok(None);
                }
                KeyCode::Char(c) => value.push(c),
                KeyCode::Backspace => {
                    value.pop();
                }
                _ => {}
            }
        }
    })();
    let restored = terminal::disable_raw_mode();
    let _ = writeln!(err);
    restored.map_err(io)?;
    match read.map_err(io)? {
        Some(v) => Ok(v),
        None => Err(CliError::Usage("cancelled: nothing stored".into())),
    }
}
