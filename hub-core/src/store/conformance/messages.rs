//! Channel messages (listed newest page first, oldest first within it)
//! and the chat tasks that answer them.

use std::time::Duration;

use m3shd_api::{Message, Task};

use super::{Backend, backends};
use crate::clock::Clock;
use crate::store::repos::{TaskBody, TaskRecord, TaskState};

async fn post(
    b: &Backend,
    channel: &'static str,
    text: &'static str,
    reply: Option<i64>,
) -> Message {
    b.clock.advance(Duration::from_secs(1));
    b.store
        .write(move |tx| tx.messages().insert("rex", "agent", channel, text, reply))
        .await
        .expect("insert")
}

fn texts(b: &Backend, channel: Option<&str>, after: Option<i64>, limit: i64) -> Vec<String> {
    b.store
        .read(|r| r.messages().list(channel, after, limit))
        .expect("list")
        .into_iter()
        .map(|m| m.content)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn messages_are_numbered_and_listed_by_channel_and_page() {
    for b in backends() {
        let m1 = post(&b, "general", "one", None).await;
        let m2 = post(&b, "ops", "two", None).await;
        let m3 = post(&b, "general", "three", Some(m1.id)).await;
        let m4 = post(&b, "general", "four", None).await;
        assert!(
            m1.id < m2.id && m2.id < m3.id && m3.id < m4.id,
            "{}",
            b.name
        );
        assert_eq!(
            m3.ts,
            b.clock.now() - chrono::TimeDelta::seconds(1),
            "{}",
            b.name
        );
        assert_eq!(
            (
                m3.sender.as_str(),
                m3.sender_type.as_str(),
                m3.channel.as_str(),
                m3.reply_to
            ),
            ("rex", "agent", "general", Some(m1.id)),
            "{}",
            b.name
        );

        let stored = b
            .store
            .read(|r| r.messages().list(None, None, 10))
            .expect("list");
        assert_eq!(
            stored,
            [m1.clone(), m2.clone(), m3.clone(), m4.clone()],
            "{}",
            b.name
        );
        assert_eq!(
            texts(&b, None, None, 2),
            ["three", "four"],
            "latest page: {}",
            b.name
        );
        assert_eq!(
            texts(&b, Some("general"), None, 2),
            ["three", "four"],
            "{}",
            b.name
        );
        assert_eq!(
            texts(&b, Some("general"), None, 10),
            ["one", "three", "four"]
        );
        assert_eq!(texts(&b, Some("ops"), None, 10), ["two"], "{}", b.name);
        assert_eq!(
            texts(&b, None, Some(m1.id), 2),
            ["two", "three"],
            "{}",
            b.name
        );
        assert_eq!(
            texts(&b, Some("general"), Some(m1.id), 1),
            ["three"],
            "{}",
            b.name
        );
        assert!(
            texts(&b, Some("nowhere"), None, 10).is_empty(),
            "{}",
            b.name
        );

        let exists = |id| b.store.read(|r| r.messages().exists(id)).expect("exists");
        assert!(exists(m2.id) && !exists(m4.id + 1), "{}", b.name);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chat_task_leads_back_to_its_message() {
    for b in backends() {
        let m = post(&b, "general", "hello", None).await;
        let now = b.clock.now();
        let task = TaskRecord {
            task: TaskBody::from_api(Task::queued("chat-1", "hello", now)),
            state: TaskState::new(false),
            output_seq: 0,
        };
        let id = m.id;
        let linked = b
            .store
            .write(move |tx| {
                tx.tasks().insert(&task, None)?;
                tx.messages().link_chat("chat-1", id)?;
                // Linking again changes nothing.
                tx.messages().link_chat("chat-1", id)
            })
            .await;
        linked.expect("link");
        let of = b
            .store
            .read(|r| r.messages().chat_message_of("chat-1"))
            .expect("of");
        assert_eq!(of, Some(m), "{}", b.name);
        let none = b
            .store
            .read(|r| r.messages().chat_message_of("other"))
            .expect("of");
        assert_eq!(none, None, "{}", b.name);
    }
}
