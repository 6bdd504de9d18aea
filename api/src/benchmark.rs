//! `POST/GET /api/admin/benchmark`: the hub's built-in benchmark suite,
//! run against a scratch hub of its own (README, "Benchmark").

use serde::{Deserialize, Serialize};

use crate::Timestamp;

/// The tests of a full run, in the order they run.
pub const BENCHMARK_TESTS: [&str; 6] = [
    "dispatch_throughput",
    "concurrent_tasks",
    "memory_search",
    "sse_fanout",
    "federation_relay",
    "end_to_end",
];

/// Body of `POST /api/admin/benchmark` (optional).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct StartBenchmark {
    /// Small sizes (a few seconds in all) instead of the full run's: for
    /// tests and a quick check that everything works, not for figures.
    #[serde(default)]
    pub quick: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum BenchmarkStatus {
    Running,
    /// Every test finished (or was skipped, saying why).
    Done,
    /// A test failed, or the scratch hub could not run; `error` says which.
    Failed,
}

impl BenchmarkStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            BenchmarkStatus::Running => "running",
            BenchmarkStatus::Done => "done",
            BenchmarkStatus::Failed => "failed",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum BenchmarkTestStatus {
    Done,
    /// Could not run here; `figures.skipped` says why.
    Skipped,
    /// `figures.error` says why.
    Failed,
}

impl BenchmarkTestStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            BenchmarkTestStatus::Done => "done",
            BenchmarkTestStatus::Skipped => "skipped",
            BenchmarkTestStatus::Failed => "failed",
        }
    }
}

display_as_str!(BenchmarkStatus, BenchmarkTestStatus);

/// One test's outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BenchmarkTest {
    /// One of [`BENCHMARK_TESTS`].
    pub name: String,
    pub status: BenchmarkTestStatus,
    /// The measurements (rates per second, latencies in ms, the sizes
    /// used); `{"skipped": reason}` or `{"error": message}` otherwise.
    pub figures: serde_json::Map<String, serde_json::Value>,
    /// Wall time the test took, set-up included.
    pub seconds: f64,
}

/// The machine the hub ran on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BenchmarkMachine {
    /// CPUs the hub may use.
    pub cpus: u32,
    /// e.g. `linux`, `macos`.
    pub os: String,
    /// e.g. `x86_64`, `aarch64`.
    pub arch: String,
}

/// One run of the suite: kept as `DATA_DIR/benchmarks/<id>.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BenchmarkReport {
    pub id: String,
    pub status: BenchmarkStatus,
    pub quick: bool,
    pub hub_version: String,
    pub machine: BenchmarkMachine,
    pub started_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The tests finished so far, in the order they ran.
    pub tests: Vec<BenchmarkTest>,
}

/// `GET /api/admin/benchmark`: newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BenchmarkReports {
    pub reports: Vec<BenchmarkReport>,
}
