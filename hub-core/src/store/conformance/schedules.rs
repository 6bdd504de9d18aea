//! Schedules: names unique, due ones earliest first, a due time claimed
//! once, fires recorded, paused ones never due.

use std::collections::BTreeMap;

use super::{at, backends};
use crate::store::StoreError;
use crate::store::repos::{FireRecord, ScheduleRow};

fn schedule(name: &str, due: i64) -> ScheduleRow {
    ScheduleRow {
        id: format!("sc-{name}"),
        name: name.into(),
        cron: "* * * * *".into(),
        tz: "UTC".into(),
        template: Some("review".into()),
        action: None,
        vars: BTreeMap::from([("k".to_string(), "v".to_string())]),
        paused: false,
        next_due: at(due),
        last_fired_at: None,
        last_task_id: None,
        last_error: None,
        created_by: "ops".into(),
        created_at: at(0),
        updated_at: at(0),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn due_schedules_come_earliest_first_and_are_claimed_once() {
    for b in backends() {
        let s = &b.store;
        let mut paused = schedule("p", 0);
        paused.paused = true;
        let mut action = schedule("c", 60);
        action.template = None;
        action.action = Some("memory-consolidate".into());
        action.vars = BTreeMap::new();
        for sc in [
            schedule("b", 60),
            schedule("a", 60),
            schedule("z", 30),
            schedule("late", 600),
            paused,
            action.clone(),
        ] {
            s.write(move |tx| tx.schedules().insert(&sc))
                .await
                .expect("insert");
        }
        let taken = ScheduleRow {
            id: "sc-other".into(),
            ..schedule("a", 1)
        };
        let dup = s.write(move |tx| tx.schedules().insert(&taken)).await;
        assert!(
            matches!(dup, Err(StoreError::Duplicate(_))),
            "{}: {dup:?}",
            b.name
        );
        let mut both = schedule("both", 1);
        both.action = Some("memory-consolidate".into());
        assert!(
            s.write(move |tx| tx.schedules().insert(&both))
                .await
                .is_err()
        );

        let due = |now: i64| -> Vec<String> {
            s.read(|r| r.schedules().due(at(now)))
                .expect("due")
                .into_iter()
                .map(|sc| sc.name)
                .collect()
        };
        assert_eq!(due(60), ["z", "a", "b", "c"], "{}", b.name);
        assert_eq!(due(59), ["z"], "{}", b.name);
        let names: Vec<String> = s
            .read(|r| r.schedules().list())
            .expect("list")
            .into_iter()
            .map(|sc| sc.name)
            .collect();
        assert_eq!(names, ["a", "b", "c", "late", "p", "z"], "{}", b.name);
        let get = |key: &str| s.read(|r| r.schedules().get(key)).expect("get");
        assert_eq!(get("c"), Some(action.clone()), "{}", b.name);
        assert_eq!(get("sc-c"), Some(action), "{}", b.name);
        assert_eq!(get("nope"), None, "{}", b.name);

        let claim = |id: &'static str, due: i64| async move {
            s.write(move |tx| {
                let fire = FireRecord {
                    fired_at: at(61),
                    task_id: Some("t1"),
                    error: None,
                };
                tx.schedules().claim_due(id, at(due), at(120), &fire)
            })
            .await
            .expect("claim")
        };
        assert!(claim("sc-a", 60).await, "{}", b.name);
        assert!(
            !claim("sc-a", 60).await,
            "{}: the same due time twice",
            b.name
        );
        assert!(!claim("sc-p", 0).await, "{}: paused", b.name);
        let a = get("a").expect("a");
        assert_eq!(a.next_due, at(120), "{}", b.name);
        assert_eq!(a.last_fired_at, Some(at(61)), "{}", b.name);
        assert_eq!(a.last_task_id.as_deref(), Some("t1"), "{}", b.name);
        assert_eq!(a.vars["k"], "v", "{}", b.name);
        assert_eq!(due(60), ["z", "b", "c"], "{}", b.name);

        // A fire outside a due time leaves the next due time alone.
        let recorded = s
            .write(|tx| {
                let fire = FireRecord {
                    fired_at: at(90),
                    task_id: None,
                    error: Some("template gone"),
                };
                Ok::<_, StoreError>((
                    tx.schedules().record_fire("sc-a", &fire)?,
                    tx.schedules().record_fire("sc-nope", &fire)?,
                ))
            })
            .await
            .expect("record");
        assert_eq!(recorded, (true, false), "{}", b.name);
        let a = get("a").expect("a");
        assert_eq!(
            (
                a.next_due,
                a.last_fired_at,
                a.last_task_id,
                a.last_error.as_deref()
            ),
            (at(120), Some(at(90)), None, Some("template gone")),
            "{}",
            b.name
        );

        // What an operator changes; pausing takes it off the due list.
        let mut changed = get("z").expect("z");
        changed.cron = "0 * * * *".into();
        changed.tz = "Europe/Berlin".into();
        changed.vars = BTreeMap::from([("x".to_string(), "y".to_string())]);
        changed.paused = true;
        changed.next_due = at(3600);
        changed.updated_at = at(5);
        let c = changed.clone();
        s.write(move |tx| tx.schedules().update(&c))
            .await
            .expect("update");
        assert_eq!(get("z"), Some(changed), "{}", b.name);
        assert_eq!(due(10_000), ["b", "c", "a", "late"], "{}", b.name);

        assert!(
            s.write(|tx| tx.schedules().delete("sc-b"))
                .await
                .expect("delete")
        );
        assert!(
            !s.write(|tx| tx.schedules().delete("sc-b"))
                .await
                .expect("delete")
        );
        assert_eq!(due(10_000), ["c", "a", "late"], "{}", b.name);
    }
}
