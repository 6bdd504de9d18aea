//! `m3shd bench hub`: run the hub's own benchmark suite (it runs against a
//! scratch hub the hub starts, never its store), follow its progress on
//! stderr and print the report; `--list` shows the reports the hub keeps.

use std::process::ExitCode;
use std::time::Duration;

use m3shd_api::{BenchmarkReport, BenchmarkStatus, Event, StartBenchmark, StreamQuery};
use m3shd_client::{Client, StreamItem};

use super::bench_hub_view::{print_list, print_report};
use crate::args::BenchHubArgs;
use crate::exit::{CliError, FAILED};
use crate::output;

/// How often the report is read when no event arrives (a missed or
/// trimmed event cannot leave the command waiting).
const CHECK_EVERY: Duration = Duration::from_secs(3);
/// A full run takes well under a minute; this only stops a stuck wait.
const GIVE_UP_AFTER: Duration = Duration::from_secs(30 * 60);

pub async fn run(client: &Client, a: BenchHubArgs) -> Result<ExitCode, CliError> {
    if a.list {
        let reports = client.benchmarks().await?;
        if a.json {
            output::json(&serde_json::json!({ "reports": reports }))?;
        } else {
            print_list(&reports);
        }
        return Ok(ExitCode::SUCCESS);
    }
    // Before starting, so no event of the run can be missed.
    let after = client.status().await?.last_event_id;
    let started = client
        .start_benchmark(&StartBenchmark { quick: a.quick })
        .await?;
    if a.no_wait {
        if a.json {
            output::json(&started)?;
        } else {
            outln!("{}", started.id);
            eprintln!(
                "benchmark {} started; `m3shd bench hub --list` shows it",
                started.id
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!("benchmark {} started on a scratch hub", started.id);
    let report = follow(client, &started.id, after).await?;
    if a.json {
        output::json(&report)?;
    } else {
        print_report(&report);
    }
    Ok(if report.status == BenchmarkStatus::Done {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(FAILED)
    })
}

/// Progress lines on stderr until the run's report is final.
async fn follow(client: &Client, id: &str, after: i64) -> Result<BenchmarkReport, CliError> {
    let mut stream = client.stream(StreamQuery {
        types: Some("benchmark_".into()),
        after: Some(after),
        ..StreamQuery::default()
    });
    let give_up = tokio::time::Instant::now() + GIVE_UP_AFTER;
    loop {
        if tokio::time::Instant::now() >= give_up {
            return Err(CliError::Failed(format!(
                "benchmark {id} did not finish within {} minutes",
                GIVE_UP_AFTER.as_secs() / 60
            )));
        }
        let item = match tokio::time::timeout(CHECK_EVERY, stream.next()).await {
            Ok(item) => item?,
            Err(_) => {
                let report = client.benchmark(id).await?;
                if report.status != BenchmarkStatus::Running {
                    return Ok(report);
                }
                continue;
            }
        };
        let StreamItem::Event(rec) = item else {
            continue;
        };
        match rec.event {
            Event::BenchmarkProgress {
                id: of, test, step, ..
            } if of == id => eprintln!("{test}: {step}"),
            Event::BenchmarkComplete { report } if report.id == id => return Ok(*report),
            _ => {}
        }
    }
}
