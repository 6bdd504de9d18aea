//! Reading a password: the first line of stdin when it is a pipe or a file,
//! else a terminal prompt that does not echo. Never argv, never the log.

use std::io::{BufRead, IsTerminal, Read};

use m3shd_api::Password;

use crate::exit::CliError;

fn from_stdin() -> Result<String, CliError> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .take(64 * 1024)
        .read_line(&mut line)
        .map_err(|e| CliError::Usage(format!("cannot read the password from stdin: {e}")))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

fn prompt(text: &str) -> Result<String, CliError> {
    rpassword::prompt_password(text)
        .map_err(|e| CliError::Usage(format!("cannot read the password: {e}")))
}

/// The password of an existing account.
pub fn existing(prompt_text: &str) -> Result<Password, CliError> {
    let pw = if std::io::stdin().is_terminal() {
        prompt(prompt_text)?
    } else {
        from_stdin()?
    };
    if pw.is_empty() {
        return Err(CliError::Usage("no password given".into()));
    }
    Ok(Password(pw))
}

/// A new password, checked against the hub's rules before it is sent; on a
/// terminal it is asked for twice.
pub fn new(prompt_text: &str) -> Result<Password, CliError> {
    let pw = if std::io::stdin().is_terminal() {
        let first = prompt(prompt_text)?;
        let again = prompt("again: ")?;
        if first != again {
            return Err(CliError::Usage("the passwords do not match".into()));
        }
        first
    } else {
        from_stdin()?
    };
    m3shd_api::check_password(&pw).map_err(CliError::Usage)?;
    Ok(Password(pw))
}
