//! A coding assistant on the mesh: `m3shd mcp` driven by the official
//! Python MCP client, the Claude Code prompt hook, and `m3shd post`.

mod hook;
mod mcp;
mod mcp_offline;
mod mcp_token;
mod python;

use std::io::Read;
use std::process::{Child, Output};
use std::time::{Duration, Instant};

/// Wait for `child` to exit and collect what is left of its piped output;
/// kill it and fail the test if it has not exited within `limit` (a bound
/// against hanging, not a timing assertion).
fn finish_within(mut child: Child, limit: Duration, what: &str) -> Output {
    fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_end(&mut buf);
            }
            buf
        })
    }
    let out = drain(child.stdout.take());
    let err = drain(child.stderr.take());
    let deadline = Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the child") {
            break status;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} did not exit within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Output {
        status,
        stdout: out.join().expect("stdout reader"),
        stderr: err.join().expect("stderr reader"),
    }
}
