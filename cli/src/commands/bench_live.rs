//! `m3shd bench fanout` and `m3shd bench stream`: figures taken of a
//! running hub through its API (the measurements live in
//! `m3shd_client::bench`, which the hub's own benchmark report runs too).
//! Both leave a trace on the hub they measure: chat messages in the
//! `bench-fanout` channel, one finished task and a deregistered probe agent.

use std::process::ExitCode;

use m3shd_client::Client;
use m3shd_client::bench::{fanout, stream_output};

use crate::args::{BenchFanoutArgs, BenchStreamArgs};
use crate::exit::CliError;
use crate::output;

fn progress(line: &str) {
    eprintln!("{line}");
}

pub async fn run_fanout(client: &Client, a: BenchFanoutArgs) -> Result<ExitCode, CliError> {
    if a.subscribers == 0 || a.events == 0 {
        return Err(CliError::Usage(
            "--subscribers and --events must be at least 1".into(),
        ));
    }
    // Each subscriber holds a connection, i.e. a descriptor of ours.
    raise_open_files_limit(a.subscribers as u64 + 64);
    let f = fanout(client, a.subscribers, a.events, &progress).await?;
    if a.json {
        output::json(&f)?;
    } else {
        outln!(
            "{} subscribers × {} events: {} delivered, {} told to catch up",
            f.subscribers,
            f.events,
            f.delivered,
            f.lagged_subscribers
        );
        outln!("connected in {:.2} s", f.connect_seconds);
        outln!(
            "delivery p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
            f.delivery_p50_ms,
            f.delivery_p99_ms,
            f.delivery_max_ms
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn run_stream(client: &Client, a: BenchStreamArgs) -> Result<ExitCode, CliError> {
    if a.chunks == 0 || a.chunk_bytes == 0 {
        return Err(CliError::Usage(
            "--chunks and --chunk-bytes must be at least 1".into(),
        ));
    }
    let f = stream_output(client, a.chunks, a.chunk_bytes, &progress).await?;
    if a.json {
        output::json(&f)?;
    } else {
        outln!(
            "{} chunks of {} bytes in {:.2} s: {:.0} chunks/s, {:.1} KB/s (task {})",
            f.chunks,
            f.chunk_bytes,
            f.seconds,
            f.chunks_per_s,
            f.bytes_per_s / 1024.0,
            f.task
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Lift the soft open-file limit toward `wanted` (up to the hard limit);
/// a limit that cannot be raised shows up as subscribers that never connect.
fn raise_open_files_limit(wanted: u64) {
    use rustix::process::{Resource, getrlimit, setrlimit};
    let mut lim = getrlimit(Resource::Nofile);
    let current = lim.current.unwrap_or(u64::MAX);
    if current >= wanted {
        return;
    }
    lim.current = Some(match lim.maximum {
        Some(max) => wanted.min(max),
        None => wanted,
    });
    if let Err(e) = setrlimit(Resource::Nofile, lim) {
        eprintln!("cannot raise the open-file limit to {wanted}: {e}");
    }
}
