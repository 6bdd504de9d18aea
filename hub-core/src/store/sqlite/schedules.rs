//! SQL for schedules.

use rusqlite::{Connection, Row, params};

use super::session::{Connected, SqliteTx};
use crate::store::time::{from_micros, to_micros};
use crate::store::error::StoreError;
use crate::store::repos::{FireRecord, ScheduleReads, ScheduleRow, ScheduleWrites};

const COLS: &str = "id, name, cron, tz, template, action, vars, paused, next_due, \
    last_fired_at, last_task_id, last_error, created_by, created_at, updated_at";

fn from_row(r: &Row<'_>) -> Result<ScheduleRow, StoreError> {
    let vars: String = r.get(6)?;
    Ok(ScheduleRow {
        id: r.get(0)?,
        name: r.get(1)?,
        cron: r.get(2)?,
        tz: r.get(3)?,
        template: r.get(4)?,
        action: r.get(5)?,
        vars: serde_json::from_str(&vars)?,
        paused: r.get(7)?,
        next_due: from_micros(r.get(8)?),
        last_fired_at: r.get::<_, Option<i64>>(9)?.map(from_micros),
        last_task_id: r.get(10)?,
        last_error: r.get(11)?,
        created_by: r.get(12)?,
        created_at: from_micros(r.get(13)?),
        updated_at: from_micros(r.get(14)?),
    })
}

fn collect(
    conn: &Connection,
    sql: &str,
    p: impl rusqlite::Params,
) -> Result<Vec<ScheduleRow>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(p)?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(from_row(r)?);
    }
    Ok(out)
}

/// By id or by name.
pub fn get(conn: &Connection, key: &str) -> Result<Option<ScheduleRow>, StoreError> {
    let sql =
        format!("SELECT {COLS} FROM schedules WHERE id = ?1 OR name = ?1 ORDER BY id = ?1 DESC");
    Ok(collect(conn, &sql, [key])?.into_iter().next())
}

pub fn list(conn: &Connection) -> Result<Vec<ScheduleRow>, StoreError> {
    collect(
        conn,
        &format!("SELECT {COLS} FROM schedules ORDER BY name"),
        [],
    )
}

pub fn due(conn: &Connection, now: i64) -> Result<Vec<ScheduleRow>, StoreError> {
    collect(
        conn,
        &format!(
            "SELECT {COLS} FROM schedules WHERE paused = 0 AND next_due <= ?1 \
             ORDER BY next_due, name"
        ),
        [now],
    )
}

pub fn insert(conn: &Connection, s: &ScheduleRow) -> Result<(), StoreError> {
    let res = conn
        .prepare_cached(&format!(
            "INSERT INTO schedules ({COLS}) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
        ))?
        .execute(params![
            s.id,
            s.name,
            s.cron,
            s.tz,
            s.template,
            s.action,
            serde_json::to_string(&s.vars)?,
            s.paused,
            to_micros(s.next_due),
            s.last_fired_at.map(to_micros),
            s.last_task_id,
            s.last_error,
            s.created_by,
            to_micros(s.created_at),
            to_micros(s.updated_at),
        ]);
    match res {
        Ok(_) => Ok(()),
        Err(rusqlite::Error::SqliteFailure(e, msg))
            if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                || e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY =>
        {
            Err(StoreError::Duplicate(msg.unwrap_or_default()))
        }
        Err(e) => Err(e.into()),
    }
}

pub fn update(conn: &Connection, s: &ScheduleRow) -> Result<(), StoreError> {
    conn.prepare_cached(
        "UPDATE schedules SET cron = ?2, tz = ?3, vars = ?4, paused = ?5, next_due = ?6, \
         updated_at = ?7 WHERE id = ?1",
    )?
    .execute(params![
        s.id,
        s.cron,
        s.tz,
        serde_json::to_string(&s.vars)?,
        s.paused,
        to_micros(s.next_due),
        to_micros(s.updated_at),
    ])?;
    Ok(())
}

pub fn delete(conn: &Connection, id: &str) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached("DELETE FROM schedules WHERE id = ?1")?
        .execute([id])?
        > 0)
}

pub fn claim_due(
    conn: &Connection,
    id: &str,
    due: i64,
    next_due: i64,
    fire: &FireRecord<'_>,
) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached(
            "UPDATE schedules SET next_due = ?3, last_fired_at = ?4, last_task_id = ?5, \
             last_error = ?6 WHERE id = ?1 AND next_due = ?2 AND paused = 0",
        )?
        .execute(params![
            id,
            due,
            next_due,
            to_micros(fire.fired_at),
            fire.task_id,
            fire.error
        ])?
        == 1)
}

pub fn record_fire(conn: &Connection, id: &str, fire: &FireRecord<'_>) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached(
            "UPDATE schedules SET last_fired_at = ?2, last_task_id = ?3, last_error = ?4 \
             WHERE id = ?1",
        )?
        .execute(params![
            id,
            to_micros(fire.fired_at),
            fire.task_id,
            fire.error
        ])?
        == 1)
}

impl<C: Connected> ScheduleReads for C {
    fn get(&self, key: &str) -> Result<Option<ScheduleRow>, StoreError> {
        get(self.conn(), key)
    }

    fn list(&self) -> Result<Vec<ScheduleRow>, StoreError> {
        list(self.conn())
    }

    fn due(&self, now: m3shd_api::Timestamp) -> Result<Vec<ScheduleRow>, StoreError> {
        due(self.conn(), to_micros(now))
    }
}

impl ScheduleWrites for SqliteTx<'_> {
    fn insert(&self, s: &ScheduleRow) -> Result<(), StoreError> {
        insert(&self.txn, s)
    }

    fn update(&self, s: &ScheduleRow) -> Result<(), StoreError> {
        update(&self.txn, s)
    }

    fn delete(&self, id: &str) -> Result<bool, StoreError> {
        delete(&self.txn, id)
    }

    fn claim_due(
        &self,
        id: &str,
        due: m3shd_api::Timestamp,
        next_due: m3shd_api::Timestamp,
        fire: &FireRecord<'_>,
    ) -> Result<bool, StoreError> {
        claim_due(&self.txn, id, to_micros(due), to_micros(next_due), fire)
    }

    fn record_fire(&self, id: &str, fire: &FireRecord<'_>) -> Result<bool, StoreError> {
        record_fire(&self.txn, id, fire)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::store::sqlite::migrations::migrated_in_memory;

    fn at(secs: i64) -> m3shd_api::Timestamp {
        chrono::DateTime::from_timestamp(1_800_000_000 + secs, 0).unwrap_or_default()
    }

    fn row(name: &str, due: i64) -> ScheduleRow {
        ScheduleRow {
            id: format!("sc-{name}"),
            name: name.into(),
            cron: "* * * * *".into(),
            tz: "UTC".into(),
            template: Some("t".into()),
            action: None,
            vars: BTreeMap::from([("k".to_string(), "v".to_string())]),
            paused: false,
            next_due: at(due),
            last_fired_at: None,
            last_task_id: None,
            last_error: None,
            created_by: "op".into(),
            created_at: at(0),
            updated_at: at(0),
        }
    }

    #[test]
    fn a_due_time_is_claimed_once() {
        let conn = migrated_in_memory();
        insert(&conn, &row("a", 60)).expect("insert");
        insert(&conn, &row("b", 600)).expect("insert");
        assert!(matches!(
            insert(&conn, &row("a", 1)),
            Err(StoreError::Duplicate(_))
        ));
        let due_now: Vec<String> = due(&conn, to_micros(at(60)))
            .expect("due")
            .into_iter()
            .map(|s| s.name)
            .collect();
        assert_eq!(due_now, ["a"]);
        let fire = FireRecord {
            fired_at: at(61),
            task_id: Some("t1"),
            error: None,
        };
        let claim = |fire: &FireRecord<'_>| {
            claim_due(&conn, "sc-a", to_micros(at(60)), to_micros(at(120)), fire)
        };
        assert!(claim(&fire).expect("first claim"));
        assert!(
            !claim(&fire).expect("second claim"),
            "the same due time twice"
        );
        let a = get(&conn, "a").expect("get").expect("a");
        assert_eq!(a.next_due, at(120));
        assert_eq!(a.last_fired_at, Some(at(61)));
        assert_eq!(a.last_task_id.as_deref(), Some("t1"));
        assert_eq!(a.vars["k"], "v");
    }

    #[test]
    fn a_paused_schedule_is_never_due_nor_claimed() {
        let conn = migrated_in_memory();
        let mut s = row("p", 0);
        s.paused = true;
        insert(&conn, &s).expect("insert");
        assert!(due(&conn, to_micros(at(999))).expect("due").is_empty());
        let fire = FireRecord {
            fired_at: at(1),
            task_id: None,
            error: None,
        };
        assert!(
            !claim_due(&conn, "sc-p", to_micros(at(0)), to_micros(at(60)), &fire).expect("claim")
        );
    }

    #[test]
    fn a_schedule_targets_a_template_or_an_action_not_both() {
        let conn = migrated_in_memory();
        let mut s = row("both", 0);
        s.action = Some("memory-consolidate".into());
        assert!(insert(&conn, &s).is_err());
        let mut s = row("neither", 0);
        s.template = None;
        assert!(insert(&conn, &s).is_err());
        let mut s = row("unknown", 0);
        s.template = None;
        s.action = Some("nap".into());
        assert!(insert(&conn, &s).is_err());
    }
}
