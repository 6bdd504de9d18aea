//! Benchmark reports on disk: `DATA_DIR/benchmarks/<id>.json`, each
//! written whole (temp file + rename), the newest [`KEEP`] kept for trend
//! analysis. Ids start with the UTC start time, so their names sort by age.

use std::path::{Path, PathBuf};

use m3shd_api::BenchmarkReport;

use crate::error::HubError;

/// Reports kept; older ones are deleted when a new one is written.
pub const KEEP: usize = 50;

/// Write `report` and drop the reports beyond the newest [`KEEP`].
pub fn save(dir: &Path, report: &BenchmarkReport) -> Result<(), HubError> {
    crate::fsutil::create_private_dir(dir)?;
    let path = dir.join(format!("{}.json", report.id));
    let json = serde_json::to_vec_pretty(report)
        .map_err(|e| HubError::Config(format!("cannot encode the report: {e}")))?;
    m3shd_common::private_fs::write_atomic(&path, &json).map_err(|e| HubError::path(&path, e))?;
    let files = report_files(dir)?;
    for old in files.iter().take(files.len().saturating_sub(KEEP)) {
        if let Err(e) = std::fs::remove_file(old) {
            tracing::warn!(file = %old.display(), error = %e, "cannot delete an old benchmark report");
        }
    }
    Ok(())
}

/// The report `id`, if it was written.
pub fn load(dir: &Path, id: &str) -> Result<Option<BenchmarkReport>, HubError> {
    // Only ids the hub could have made name a file here.
    if !m3shd_api::is_valid_id(id) {
        return Ok(None);
    }
    read(&dir.join(format!("{id}.json")))
}

/// Every readable report, newest first.
pub fn list(dir: &Path) -> Result<Vec<BenchmarkReport>, HubError> {
    let mut reports = Vec::new();
    for path in report_files(dir)? {
        match read(&path) {
            Ok(Some(r)) => reports.push(r),
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "skipping an unreadable benchmark report"),
        }
    }
    reports.sort_by(|a, b| b.started_at.cmp(&a.started_at).then(b.id.cmp(&a.id)));
    Ok(reports)
}

fn read(path: &Path) -> Result<Option<BenchmarkReport>, HubError> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| HubError::Config(format!("{}: {e}", path.display()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(HubError::path(path, e)),
    }
}

/// `*.json` directly in `dir`, oldest (by name) first.
fn report_files(dir: &Path) -> Result<Vec<PathBuf>, HubError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(HubError::path(dir, e)),
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json") && p.is_file())
        .collect();
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use m3shd_api::{BenchmarkMachine, BenchmarkStatus};

    fn report(id: &str, minute: u32) -> BenchmarkReport {
        use chrono::TimeZone;
        BenchmarkReport {
            id: id.into(),
            status: BenchmarkStatus::Done,
            quick: true,
            hub_version: "0".into(),
            machine: BenchmarkMachine {
                cpus: 1,
                os: "linux".into(),
                arch: "x86_64".into(),
            },
            started_at: chrono::Utc
                .with_ymd_and_hms(2030, 1, 1, 0, minute, 0)
                .single()
                .expect("time"),
            finished_at: None,
            error: None,
            tests: Vec::new(),
        }
    }

    #[test]
    fn reports_are_kept_newest_first_and_pruned() {
        let root = tempfile::tempdir().expect("tempdir");
        let dir = root.path().join("benchmarks");
        let keep = u32::try_from(KEEP).expect("a small number");
        for m in 0..keep + 3 {
            save(&dir, &report(&format!("20300101-00{m:02}00-ab"), m)).expect("save");
        }
        let all = list(&dir).expect("list");
        assert_eq!(all.len(), KEEP);
        assert_eq!(all[0].id, format!("20300101-00{:02}00-ab", KEEP + 2));
        assert!(
            load(&dir, "20300101-000000-ab").expect("load").is_none(),
            "pruned"
        );
        assert!(load(&dir, "../etc/passwd").expect("load").is_none());
        let newest = load(&dir, &all[0].id).expect("load").expect("kept");
        assert_eq!(newest, all[0]);
    }
}
