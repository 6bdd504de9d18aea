//! The hub's benchmark in the event log: its progress and its report. The
//! benchmark itself runs against a scratch hub (`m3shd-hubd`), never this
//! store; only these events land here.

use m3shd_api::{BenchmarkReport, Event};

use super::{DomainError, Hub};

impl Hub {
    /// `test` of benchmark `id` reached `step`.
    pub async fn record_benchmark_progress(
        &self,
        id: &str,
        test: &str,
        step: &str,
    ) -> Result<(), DomainError> {
        let (id, test, step) = (id.to_string(), test.to_string(), step.to_string());
        self.write(move |cx| {
            cx.tx.emit(Event::BenchmarkProgress { id, test, step })?;
            Ok(())
        })
        .await
    }

    /// Benchmark `report.id` finished (done or failed).
    pub async fn record_benchmark_complete(
        &self,
        report: BenchmarkReport,
    ) -> Result<(), DomainError> {
        self.write(move |cx| {
            cx.tx.emit(Event::BenchmarkComplete {
                report: Box::new(report),
            })?;
            Ok(())
        })
        .await
    }
}
