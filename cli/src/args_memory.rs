//! Arguments of `m3shd memory …` (agent memory, ARCHITECTURE.md, "Agent memory") and
//! `m3shd bench memory`.

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum MemoryCmd {
    /// List an agent's memories, newest first.
    List {
        /// The agent.
        agent: String,
        /// At most this many (default 50, at most 500).
        #[arg(long)]
        limit: Option<u32>,
        /// Print the JSON the API returns.
        #[arg(long)]
        json: bool,
    },
    /// Full-text search of an agent's memories (any word, best match first).
    Search {
        /// The agent.
        agent: String,
        /// Words to look for (only letters and digits count).
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
        /// At most this many (default 20).
        #[arg(long)]
        limit: Option<u32>,
        #[arg(long)]
        json: bool,
    },
    /// Store or replace one of an agent's memories.
    Set {
        /// The agent.
        agent: String,
        /// 1-64 characters of [a-z0-9_.-].
        key: String,
        /// The fact to remember (16 KB at most).
        value: String,
        /// How sure the fact is, 0..1 (default 1).
        #[arg(long)]
        confidence: Option<f64>,
        #[arg(long)]
        json: bool,
    },
    /// Delete one of an agent's memories.
    Rm {
        /// The agent.
        agent: String,
        key: String,
        #[arg(long)]
        json: bool,
    },
    /// Merge every agent's duplicate memories now (the nightly pass).
    Consolidate {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct BenchMemoryArgs {
    /// Memory counts to measure, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "10000,100000")]
    pub sizes: Vec<usize>,
    /// Searches per size.
    #[arg(long, default_value_t = 500)]
    pub searches: usize,
    /// Print the figures as JSON.
    #[arg(long)]
    pub json: bool,
}
