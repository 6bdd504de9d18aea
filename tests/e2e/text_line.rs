//! `POST /api/text` through the real `m3shd-hubd`, whose binary hands the
//! hub the command grammar's runner: a typed line means what it means in
//! `m3shd text` and over iMessage, and runs with exactly the caller's
//! permissions (the master token, a viewer's session). Free text is a chat
//! message a chat agent answers.

use std::time::Duration;

use crate::harness::{
    Hub, Worker, WorkerSpec, agents_online, m3shd_cli, register_as, task_reaches,
};
use m3shd_api::{CreateTokenRequest, Event, PostMessage, Role, StreamQuery, TaskStatus};
use m3shd_client::{Client, StreamItem};

const PASSWORD: &str = "a long enough password";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_typed_line_runs_the_grammar_with_the_callers_permissions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hub = Hub::start(&dir.path().join("hub"), 10);
    let master = hub.client();
    let _rex = Worker::start(&hub.url, &dir.path().join("w"), WorkerSpec::named("rex", 2));
    agents_online(&master, 1).await;

    // The same words as `m3shd text`.
    for line in ["help", "pending"] {
        let r = master.text(line).await.expect("text");
        let cli = m3shd_cli(&hub, &["text", line]);
        assert!(cli.status.success(), "{cli:?}");
        assert_eq!(
            r.reply.trim_end(),
            String::from_utf8_lossy(&cli.stdout).trim_end(),
            "{line}"
        );
        assert!(r.is_command && r.error.is_none(), "{r:?}");
    }
    let r = master.text("status").await.expect("status");
    assert_eq!(r.command, "status");
    assert!(r.reply.starts_with("agents: 1 online of 1"), "{}", r.reply);
    assert!(r.reply.contains("rex"), "{}", r.reply);
    // A command that creates work: its task runs on the worker.
    let r = master.text("do echo typed in a chat").await.expect("do");
    let id = r.task_id.clone().expect("a task");
    assert!(r.reply.contains(&id), "{}", r.reply);
    let t = task_reaches(&master, &id, TaskStatus::Done, Duration::from_secs(30)).await;
    assert!(t.output.unwrap_or_default().contains("typed in a chat"));
    // Bad arguments get the usage, as over iMessage.
    let r = master.text("retry").await.expect("retry");
    assert_eq!(r.command, "usage");
    assert!(r.reply.starts_with("usage: "), "{}", r.reply);

    // A viewer's session: reads run, changes are refused by the hub, and
    // the answer says so (with the code).
    master
        .create_user(&m3shd_api::CreateUserRequest {
            username: "vic".into(),
            password: m3shd_api::Password(PASSWORD.into()),
            role: m3shd_api::UserRole::Viewer,
        })
        .await
        .expect("user");
    let session = Client::anonymous(&hub.url)
        .expect("client")
        .login("vic", &m3shd_api::Password(PASSWORD.into()))
        .await
        .expect("login");
    let vic = Client::new(&hub.url, &session.token).expect("client");
    let r = vic.text("status").await.expect("status");
    assert!(r.reply.starts_with("agents: 1 online of 1"), "{}", r.reply);
    let r = vic.text("do echo not for a viewer").await.expect("do");
    assert_eq!(r.error.as_deref(), Some("forbidden"), "{r:?}");
    assert!(r.reply.contains("tasks:write"), "{}", r.reply);
    assert_eq!(
        master
            .list_tasks(&Default::default())
            .await
            .expect("tasks")
            .len(),
        1,
        "the viewer's line created nothing"
    );
    // No credential: refused before any line runs.
    let anon = Client::anonymous(&hub.url).expect("client");
    let e = anon.text("status").await.expect_err("needs a credential");
    assert_eq!(e.status(), Some(401));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn free_text_is_a_chat_message_a_chat_agent_answers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hub = Hub::start(&dir.path().join("hub"), 10);
    let master = hub.client();
    // Nobody to answer: the message is stored, and the reply says so.
    let r = master.text("is anyone there?").await.expect("text");
    assert_eq!(r.command, "chat");
    assert!(!r.is_command);
    assert!(r.reply.contains("no chat agent is online"), "{}", r.reply);
    assert_eq!(r.data["message"]["content"], "is anyone there?");

    // A chat agent that answers every question on the stream.
    let minted = master
        .create_token(&CreateTokenRequest {
            agent_id: "chatbot".into(),
            role: Some(Role::Worker),
            permissions: None,
        })
        .await
        .expect("token");
    let bot = Client::new(&hub.url, &minted.token).expect("client");
    register_as(&bot, "chatbot", "chat", 1).await;
    let after = bot.status().await.expect("status").last_event_id;
    let answering = tokio::spawn(async move {
        let mut stream = bot.stream(StreamQuery {
            types: Some("message_posted".into()),
            after: Some(after),
            ..Default::default()
        });
        loop {
            let Ok(StreamItem::Event(rec)) = stream.next().await else {
                continue;
            };
            if let Event::MessagePosted { message } = rec.event
                && message.sender != "chatbot"
            {
                bot.post_message(&PostMessage {
                    content: format!("you said: {}", message.content),
                    channel: None,
                    sender: None,
                    reply_to: Some(message.id),
                })
                .await
                .expect("answer");
            }
        }
    });
    let r = master.text("hello mesh").await.expect("text");
    answering.abort();
    assert!(!r.is_command);
    assert_eq!(r.reply, "chatbot: you said: hello mesh", "{r:?}");
    assert_eq!(r.data["reply"]["reply_to"], r.data["message"]["id"]);
}
