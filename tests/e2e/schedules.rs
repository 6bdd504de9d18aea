//! Schedules through the real binaries: a due time fires once, across a
//! `kill -9` of the hub and a restart, and due times missed while the hub
//! was down fire once; the daily blog a new hub starts with is work a
//! general worker does.
//!
//! The hub runs with `M3SHD_TEST_CLOCK_OFFSET` (its clock that many seconds
//! off the wall clock, for tests only), so a due time is seconds away and a
//! restart can land days later without anyone waiting for it.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use m3shd_api::{Event, Schedule, ScheduleList, StreamQuery, TaskStatus};
use m3shd_client::Client;

use crate::harness::*;
use crate::harness::{m3shd_cli as m3shd, m3shd_json as json_of};

const OFFSET_ENV: &str = "M3SHD_TEST_CLOCK_OFFSET";

fn schedules(hub: &Hub) -> Vec<Schedule> {
    let list: ScheduleList =
        serde_json::from_value(json_of(hub, &["schedule", "list", "--json"])).unwrap();
    list.schedules
}

fn schedule(hub: &Hub, name: &str) -> Schedule {
    schedules(hub)
        .into_iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no schedule {name}"))
}

/// (schedule name, due, task id) of every fire, oldest first.
async fn fires(client: &Client) -> Vec<(String, Option<DateTime<Utc>>, Option<String>)> {
    let q = StreamQuery {
        types: Some("schedule_fired".into()),
        limit: Some(500),
        ..Default::default()
    };
    client
        .events(&q)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|r| match r.event {
            Event::ScheduleFired {
                name, due, task_id, ..
            } => Some((name, due, task_id)),
            _ => None,
        })
        .collect()
}

async fn fires_of(client: &Client, name: &str) -> usize {
    fires(client).await.iter().filter(|f| f.0 == name).count()
}

/// Seconds to add to the wall clock for the hub's clock to read `at` now.
fn offset_to(at: DateTime<Utc>) -> i64 {
    (at - Utc::now()).num_seconds()
}

fn add(hub: &Hub, args: &[&str]) {
    let out = m3shd(hub, args);
    assert!(out.status.success(), "m3shd {args:?}: {out:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_due_time_fires_once_across_a_kill_and_missed_ones_once_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    // Tomorrow, twenty seconds before 05:17 UTC on the hub's clock.
    let day = (Utc::now() + TimeDelta::days(1)).date_naive();
    let due = day.and_hms_opt(5, 17, 0).unwrap().and_utc();
    let mut offset = offset_to(due - TimeDelta::seconds(20));
    let env = offset.to_string();
    let mut hub = Hub::start_full(
        &dir.path().join("hub"),
        "127.0.0.1:0",
        10,
        &[],
        &[(OFFSET_ENV, &env)],
    );
    add(
        &hub,
        &[
            "template",
            "add",
            "greet",
            "--prompt",
            "echo hello {who} on {date}",
            "-c",
            "general",
        ],
    );
    add(
        &hub,
        &[
            "schedule",
            "add",
            "report",
            "--cron",
            "17 5 * * *",
            "--template",
            "greet",
            "who=ann",
        ],
    );
    // A witness due a minute later: its fire after a restart shows the
    // hub's first scheduler pass has run.
    add(
        &hub,
        &[
            "schedule",
            "add",
            "witness",
            "--cron",
            "18 5 * * *",
            "--template",
            "greet",
            "who=bob",
        ],
    );
    let report = schedule(&hub, "report");
    assert_eq!(report.next_due, Some(due), "{report:?}");
    assert_eq!(report.tz, "UTC");
    assert_eq!(report.vars["who"], "ann");
    let listed = String::from_utf8(m3shd(&hub, &["schedule", "list"]).stdout).unwrap();
    for column in [
        "NAME",
        "CRON",
        "TZ",
        "RUNS",
        "VARS",
        "PAUSED",
        "NEXT DUE",
        "LAST FIRED",
        "LAST TASK",
    ] {
        assert!(listed.contains(column), "{listed}");
    }
    assert!(
        listed.contains("template:greet") && listed.contains("who=ann"),
        "{listed}"
    );
    let _w = Worker::start(&hub.url, dir.path(), WorkerSpec::named("w", 2));
    let client = hub.client();
    agents_online(&client, 1).await;

    // 05:17 comes: one fire, whose task the worker runs.
    let task_id = wait_for("the 05:17 fire", Duration::from_secs(30), || async {
        schedule(&hub, "report").last_task_id
    })
    .await;
    let task = task_reaches(&client, &task_id, TaskStatus::Done, Duration::from_secs(30)).await;
    let expected = format!("hello ann on {}", day.format("%Y-%m-%d"));
    assert_eq!(task.output.as_deref(), Some(expected.as_str()));

    // Killed right after, and back a minute later: 05:17 does not fire
    // again, and the witness's 05:18, missed while down, fires once.
    hub.kill9();
    offset += 70;
    let env = offset.to_string();
    hub.restart_with_env(&[(OFFSET_ENV, &env)]);
    let client = hub.client();
    wait_for("the witness's fire", Duration::from_secs(30), || async {
        (fires_of(&client, "witness").await == 1).then_some(())
    })
    .await;
    assert_eq!(
        fires_of(&client, "report").await,
        1,
        "{:?}",
        fires(&client).await
    );
    let report = schedule(&hub, "report");
    assert_eq!(report.next_due, Some(due + TimeDelta::days(1)));
    assert_eq!(report.last_task_id.as_deref(), Some(task_id.as_str()));

    // Down for three days: each schedule fires once, not three times (for
    // the first due time it missed), and is due next after now.
    hub.kill9();
    offset += 3 * 86_400;
    let env = offset.to_string();
    hub.restart_with_env(&[(OFFSET_ENV, &env)]);
    let client = hub.client();
    wait_for(
        "the fires after three days",
        Duration::from_secs(30),
        || async {
            (fires_of(&client, "report").await == 2 && fires_of(&client, "witness").await == 2)
                .then_some(())
        },
    )
    .await;
    let report = schedule(&hub, "report");
    assert_eq!(report.next_due, Some(due + TimeDelta::days(4)));
    let all = fires(&client).await;
    let report_dues: Vec<_> = all
        .iter()
        .filter(|f| f.0 == "report")
        .map(|f| f.1)
        .collect();
    assert_eq!(report_dues, [Some(due), Some(due + TimeDelta::days(1))]);
    let tasks = client
        .list_tasks(&m3shd_api::TaskQuery {
            limit: Some(500),
            ..Default::default()
        })
        .await
        .unwrap();
    let from_report = tasks
        .iter()
        .filter(|t| t.title.starts_with("report: "))
        .count();
    assert_eq!(from_report, 2, "{tasks:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_daily_blog_is_a_default_schedule_that_a_general_worker_runs() {
    let dir = tempfile::tempdir().unwrap();
    let mut hub = Hub::start_full(
        &dir.path().join("hub"),
        "127.0.0.1:0",
        10,
        &[],
        &[("M3SHD_NO_DEFAULT_SCHEDULES", "false")],
    );
    let _w = Worker::start(&hub.url, dir.path(), WorkerSpec::named("w", 2));
    let client = hub.client();
    agents_online(&client, 1).await;

    let names: Vec<String> = schedules(&hub).into_iter().map(|s| s.name).collect();
    assert_eq!(
        names,
        ["agent-evolution", "daily-blog", "memory-consolidation"]
    );
    let blog = schedule(&hub, "daily-blog");
    assert_eq!((blog.cron.as_str(), blog.tz.as_str()), ("0 7 * * *", "UTC"));
    assert_eq!(blog.template.as_deref(), Some("daily-blog"));

    let run = json_of(&hub, &["schedule", "run-now", "daily-blog", "--json"]);
    assert_eq!(run["task"]["required_capability"], "general");
    let id = run["task"]["id"].as_str().unwrap();
    let done = task_reaches(&client, id, TaskStatus::Done, Duration::from_secs(30)).await;
    assert!(
        done.prompt.contains("Mesh analytics, last 24 hours:"),
        "{}",
        done.prompt
    );
    assert!(done.output.is_some_and(|o| !o.is_empty()));

    // Paused, removed: it stays as the operator left it across restarts.
    assert!(
        m3shd(&hub, &["schedule", "pause", "memory-consolidation"])
            .status
            .success()
    );
    assert!(
        m3shd(&hub, &["schedule", "rm", "daily-blog"])
            .status
            .success()
    );
    hub.kill9();
    hub.restart();
    let left = schedules(&hub);
    assert_eq!(left.len(), 2, "{left:?}");
    assert_eq!(left[1].name, "memory-consolidation");
    assert!(left[1].paused);
    let out = m3shd(&hub, &["schedule", "show", "daily-blog"]);
    assert_eq!(out.status.code(), Some(4), "{out:?}");
}
