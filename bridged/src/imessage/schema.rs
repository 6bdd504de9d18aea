//! Which chat.db this is. Read once at open, from the columns present:
//! the reader builds its query from it, so an older or newer macOS needs
//! no code change as long as the core columns are there.

use rusqlite::Connection;

/// Where a message's text lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// macOS 12 and older: `message.text`, the attributedBody a fallback.
    PreVentura,
    /// macOS 13 and newer (messages can be edited and unsent): often only
    /// in `message.attributedBody`, which is also the current text after
    /// an edit; `message.text` is the fallback.
    Ventura,
}

impl Layout {
    pub fn describe(self) -> &'static str {
        match self {
            Layout::PreVentura => "pre-Ventura (text in message.text)",
            Layout::Ventura => "Ventura or later (text in message.attributedBody)",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schema {
    pub layout: Layout,
    pub has_attributed_body: bool,
    /// Reactions and other messages about messages.
    pub has_associated_type: bool,
    /// Group events (renames, joins) are items of another type.
    pub has_item_type: bool,
    /// Unsent messages carry a retraction date (Ventura+).
    pub has_retracted: bool,
    pub has_attachments: bool,
}

/// Columns of `table`, lowercased; empty when the table does not exist.
fn columns(conn: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT name FROM pragma_table_info(?1)")?;
    let names = stmt
        .query_map([table], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(names.into_iter().map(|n| n.to_ascii_lowercase()).collect())
}

fn require(cols: &[String], table: &str, needed: &[&str]) -> Result<(), String> {
    if cols.is_empty() {
        return Err(format!("table `{table}` is missing"));
    }
    match needed.iter().find(|c| !cols.iter().any(|have| have == *c)) {
        Some(c) => Err(format!("column `{table}.{c}` is missing")),
        None => Ok(()),
    }
}

impl Schema {
    /// Detect the layout; `Err` names what a Messages database must have
    /// and this one lacks.
    pub fn detect(conn: &Connection) -> Result<Schema, String> {
        let q = |t: &str| columns(conn, t).map_err(|e| format!("reading the schema: {e}"));
        let message = q("message")?;
        require(
            &message,
            "message",
            &["guid", "text", "handle_id", "is_from_me", "date"],
        )?;
        require(&q("handle")?, "handle", &["id"])?;
        require(&q("chat")?, "chat", &["guid"])?;
        require(
            &q("chat_message_join")?,
            "chat_message_join",
            &["chat_id", "message_id"],
        )?;
        let has = |c: &str| message.iter().any(|m| m == c);
        let attachment = q("attachment")?;
        let join = q("message_attachment_join")?;
        let has_attachments = require(&attachment, "attachment", &["filename"]).is_ok()
            && require(
                &join,
                "message_attachment_join",
                &["message_id", "attachment_id"],
            )
            .is_ok();
        Ok(Schema {
            layout: if has("date_edited") {
                Layout::Ventura
            } else {
                Layout::PreVentura
            },
            has_attributed_body: has("attributedbody"),
            has_associated_type: has("associated_message_type"),
            has_item_type: has("item_type"),
            has_retracted: has("date_retracted"),
            has_attachments,
        })
    }

    /// Messages after `?1`, oldest first, at most `?2`. Columns: rowid,
    /// guid, text, attributedBody, is_from_me, date, sender handle, chat
    /// guid, associated type, item type, retraction date.
    pub fn messages_sql(&self) -> String {
        let or_zero = |has: bool, col: &str| {
            if has {
                format!("coalesce(m.{col}, 0)")
            } else {
                "0".to_string()
            }
        };
        format!(
            "SELECT m.ROWID, m.guid, m.text, {body}, m.is_from_me, coalesce(m.date, 0), h.id, \
               (SELECT c.guid FROM chat_message_join j JOIN chat c ON c.ROWID = j.chat_id \
                 WHERE j.message_id = m.ROWID ORDER BY c.ROWID LIMIT 1), \
               {assoc}, {item}, {retracted} \
             FROM message m LEFT JOIN handle h ON h.ROWID = m.handle_id \
             WHERE m.ROWID > ?1 ORDER BY m.ROWID LIMIT ?2",
            body = if self.has_attributed_body {
                "m.attributedBody"
            } else {
                "NULL"
            },
            assoc = or_zero(self.has_associated_type, "associated_message_type"),
            item = or_zero(self.has_item_type, "item_type"),
            retracted = or_zero(self.has_retracted, "date_retracted"),
        )
    }
}
