//! What the loops share: the configuration, the channel, the hub client and
//! the durable state in the state dir:
//!
//! | path              | what                                                   |
//! |-------------------|--------------------------------------------------------|
//! | `cursors.json`    | last chat.db ROWID handled, last hub event seen        |
//! | `inbox/`          | messages read but not yet fully handled (one per file) |
//! | `outbox/`         | replies not yet sent                                   |
//! | `outbox-failed/`  | replies that could not be sent after every retry       |
//! | `pending.json`    | tasks and chat lines whose answer is still to be sent, |
//! |                   | `control` plans waiting for their sender's `yes`       |
//! | `bridged.lock`    | the lock, with the holder's pid                        |

use std::collections::BTreeMap;
use std::io;
use std::path::PathBuf;
use std::time::Duration;

use m3shd_api::Timestamp;
use m3shd_client::Client;
use m3shd_common::backoff::doubled;
use m3shd_common::durable::{Durable, Queue};
use serde::{Deserialize, Serialize};
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use crate::args::Config;
use crate::attachments::Policy;
use crate::channel::{AttachmentRef, Channel, ChatRef, Inbound};
use crate::text::outgoing;

/// Where reading stopped, in chat.db and in the hub's event log.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Cursors {
    /// The last chat.db ROWID read (handled or queued).
    pub chat_db: Option<i64>,
    /// The last hub event looked at.
    pub events: Option<i64>,
    /// The conversation an allowed handle wrote in last: where messages
    /// that answer nothing (agent announcements) go.
    pub home_chat: Option<ChatRef>,
}

/// Someone waiting for an answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Waiter {
    pub to: ChatRef,
    pub since: Timestamp,
}

/// Answers still owed: task results, and agents' replies to chat lines
/// that were not answered while the command ran.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    /// Task id → who asked.
    pub tasks: BTreeMap<String, Waiter>,
    /// Hub message id of a chat line → who wrote it.
    pub chats: BTreeMap<i64, Waiter>,
    /// Sender → the `control` plan waiting for their `yes`.
    #[serde(default)]
    pub controls: BTreeMap<String, crate::offer::Offer>,
}

/// How far handling a message got, so that a retry or a restart goes on
/// from there instead of doing a step twice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "stage", rename_all = "snake_case")]
pub enum Stage {
    New,
    /// `auto`'s "planning…" acknowledgement was sent.
    Acked,
    /// The command ran; these images still go to these tasks.
    Uploading {
        tasks: Vec<String>,
        files: Vec<AttachmentRef>,
    },
}

/// An inbound message being handled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Job {
    pub msg: Inbound,
    pub stage: Stage,
}

/// A message to send, final (prefixed and bounded).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outgoing {
    pub to: ChatRef,
    pub text: String,
}

pub struct Bridge<C> {
    pub cfg: Config,
    pub channel: C,
    pub client: Client,
    pub inbox: Queue<Job>,
    pub outbox: Queue<Outgoing>,
    pub cursors: Durable<Cursors>,
    pub pending: Durable<Pending>,
    /// Told when a waiter is added, so its answer is looked for at once
    /// (a fast task may have finished before the waiter existed).
    pub pending_added: Notify,
    pub attachments: Policy,
    pub shutdown: CancellationToken,
}

impl<C: Channel> Bridge<C> {
    pub fn open(
        cfg: Config,
        channel: C,
        client: Client,
        shutdown: CancellationToken,
    ) -> io::Result<Bridge<C>> {
        let dir = &cfg.state_dir;
        Ok(Bridge {
            inbox: Queue::open(dir.join("inbox"))?,
            outbox: Queue::open(dir.join("outbox"))?,
            cursors: Durable::open(dir.join("cursors.json"))?,
            pending: Durable::open(dir.join("pending.json"))?,
            pending_added: Notify::new(),
            attachments: Policy::new(&cfg.attachments_dir, cfg.home.clone()),
            cfg,
            channel,
            client,
            shutdown,
        })
    }

    pub fn failed_dir(&self) -> PathBuf {
        self.cfg.state_dir.join("outbox-failed")
    }

    /// Queue a reply to `to`.
    pub fn say(&self, to: &ChatRef, body: &str) -> io::Result<()> {
        self.outbox.push(Outgoing {
            to: to.clone(),
            text: outgoing(body, self.channel.max_chars()),
        })?;
        Ok(())
    }

    /// The pause before try number `attempt + 1`: doubling from the base,
    /// at most 60 times the base (a minute by default).
    pub fn backoff(&self, attempt: u32) -> Duration {
        let base = self.cfg.retry_base;
        doubled(base, attempt.saturating_sub(1), base.saturating_mul(60))
    }
}
