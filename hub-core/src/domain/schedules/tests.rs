//! Schedules on a hub whose clock moves only when the test says.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use m3shd_api::{
    CreateSchedule, CreateTemplate, Event, ScheduleAction, TaskQuery, Timestamp, UpdateSchedule,
};

use super::super::{Hub, ManualClock, NoWake, Policy};
use super::*;
use crate::store::{Durability, Store};

fn utc(s: &str) -> Timestamp {
    chrono::DateTime::parse_from_rfc3339(s)
        .expect("time")
        .with_timezone(&chrono::Utc)
}

struct Fixture {
    hub: Hub,
    clock: ManualClock,
    _dir: tempfile::TempDir,
}

fn hub_at(start: &str) -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let clock = ManualClock::new(utc(start));
    let store = Store::open_with_clock(dir.path(), Durability::Normal, Arc::new(clock.clone()))
        .expect("open");
    let policy = Policy::for_tests(Duration::from_secs(60));
    Fixture {
        hub: Hub::new(store, policy, Arc::new(NoWake)),
        clock,
        _dir: dir,
    }
}

impl Fixture {
    async fn template(&self, name: &str, prompt: &str) {
        self.hub
            .create_template(
                CreateTemplate {
                    name: name.into(),
                    prompt_template: prompt.into(),
                    capability: Some("general".into()),
                    ..CreateTemplate::default()
                },
                "op",
            )
            .await
            .expect("template");
    }

    async fn schedule(&self, name: &str, cron: &str, tz: Option<&str>, template: &str) -> Schedule {
        self.hub
            .create_schedule(
                CreateSchedule {
                    name: name.into(),
                    cron: cron.into(),
                    tz: tz.map(Into::into),
                    template: Some(template.into()),
                    vars: BTreeMap::from([("who".to_string(), "ann".to_string())]),
                    ..CreateSchedule::default()
                },
                "op",
            )
            .await
            .expect("schedule")
    }

    async fn fire(&self) -> FireReport {
        self.hub.fire_due_schedules().await.expect("fire")
    }

    fn tasks(&self) -> Vec<m3shd_api::Task> {
        self.hub
            .tasks(&TaskQuery {
                limit: Some(500),
                ..TaskQuery::default()
            })
            .expect("tasks")
    }

    fn fired_events(&self) -> Vec<Event> {
        let page = self
            .hub
            .events(&m3shd_api::StreamQuery {
                types: Some("schedule_fired".into()),
                limit: Some(500),
                ..Default::default()
            })
            .expect("events");
        page.events.into_iter().map(|r| r.event).collect()
    }
}

#[tokio::test]
async fn a_due_time_fires_once_as_the_clock_moves() {
    let f = hub_at("2026-03-01T06:58:30Z");
    f.template("greet", "echo hello {who} on {date}").await;
    let s = f.schedule("morning", "0 7 * * *", None, "greet").await;
    assert_eq!(s.next_due, Some(utc("2026-03-01T07:00:00Z")));
    assert_eq!(s.tz, "UTC");

    assert_eq!(f.fire().await, FireReport::default(), "not due yet");
    f.clock.set(utc("2026-03-01T07:00:00Z"));
    let r = f.fire().await;
    assert_eq!((r.fired, r.tasks), (1, 1));
    assert_eq!(
        f.fire().await,
        FireReport::default(),
        "that due time is gone"
    );
    f.clock.advance(Duration::from_secs(3600));
    assert_eq!(f.fire().await, FireReport::default());

    let tasks = f.tasks();
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0].prompt, "echo hello ann on 2026-03-01");
    assert!(
        tasks[0].title.starts_with("morning: "),
        "{}",
        tasks[0].title
    );
    assert_eq!(tasks[0].required_capability.as_deref(), Some("general"));
    let s = f.hub.schedule("morning").expect("get");
    assert_eq!(s.next_due, Some(utc("2026-03-02T07:00:00Z")));
    assert_eq!(s.last_fired_at, Some(utc("2026-03-01T07:00:00Z")));
    assert_eq!(s.last_task_id.as_deref(), Some(tasks[0].id.as_str()));

    f.clock.set(utc("2026-03-02T07:00:01Z"));
    assert_eq!(f.fire().await.tasks, 1);
    assert_eq!(f.tasks().len(), 2);
    let events = f.fired_events();
    assert_eq!(events.len(), 2);
    assert!(matches!(
        &events[0],
        Event::ScheduleFired { due: Some(d), task_id: Some(_), .. } if *d == utc("2026-03-01T07:00:00Z")
    ));
}

#[tokio::test]
async fn due_times_missed_while_the_hub_was_down_fire_once() {
    let f = hub_at("2026-03-01T06:00:00Z");
    f.template("greet", "echo hello {who}").await;
    f.schedule("morning", "0 7 * * *", None, "greet").await;
    // Down over three due times.
    f.clock.set(utc("2026-03-04T09:30:00Z"));
    assert_eq!(f.fire().await.tasks, 1);
    assert_eq!(f.fire().await.tasks, 0);
    assert_eq!(f.tasks().len(), 1);
    let s = f.hub.schedule("morning").expect("get");
    assert_eq!(s.next_due, Some(utc("2026-03-05T07:00:00Z")));
}

#[tokio::test]
async fn concurrent_passes_fire_a_due_time_once() {
    let f = hub_at("2026-03-01T06:00:00Z");
    f.template("greet", "echo hello {who}").await;
    f.schedule("every-minute", "* * * * *", None, "greet").await;
    f.clock.set(utc("2026-03-01T06:01:00Z"));
    let (a, b) = tokio::join!(f.hub.fire_due_schedules(), f.hub.fire_due_schedules());
    assert_eq!(a.expect("a").tasks + b.expect("b").tasks, 1);
    assert_eq!(f.tasks().len(), 1);
}

#[tokio::test]
async fn a_paused_schedule_does_not_fire_and_skips_what_it_missed() {
    let f = hub_at("2026-03-01T06:00:00Z");
    f.template("greet", "echo hello {who}").await;
    f.schedule("morning", "0 7 * * *", None, "greet").await;
    let s = f.hub.pause_schedule("morning", true).await.expect("pause");
    assert!(s.paused && s.next_due.is_none());
    f.clock.set(utc("2026-03-01T07:30:00Z"));
    assert_eq!(f.fire().await, FireReport::default());
    let s = f
        .hub
        .pause_schedule("morning", false)
        .await
        .expect("resume");
    assert_eq!(s.next_due, Some(utc("2026-03-02T07:00:00Z")));
    assert_eq!(f.fire().await, FireReport::default());
    assert!(f.tasks().is_empty());
}

#[tokio::test]
async fn a_time_zone_moves_the_due_time_with_daylight_saving() {
    let f = hub_at("2026-03-27T12:00:00Z");
    f.template("greet", "echo hello {who}").await;
    let s = f
        .schedule("berlin", "0 7 * * *", Some("Europe/Berlin"), "greet")
        .await;
    assert_eq!(s.tz, "Europe/Berlin");
    assert_eq!(s.next_due, Some(utc("2026-03-28T06:00:00Z")), "CET");
    f.clock.set(utc("2026-03-28T06:00:00Z"));
    assert_eq!(f.fire().await.tasks, 1);
    let s = f.hub.schedule("berlin").expect("get");
    assert_eq!(s.next_due, Some(utc("2026-03-29T05:00:00Z")), "CEST");
    let err = f
        .hub
        .update_schedule(
            "berlin",
            UpdateSchedule {
                tz: Some("Europe/Atlantis".into()),
                ..UpdateSchedule::default()
            },
        )
        .await
        .expect_err("unknown zone");
    assert!(matches!(err, DomainError::Validation(_)), "{err}");
    let s = f
        .hub
        .update_schedule(
            "berlin",
            UpdateSchedule {
                cron: Some("30 6 * * *".into()),
                tz: Some("UTC".into()),
                ..UpdateSchedule::default()
            },
        )
        .await
        .expect("update");
    assert_eq!(s.next_due, Some(utc("2026-03-28T06:30:00Z")));
}

#[tokio::test]
async fn run_now_fires_without_moving_the_next_due_time() {
    let f = hub_at("2026-03-01T06:00:00Z");
    f.template("greet", "echo hello {who}").await;
    f.schedule("morning", "0 7 * * *", None, "greet").await;
    f.hub.pause_schedule("morning", true).await.expect("pause");
    let run = f.hub.run_schedule_now("morning").await.expect("run");
    let task = run.task.expect("a task");
    assert_eq!(task.prompt, "echo hello ann");
    assert_eq!(run.schedule.last_task_id.as_deref(), Some(task.id.as_str()));
    assert!(run.schedule.paused);
    f.hub
        .pause_schedule("morning", false)
        .await
        .expect("resume");
    assert_eq!(
        f.hub.schedule("morning").expect("get").next_due,
        Some(utc("2026-03-01T07:00:00Z"))
    );
    assert!(matches!(
        &f.fired_events()[..],
        [Event::ScheduleFired {
            due: None,
            task_id: Some(_),
            ..
        }]
    ));
}

#[tokio::test]
async fn a_fire_whose_template_is_gone_records_why_and_moves_on() {
    let f = hub_at("2026-03-01T06:00:00Z");
    f.template("greet", "echo hello {who}").await;
    f.schedule("morning", "0 7 * * *", None, "greet").await;
    f.hub.delete_template("greet").await.expect("delete");
    f.clock.set(utc("2026-03-01T07:00:00Z"));
    let r = f.fire().await;
    assert_eq!((r.fired, r.tasks, r.failed), (1, 0, 1));
    assert_eq!(
        f.fire().await,
        FireReport::default(),
        "not retried every pass"
    );
    let s = f.hub.schedule("morning").expect("get");
    assert_eq!(s.last_error.as_deref(), Some("no template `greet`"));
    assert_eq!(s.next_due, Some(utc("2026-03-02T07:00:00Z")));
    assert!(f.tasks().is_empty());
    let err = f
        .hub
        .run_schedule_now("morning")
        .await
        .expect_err("no template");
    assert!(matches!(err, DomainError::Validation(_)), "{err}");
}

#[tokio::test]
async fn creation_checks_its_target_and_its_variables() {
    let f = hub_at("2026-03-01T06:00:00Z");
    f.template("greet", "echo hello {who} at {place}").await;
    let req = |name: &str, template: Option<&str>, action: Option<ScheduleAction>| CreateSchedule {
        name: name.into(),
        cron: "0 7 * * *".into(),
        template: template.map(Into::into),
        action,
        ..CreateSchedule::default()
    };
    let refused = [
        req("Bad Name", Some("greet"), None),
        req("neither", None, None),
        req(
            "both",
            Some("greet"),
            Some(ScheduleAction::MemoryConsolidate),
        ),
        req("nope", Some("no-such-template"), None),
        req("missing", Some("greet"), None),
        CreateSchedule {
            cron: "0 0 30 2 *".into(),
            ..req("never", None, Some(ScheduleAction::MemoryConsolidate))
        },
    ];
    for r in refused {
        let name = r.name.clone();
        let err = f.hub.create_schedule(r, "op").await.expect_err(&name);
        assert!(matches!(err, DomainError::Validation(_)), "{name}: {err}");
    }
    f.hub
        .create_schedule(
            req("sleep", None, Some(ScheduleAction::MemoryConsolidate)),
            "op",
        )
        .await
        .expect("an action");
    let err = f
        .hub
        .create_schedule(
            req("sleep", None, Some(ScheduleAction::MemoryConsolidate)),
            "op",
        )
        .await
        .expect_err("taken");
    assert!(matches!(err, DomainError::Conflict(_)), "{err}");
    assert!(f.hub.schedules().expect("list").len() == 1);
}

#[tokio::test]
async fn the_consolidation_action_runs_on_its_due_time_and_reports() {
    let f = hub_at("2026-03-01T02:00:00Z");
    f.hub.register_general("ag", 1).await;
    for (key, value) in [("favourite_db", "sqlite"), ("favourite-db", "postgres")] {
        f.hub
            .set_memory(
                &m3shd_api::AgentId::parse("ag").expect("id"),
                m3shd_api::SetMemory {
                    key: key.into(),
                    value: value.into(),
                    confidence: None,
                    source: None,
                },
                "op",
            )
            .await
            .expect("memory");
    }
    f.hub
        .create_schedule(
            CreateSchedule {
                name: "nightly".into(),
                cron: "0 3 * * *".into(),
                action: Some(ScheduleAction::MemoryConsolidate),
                ..CreateSchedule::default()
            },
            "op",
        )
        .await
        .expect("schedule");
    f.clock.set(utc("2026-03-01T03:00:00Z"));
    let r = f.fire().await;
    assert_eq!((r.fired, r.tasks, r.failed), (1, 0, 0));
    assert_eq!(
        f.hub
            .memories(&m3shd_api::AgentId::parse("ag").expect("id"), None)
            .expect("list")
            .len(),
        1
    );
    let events = f.fired_events();
    let [
        Event::ScheduleFired {
            due,
            consolidated: Some(report),
            action,
            ..
        },
    ] = &events[..]
    else {
        panic!("one fire: {events:?}");
    };
    assert_eq!(*due, Some(utc("2026-03-01T03:00:00Z")));
    assert_eq!(*action, Some(ScheduleAction::MemoryConsolidate));
    assert_eq!((report.merged, report.removed), (1, 1));
    assert!(f.tasks().is_empty());
}

#[tokio::test]
async fn defaults_are_created_once_and_stay_removed() {
    let f = hub_at("2026-03-01T06:00:00Z");
    assert!(f.hub.seed_default_schedules().await.expect("seed"));
    let names: Vec<String> = f
        .hub
        .schedules()
        .expect("list")
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(
        names,
        [
            AGENT_EVOLUTION_SCHEDULE,
            DAILY_BLOG_SCHEDULE,
            MEMORY_CONSOLIDATION_SCHEDULE
        ]
    );
    let evolution = f.hub.schedule(AGENT_EVOLUTION_SCHEDULE).expect("evolution");
    assert_eq!(evolution.cron, "0 */6 * * *");
    assert_eq!(evolution.action, Some(ScheduleAction::Evolve));
    let blog = f.hub.template(DAILY_BLOG).expect("template");
    assert_eq!(blog.capability.as_deref(), Some("general"));
    assert_eq!(blog.variables, ["date", "analytics"]);

    f.hub
        .delete_schedule(DAILY_BLOG_SCHEDULE)
        .await
        .expect("rm");
    assert!(!f.hub.seed_default_schedules().await.expect("seed again"));
    assert_eq!(f.hub.schedules().expect("list").len(), 2);
}

#[tokio::test]
async fn the_daily_blog_is_general_work_written_from_the_analytics() {
    let f = hub_at("2026-03-01T06:00:00Z");
    f.hub.seed_default_schedules().await.expect("seed");
    f.hub
        .create_task(
            m3shd_api::CreateTask {
                prompt: "echo yesterday's work".into(),
                ..m3shd_api::CreateTask::default()
            },
            None,
        )
        .await
        .expect("a task");
    f.clock.set(utc("2026-03-01T07:00:00Z"));
    assert_eq!(f.fire().await.tasks, 1);
    let blog = f
        .tasks()
        .into_iter()
        .find(|t| t.title.starts_with("daily-blog: "))
        .expect("the blog task");
    assert_eq!(blog.required_capability.as_deref(), Some("general"));
    assert!(blog.prompt.contains("(2026-03-01)"), "{}", blog.prompt);
    assert!(
        blog.prompt
            .contains("Mesh analytics, last 24 hours:\n- tasks created: 1;"),
        "{}",
        blog.prompt
    );
}

#[tokio::test]
async fn a_hub_seeded_before_evolution_gets_its_schedule_once() {
    let f = hub_at("2026-03-01T06:00:00Z");
    // What a hub from before the evolution pass left in its settings.
    f.hub
        .store()
        .write(|tx| tx.settings().set("schedules.defaults_seeded", "{}"))
        .await
        .expect("older hub");
    assert!(f.hub.seed_default_schedules().await.expect("seed"));
    let names: Vec<String> = f
        .hub
        .schedules()
        .expect("list")
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(names, [AGENT_EVOLUTION_SCHEDULE]);
    f.hub
        .delete_schedule(AGENT_EVOLUTION_SCHEDULE)
        .await
        .expect("rm");
    assert!(!f.hub.seed_default_schedules().await.expect("seed again"));
    assert!(f.hub.schedules().expect("list").is_empty());
}

#[tokio::test]
async fn the_evolution_schedule_runs_its_pass_and_says_when_nobody_evolves() {
    let f = hub_at("2026-03-01T05:59:00Z");
    f.hub.seed_default_schedules().await.expect("seed");
    let evolution = f.hub.schedule(AGENT_EVOLUTION_SCHEDULE).expect("get");
    assert_eq!(evolution.next_due, Some(utc("2026-03-01T06:00:00Z")));
    let run = f
        .hub
        .run_schedule_now(AGENT_EVOLUTION_SCHEDULE)
        .await
        .expect("run now");
    let report = run.evolution.expect("an evolution report");
    assert!(report.proposed.is_empty());
    assert!(
        report.note.as_deref().is_some_and(|n| n.contains("evolve")),
        "{report:?}"
    );
    assert!(run.task.is_none() && run.consolidated.is_none());

    f.clock.set(utc("2026-03-01T06:00:00Z"));
    let r = f.fire().await;
    assert_eq!((r.fired, r.tasks, r.failed), (1, 0, 0), "{r:?}");
    let events = f.fired_events();
    let Some(Event::ScheduleFired {
        action, evolution, ..
    }) = events.last()
    else {
        panic!("{events:?}");
    };
    assert_eq!(*action, Some(ScheduleAction::Evolve));
    assert!(evolution.as_ref().is_some_and(|e| e.note.is_some()));
    assert!(f.tasks().is_empty());
    assert_eq!(
        f.hub
            .schedule(AGENT_EVOLUTION_SCHEDULE)
            .expect("get")
            .next_due,
        Some(utc("2026-03-01T12:00:00Z"))
    );
}
