//! Grammar lines from the CLI as an operator (or a phone) sends them:
//! `retry`, unknown agents, and arguments that could never be sent.

use std::process::Output;
use std::time::Duration;

use m3shd_api::TaskStatus;

use crate::harness::*;

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_task_is_retried_by_subcommand_and_by_grammar_line() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 10);
    let client = hub.client();
    // No worker yet: the tasks wait in the queue.
    let a = submit(&client, "echo first").await;
    let b = submit(&client, "echo second").await;
    for t in [&a, &b] {
        client.cancel_task(&t.id).await.unwrap();
    }

    let out = m3shd_at(&hub.url, &["task", "retry", &a.id, "--json"]);
    assert!(out.status.success(), "{out:?}");
    let t: m3shd_api::Task = serde_json::from_slice(&out.stdout).expect("the task");
    assert_eq!((t.status, t.attempts), (TaskStatus::Queued, 0));
    // The same through the grammar, as the bridge and the TUI's `:` send it;
    // ids are not case-sensitive.
    let line = format!("retry {}", b.id.to_uppercase());
    let out = m3shd_at(&hub.url, &["text", &line]);
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&b.id) && text.contains("queued again"),
        "{text}"
    );

    // A task that is not failed or cancelled: refused, exit 1, nothing changes.
    let out = m3shd_at(&hub.url, &["task", "retry", &a.id]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        stderr(&out).contains("only a failed or cancelled task"),
        "{}",
        stderr(&out)
    );

    let _w = Worker::start(&hub.url, dir.path(), WorkerSpec::named("w", 2));
    for t in [&a, &b] {
        let done = task_reaches(&client, &t.id, TaskStatus::Done, Duration::from_secs(30)).await;
        assert_eq!(done.attempts, 1);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_agent_is_refused_with_the_known_ones_listed() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 10);
    let client = hub.client();
    let _w = Worker::start(&hub.url, dir.path(), WorkerSpec::named("rex", 1));
    agents_online(&client, 1).await;

    for args in [&["text", "@nobody hi"][..], &["ask", "nobody", "hi"]] {
        let out = m3shd_at(&hub.url, args);
        assert_eq!(out.status.code(), Some(4), "{args:?}: {out:?}");
        let err = stderr(&out);
        assert!(err.contains("`nobody`") && err.contains("rex"), "{err}");
        assert!(err.contains("--allow-unknown-agent"), "{err}");
    }
    let tasks = client.list_tasks(&Default::default()).await.unwrap();
    assert_eq!(tasks.len(), 0, "nothing was queued");

    // Asked for, it is queued for the agent that may register later.
    let out = m3shd_at(
        &hub.url,
        &["text", "@nobody hi", "--allow-unknown-agent", "--json"],
    );
    assert!(out.status.success(), "{out:?}");
    let t: m3shd_api::Task = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(t.assign_to.as_deref(), Some("nobody"));
    assert_eq!(t.status, TaskStatus::Queued);

    // A known agent needs no flag.
    let out = m3shd_at(&hub.url, &["text", "@REX echo hi"]);
    assert!(out.status.success(), "{out:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_or_malformed_arguments_are_refused_before_any_request() {
    // Nothing listens here: any request would fail with "cannot reach".
    let nowhere = "http://127.0.0.1:9";
    let long = "a".repeat(100_000);
    let lines = [
        format!("approve {long}"),
        format!("reject {long}"),
        format!("retry {long}"),
        "retry ../../api/tokens".to_string(),
        format!("@context {long}=1"),
        format!("@rex {long}"),
        format!("do {long}"),
        format!("auto {long}"),
        // Chat: over 50 KiB (one argv string holds at most 128 KiB).
        "word ".repeat(12_000),
    ];
    for line in &lines {
        let out = m3shd_at(nowhere, &["text", line]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "`{}…`: {err}", &line[..12]);
        assert!(
            !err.contains("builder error") && !err.contains("reach"),
            "{err}"
        );
        assert!(err.len() < 400, "the message is short: {err}");
    }
    for args in [
        &["approve", long.as_str()][..],
        &["task", "retry", long.as_str()],
        &["ask", "rex", long.as_str()],
    ] {
        let out = m3shd_at(nowhere, args);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    }
}
