//! Agent memory through the API: how fast memories are stored, and how long
//! a full-text search takes among them. The memories are synthetic but
//! word-like: values of 12 pseudo-words drawn from a 5,000-word vocabulary
//! with a Zipf-like skew, so a few words are common and most are rare, as in
//! text; searches are two or three such words.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use m3shd_api::{RegisterAgent, SetMemory};
use serde::Serialize;

use super::{mix, percentile};
use crate::{Client, ClientError};

/// Concurrent writers while inserting (the hub's writer commits them in groups).
pub const WRITERS: usize = 32;
/// The agent the memories belong to.
pub const MEMORY_AGENT: &str = "bench-memory";
/// Distinct words the synthetic memories are made of.
const VOCABULARY: u64 = 5_000;
const WORDS_PER_VALUE: usize = 12;

#[derive(Debug, Clone, Serialize)]
pub struct MemoryFigures {
    pub memories: usize,
    pub insert_rate_per_s: f64,
    pub searches: usize,
    pub search_p50_ms: f64,
    pub search_p99_ms: f64,
    pub search_max_ms: f64,
    pub mean_hits: f64,
}

/// Register [`MEMORY_AGENT`], store `memories` memories for it, then search
/// `searches` times.
pub async fn memory(
    client: &Client,
    memories: usize,
    searches: usize,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<MemoryFigures, ClientError> {
    if memories == 0 || searches == 0 {
        return Err(ClientError::Config(
            "memories and searches must be at least 1".into(),
        ));
    }
    register_agent(client).await?;
    progress(&format!(
        "inserting {memories} memories from {WRITERS} concurrent writers…"
    ));
    let started = Instant::now();
    insert(client, 0, memories, progress).await?;
    let insert_secs = started.elapsed().as_secs_f64().max(1e-9);
    progress(&format!("searching {searches} times…"));
    let (lat, hits) = search(client, searches, memories as u64).await?;
    Ok(MemoryFigures {
        memories,
        insert_rate_per_s: memories as f64 / insert_secs,
        searches: lat.len(),
        search_p50_ms: percentile(&lat, 0.50),
        search_p99_ms: percentile(&lat, 0.99),
        search_max_ms: lat.last().copied().unwrap_or(0.0),
        mean_hits: hits as f64 / lat.len().max(1) as f64,
    })
}

/// The agent the memories belong to must exist.
pub async fn register_agent(client: &Client) -> Result<(), ClientError> {
    client
        .register(
            MEMORY_AGENT,
            &RegisterAgent {
                name: None,
                machine: None,
                capabilities: vec!["bench-memory".into()],
                max_concurrent: 1,
            },
        )
        .await
        .map(|_| ())
}

/// Memories `from..to` of [`MEMORY_AGENT`], each its own POST, from
/// [`WRITERS`] tasks at once.
pub async fn insert(
    client: &Client,
    from: usize,
    to: usize,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<(), ClientError> {
    let next = AtomicUsize::new(from);
    let total = to.saturating_sub(from);
    // Futures of this task rather than spawned tasks, so they can report
    // through `progress`; the hub they talk to runs elsewhere.
    let writers = (0..WRITERS).map(|_| async {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= to {
                return Ok::<(), ClientError>(());
            }
            client.set_memory(MEMORY_AGENT, &memory_at(i)).await?;
            let done = i + 1 - from;
            if done.is_multiple_of(20_000) {
                progress(&format!("  {done}/{total} inserted"));
            }
        }
    });
    futures_util::future::try_join_all(writers).await?;
    Ok(())
}

/// `n` searches of two or three words, one after another; latency in ms
/// (sorted) and the total number of hits. `salt` varies the queries.
pub async fn search(
    client: &Client,
    n: usize,
    salt: u64,
) -> Result<(Vec<f64>, usize), ClientError> {
    let mut lat = Vec::with_capacity(n);
    let mut hits = 0;
    for i in 0..n as u64 {
        let q = query(i, salt);
        let started = Instant::now();
        let found = client.search_memories(MEMORY_AGENT, &q, Some(5)).await?;
        lat.push(started.elapsed().as_secs_f64() * 1000.0);
        hits += found.len();
    }
    lat.sort_by(f64::total_cmp);
    Ok((lat, hits))
}

/// The `i`-th synthetic memory.
pub fn memory_at(i: usize) -> SetMemory {
    SetMemory {
        key: format!("fact_{i}_{}", word(i as u64 ^ 0x5eed)),
        value: (0..WORDS_PER_VALUE)
            .map(|j| word((i * 131 + j) as u64))
            .collect::<Vec<_>>()
            .join(" "),
        confidence: None,
        source: Some("bench".into()),
    }
}

/// The `i`-th search query of two or three words.
pub fn query(i: u64, salt: u64) -> String {
    let seed = mix(i ^ (salt << 20));
    let words = 2 + seed % 2;
    (0..words)
        .map(|j| word(seed.wrapping_add(j)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A pronounceable pseudo-word for `seed`, skewed so a few words are common.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memories_and_queries_are_deterministic_words() {
        let m = memory_at(7);
        assert_eq!(m, memory_at(7));
        assert_eq!(m.value.split(' ').count(), WORDS_PER_VALUE);
        assert!(m.key.starts_with("fact_7_"));
        let q = query(3, 10_000);
        assert_eq!(q, query(3, 10_000));
        let n = q.split(' ').count();
        assert!((2..=3).contains(&n), "{q}");
        assert!(q.bytes().all(|b| b.is_ascii_lowercase() || b == b' '));
    }
}
