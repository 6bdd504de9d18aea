//! How `m3shd bench hub` shows a report: a heading, then one row per test
//! with its headline figures; `--list`, one row per report.

use m3shd_api::{BenchmarkReport, BenchmarkTest, BenchmarkTestStatus};
use serde_json::{Map, Value};

use crate::output;

pub fn print_report(r: &BenchmarkReport) {
    let took = r
        .finished_at
        .map(|f| format!(", took {:.1} s", (f - r.started_at).as_seconds_f64()))
        .unwrap_or_default();
    outln!(
        "benchmark {} {}{} (hub {}, {} {}, {} CPUs, started {}{took})",
        r.id,
        r.status,
        if r.quick { " (quick)" } else { "" },
        r.hub_version,
        r.machine.os,
        r.machine.arch,
        r.machine.cpus,
        r.started_at.format("%Y-%m-%d %H:%M:%S UTC"),
    );
    let rows: Vec<Vec<String>> = r
        .tests
        .iter()
        .map(|t| {
            vec![
                t.name.clone(),
                t.status.to_string(),
                format!("{:.1}", t.seconds),
                headline(t),
            ]
        })
        .collect();
    output::table(&["TEST", "STATUS", "SECONDS", "FIGURES"], &rows);
    if let Some(e) = &r.error {
        outln!("error: {e}");
    }
}

pub fn print_list(reports: &[BenchmarkReport]) {
    if reports.is_empty() {
        outln!("no benchmark reports yet (run `m3shd bench hub`)");
        return;
    }
    let rows: Vec<Vec<String>> = reports
        .iter()
        .map(|r| {
            let fig = |test: &str, key: &str| {
                r.tests
                    .iter()
                    .find(|t| t.name == test)
                    .and_then(|t| t.figures.get(key))
                    .and_then(Value::as_f64)
                    .map_or_else(|| "-".into(), |x| format!("{x:.1}"))
            };
            vec![
                r.id.clone(),
                format!("{}{}", r.status, if r.quick { " (quick)" } else { "" }),
                output::age(r.started_at),
                fig("dispatch_throughput", "tasks_per_s"),
                fig("concurrent_tasks", "seconds"),
                fig("memory_search", "search_p99_ms"),
                fig("sse_fanout", "delivery_p99_ms"),
                fig("end_to_end", "p50_ms"),
            ]
        })
        .collect();
    output::table(
        &[
            "ID",
            "STATUS",
            "AGE",
            "TASKS/S",
            "CONCURRENT S",
            "SEARCH P99 MS",
            "FAN-OUT P99 MS",
            "E2E P50 MS",
        ],
        &rows,
    );
}

/// The figures that answer the test's question, in words.
fn headline(t: &BenchmarkTest) -> String {
    let f = &t.figures;
    match t.status {
        BenchmarkTestStatus::Skipped => return format!("skipped: {}", text(f, "skipped")),
        BenchmarkTestStatus::Failed => return format!("error: {}", text(f, "error")),
        BenchmarkTestStatus::Done => {}
    }
    match t.name.as_str() {
        "dispatch_throughput" => format!(
            "{} tasks/s ({} tasks from {} submitters to {} workers × {} slots)",
            num(f, "tasks_per_s", 0),
            num(f, "tasks", 0),
            num(f, "submitters", 0),
            num(f, "workers", 0),
            num(f, "slots", 0),
        ),
        "concurrent_tasks" => format!(
            "{} tasks in {} s, peak {} running ({} agents × {} slots, {} ms each)",
            num(f, "tasks", 0),
            num(f, "seconds", 2),
            num(f, "peak_running", 0),
            num(f, "agents", 0),
            num(f, "slots", 0),
            num(f, "hold_ms", 0),
        ),
        "memory_search" => format!(
            "insert {}/s; search p50 {} ms, p99 {} ms ({} searches in {} memories)",
            num(f, "insert_rate_per_s", 0),
            num(f, "search_p50_ms", 2),
            num(f, "search_p99_ms", 2),
            num(f, "searches", 0),
            num(f, "memories", 0),
        ),
        "sse_fanout" => format!(
            "p50 {} ms, p99 {} ms ({} subscribers × {} events, {} delivered)",
            num(f, "delivery_p50_ms", 2),
            num(f, "delivery_p99_ms", 2),
            num(f, "subscribers", 0),
            num(f, "events", 0),
            num(f, "delivered", 0),
        ),
        "end_to_end" => format!(
            "submit → done p50 {} ms, p99 {} ms ({} tasks one after another)",
            num(f, "p50_ms", 2),
            num(f, "p99_ms", 2),
            num(f, "tasks", 0),
        ),
        _ => f
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(" "),
    }
}

fn num(f: &Map<String, Value>, key: &str, decimals: usize) -> String {
    f.get(key)
        .and_then(Value::as_f64)
        .map_or_else(|| "?".into(), |x| format!("{x:.decimals$}"))
}

fn text<'a>(f: &'a Map<String, Value>, key: &str) -> &'a str {
    f.get(key).and_then(Value::as_str).unwrap_or("")
}
