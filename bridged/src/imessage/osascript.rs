//! Sending through Messages with `osascript`. The AppleScript is a constant;
//! the chat id, the handle and the text travel as argv items and are read
//! with `item … of argv`, so no message can change what the script does
//! (ARCHITECTURE.md, "Input limits": osascript injection prevention).

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use crate::channel::{ChannelError, ChatRef};

/// Sends `item -1` (the text) to the chat `item -3`; when that chat cannot
/// be addressed, to the iMessage participant `item -2`. Counting from the
/// end keeps the script right whether or not osascript passes the `--`
/// that ends its own options.
pub const SEND_SCRIPT: &str = r#"on run argv
	set theText to item -1 of argv
	set theHandle to item -2 of argv
	set theChat to item -3 of argv
	tell application "Messages"
		try
			if theChat is "" then error "no chat id"
			send theText to chat id theChat
		on error errMsg
			if theHandle is "" then error errMsg
			set theAccount to 1st account whose service type = iMessage
			send theText to participant theHandle of theAccount
		end try
	end tell
end run"#;

/// How long one send may take (Messages may be showing a permission prompt).
pub const SEND_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, Clone)]
pub struct Osascript {
    program: PathBuf,
    timeout: Duration,
}

/// The argv of one send, after the program name.
pub fn send_args(to: &ChatRef, text: &str) -> Vec<OsString> {
    vec![
        "-e".into(),
        SEND_SCRIPT.into(),
        "--".into(),
        to.chat.clone().into(),
        to.handle.clone().into(),
        text.into(),
    ]
}

impl Osascript {
    pub fn new(program: impl Into<PathBuf>, timeout: Duration) -> Osascript {
        Osascript {
            program: program.into(),
            timeout,
        }
    }

    pub async fn send(&self, to: &ChatRef, text: &str) -> Result<(), ChannelError> {
        let child = tokio::process::Command::new(&self.program)
            .args(send_args(to, text))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| {
                ChannelError::Send(format!("cannot run {}: {e}", self.program.display()))
            })?;
        let out = tokio::time::timeout(self.timeout, child.wait_with_output())
            .await
            .map_err(|_| {
                ChannelError::Send(format!(
                    "osascript did not finish within {} s",
                    self.timeout.as_secs()
                ))
            })?
            .map_err(|e| ChannelError::Send(format!("waiting for osascript: {e}")))?;
        if out.status.success() {
            return Ok(());
        }
        let stderr = String::from_utf8_lossy(&out.stderr);
        let first: String = stderr
            .lines()
            .next()
            .unwrap_or("")
            .chars()
            .take(200)
            .collect();
        Err(ChannelError::Send(format!(
            "osascript failed ({}): {first}",
            out.status
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_is_only_ever_an_argument() {
        let evil = r#""; do shell script "touch /tmp/pwned"; ""#;
        let to = ChatRef {
            chat: "iMessage;-;+15550100000".into(),
            handle: "+15550100000".into(),
        };
        let args = send_args(&to, evil);
        assert_eq!(args.len(), 6);
        assert_eq!(args[1], SEND_SCRIPT, "the script is the constant");
        assert_eq!(args[5], evil, "the text is one argv item, verbatim");
        assert!(!SEND_SCRIPT.contains("shell script"));
    }
}
