//! `GET /metrics`: Prometheus text exposition format (version 0.0.4),
//! written by hand (a handful of gauges and one histogram do not need a
//! metrics registry). Behind the same bearer token as the rest of the API.
//!
//! Everything is computed from the store at scrape time, so the hub keeps
//! no counters of its own and a restart loses nothing:
//! - `m3shd_tasks{status}`: tasks by status (gauge, every status present);
//! - `m3shd_agents{status}`: agents by status (gauge);
//! - `m3shd_dispatch_latency_seconds`: histogram of submit → start
//!   (`created_at` → `started_at`) over the most recent started tasks (at
//!   most [`LATENCY_WINDOW`]); a snapshot of that window, not a lifetime
//!   counter, so read it with `histogram_quantile` on the raw buckets
//!   rather than through `rate()`;
//! - `m3shd_spend_today_usd`: the cost log's total for the current UTC day;
//! - `m3shd_sse_subscribers`: open `GET /api/stream` connections (a live
//!   gauge, counted by the SSE handler);
//! - `m3shd_claims_waiting`: claims waiting in their long-poll for work;
//! - `m3shd_replicas_live`: hubs sharing this hub's database that were
//!   heard from in the last seconds, this one included (1 on SQLite).

use std::fmt::Write;

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use m3shd_api::{AgentStatus, TaskQuery, TaskStatus};

use super::error::ApiError;
use super::state::AppState;

/// How many of the newest tasks the latency histogram looks at.
pub const LATENCY_WINDOW: u32 = 500;
/// Bucket bounds in seconds.
const BUCKETS: [f64; 12] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 60.0,
];
const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

pub async fn metrics(State(s): State<AppState>) -> Result<Response, ApiError> {
    let summary = s.hub.status_summary()?;
    let agents = s.hub.agents()?;
    let recent = s.hub.tasks(&TaskQuery {
        limit: Some(LATENCY_WINDOW),
        ..TaskQuery::default()
    })?;
    let spend = s.hub.cost_report(None)?.total_cost_usd;

    let tasks: Vec<(&str, i64)> = TaskStatus::ALL
        .iter()
        .map(|st| {
            let n = summary.tasks.get(st).copied().unwrap_or(0);
            (st.as_str(), n)
        })
        .collect();
    let agent_counts: Vec<(&str, i64)> = [
        AgentStatus::Online,
        AgentStatus::Busy,
        AgentStatus::Offline,
        AgentStatus::Draining,
    ]
    .iter()
    .map(|st| {
        let n = m3shd_common::num::to_i64(agents.iter().filter(|a| a.status == *st).count());
        (st.as_str(), n)
    })
    .collect();
    let latencies: Vec<f64> = recent
        .iter()
        .filter_map(|t| {
            let started = t.started_at?;
            let ms = (started - t.created_at).num_milliseconds().max(0);
            Some(ms as f64 / 1000.0)
        })
        .collect();
    let subscribers = s.sse_subscribers.load(std::sync::atomic::Ordering::Relaxed);
    let claims = s.claims_waiting.load(std::sync::atomic::Ordering::Relaxed);
    let mut body = render(&tasks, &agent_counts, &latencies, spend);
    render_live(&mut body, subscribers, claims);
    let _ = writeln!(
        body,
        "# HELP m3shd_replicas_live Hubs sharing this database heard from lately (this one included).\n\
         # TYPE m3shd_replicas_live gauge\nm3shd_replicas_live {}",
        s.hub.replicas_live()
    );
    Ok(([(header::CONTENT_TYPE, CONTENT_TYPE)], body).into_response())
}

/// The exposition text; pure so that it can be tested.
pub fn render(
    tasks: &[(&str, i64)],
    agents: &[(&str, i64)],
    latencies: &[f64],
    spend_today_usd: f64,
) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = writeln!(
        out,
        "# HELP m3shd_build_info The hub's version.\n# TYPE m3shd_build_info gauge\n\
         m3shd_build_info{{version=\"{}\"}} 1",
        m3shd_api::VERSION
    );
    let _ = writeln!(
        out,
        "# HELP m3shd_tasks Tasks by status.\n# TYPE m3shd_tasks gauge"
    );
    for (status, n) in tasks {
        let _ = writeln!(out, "m3shd_tasks{{status=\"{status}\"}} {n}");
    }
    let _ = writeln!(
        out,
        "# HELP m3shd_agents Agents by status.\n# TYPE m3shd_agents gauge"
    );
    for (status, n) in agents {
        let _ = writeln!(out, "m3shd_agents{{status=\"{status}\"}} {n}");
    }
    let _ = writeln!(
        out,
        "# HELP m3shd_dispatch_latency_seconds Submit to start of the {LATENCY_WINDOW} newest \
         started tasks (a snapshot of that window).\n\
         # TYPE m3shd_dispatch_latency_seconds histogram"
    );
    for le in BUCKETS {
        let n = latencies.iter().filter(|l| **l <= le).count();
        let _ = writeln!(
            out,
            "m3shd_dispatch_latency_seconds_bucket{{le=\"{le}\"}} {n}"
        );
    }
    let sum: f64 = latencies.iter().sum();
    let _ = writeln!(
        out,
        "m3shd_dispatch_latency_seconds_bucket{{le=\"+Inf\"}} {n}\n\
         m3shd_dispatch_latency_seconds_sum {sum}\n\
         m3shd_dispatch_latency_seconds_count {n}",
        n = latencies.len()
    );
    let _ = writeln!(
        out,
        "# HELP m3shd_spend_today_usd Model spend recorded today (UTC).\n\
         # TYPE m3shd_spend_today_usd gauge\nm3shd_spend_today_usd {spend_today_usd}"
    );
    out
}

/// The gauges of open long-lived requests, appended to the exposition.
pub fn render_live(out: &mut String, subscribers: usize, claims_waiting: usize) {
    let _ = writeln!(
        out,
        "# HELP m3shd_sse_subscribers Open event stream (SSE) connections.\n\
         # TYPE m3shd_sse_subscribers gauge\nm3shd_sse_subscribers {subscribers}\n\
         # HELP m3shd_claims_waiting Claims waiting in their long-poll for work.\n\
         # TYPE m3shd_claims_waiting gauge\nm3shd_claims_waiting {claims_waiting}"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exposition_is_well_formed() {
        let text = render(
            &[("queued", 2), ("done", 5)],
            &[("online", 1), ("busy", 0)],
            &[0.003, 0.2, 0.2, 70.0],
            1.25,
        );
        assert!(text.contains("m3shd_tasks{status=\"queued\"} 2\n"));
        assert!(text.contains("m3shd_agents{status=\"online\"} 1\n"));
        assert!(text.contains("m3shd_dispatch_latency_seconds_bucket{le=\"0.005\"} 1\n"));
        assert!(text.contains("m3shd_dispatch_latency_seconds_bucket{le=\"0.25\"} 3\n"));
        assert!(text.contains("m3shd_dispatch_latency_seconds_bucket{le=\"60\"} 3\n"));
        assert!(text.contains("m3shd_dispatch_latency_seconds_bucket{le=\"+Inf\"} 4\n"));
        assert!(text.contains("m3shd_dispatch_latency_seconds_count 4\n"));
        assert!(text.contains("m3shd_spend_today_usd 1.25\n"));
        // Every sample line is `name{labels} value` or `name value`; every
        // family is announced by HELP and TYPE before its samples.
        let mut typed = std::collections::HashSet::new();
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix("# TYPE ") {
                typed.insert(rest.split(' ').next().unwrap_or_default().to_string());
                continue;
            }
            if line.starts_with("# HELP ") {
                continue;
            }
            let (name, value) = line.rsplit_once(' ').expect("name value");
            assert!(value.parse::<f64>().is_ok(), "bad value in {line:?}");
            let family = name.split('{').next().unwrap_or_default();
            let base = family
                .trim_end_matches("_bucket")
                .trim_end_matches("_sum")
                .trim_end_matches("_count");
            assert!(typed.contains(base), "{family} has no TYPE line");
        }
    }
}
