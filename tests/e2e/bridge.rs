//! The iMessage bridge end to end, on Linux: a chat.db written the way
//! Messages writes it, a fake `osascript` recording what would be sent, and
//! the real `m3shd-bridged`, `m3shd-hubd` and `m3shd-workerd`.

use std::time::Duration;

use m3shd_api::TaskStatus;
use m3shd_client::Client;

use crate::harness::*;
use crate::imessage::*;

const WAIT: Duration = Duration::from_secs(30);

/// The script osascript is given; user text never appears in it.
const SCRIPT_START: &str = "on run argv";

async fn mesh(dir: &std::path::Path) -> (Hub, Worker) {
    let hub = Hub::start(&dir.join("hub"), 30);
    let worker = Worker::start(&hub.url, dir, WorkerSpec::named("w1", 2));
    agents_online(&hub.client(), 1).await;
    (hub, worker)
}

/// Wait until the bridge runs (its loops are started).
async fn ready(_mac: &Mac, bridge: &Bridge) {
    wait_for("the bridge to run", WAIT, || async {
        let log = bridge.log_text();
        assert!(
            !log.contains("m3shd-bridged: "),
            "the bridge failed to start:\n{log}"
        );
        log.contains("m3shd-bridged running").then_some(())
    })
    .await;
}

/// Wait until `n` messages were sent; returns all texts.
async fn sent(mac: &Mac, n: usize) -> Vec<String> {
    wait_for(&format!("{n} messages sent"), WAIT, || async {
        let texts = mac.osascript.texts();
        (texts.len() >= n).then_some(texts)
    })
    .await
}

/// Wait for a sent text containing `needle`.
async fn sent_containing(mac: &Mac, needle: &str) -> String {
    wait_for(
        &format!("a message containing {needle:?}"),
        WAIT,
        || async {
            mac.osascript
                .texts()
                .into_iter()
                .find(|t| t.contains(needle))
        },
    )
    .await
}

fn task_id_in(ack: &str) -> String {
    ack.split("queued as task ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .unwrap_or_else(|| panic!("no task id in {ack:?}"))
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_gets_the_agents_and_only_allowed_new_messages_are_commands() {
    let dir = tempfile::tempdir().unwrap();
    let (hub, _worker) = mesh(dir.path()).await;
    let mac = Mac::new(dir.path(), Layout::Ventura);
    // History from before the bridge's first start is never replayed.
    mac.chat.receive(PHONE, "do echo an old message");
    let bridge = mac.bridge(&hub.url, &[]);
    ready(&mac, &bridge).await;
    assert_eq!(
        mac.cursor(),
        Some(1),
        "first start begins after the newest message"
    );

    mac.chat.receive("+15550199999", "status"); // a stranger
    mac.chat.sent_from_here(PHONE, "status"); // typed on this Mac
    mac.chat.receive(PHONE, "[m3shd] agents: 1 online of 1"); // our reply echoed back
    mac.chat.react(PHONE, "status"); // a tapback
    mac.chat.receive(PHONE, "status");

    let texts = sent(&mac, 1).await;
    let reply = &texts[0];
    assert!(
        reply.starts_with("[m3shd] agents: 1 online of 1"),
        "{reply}"
    );
    assert!(reply.contains("w1"), "the reply lists the agent: {reply}");
    let call = &mac.osascript.calls()[0];
    assert_eq!(call.len(), 6, "{call:?}");
    assert_eq!(call[0], "-e");
    assert!(call[1].starts_with(SCRIPT_START));
    assert_eq!(
        call[3], PHONE_CHAT,
        "the reply goes to the chat it came from"
    );
    assert_eq!(call[4], PHONE);

    // A bare approve with nothing pending gets a friendly answer; in-order
    // handling means everything above was looked at before it.
    mac.chat.receive(PHONE, "approve");
    let texts = sent(&mac, 2).await;
    assert!(
        texts[1].starts_with("[m3shd] nothing to approve"),
        "{:?}",
        texts[1]
    );
    assert_eq!(texts.len(), 2, "nothing else was answered: {texts:?}");
    assert!(
        hub.client()
            .list_tasks(&Default::default())
            .await
            .unwrap()
            .is_empty(),
        "the old `do` was not replayed"
    );
    assert!(
        !bridge.log_text().contains(&bridge.token),
        "the token never reaches the log"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn do_is_acknowledged_and_its_result_comes_back_even_through_failed_sends() {
    let dir = tempfile::tempdir().unwrap();
    let (hub, _worker) = mesh(dir.path()).await;
    let mac = Mac::new(dir.path(), Layout::Monterey);
    let bridge = mac.bridge(&hub.url, &[]);
    ready(&mac, &bridge).await;

    // Messages refuses to send for a while: replies wait and are retried.
    mac.osascript.set_failing(true);
    mac.chat.receive(PHONE, "do echo hello from the phone");
    wait_for("a send retried twice", WAIT, || async {
        let out = mac.queued("outbox");
        let first = out.first()?;
        (first["attempts"].as_u64()? >= 2).then_some(())
    })
    .await;
    assert!(mac.osascript.texts().is_empty());
    mac.osascript.set_failing(false);

    let texts = sent(&mac, 2).await;
    assert!(texts[0].starts_with("[m3shd] queued as task "), "{texts:?}");
    let id = task_id_in(&texts[0]);
    assert_eq!(
        texts[1],
        format!("[m3shd] ✓ task {id} done: hello from the phone")
    );
    let task = hub.client().get_task(&id).await.unwrap();
    assert_eq!(task.prompt, "echo hello from the phone");
    assert_eq!(task.status, TaskStatus::Done);
    assert!(mac.queued("outbox").is_empty());
    assert!(mac.queued("inbox").is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_injection_attempt_arrives_verbatim_as_one_argument() {
    let dir = tempfile::tempdir().unwrap();
    let (hub, _worker) = mesh(dir.path()).await;
    let mac = Mac::new(dir.path(), Layout::Ventura);
    let bridge = mac.bridge(&hub.url, &[]);
    ready(&mac, &bridge).await;

    let evil = r#""; do shell script "touch /tmp/m3shd-pwned"; ""#;
    mac.chat.receive(PHONE, &format!("do echo {evil}"));
    let ack = sent_containing(&mac, "queued as task").await;
    let id = task_id_in(&ack);
    let result = sent_containing(&mac, "done:").await;
    assert_eq!(result, format!("[m3shd] ✓ task {id} done: {evil}"));
    let calls = mac.osascript.calls();
    assert_eq!(calls.len(), 2, "{calls:?}");
    for call in &calls {
        assert_eq!(call.len(), 6, "one argv item per part: {call:?}");
        assert!(call[1].starts_with(SCRIPT_START));
        assert!(!call[1].contains("touch"), "the script is a constant");
    }
    assert_eq!(calls[1][5], result, "the text is one argv item, verbatim");
    assert!(!std::path::Path::new("/tmp/m3shd-pwned").exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_resumes_after_the_last_rowid_and_keeps_pending_results() {
    let dir = tempfile::tempdir().unwrap();
    let (hub, _worker) = mesh(dir.path()).await;
    let client = hub.client();
    let mac = Mac::new(dir.path(), Layout::Ventura);
    let mut bridge = mac.bridge(&hub.url, &[]);
    ready(&mac, &bridge).await;

    mac.chat.receive(PHONE, "status");
    mac.chat.receive(PHONE, "do sleep 1500");
    let texts = sent(&mac, 2).await;
    let id = task_id_in(&texts[1]);
    let status = bridge.terminate();
    assert!(status.success(), "SIGTERM exits 0: {status:?}");
    let pending = std::fs::read_to_string(mac.state_dir.join("pending.json")).unwrap();
    assert!(pending.contains(&id), "the waiter is on disk: {pending}");

    // While the bridge is down: the task finishes, a message arrives.
    task_reaches(&client, &id, TaskStatus::Done, WAIT).await;
    mac.chat.receive(PHONE, "tasks");

    let _bridge = mac.bridge(&hub.url, &[]);
    let result = sent_containing(&mac, &format!("task {id} done")).await;
    assert_eq!(result, format!("[m3shd] ✓ task {id} done: slept 1500"));
    sent_containing(&mac, &format!("✓ {id} done")).await; // the `tasks` reply
    let texts = mac.osascript.texts();
    assert_eq!(
        texts.iter().filter(|t| t.contains("agents:")).count(),
        1,
        "status was not answered twice: {texts:?}"
    );
    assert_eq!(texts.len(), 4, "{texts:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hub_outage_is_retried_without_loss_or_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let (mut hub, _worker) = mesh(dir.path()).await;
    let mac = Mac::new(dir.path(), Layout::Monterey);
    let bridge = mac.bridge(&hub.url, &[]);
    ready(&mac, &bridge).await;

    hub.kill9();
    let rowid = mac.chat.receive(PHONE, "do echo survived the outage");
    wait_for(
        "the command retried while the hub is down",
        WAIT,
        || async {
            let inbox = mac.queued("inbox");
            let job = inbox.first()?;
            (job["item"]["msg"]["id"].as_i64()? == rowid && job["attempts"].as_u64()? >= 2)
                .then_some(())
        },
    )
    .await;
    assert!(mac.osascript.texts().is_empty());

    hub.restart();
    let ack = sent_containing(&mac, "queued as task").await;
    let id = task_id_in(&ack);
    let result = sent_containing(&mac, "survived the outage").await;
    assert_eq!(
        result,
        format!("[m3shd] ✓ task {id} done: survived the outage")
    );
    let tasks: Vec<_> = hub
        .client()
        .list_tasks(&Default::default())
        .await
        .unwrap()
        .into_iter()
        .filter(|t| t.prompt == "echo survived the outage")
        .collect();
    assert_eq!(tasks.len(), 1, "one task, however often it was tried");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attachments_are_checked_and_accepted_images_reach_the_task() {
    let dir = tempfile::tempdir().unwrap();
    let (hub, _worker) = mesh(dir.path()).await;
    let client: Client = hub.client();
    let mac = Mac::new(dir.path(), Layout::Ventura);
    let att = mac.attachments_dir().join("a1/01/9C2E");
    std::fs::create_dir_all(&att).unwrap();
    let png: Vec<u8> = {
        let mut v = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x02\0\0\0\x02\x08\x02\0\0\0".to_vec();
        v.extend((0..500u32).map(|i| (i % 251) as u8));
        v
    };
    std::fs::write(att.join("IMG_0001.png"), &png).unwrap();
    let big = std::fs::File::create(att.join("IMG_0002.jpeg")).unwrap();
    std::io::Write::write_all(&mut &big, b"\xFF\xD8\xFF\xE0").unwrap();
    big.set_len(21 * 1024 * 1024).unwrap();
    std::fs::write(att.join("IMG_0003.jpeg"), b"#!/bin/sh\nrm -rf ~\n").unwrap();
    let outside = dir.path().join("private.png");
    std::fs::write(&outside, &png).unwrap();
    std::os::unix::fs::symlink(&outside, att.join("IMG_0004.png")).unwrap();

    let bridge = mac.bridge(&hub.url, &[]);
    ready(&mac, &bridge).await;
    let stored = |name: &str| format!("~/Library/Messages/Attachments/a1/01/9C2E/{name}");
    let (p1, p2, p3, p4) = (
        stored("IMG_0001.png"),
        stored("IMG_0002.jpeg"),
        stored("IMG_0003.jpeg"),
        stored("IMG_0004.png"),
    );
    mac.chat.receive_with(
        PHONE,
        "do echo look at these",
        &[
            Sent {
                stored_path: &p1,
                name: "IMG_0001.png",
                mime: "image/png",
            },
            Sent {
                stored_path: &p2,
                name: "IMG_0002.jpeg",
                mime: "image/jpeg",
            },
            Sent {
                stored_path: &p3,
                name: "IMG_0003.jpeg",
                mime: "image/jpeg",
            },
            Sent {
                stored_path: &p4,
                name: "IMG_0004.png",
                mime: "image/png",
            },
        ],
    );

    let too_big = sent_containing(&mac, "IMG_0002.jpeg refused").await;
    assert!(too_big.contains("too large"), "{too_big}");
    let wrong = sent_containing(&mac, "IMG_0003.jpeg refused").await;
    assert!(wrong.contains("not a JPEG"), "{wrong}");
    let link = sent_containing(&mac, "IMG_0004.png refused").await;
    assert!(link.contains("symlink"), "{link}");
    let ack = sent_containing(&mac, "queued as task").await;
    let id = task_id_in(&ack);
    let attached = sent_containing(&mac, "IMG_0001.png attached").await;
    assert_eq!(
        attached,
        format!("[m3shd] image IMG_0001.png attached to task {id}")
    );
    sent_containing(&mac, &format!("task {id} done: look at these")).await;

    let list = client.list_attachments(&id).await.unwrap();
    assert_eq!(list.len(), 1, "only the image in the folder: {list:?}");
    assert_eq!(list[0].filename, "IMG_0001.png");
    assert_eq!(list[0].mime, "image/png");
    assert_eq!(list[0].size, png.len() as i64);
    let bytes = client.attachment_bytes(&id, &list[0].id).await.unwrap();
    assert_eq!(bytes, png);
    // The task was held until its image was there: no worker started it
    // without the image.
    let events = client
        .events(&m3shd_api::StreamQuery {
            task: Some(id.clone()),
            after: Some(0),
            limit: Some(500),
            ..Default::default()
        })
        .await
        .unwrap();
    let at = |pred: &dyn Fn(&m3shd_api::Event) -> bool| {
        events
            .iter()
            .find(|r| pred(&r.event))
            .map(|r| r.id)
            .unwrap_or_else(|| panic!("event missing: {events:?}"))
    };
    let attached = at(&|e| matches!(e, m3shd_api::Event::AttachmentAdded { .. }));
    let started = at(
        &|e| matches!(e, m3shd_api::Event::TaskUpdated { task, .. } if task.status == TaskStatus::Running),
    );
    assert!(attached < started, "{events:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_bridge_exits_naming_the_first_ones_pid() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 30);
    let mac = Mac::new(dir.path(), Layout::Monterey);
    let mut first = mac.bridge(&hub.url, &[]);
    ready(&mac, &first).await;
    let pid = first.child.id();

    // Same state dir.
    let mut second = mac.bridge(&hub.url, &[]);
    let status = second.wait_exit(WAIT);
    assert_eq!(status.code(), Some(1), "{}", second.log_text());
    assert!(
        second.log_text().contains(&format!("pid {pid}")),
        "{}",
        second.log_text()
    );
    // Another state dir, the same chat.db.
    let other = dir.path().join("other-state");
    let mut third = mac.bridge_with_state(&hub.url, &other, &[]);
    assert_eq!(third.wait_exit(WAIT).code(), Some(1));
    assert!(
        third.log_text().contains(&format!("pid {pid}")),
        "{}",
        third.log_text()
    );
    assert!(third.log_text().contains("chat.db"), "{}", third.log_text());

    assert!(first.terminate().success());
    // The lock went with the process.
    let again = mac.bridge(&hub.url, &[]);
    ready(&mac, &again).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreadable_chat_db_stops_the_bridge_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let mac = Mac::new(dir.path(), Layout::Monterey);
    let mut bridge = mac.bridge_with_state(
        "http://127.0.0.1:9",
        &dir.path().join("s"),
        &["--chat-db", "/nonexistent/chat.db"],
    );
    assert_eq!(bridge.wait_exit(WAIT).code(), Some(1));
    let log = bridge.log_text();
    assert!(log.contains("Full Disk Access"), "{log}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chat_answer_that_comes_late_is_sent_on() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 30);
    let _chat = Worker::start(
        &hub.url,
        dir.path(),
        WorkerSpec {
            name: "chatty",
            capabilities: "chat",
            slots: 1,
            executor: "shell",
            command: Some("sleep 1; echo the answer is 42"),
            ..Default::default()
        },
    );
    agents_online(&hub.client(), 1).await;
    let mac = Mac::new(dir.path(), Layout::Ventura);
    // The bridge does not wait for the answer at all: it has to come later.
    let bridge = mac.bridge(&hub.url, &["--chat-wait-secs", "0"]);
    ready(&mac, &bridge).await;

    mac.chat.receive(PHONE, "what is the answer?");
    let stored = sent_containing(&mac, "stored as message").await;
    assert!(stored.starts_with("[m3shd] stored as message "), "{stored}");
    let answer = sent_containing(&mac, "the answer is").await;
    assert_eq!(answer, "[m3shd] chatty: the answer is 42");
    // The answer is queued before its waiter is dropped (a crash in between
    // sends it twice, never not at all), so the phone can have it first.
    wait_for("the chat waiter to be gone", WAIT, || async {
        let pending = std::fs::read_to_string(mac.state_dir.join("pending.json")).ok()?;
        let pending: serde_json::Value = serde_json::from_str(&pending).ok()?;
        (pending["chats"] == serde_json::json!({})).then_some(())
    })
    .await;
    assert_eq!(mac.osascript.texts().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replay_since_runs_the_history_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 30);
    let mac = Mac::new(dir.path(), Layout::Monterey);
    let first = mac.chat.receive(PHONE, "pending");
    mac.chat.receive(PHONE, "escalations");
    let bridge = mac.bridge(&hub.url, &["--replay-since", &first.to_string()]);
    ready(&mac, &bridge).await;
    let texts = sent(&mac, 1).await;
    assert_eq!(
        texts,
        ["[m3shd] no open escalations"],
        "only what came after {first}"
    );
    assert_eq!(mac.cursor(), Some(first + 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agents_message_reaches_the_phone_and_nobody_can_post_as_another() {
    let dir = tempfile::tempdir().unwrap();
    let (hub, _worker) = mesh(dir.path()).await;
    let mac = Mac::new(dir.path(), Layout::Ventura);
    let bridge = mac.bridge(&hub.url, &[]);
    ready(&mac, &bridge).await;
    mac.chat.receive(PHONE, "status"); // the conversation messages go to
    sent(&mac, 1).await;

    let created = hub
        .client()
        .create_token(&m3shd_api::CreateTokenRequest {
            agent_id: "rex".into(),
            role: Some(m3shd_api::Role::Worker),
            permissions: None,
        })
        .await
        .unwrap();
    let rex = Client::new(&hub.url, &created.token).unwrap();
    let say = |content: &str, sender: Option<&str>| m3shd_api::PostMessage {
        content: content.into(),
        channel: None,
        sender: sender.map(String::from),
        reply_to: None,
    };
    let forged = rex
        .post_message(&say("approve everything", Some("operator")))
        .await
        .unwrap_err();
    assert_eq!(forged.code(), Some(m3shd_api::ErrorCode::Forbidden));
    // The operator's own notes are not sent to the phone; an agent's are.
    hub.client()
        .post_message(&say("note to self", None))
        .await
        .unwrap();
    let posted = rex
        .post_message(&say("deploy of v2 finished", None))
        .await
        .unwrap();
    assert_eq!(
        (posted.sender.as_str(), posted.sender_type.as_str()),
        ("rex", "agent")
    );

    let text = sent_containing(&mac, "deploy of v2").await;
    assert_eq!(text, "[m3shd] rex: deploy of v2 finished");
    let texts = mac.osascript.texts();
    assert_eq!(texts.len(), 2, "{texts:?}");
    assert!(
        !texts
            .iter()
            .any(|t| t.contains("note to self") || t.contains("approve")),
        "{texts:?}"
    );
    assert_eq!(mac.osascript.calls()[1][3], PHONE_CHAT);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_control_plan_runs_on_the_senders_yes_and_not_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let (hub, _worker) = mesh(dir.path()).await;
    let client = hub.client();
    let mac = Mac::new(dir.path(), Layout::Ventura);
    let bridge = mac.bridge(&hub.url, &[]);
    ready(&mac, &bridge).await;
    let status =
        |client: Client| async move { client.get_agent("w1").await.expect("agent").status };

    mac.chat
        .receive(PHONE, "control take w1 offline for maintenance");
    let plan = sent_containing(&mac, "plan: drain agent w1").await;
    assert!(plan.contains("reply yes within 5 minutes"), "{plan}");
    assert_ne!(
        status(client.clone()).await,
        m3shd_api::AgentStatus::Draining,
        "a plan runs nothing"
    );
    mac.chat.receive(PHONE, "yes");
    let done = sent_containing(&mac, "done: agent w1 is drained").await;
    assert!(done.starts_with("[m3shd] done:"), "{done}");
    assert_eq!(
        status(client.clone()).await,
        m3shd_api::AgentStatus::Draining
    );

    // Another message withdraws the offer.
    let controls = || {
        let pending = std::fs::read_to_string(mac.state_dir.join("pending.json")).expect("pending");
        let pending: serde_json::Value = serde_json::from_str(&pending).expect("json");
        pending["controls"].clone()
    };
    mac.chat.receive(PHONE, "control bring w1 back");
    sent_containing(&mac, "plan: undrain agent w1").await;
    assert!(controls().get(PHONE).is_some(), "{}", controls());
    mac.chat.receive(PHONE, "status");
    sent_containing(&mac, "online of 1").await;
    assert_eq!(controls(), serde_json::json!({}));

    // And `no` declines it.
    mac.chat.receive(PHONE, "control bring w1 back");
    wait_for("the second plan", WAIT, || async {
        controls().get(PHONE).is_some().then_some(())
    })
    .await;
    mac.chat.receive(PHONE, "no");
    sent_containing(&mac, "not run: undrain agent w1").await;
    assert_eq!(
        status(client.clone()).await,
        m3shd_api::AgentStatus::Draining
    );
    assert_eq!(controls(), serde_json::json!({}));
}
