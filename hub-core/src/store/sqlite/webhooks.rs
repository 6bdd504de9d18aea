//! SQL for inbound webhooks. The secret is sealed with the key ring on the
//! way in and unsealed only when a delivery is checked.

use m3shd_api::{Timestamp, WebhookKind};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::sealed::SealedColumn;
use super::session::{Connected, SqliteTx};
use crate::crypto::KeyRing;
use crate::store::error::StoreError;
use crate::store::repos::{WebhookReads, WebhookRow, WebhookWrites};
use crate::store::time::{from_micros, to_micros};

const WEBHOOK_SECRETS: SealedColumn = SealedColumn {
    table: "webhooks",
    key: "id",
    column: "secret",
    what: "webhook",
};

const COLS: &str = "id, name, kind, template, variables, created_by, created_at, last_triggered_at";

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("webhooks: {e}"))
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<(WebhookRow, String, String)> {
    Ok((
        WebhookRow {
            id: r.get(0)?,
            name: r.get(1)?,
            kind: WebhookKind::Generic,
            template: r.get(3)?,
            variables: Default::default(),
            created_by: r.get(5)?,
            created_at: from_micros(r.get(6)?),
            last_triggered_at: r.get::<_, Option<i64>>(7)?.map(from_micros),
        },
        r.get(2)?,
        r.get(4)?,
    ))
}

fn collect(
    conn: &Connection,
    sql: &str,
    p: impl rusqlite::Params,
) -> Result<Vec<WebhookRow>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let raw = stmt
        .query_map(p, from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    raw.into_iter()
        .map(|(mut row, kind, vars)| {
            row.kind = kind.parse().map_err(corrupt)?;
            row.variables = serde_json::from_str(&vars).map_err(corrupt)?;
            Ok(row)
        })
        .collect()
}

/// By id or by name.
pub fn get(conn: &Connection, key: &str) -> Result<Option<WebhookRow>, StoreError> {
    let sql =
        format!("SELECT {COLS} FROM webhooks WHERE id = ?1 OR name = ?1 ORDER BY id = ?1 DESC");
    Ok(collect(conn, &sql, [key])?.into_iter().next())
}

pub fn list(conn: &Connection) -> Result<Vec<WebhookRow>, StoreError> {
    collect(
        conn,
        &format!("SELECT {COLS} FROM webhooks ORDER BY name"),
        [],
    )
}

pub fn secret(conn: &Connection, ring: &KeyRing, id: &str) -> Result<Option<String>, StoreError> {
    let sealed: Option<String> = conn
        .prepare_cached("SELECT secret FROM webhooks WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    sealed
        .map(|s| {
            ring.decrypt(&s)
                .map_err(|e| StoreError::Corrupt(format!("webhook {id}: {e}")))
        })
        .transpose()
}

pub fn insert(
    conn: &Connection,
    ring: &KeyRing,
    w: &WebhookRow,
    secret: &str,
) -> Result<(), StoreError> {
    let res = conn
        .prepare_cached(&format!(
            "INSERT INTO webhooks ({COLS}, secret) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
        ))?
        .execute(params![
            w.id,
            w.name,
            w.kind.as_str(),
            w.template,
            serde_json::to_string(&w.variables)?,
            w.created_by,
            to_micros(w.created_at),
            w.last_triggered_at.map(to_micros),
            ring.encrypt(secret),
        ]);
    super::constraint_as_duplicate(res)
}

pub fn update(conn: &Connection, w: &WebhookRow) -> Result<bool, StoreError> {
    let res = conn
        .prepare_cached(
            "UPDATE webhooks SET name = ?2, kind = ?3, template = ?4, variables = ?5 \
             WHERE id = ?1",
        )?
        .execute(params![
            w.id,
            w.name,
            w.kind.as_str(),
            w.template,
            serde_json::to_string(&w.variables)?,
        ]);
    let changed = matches!(res, Ok(n) if n > 0);
    super::constraint_as_duplicate(res)?;
    Ok(changed)
}

pub fn set_secret(
    conn: &Connection,
    ring: &KeyRing,
    id: &str,
    secret: &str,
) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached("UPDATE webhooks SET secret = ?2 WHERE id = ?1")?
        .execute(params![id, ring.encrypt(secret)])?
        > 0)
}

pub fn delete(conn: &Connection, id: &str) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached("DELETE FROM webhooks WHERE id = ?1")?
        .execute([id])?
        > 0)
}

pub fn touch(conn: &Connection, id: &str, at: Timestamp) -> Result<(), StoreError> {
    conn.prepare_cached(
        "UPDATE webhooks SET last_triggered_at = max(coalesce(last_triggered_at, 0), ?2) \
         WHERE id = ?1",
    )?
    .execute(params![id, to_micros(at)])?;
    Ok(())
}

/// Re-encrypt up to `batch` secrets not sealed under the ring's newest key;
/// returns how many.
pub fn reseal(conn: &Connection, ring: &KeyRing, batch: i64) -> Result<usize, StoreError> {
    WEBHOOK_SECRETS.reseal(conn, ring, batch)
}

/// Secrets not yet sealed under the newest key.
pub fn unsealed(conn: &Connection, ring: &KeyRing) -> Result<i64, StoreError> {
    WEBHOOK_SECRETS.unsealed(conn, ring)
}

impl<C: Connected> WebhookReads for C {
    fn get(&self, key: &str) -> Result<Option<WebhookRow>, StoreError> {
        get(self.conn(), key)
    }

    fn list(&self) -> Result<Vec<WebhookRow>, StoreError> {
        list(self.conn())
    }

    fn secret(&self, id: &str) -> Result<Option<String>, StoreError> {
        secret(self.conn(), self.ring(), id)
    }
}

impl WebhookWrites for SqliteTx<'_> {
    fn insert(&self, w: &WebhookRow, secret: &str) -> Result<(), StoreError> {
        insert(&self.txn, self.ring, w, secret)
    }

    fn update(&self, w: &WebhookRow) -> Result<bool, StoreError> {
        update(&self.txn, w)
    }

    fn set_secret(&self, id: &str, secret: &str) -> Result<bool, StoreError> {
        set_secret(&self.txn, self.ring, id, secret)
    }

    fn delete(&self, id: &str) -> Result<bool, StoreError> {
        delete(&self.txn, id)
    }

    fn touch(&self, id: &str, at: Timestamp) -> Result<(), StoreError> {
        touch(&self.txn, id, at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::{KeyRing, KeySource};

    fn ring(hex_byte: &str) -> KeyRing {
        KeyRing::parse(
            &format!("k{hex_byte}:{}", hex_byte.repeat(32)),
            KeySource::Env,
        )
        .expect("ring")
    }

    fn row() -> WebhookRow {
        WebhookRow {
            id: "wh-1".into(),
            name: "ci".into(),
            kind: WebhookKind::Github,
            template: "review".into(),
            variables: [("repo".to_string(), "/repository/full_name".to_string())].into(),
            created_by: "operator".into(),
            created_at: from_micros(1_000_000),
            last_triggered_at: None,
        }
    }

    #[test]
    fn secrets_are_sealed_at_rest_and_read_back() {
        let conn = super::super::migrations::migrated_in_memory();
        let r = ring("aa");
        insert(&conn, &r, &row(), "m3shd_wh_plain").expect("insert");
        let stored: String = conn
            .query_row("SELECT secret FROM webhooks", [], |x| x.get(0))
            .expect("stored");
        assert!(stored.starts_with("enc1:kaa:"), "{stored}");
        assert!(!stored.contains("m3shd_wh_plain"));
        assert_eq!(
            secret(&conn, &r, "wh-1").expect("secret").as_deref(),
            Some("m3shd_wh_plain")
        );
        assert_eq!(get(&conn, "ci").expect("get"), Some(row()));
        assert_eq!(get(&conn, "wh-1").expect("get"), Some(row()));
        assert!(matches!(
            insert(&conn, &r, &row(), "again"),
            Err(StoreError::Duplicate(_))
        ));
    }

    #[test]
    fn rotation_reseals_secrets_under_the_newest_key() {
        let conn = super::super::migrations::migrated_in_memory();
        let old = ring("aa");
        insert(&conn, &old, &row(), "m3shd_wh_plain").expect("insert");
        let both = KeyRing::parse(
            &format!("kaa:{}\nkbb:{}", "aa".repeat(32), "bb".repeat(32)),
            KeySource::Env,
        )
        .expect("ring");
        assert_eq!(unsealed(&conn, &both).expect("count"), 1);
        assert_eq!(reseal(&conn, &both, 10).expect("reseal"), 1);
        assert_eq!(unsealed(&conn, &both).expect("count"), 0);
        assert_eq!(
            secret(&conn, &ring("bb"), "wh-1")
                .expect("secret")
                .as_deref(),
            Some("m3shd_wh_plain")
        );
    }

    #[tokio::test]
    async fn key_rotation_reseals_webhook_secrets() {
        use crate::store::{Durability, Store};
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path(), Durability::Normal).expect("open");
        store
            .write(|tx| tx.webhooks().insert(&row(), "m3shd_wh_plain"))
            .await
            .expect("insert");
        store.close().expect("close");
        let rotation = crate::store::rotate_key(dir.path(), true, &mut |_, _| {}).expect("rotate");
        assert_eq!(rotation.resealed, 1);
        let store = Store::open(dir.path(), Durability::Normal).expect("reopen");
        let secret = store.read(|r| r.webhooks().secret("wh-1")).expect("read");
        assert_eq!(secret.as_deref(), Some("m3shd_wh_plain"));
    }

    #[test]
    fn a_delivery_moves_the_last_use_forward_only() {
        let conn = super::super::migrations::migrated_in_memory();
        insert(&conn, &ring("aa"), &row(), "s").expect("insert");
        touch(&conn, "wh-1", from_micros(5_000_000)).expect("touch");
        touch(&conn, "wh-1", from_micros(2_000_000)).expect("touch");
        let w = get(&conn, "wh-1").expect("get").expect("row");
        assert_eq!(w.last_triggered_at, Some(from_micros(5_000_000)));
        assert!(delete(&conn, "wh-1").expect("delete"));
        assert!(!delete(&conn, "wh-1").expect("delete"));
    }
}
