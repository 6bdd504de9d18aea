//! Self-evolving agents through the real binaries: a builtin worker's
//! failure history, an evolve schedule's run that hands an evolution task
//! to a shell worker advertising `evolve` (it prints fixed AMENDMENT
//! lines), the operator's `m3shd evolve` decisions, and what the builtin
//! agent's prompts then start with, until the amendment is reverted.

use std::time::Duration;

use m3shd_api::{AmendmentList, CompleteTask, CreateTask, TaskStatus};
use m3shd_client::Client;

use crate::harness::*;
use crate::harness::{m3shd_cli as m3shd, m3shd_json as json_of};

/// What the evolve worker answers, whatever it is asked: two amendments
/// and a line the hub ignores.
const EVOLVER: &str = "cat >/dev/null; \
echo 'AMENDMENT: add | CONFIDENCE 0.8 | Cite a source for every claim | 2 of 7 tasks failed'; \
echo 'AMENDMENT: restrict | CONFIDENCE 0.5 | Do not guess | one task timed out'; \
echo 'That is all.'";

fn run(hub: &Hub, args: &[&str]) -> String {
    let out = m3shd(hub, args);
    assert!(out.status.success(), "m3shd {args:?}: {out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

async fn finished(client: &Client, prompt: &str) -> TaskStatus {
    let t = submit(client, prompt).await;
    wait_for(
        &format!("{prompt} finished"),
        Duration::from_secs(30),
        || async {
            let t = client.get_task(&t.id).await.ok()?;
            t.status.is_final().then_some(t.status)
        },
    )
    .await
}

/// The prompt `rex` is handed for `prompt` (claimed here, as rex, and
/// completed).
async fn handed_to_rex(client: &Client, prompt: &str) -> String {
    let t = client
        .create_task(
            &CreateTask {
                prompt: prompt.into(),
                assign_to: Some("rex".into()),
                ..CreateTask::default()
            },
            None,
        )
        .await
        .unwrap();
    let rex = client.clone().with_agent("rex");
    let claimed = wait_for(
        "rex is handed the task",
        Duration::from_secs(30),
        || async {
            rex.claim("rex", 1_000, None)
                .await
                .ok()?
                .into_iter()
                .find(|c| c.task.id == t.id)
        },
    )
    .await;
    rex.complete(
        &t.id,
        &CompleteTask {
            fence: claimed.lease.fence,
            output: "ok".into(),
            confidence: None,
            usage: None,
        },
    )
    .await
    .unwrap();
    claimed.task.prompt
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_applied_amendment_leads_the_agents_prompts_until_reverted() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 10);
    let client = hub.client();
    let mut rex = Worker::start(&hub.url, dir.path(), WorkerSpec::named("rex", 1));
    let _sage = Worker::start(
        &hub.url,
        dir.path(),
        WorkerSpec {
            name: "sage",
            capabilities: "evolve",
            slots: 1,
            executor: "shell",
            command: Some(EVOLVER),
            ..Default::default()
        },
    );
    agents_online(&client, 2).await;

    // A week of work, two failures among it (never three in a row).
    for prompt in [
        "echo one",
        "fail no sources cited",
        "echo two",
        "echo three",
        "fail timed out",
        "echo four",
        "echo five",
    ] {
        let want = if prompt.starts_with("fail") {
            TaskStatus::Failed
        } else {
            TaskStatus::Done
        };
        assert_eq!(finished(&client, prompt).await, want, "{prompt}");
    }
    let stats = json_of(&hub, &["evolve", "stats", "rex", "--json"]);
    assert_eq!(
        (stats["succeeded"].clone(), stats["failed"].clone()),
        (5.into(), 2.into())
    );

    // An evolve schedule that is never due during the test, run now.
    run(
        &hub,
        &[
            "schedule",
            "add",
            "evo",
            "--cron",
            "0 0 1 1 *",
            "--action",
            "evolve",
        ],
    );
    let fired = json_of(&hub, &["schedule", "run-now", "evo", "--json"]);
    let proposed = fired["evolution"]["proposed"].as_array().unwrap().clone();
    assert_eq!(proposed.len(), 1, "{fired}");
    assert_eq!(proposed[0]["agent_id"], "rex");
    let evolution_task = proposed[0]["task_id"].as_str().unwrap();
    let done = task_reaches(
        &client,
        evolution_task,
        TaskStatus::Done,
        Duration::from_secs(30),
    )
    .await;
    assert_eq!(done.assigned_to.as_deref(), Some("sage"));
    assert!(done.prompt.contains("agent `rex`"), "{}", done.prompt);

    let list: AmendmentList = serde_json::from_value(json_of(
        &hub,
        &["evolve", "list", "--agent", "rex", "--json"],
    ))
    .unwrap();
    assert_eq!(list.amendments.len(), 2, "{list:?}");
    let id_of = |text: &str| {
        list.amendments
            .iter()
            .find(|a| a.text == text)
            .map(|a| a.id.clone())
            .unwrap_or_else(|| panic!("no `{text}` in {list:?}"))
    };
    let add = id_of("Cite a source for every claim");
    let restrict = id_of("Do not guess");
    // The grammar line, as the TUI and iMessage send it.
    let pending = run(&hub, &["text", "evolve"]);
    assert!(pending.starts_with("2 proposed amendments"), "{pending}");

    assert!(run(&hub, &["evolve", "apply", &add]).contains("applied"));
    run(
        &hub,
        &["evolve", "reject", &restrict, "--reason", "too vague"],
    );
    let shown = json_of(&hub, &["evolve", "show", &restrict, "--json"]);
    assert_eq!(shown["status"], "rejected");
    assert_eq!(shown["reason"], "too vague");

    // The builtin worker reads its job past the guidelines.
    let t = submit(&client, "echo after").await;
    let done = task_reaches(&client, &t.id, TaskStatus::Done, Duration::from_secs(30)).await;
    assert_eq!(done.output.as_deref(), Some("after"));

    // What rex is handed, seen from its side: the guidelines lead.
    rex.terminate(Duration::from_secs(10));
    let prompt = handed_to_rex(&client, "echo inspect").await;
    assert_eq!(
        prompt,
        "EVOLUTION GUIDELINES:\n- Cite a source for every claim\n\
         --- end of evolution guidelines ---\n\necho inspect"
    );

    assert!(run(&hub, &["evolve", "revert", &add]).contains("reverted"));
    assert_eq!(handed_to_rex(&client, "echo again").await, "echo again");
    let shown = json_of(&hub, &["evolve", "show", &add, "--json"]);
    assert_eq!(shown["status"], "reverted");
    assert_eq!(shown["active"], false);

    // Deciding twice is refused with the conflict exit code.
    let out = m3shd(&hub, &["evolve", "apply", &restrict]);
    assert!(!out.status.success(), "{out:?}");
}
