//! The hub's built-in benchmark: start a run, read its reports.

use m3shd_api::{BenchmarkReport, BenchmarkReports, StartBenchmark};

use crate::http::seg;
use crate::{Client, ClientError};

impl Client {
    /// Start the hub's benchmark; its report in `running` state. A run
    /// already going is refused with `conflict`.
    pub async fn start_benchmark(
        &self,
        req: &StartBenchmark,
    ) -> Result<BenchmarkReport, ClientError> {
        self.post("/api/admin/benchmark", req).await
    }

    /// Every report the hub keeps, newest first.
    pub async fn benchmarks(&self) -> Result<Vec<BenchmarkReport>, ClientError> {
        let list: BenchmarkReports = self.get("/api/admin/benchmark").await?;
        Ok(list.reports)
    }

    /// One report (a run in progress shows its tests so far).
    pub async fn benchmark(&self, id: &str) -> Result<BenchmarkReport, ClientError> {
        self.get(&format!("/api/admin/benchmark/{}", seg(id))).await
    }
}
