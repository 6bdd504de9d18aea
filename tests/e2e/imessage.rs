//! A stand-in for a Mac: a chat.db with Apple's tables (both the
//! pre-Ventura and the Ventura-and-later layouts, written the way Messages
//! writes them), a fake `osascript` that records its argv, and the
//! `m3shd-bridged` process between them.

use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use rusqlite::{Connection, params};

use crate::harness::TOKEN;

/// The phone allowed to command the mesh.
pub const PHONE: &str = "+15550100000";
/// Its 1:1 conversation, as Messages names it.
pub const PHONE_CHAT: &str = "iMessage;-;+15550100000";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// macOS 12: the text in `message.text`.
    Monterey,
    /// macOS 13+: `message.text` empty, the text only in `attributedBody`.
    Ventura,
}

/// An `NSArchiver` typedstream writer, enough for an attributed string:
/// shared strings and objects/classes are numbered as they first appear
/// and written as back references afterwards.
struct Archiver {
    out: Vec<u8>,
    strings: Vec<Vec<u8>>,
    /// Objects and classes share one numbering.
    objects: usize,
    classes: HashMap<String, usize>,
}

impl Archiver {
    fn new() -> Archiver {
        let mut a = Archiver {
            out: vec![4, 11],
            strings: Vec::new(),
            objects: 0,
            classes: HashMap::new(),
        };
        a.out.extend(b"streamtyped");
        a.int(1000);
        a
    }

    fn int(&mut self, n: i64) {
        if (-110..=127).contains(&n) {
            self.out.push(n as i8 as u8);
        } else if let Ok(v) = i16::try_from(n) {
            self.out.push(0x81);
            self.out.extend(v.to_le_bytes());
        } else {
            self.out.push(0x82);
            self.out.extend((n as i32).to_le_bytes());
        }
    }

    fn reference(&mut self, index: usize) {
        self.int(-110 + index as i64);
    }

    fn shared(&mut self, s: &[u8]) {
        match self.strings.iter().position(|x| x == s) {
            Some(i) => self.reference(i),
            None => {
                self.out.push(0x84);
                self.int(s.len() as i64);
                self.out.extend(s);
                self.strings.push(s.to_vec());
            }
        }
    }

    fn begin_object(&mut self, chain: &[(&str, i64)]) {
        self.out.push(0x84);
        self.objects += 1;
        for (name, version) in chain {
            if let Some(&i) = self.classes.get(*name) {
                self.reference(i);
                return;
            }
            self.out.push(0x84);
            self.shared(name.as_bytes());
            self.int(*version);
            self.classes.insert(name.to_string(), self.objects);
            self.objects += 1;
        }
        self.out.push(0x85);
    }

    fn end_object(&mut self) {
        self.out.push(0x86);
    }

    fn string_object(&mut self, s: &str) {
        self.shared(b"@");
        self.begin_object(&[("NSString", 1), ("NSObject", 0)]);
        self.shared(b"+");
        self.int(s.len() as i64);
        self.out.extend(s.as_bytes());
        self.end_object();
    }
}

/// `message.attributedBody` for `text`, as Messages archives it: the
/// string, one attribute run over it, the run's attribute dictionary.
pub fn attributed_body(text: &str) -> Vec<u8> {
    let mut a = Archiver::new();
    a.shared(b"@");
    a.begin_object(&[("NSAttributedString", 0), ("NSObject", 0)]);
    a.string_object(text);
    a.shared(b"iI");
    a.int(1);
    a.int(text.encode_utf16().count() as i64);
    a.shared(b"@");
    a.begin_object(&[("NSDictionary", 0), ("NSObject", 0)]);
    a.shared(b"i");
    a.int(1);
    a.string_object("__kIMMessagePartAttributeName");
    a.shared(b"@");
    a.begin_object(&[("NSNumber", 0), ("NSValue", 0), ("NSObject", 0)]);
    a.shared(b"*");
    a.out.push(0x84); // a C string, its text a shared string
    a.objects += 1;
    a.shared(b"i");
    a.shared(b"i");
    a.int(0);
    a.end_object();
    a.end_object();
    a.end_object();
    a.out
}

/// Nanoseconds since 2001-01-01 UTC (chat.db's `date` since High Sierra).
fn apple_now() -> i64 {
    let now = chrono::Utc::now();
    (now.timestamp() - 978_307_200) * 1_000_000_000 + i64::from(now.timestamp_subsec_nanos())
}

/// A file a message carries: the path as Messages stores it, and the name.
pub struct Sent<'a> {
    pub stored_path: &'a str,
    pub name: &'a str,
    pub mime: &'a str,
}

/// A chat.db the test writes to, as Messages would.
pub struct ChatDb {
    pub path: PathBuf,
    conn: Connection,
    layout: Layout,
    guid: std::cell::Cell<u64>,
}

impl ChatDb {
    pub fn create(path: &Path, layout: Layout) -> ChatDb {
        let conn = Connection::open(path).expect("create chat.db");
        let ventura_cols = match layout {
            Layout::Monterey => "",
            Layout::Ventura => {
                ", date_retracted INTEGER DEFAULT 0, date_edited INTEGER DEFAULT 0, \
                 message_summary_info BLOB, part_count INTEGER DEFAULT 0"
            }
        };
        conn.execute_batch(&format!(
            "PRAGMA journal_mode = WAL;
             CREATE TABLE handle (ROWID INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE,
               id TEXT NOT NULL, country TEXT, service TEXT NOT NULL,
               uncanonicalized_id TEXT, person_centric_id TEXT, UNIQUE (id, service));
             CREATE TABLE chat (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL,
               style INTEGER, state INTEGER, account_id TEXT, properties BLOB,
               chat_identifier TEXT, service_name TEXT, room_name TEXT, account_login TEXT,
               is_archived INTEGER DEFAULT 0, last_addressed_handle TEXT, display_name TEXT,
               group_id TEXT, is_filtered INTEGER DEFAULT 0, successful_query INTEGER);
             CREATE TABLE chat_handle_join (chat_id INTEGER REFERENCES chat (ROWID) ON DELETE CASCADE,
               handle_id INTEGER REFERENCES handle (ROWID) ON DELETE CASCADE, UNIQUE(chat_id, handle_id));
             CREATE TABLE message (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL,
               text TEXT, replace INTEGER DEFAULT 0, service_center TEXT, handle_id INTEGER DEFAULT 0,
               subject TEXT, country TEXT, attributedBody BLOB, version INTEGER DEFAULT 0,
               type INTEGER DEFAULT 0, service TEXT, account TEXT, account_guid TEXT,
               error INTEGER DEFAULT 0, date INTEGER, date_read INTEGER, date_delivered INTEGER,
               is_delivered INTEGER DEFAULT 0, is_finished INTEGER DEFAULT 0,
               is_emote INTEGER DEFAULT 0, is_from_me INTEGER DEFAULT 0, is_empty INTEGER DEFAULT 0,
               is_read INTEGER DEFAULT 0, is_system_message INTEGER DEFAULT 0,
               is_sent INTEGER DEFAULT 0, cache_has_attachments INTEGER DEFAULT 0,
               item_type INTEGER DEFAULT 0, other_handle INTEGER DEFAULT 0, group_title TEXT,
               group_action_type INTEGER DEFAULT 0, associated_message_guid TEXT,
               associated_message_type INTEGER DEFAULT 0, balloon_bundle_id TEXT,
               payload_data BLOB, expressive_send_style_id TEXT, reply_to_guid TEXT,
               thread_originator_guid TEXT, thread_originator_part TEXT{ventura_cols});
             CREATE TABLE chat_message_join (chat_id INTEGER REFERENCES chat (ROWID) ON DELETE CASCADE,
               message_id INTEGER REFERENCES message (ROWID) ON DELETE CASCADE,
               message_date INTEGER DEFAULT 0, PRIMARY KEY (chat_id, message_id));
             CREATE TABLE attachment (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL,
               created_date INTEGER DEFAULT 0, start_date INTEGER DEFAULT 0, filename TEXT,
               uti TEXT, mime_type TEXT, transfer_state INTEGER DEFAULT 0,
               is_outgoing INTEGER DEFAULT 0, user_info BLOB, transfer_name TEXT,
               total_bytes INTEGER DEFAULT 0, is_sticker INTEGER DEFAULT 0,
               sticker_user_info BLOB, attribution_info BLOB, hide_attachment INTEGER DEFAULT 0);
             CREATE TABLE message_attachment_join (message_id INTEGER REFERENCES message (ROWID) ON DELETE CASCADE,
               attachment_id INTEGER REFERENCES attachment (ROWID) ON DELETE CASCADE,
               UNIQUE(message_id, attachment_id));"
        ))
        .expect("chat.db schema");
        ChatDb {
            path: path.to_path_buf(),
            conn,
            layout,
            guid: std::cell::Cell::new(0),
        }
    }

    fn next_guid(&self) -> String {
        let n = self.guid.get() + 1;
        self.guid.set(n);
        format!("8F2C3A1E-0000-4000-8000-{n:012X}")
    }

    /// The handle's ROWID and its 1:1 chat's ROWID (created on first use).
    fn handle_and_chat(&self, handle: &str) -> (i64, i64) {
        self.conn
            .execute(
                "INSERT OR IGNORE INTO handle (id, country, service, uncanonicalized_id) \
                 VALUES (?1, 'us', 'iMessage', ?1)",
                [handle],
            )
            .expect("handle");
        let hid: i64 = self
            .conn
            .query_row("SELECT ROWID FROM handle WHERE id = ?1", [handle], |r| {
                r.get(0)
            })
            .expect("handle id");
        let guid = format!("iMessage;-;{handle}");
        self.conn
            .execute(
                "INSERT OR IGNORE INTO chat (guid, style, state, chat_identifier, service_name) \
                 VALUES (?1, 45, 3, ?2, 'iMessage')",
                params![guid, handle],
            )
            .expect("chat");
        let cid: i64 = self
            .conn
            .query_row("SELECT ROWID FROM chat WHERE guid = ?1", [&guid], |r| {
                r.get(0)
            })
            .expect("chat id");
        self.conn
            .execute(
                "INSERT OR IGNORE INTO chat_handle_join (chat_id, handle_id) VALUES (?1, ?2)",
                params![cid, hid],
            )
            .expect("chat handle");
        (hid, cid)
    }

    /// One message, written in one transaction as Messages does: a reader
    /// never sees the row without its chat or attachments.
    fn insert(
        &self,
        handle: &str,
        text: &str,
        from_me: bool,
        reaction: i64,
        files: &[Sent<'_>],
    ) -> i64 {
        let txn = self.conn.unchecked_transaction().expect("begin");
        let (hid, cid) = self.handle_and_chat(handle);
        let (text_col, body) = match self.layout {
            Layout::Monterey => (Some(text.to_string()), None),
            Layout::Ventura => (None, Some(attributed_body(text))),
        };
        let date = apple_now();
        self.conn
            .execute(
                "INSERT INTO message (guid, text, handle_id, attributedBody, service, account, \
                   date, date_read, date_delivered, is_delivered, is_finished, is_from_me, \
                   is_read, is_sent, cache_has_attachments, associated_message_type, \
                   associated_message_guid) \
                 VALUES (?1, ?2, ?3, ?4, 'iMessage', 'e:me@example.com', ?5, 0, 0, 1, 1, ?6, \
                   0, ?6, ?7, ?8, ?9)",
                params![
                    self.next_guid(),
                    text_col,
                    hid,
                    body,
                    date,
                    from_me,
                    !files.is_empty(),
                    reaction,
                    (reaction != 0).then_some("p:0/8F2C3A1E-0000-4000-8000-000000000001"),
                ],
            )
            .expect("message");
        let mid = self.conn.last_insert_rowid();
        self.conn
            .execute(
                "INSERT INTO chat_message_join (chat_id, message_id, message_date) VALUES (?1, ?2, ?3)",
                params![cid, mid, date],
            )
            .expect("join");
        for f in files {
            self.conn
                .execute(
                    "INSERT INTO attachment (guid, created_date, filename, uti, mime_type, \
                       transfer_state, transfer_name, total_bytes) \
                     VALUES (?1, ?2, ?3, 'public.data', ?4, 5, ?5, 0)",
                    params![
                        self.next_guid(),
                        date / 1_000_000_000,
                        f.stored_path,
                        f.mime,
                        f.name
                    ],
                )
                .expect("attachment");
            let aid = self.conn.last_insert_rowid();
            self.conn
                .execute(
                    "INSERT INTO message_attachment_join (message_id, attachment_id) VALUES (?1, ?2)",
                    params![mid, aid],
                )
                .expect("attachment join");
        }
        txn.commit().expect("commit");
        mid
    }

    /// A message `handle` sent to this Mac; returns its ROWID.
    pub fn receive(&self, handle: &str, text: &str) -> i64 {
        self.insert(handle, text, false, 0, &[])
    }

    /// A message with attachments (U+FFFC marks each in the text).
    pub fn receive_with(&self, handle: &str, text: &str, files: &[Sent<'_>]) -> i64 {
        let marks: String = files.iter().map(|_| '\u{FFFC}').collect();
        self.insert(handle, &format!("{marks}{text}"), false, 0, files)
    }

    /// A message this Mac's account sent to `handle`.
    pub fn sent_from_here(&self, handle: &str, text: &str) -> i64 {
        self.insert(handle, text, true, 0, &[])
    }

    /// A tapback ("Loved …") on the latest message: not a message.
    pub fn react(&self, handle: &str, what: &str) -> i64 {
        self.insert(handle, &format!("Loved “{what}”"), false, 2000, &[])
    }
}

/// A fake `osascript`: records each call's argv (NUL-separated) as one
/// file, or fails while a `fail` file exists.
pub struct FakeOsascript {
    pub path: PathBuf,
    pub out: PathBuf,
}

impl FakeOsascript {
    pub fn new(dir: &Path) -> FakeOsascript {
        let bin = dir.join("bin");
        let out = dir.join("sent");
        std::fs::create_dir_all(&bin).unwrap();
        std::fs::create_dir_all(&out).unwrap();
        let path = bin.join("osascript");
        std::fs::write(
            &path,
            format!(
                "#!/bin/sh\n\
                 out='{}'\n\
                 if [ -e \"$out/fail\" ]; then echo 'execution error: Messages got an error (-1728)' >&2; exit 1; fi\n\
                 f=\"$out/$(date +%s%N)-$$\"\n\
                 printf '%s\\0' \"$@\" > \"$f.tmp\" && mv \"$f.tmp\" \"$f.sent\"\n",
                out.display()
            ),
        )
        .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        FakeOsascript { path, out }
    }

    /// Every recorded call, oldest first: the argv after the program name.
    pub fn calls(&self) -> Vec<Vec<String>> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&self.out)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "sent"))
            .collect();
        files.sort();
        files
            .iter()
            .map(|f| {
                let bytes = std::fs::read(f).unwrap();
                let mut args: Vec<String> = bytes
                    .split(|b| *b == 0)
                    .map(|a| String::from_utf8_lossy(a).into_owned())
                    .collect();
                args.pop(); // after the last NUL
                args
            })
            .collect()
    }

    /// The texts sent, oldest first.
    pub fn texts(&self) -> Vec<String> {
        self.calls()
            .into_iter()
            .map(|a| a.last().cloned().unwrap_or_default())
            .collect()
    }

    pub fn set_failing(&self, failing: bool) {
        let flag = self.out.join("fail");
        if failing {
            std::fs::write(flag, b"").unwrap();
        } else {
            let _ = std::fs::remove_file(flag);
        }
    }
}

/// One test's Mac: home dir (with Messages' attachments folder), chat.db,
/// fake osascript, the bridge's state dir and its log.
pub struct Mac {
    pub root: PathBuf,
    pub home: PathBuf,
    pub chat: ChatDb,
    pub osascript: FakeOsascript,
    pub state_dir: PathBuf,
}

impl Mac {
    pub fn new(root: &Path, layout: Layout) -> Mac {
        let home = root.join("home");
        let messages = home.join("Library/Messages");
        std::fs::create_dir_all(messages.join("Attachments")).unwrap();
        std::fs::create_dir_all(root.join("tmp")).unwrap();
        Mac {
            root: root.to_path_buf(),
            chat: ChatDb::create(&messages.join("chat.db"), layout),
            osascript: FakeOsascript::new(root),
            state_dir: root.join("bridge-state"),
            home,
        }
    }

    pub fn attachments_dir(&self) -> PathBuf {
        self.home.join("Library/Messages/Attachments")
    }

    /// Start a bridge on this Mac (HOME points here, so the default
    /// `~/Library/Messages/Attachments` is this one).
    pub fn bridge(&self, hub_url: &str, extra: &[&str]) -> Bridge {
        self.bridge_with_state(hub_url, &self.state_dir, extra)
    }

    pub fn bridge_with_state(&self, hub_url: &str, state: &Path, extra: &[&str]) -> Bridge {
        let log = self.root.join(format!(
            "bridge-{}.log",
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        ));
        let token = commander_token(hub_url);
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_m3shd-bridged"));
        cmd.args(["--hub", hub_url, "--allow", "+1 (555) 010-0000"]);
        if !extra.contains(&"--chat-db") {
            cmd.arg("--chat-db").arg(&self.chat.path);
        }
        let child = cmd
            .arg("--osascript")
            .arg(&self.osascript.path)
            .args([
                "--poll-ms",
                "100",
                "--restart-delay-ms",
                "200",
                "--retry-base-ms",
                "100",
            ])
            .arg("--state-dir")
            .arg(state)
            .args(extra)
            .env("M3SHD_TOKEN", &token)
            .env("HOME", &self.home)
            .env("TMPDIR", self.root.join("tmp"))
            .env("RUST_LOG", "info")
            .env_remove("M3SHD_HUB")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(File::create(&log).unwrap())
            .spawn()
            .expect("start m3shd-bridged");
        Bridge { child, log, token }
    }

    /// The bridge's saved chat.db cursor.
    pub fn cursor(&self) -> Option<i64> {
        let text = std::fs::read_to_string(self.state_dir.join("cursors.json")).ok()?;
        serde_json::from_str::<serde_json::Value>(&text).ok()?["chat_db"].as_i64()
    }

    /// Items in one of the bridge's queues (`inbox`, `outbox`).
    pub fn queued(&self, queue: &str) -> Vec<serde_json::Value> {
        let Ok(dir) = std::fs::read_dir(self.state_dir.join(queue)) else {
            return Vec::new();
        };
        let mut items: Vec<(PathBuf, serde_json::Value)> = dir
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .filter_map(|p| {
                let v = serde_json::from_slice(&std::fs::read(&p).ok()?).ok()?;
                Some((p, v))
            })
            .collect();
        items.sort_by(|a, b| a.0.cmp(&b.0));
        items.into_iter().map(|(_, v)| v).collect()
    }
}

/// A running `m3shd-bridged`.
pub struct Bridge {
    pub child: Child,
    pub log: PathBuf,
    /// The bearer token it runs with.
    pub token: String,
}

impl Bridge {
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Wait for the process to exit on its own.
    pub fn wait_exit(&mut self, timeout: Duration) -> ExitStatus {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait bridge") {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "the bridge did not exit within {timeout:?}; log:\n{}",
                self.log_text()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// SIGTERM, then the exit status.
    pub fn terminate(&mut self) -> ExitStatus {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        self.wait_exit(Duration::from_secs(20))
    }
}

impl Drop for Bridge {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The bridge runs as an operator would set it up: its own commander-role
/// token, not the master token. (Tests without a hub get the master token:
/// their bridge never reaches one.)
fn commander_token(hub_url: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_m3shd"))
        .args([
            "token",
            "create",
            "--agent",
            "imessage",
            "--role",
            "commander",
            "--json",
        ])
        .env("M3SHD_HUB", hub_url)
        .env("M3SHD_TOKEN", TOKEN)
        .output()
        .expect("run m3shd token create");
    if !out.status.success() {
        return TOKEN.to_string();
    }
    let created: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    created["token"].as_str().expect("token").to_string()
}
