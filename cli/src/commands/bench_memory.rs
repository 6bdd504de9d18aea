//! `m3shd bench memory`: agent-memory full-text search latency and insert
//! rate through the HTTP API of an embedded hub.

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use m3shd_api::{RegisterAgent, SetMemory};
use m3shd_client::Client;
use serde::Serialize;

use crate::args_memory::BenchMemoryArgs;
use crate::embedded::Mesh;
use crate::exit::CliError;
use crate::output;

use super::bench::percentile;

/// Concurrent writers while inserting (the hub's writer commits them in groups).
const WRITERS: usize = 32;
const AGENT: &str = "bench-memory";
/// Distinct words the synthetic memories are made of.
const VOCABULARY: u64 = 5_000;
const WORDS_PER_VALUE: usize = 12;

#[derive(Debug, Serialize)]
struct SizeFigures {
    memories: usize,
    inserted: usize,
    insert_rate_per_s: f64,
    searches: usize,
    search_p50_ms: f64,
    search_p99_ms: f64,
    search_max_ms: f64,
    mean_hits: f64,
}

#[derive(Debug, Serialize)]
struct Figures {
    sizes: Vec<SizeFigures>,
}

/// A small deterministic generator (no need for cryptographic randomness).
fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// A pronounceable pseudo-word for `n`, skewed so a few words are common.
fn word(seed: u64) -> String {
    const SYL: [&str; 16] = [
        "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pa", "qu", "do", "fe", "gi", "ho",
        "ju",
    ];
    // Squaring a uniform draw favours small ids: a Zipf-like spread.
    let u = (mix(seed) % 10_000) as f64 / 10_000.0;
    // `u` is in [0, 1), so this is a rank below VOCABULARY.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let mut n = (u * u * VOCABULARY as f64) as u64;
    let mut w = String::new();
    loop {
        w.push_str(SYL[(n % 16) as usize]);
        n /= 16;
        if n == 0 {
            break;
        }
    }
    w
}

fn value(i: usize) -> String {
    (0..WORDS_PER_VALUE)
        .map(|j| word((i * 131 + j) as u64))
        .collect::<Vec<_>>()
        .join(" ")
}

pub async fn run(a: BenchMemoryArgs) -> Result<ExitCode, CliError> {
    let mut sizes = a.sizes.clone();
    sizes.sort_unstable();
    sizes.dedup();
    if sizes.is_empty() || sizes[0] == 0 || a.searches == 0 {
        return Err(CliError::Usage(
            "--sizes and --searches must be at least 1".into(),
        ));
    }
    let dir = tempfile::Builder::new()
        .prefix("m3shd-bench-memory-")
        .tempdir()
        .map_err(|e| CliError::Failed(format!("cannot create a temporary data dir: {e}")))?;
    eprintln!("starting an embedded hub…");
    let mesh = Mesh::start(&dir.path().join("hub"), "127.0.0.1:0", None, &[]).await?;
    let client = mesh.client()?;
    client
        .register(
            AGENT,
            &RegisterAgent {
                name: None,
                machine: None,
                capabilities: vec!["general".into()],
                max_concurrent: 1,
            },
        )
        .await?;

    let mut figures = Vec::new();
    let mut have = 0usize;
    for &size in &sizes {
        let todo = size - have;
        eprintln!("inserting {todo} memories ({have} → {size}) from {WRITERS} concurrent writers…");
        let started = Instant::now();
        insert(&client, have, size).await?;
        let insert_secs = started.elapsed().as_secs_f64();
        have = size;
        eprintln!("searching {} times at {size} memories…", a.searches);
        let (lat, hits) = search(&client, a.searches, size as u64).await?;
        let f = SizeFigures {
            memories: size,
            inserted: todo,
            insert_rate_per_s: round1(todo as f64 / insert_secs),
            searches: lat.len(),
            search_p50_ms: round2(percentile(&lat, 0.50)),
            search_p99_ms: round2(percentile(&lat, 0.99)),
            search_max_ms: round2(lat.last().copied().unwrap_or(0.0)),
            mean_hits: round1(hits as f64 / lat.len().max(1) as f64),
        };
        if !a.json {
            outln!(
                "{:>7} memories: insert {:>8.1}/s  search p50 {:.2} ms  p99 {:.2} ms  max {:.2} ms  ({} searches, {:.1} hits each)",
                f.memories,
                f.insert_rate_per_s,
                f.search_p50_ms,
                f.search_p99_ms,
                f.search_max_ms,
                f.searches,
                f.mean_hits
            );
        }
        figures.push(f);
    }
    mesh.stop().await?;
    if a.json {
        output::json(&Figures { sizes: figures })?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Memories `from..to`, each its own POST, from `WRITERS` tasks at once.
async fn insert(client: &Client, from: usize, to: usize) -> Result<(), CliError> {
    let next = Arc::new(AtomicUsize::new(from));
    let mut writers = Vec::new();
    for _ in 0..WRITERS {
        let client = client.clone();
        let next = next.clone();
        writers.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= to {
                    return Ok::<(), m3shd_client::ClientError>(());
                }
                let req = SetMemory {
                    key: format!("fact_{i}_{}", word(i as u64 ^ 0x5eed)),
                    value: value(i),
                    confidence: None,
                    source: Some("bench".into()),
                };
                client.set_memory(AGENT, &req).await?;
                let done = i + 1 - from;
                if done.is_multiple_of(20_000) {
                    eprintln!("  {done}/{} inserted", to - from);
                }
            }
        }));
    }
    for w in writers {
        w.await
            .map_err(|e| CliError::Failed(format!("writer crashed: {e}")))??;
    }
    Ok(())
}

/// `n` searches of two or three words, one after another; latency in ms
/// (sorted) and the total number of hits.
async fn search(client: &Client, n: usize, salt: u64) -> Result<(Vec<f64>, usize), CliError> {
    let mut lat = Vec::with_capacity(n);
    let mut hits = 0;
    for i in 0..n as u64 {
        let seed = mix(i ^ (salt << 20));
        let words = 2 + (seed % 2) as usize;
        let q: Vec<String> = (0..words as u64)
            .map(|j| word(seed.wrapping_add(j)))
            .collect();
        let started = Instant::now();
        let found = client.search_memories(AGENT, &q.join(" "), Some(5)).await?;
        lat.push(started.elapsed().as_secs_f64() * 1000.0);
        hits += found.len();
    }
    lat.sort_by(|a, b| a.total_cmp(b));
    Ok((lat, hits))
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
