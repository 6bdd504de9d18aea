//! `/api/admin/benchmark`: start the built-in benchmark, list its reports,
//! read one (a run in progress included).

use axum::Json;
use axum::extract::State;
use m3shd_api::{BenchmarkReport, BenchmarkReports, ErrorCode, StartBenchmark};

use super::doc::Accepted;
use super::error::ApiError;
use super::extract::{ApiPath, JsonOrEmpty};
use super::state::AppState;
use crate::benchmark::BenchmarkError;

impl From<BenchmarkError> for ApiError {
    fn from(e: BenchmarkError) -> ApiError {
        match e {
            BenchmarkError::Running(_) => ApiError::new(ErrorCode::Conflict, e.to_string()),
            BenchmarkError::NotFound(_) => ApiError::not_found(e.to_string()),
            BenchmarkError::Hub(e) => {
                tracing::error!(error = %e, "benchmark reports");
                ApiError::new(ErrorCode::Internal, "cannot read the benchmark reports")
            }
        }
    }
}

pub async fn start(
    State(s): State<AppState>,
    JsonOrEmpty(req): JsonOrEmpty<StartBenchmark>,
) -> Result<Accepted<BenchmarkReport>, ApiError> {
    Ok(Accepted(s.benchmarks.start(
        &s.hub,
        &req,
        s.shutdown.clone(),
    )?))
}

pub async fn list(State(s): State<AppState>) -> Result<Json<BenchmarkReports>, ApiError> {
    Ok(Json(BenchmarkReports {
        reports: s.benchmarks.list()?,
    }))
}

pub async fn get(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<BenchmarkReport>, ApiError> {
    Ok(Json(s.benchmarks.get(&id)?))
}
