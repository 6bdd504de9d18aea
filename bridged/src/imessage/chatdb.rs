//! Reading Apple's chat.db. Messages writes it all the time, so it is opened
//! strictly read-only (`mode=ro`, `SQLITE_OPEN_READ_ONLY`, `query_only`):
//! no write, no journal change, no lock beyond the read transaction of one
//! poll. It is not opened `immutable`: that would tell SQLite the file
//! never changes and new messages would be missed or misread.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, params};

use super::apple_time::from_apple;
use super::schema::{Layout, Schema};
use super::typedstream::decode_text;
use crate::channel::{AttachmentRef, Batch, ChannelError, ChatRef, Inbound};
use crate::text::clean_inbound;

/// How long a read waits while Messages holds a write lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(2);

pub struct ChatDb {
    path: PathBuf,
    open: Mutex<Option<Open>>,
}

struct Open {
    conn: Connection,
    schema: Schema,
    messages_sql: String,
}

/// An SQLite URI for `path` (characters special in URIs escaped).
fn uri(path: &Path) -> String {
    #[cfg(unix)]
    let bytes = {
        use std::os::unix::ffi::OsStrExt;
        path.as_os_str().as_bytes().to_vec()
    };
    #[cfg(not(unix))]
    let bytes = path.to_string_lossy().into_owned().into_bytes();
    let mut out = String::from("file:");
    for b in bytes {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'.' | b'-' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out.push_str("?mode=ro");
    out
}

fn read_error(path: &Path, e: impl std::fmt::Display) -> ChannelError {
    ChannelError::Read(format!(
        "cannot read {}: {e} (on macOS the bridge needs Full Disk Access to read chat.db)",
        path.display()
    ))
}

fn open(path: &Path) -> Result<Open, ChannelError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(uri(path), flags).map_err(|e| read_error(path, e))?;
    conn.pragma_update(None, "query_only", true)
        .map_err(|e| read_error(path, e))?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(|e| read_error(path, e))?;
    let schema = Schema::detect(&conn).map_err(|e| {
        ChannelError::Read(format!(
            "{} is not a Messages database this bridge knows: {e}",
            path.display()
        ))
    })?;
    let messages_sql = schema.messages_sql();
    Ok(Open {
        conn,
        schema,
        messages_sql,
    })
}

/// A message's text by layout: the column that holds the current text
/// first, the other as a fallback; placeholders removed.
pub fn message_text(layout: Layout, text: Option<String>, body: Option<Vec<u8>>) -> String {
    let from_text = || text.as_deref().map(clean_inbound).filter(|t| !t.is_empty());
    let from_body = || {
        body.as_deref()
            .and_then(|b| decode_text(b).ok())
            .map(|t| clean_inbound(&t))
            .filter(|t| !t.is_empty())
    };
    let found = match layout {
        Layout::PreVentura => from_text().or_else(from_body),
        Layout::Ventura => from_body().or_else(from_text),
    };
    found.unwrap_or_default()
}

/// A message without a conversation is waited for this long before it is
/// taken as it is (answered through its sender's handle).
const LINK_GRACE: chrono::TimeDelta = chrono::TimeDelta::seconds(30);

fn is_fresh(date: i64) -> bool {
    from_apple(date).is_some_and(|t| chrono::Utc::now().signed_duration_since(t) < LINK_GRACE)
}

struct Row {
    rowid: i64,
    guid: String,
    text: Option<String>,
    body: Option<Vec<u8>>,
    from_me: bool,
    date: i64,
    handle: Option<String>,
    chat: Option<String>,
    associated: i64,
    item_type: i64,
    retracted: i64,
}

fn read_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok(Row {
        rowid: r.get(0)?,
        guid: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
        text: r.get(2)?,
        body: r.get(3)?,
        from_me: r.get::<_, Option<i64>>(4)?.unwrap_or(0) != 0,
        date: r.get(5)?,
        handle: r.get(6)?,
        chat: r.get(7)?,
        associated: r.get(8)?,
        item_type: r.get(9)?,
        retracted: r.get(10)?,
    })
}

impl ChatDb {
    pub fn new(path: impl Into<PathBuf>) -> ChatDb {
        ChatDb {
            path: path.into(),
            open: Mutex::new(None),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Run `f` on the open database, opening it first if needed. After an
    /// error the connection is dropped, so the next call opens afresh (the
    /// file may have been replaced, or access granted meanwhile).
    fn with<T>(&self, f: impl FnOnce(&Open) -> rusqlite::Result<T>) -> Result<T, ChannelError> {
        let mut guard = self
            .open
            .lock()
            .map_err(|_| ChannelError::Read("chat.db reader lock poisoned".into()))?;
        if guard.is_none() {
            *guard = Some(open(&self.path)?);
        }
        let Some(db) = guard.as_ref() else {
            return Err(ChannelError::Read("chat.db is not open".into()));
        };
        match f(db) {
            Ok(v) => Ok(v),
            Err(e) => {
                *guard = None;
                Err(read_error(&self.path, e))
            }
        }
    }

    pub fn schema(&self) -> Result<Schema, ChannelError> {
        self.with(|db| Ok(db.schema.clone()))
    }

    /// The newest message's ROWID (0 for an empty database).
    pub fn newest(&self) -> Result<i64, ChannelError> {
        self.with(|db| {
            db.conn
                .query_row("SELECT coalesce(max(ROWID), 0) FROM message", [], |r| {
                    r.get(0)
                })
        })
    }

    /// Messages after `after`, in one read transaction.
    pub fn fetch(&self, after: i64, limit: usize) -> Result<Batch, ChannelError> {
        self.with(|db| {
            let txn = db.conn.unchecked_transaction()?;
            let limit = i64::try_from(limit).unwrap_or(i64::MAX);
            let rows = {
                let mut stmt = txn.prepare_cached(&db.messages_sql)?;
                stmt.query_map(params![after, limit], read_row)?
                    .collect::<Result<Vec<_>, _>>()?
            };
            let mut batch = Batch {
                messages: Vec::new(),
                cursor: after,
            };
            for row in rows {
                if row.chat.is_none() && is_fresh(row.date) {
                    // Not linked to its conversation yet (a writer between
                    // two statements): read it again next time, and keep
                    // the order by stopping here.
                    break;
                }
                batch.cursor = batch.cursor.max(row.rowid);
                // Reactions, group events and unsent messages are not messages.
                if row.associated != 0 || row.item_type != 0 || row.retracted != 0 {
                    continue;
                }
                let attachments = if db.schema.has_attachments {
                    attachments_of(&txn, row.rowid)?
                } else {
                    Vec::new()
                };
                let handle = row.handle.unwrap_or_default();
                batch.messages.push(Inbound {
                    id: row.rowid,
                    guid: row.guid,
                    from_me: row.from_me,
                    sender: handle.clone(),
                    chat: ChatRef {
                        chat: row.chat.unwrap_or_default(),
                        handle,
                    },
                    text: message_text(db.schema.layout, row.text, row.body),
                    sent_at: from_apple(row.date),
                    attachments,
                });
            }
            // Read-only: ending the snapshot cannot lose anything.
            txn.finish()?;
            Ok(batch)
        })
    }

    /// The conversations of the latest incoming messages, newest first.
    pub fn recent_chats(&self, limit: usize) -> Result<Vec<ChatRef>, ChannelError> {
        self.with(|db| {
            let mut stmt = db.conn.prepare_cached(
                "SELECT h.id, (SELECT c.guid FROM chat_message_join j JOIN chat c \
                   ON c.ROWID = j.chat_id WHERE j.message_id = m.ROWID ORDER BY c.ROWID LIMIT 1) \
                 FROM message m JOIN handle h ON h.ROWID = m.handle_id \
                 WHERE m.is_from_me = 0 ORDER BY m.ROWID DESC LIMIT ?1",
            )?;
            let limit = i64::try_from(limit).unwrap_or(i64::MAX);
            stmt.query_map([limit], |r| {
                Ok(ChatRef {
                    handle: r.get::<_, Option<String>>(0)?.unwrap_or_default(),
                    chat: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                })
            })?
            .collect()
        })
    }
}

fn attachments_of(conn: &Connection, message: i64) -> rusqlite::Result<Vec<AttachmentRef>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.filename, a.transfer_name, a.mime_type FROM message_attachment_join j \
         JOIN attachment a ON a.ROWID = j.attachment_id WHERE j.message_id = ?1 ORDER BY a.ROWID",
    )?;
    stmt.query_map([message], |r| {
        Ok(AttachmentRef {
            path: r.get::<_, Option<String>>(0)?.unwrap_or_default(),
            name: r.get(1)?,
            mime: r.get(2)?,
        })
    })?
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_escape_what_sqlite_would_misread() {
        assert_eq!(
            uri(Path::new("/Users/me/Library/Messages/chat.db")),
            "file:/Users/me/Library/Messages/chat.db?mode=ro"
        );
        assert_eq!(
            uri(Path::new("/tmp/a b?#%.db")),
            "file:/tmp/a%20b%3F%23%25.db?mode=ro"
        );
    }

    /// The chat.db tables the reader uses, with the columns of the macOS
    /// versions they come from (a subset of Apple's).
    fn fixture(ventura: bool) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("chat.db");
        let c = Connection::open(&path).unwrap();
        let edit_cols = if ventura {
            ", date_retracted INTEGER DEFAULT 0, date_edited INTEGER DEFAULT 0"
        } else {
            ""
        };
        c.execute_batch(&format!(
            "PRAGMA journal_mode=WAL;
             CREATE TABLE handle (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL,
               country TEXT, service TEXT NOT NULL DEFAULT 'iMessage', uncanonicalized_id TEXT);
             CREATE TABLE chat (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL,
               style INTEGER, chat_identifier TEXT, service_name TEXT, display_name TEXT);
             CREATE TABLE message (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL,
               text TEXT, handle_id INTEGER DEFAULT 0, attributedBody BLOB, service TEXT,
               date INTEGER, is_from_me INTEGER DEFAULT 0, cache_has_attachments INTEGER DEFAULT 0,
               item_type INTEGER DEFAULT 0, associated_message_guid TEXT,
               associated_message_type INTEGER DEFAULT 0{edit_cols});
             CREATE TABLE chat_message_join (chat_id INTEGER REFERENCES chat (ROWID),
               message_id INTEGER REFERENCES message (ROWID), message_date INTEGER DEFAULT 0,
               PRIMARY KEY (chat_id, message_id));
             CREATE TABLE attachment (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL,
               filename TEXT, uti TEXT, mime_type TEXT, transfer_state INTEGER DEFAULT 0,
               transfer_name TEXT, total_bytes INTEGER DEFAULT 0);
             CREATE TABLE message_attachment_join (message_id INTEGER REFERENCES message (ROWID),
               attachment_id INTEGER REFERENCES attachment (ROWID), UNIQUE(message_id, attachment_id));
             INSERT INTO handle (id) VALUES ('+15550100000');
             INSERT INTO chat (guid, chat_identifier) VALUES ('iMessage;-;+15550100000', '+15550100000');"
        ))
        .unwrap();
        (dir, path)
    }

    fn add(c: &Connection, ventura: bool, text: &str, from_me: bool, assoc: i64) -> i64 {
        let (t, body) = if ventura {
            (None, Some(crate::imessage::typedstream::tests::blob(text)))
        } else {
            (Some(text.to_string()), None)
        };
        let n: i64 = c
            .query_row("SELECT count(*) FROM message", [], |r| r.get(0))
            .unwrap();
        c.execute(
            "INSERT INTO message (guid, text, attributedBody, handle_id, date, is_from_me,
               associated_message_type) VALUES (?1, ?2, ?3, 1, ?4, ?5, ?6)",
            params![
                format!("G-{n}"),
                t,
                body,
                700_499_366_500_000_000i64,
                from_me,
                assoc
            ],
        )
        .unwrap();
        let id = c.last_insert_rowid();
        c.execute(
            "INSERT INTO chat_message_join (chat_id, message_id) VALUES (1, ?1)",
            [id],
        )
        .unwrap();
        id
    }

    #[test]
    fn both_layouts_read_the_same_messages_without_writing() {
        for ventura in [false, true] {
            let (_dir, path) = fixture(ventura);
            let w = Connection::open(&path).unwrap();
            let first = add(&w, ventura, "status", false, 0);
            let db = ChatDb::new(&path);
            let schema = db.schema().unwrap();
            assert_eq!(
                schema.layout,
                if ventura {
                    Layout::Ventura
                } else {
                    Layout::PreVentura
                }
            );
            assert_eq!(db.newest().unwrap(), first);
            add(&w, ventura, "\u{FFFC}do look at this", false, 0);
            add(&w, ventura, "Loved “status”", false, 2000);
            add(&w, ventura, "[m3shd] agents: 1 online", true, 0);
            let batch = db.fetch(0, 100).unwrap();
            assert_eq!(batch.cursor, 4, "the cursor passes the reaction too");
            let texts: Vec<&str> = batch.messages.iter().map(|m| m.text.as_str()).collect();
            assert_eq!(
                texts,
                ["status", "do look at this", "[m3shd] agents: 1 online"]
            );
            let m = &batch.messages[0];
            assert_eq!(m.sender, "+15550100000");
            assert_eq!(m.chat.chat, "iMessage;-;+15550100000");
            assert!(!m.from_me && batch.messages[2].from_me);
            assert_eq!(m.sent_at, Some("2023-03-14T15:09:26.5Z".parse().unwrap()));
            assert!(db.fetch(4, 100).unwrap().messages.is_empty());
            // The reader's connection refuses writes.
            let err = db.with(|o| o.conn.execute("DELETE FROM message", []));
            assert!(err.is_err());
            assert_eq!(db.newest().unwrap(), 4, "nothing was deleted");
        }
    }

    #[test]
    fn a_message_not_yet_in_its_chat_waits_unless_it_is_old() {
        let (_dir, path) = fixture(false);
        let w = Connection::open(&path).unwrap();
        let now = super::super::apple_time::to_apple_nanos(chrono::Utc::now());
        let insert = |guid: &str, date: i64| {
            w.execute(
                "INSERT INTO message (guid, text, handle_id, date) VALUES (?1, 'status', 1, ?2)",
                params![guid, date],
            )
            .unwrap();
            w.last_insert_rowid()
        };
        let old = insert("OLD", 700_499_366_500_000_000);
        let fresh = insert("FRESH", now);
        let db = ChatDb::new(&path);
        let batch = db.fetch(0, 10).unwrap();
        assert_eq!(batch.cursor, old, "the fresh one is read again later");
        assert_eq!(batch.messages.len(), 1);
        assert_eq!(
            batch.messages[0].chat.chat, "",
            "an old one goes by its handle"
        );
        assert_eq!(batch.messages[0].chat.handle, "+15550100000");
        w.execute(
            "INSERT INTO chat_message_join (chat_id, message_id) VALUES (1, ?1)",
            [fresh],
        )
        .unwrap();
        let batch = db.fetch(old, 10).unwrap();
        assert_eq!(batch.cursor, fresh);
        assert_eq!(batch.messages[0].chat.chat, "iMessage;-;+15550100000");
    }

    #[test]
    fn a_missing_or_foreign_database_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let missing = ChatDb::new(dir.path().join("nope.db"));
        let e = missing.newest().unwrap_err().to_string();
        assert!(e.contains("Full Disk Access"), "{e}");
        assert!(
            !dir.path().join("nope.db").exists(),
            "read-only open creates nothing"
        );
        let other = dir.path().join("other.db");
        Connection::open(&other)
            .unwrap()
            .execute_batch("CREATE TABLE t (x)")
            .unwrap();
        let e = ChatDb::new(&other).schema().unwrap_err().to_string();
        assert!(e.contains("table `message` is missing"), "{e}");
    }

    #[test]
    fn text_prefers_the_layouts_column() {
        let pre = Layout::PreVentura;
        let ven = Layout::Ventura;
        assert_eq!(message_text(pre, Some("status".into()), None), "status");
        assert_eq!(message_text(ven, Some("status".into()), None), "status");
        assert_eq!(message_text(ven, None, Some(b"junk".to_vec())), "");
        assert_eq!(message_text(pre, Some("\u{FFFC} ".into()), None), "");
    }
}
