//! What reaches a model worker, and what it may spend, through the real
//! `m3shd-hubd`, `m3shd-workerd --executor anthropic` (against the fake
//! Anthropic API) and `m3shd`: an image given with `m3shd do --attach`
//! arrives byte for byte with the shared context in front of the prompt;
//! budgets are set and removed from the CLI and the grammar; a task whose
//! spend limit cannot pay for its prompt fails without a call.

use std::time::Duration;

use base64::Engine;
use m3shd_api::{CreateTask, TaskStatus};

use crate::harness::*;
use m3shd_test_support::fake_model::{FakeModel, Reply, anthropic_stream};

const WAIT: Duration = Duration::from_secs(30);

use crate::harness::{m3shd_cli as m3shd, m3shd_json as json_of};

/// A hub and one anthropic worker talking to a fake that answers `replies`.
async fn model_mesh(dir: &std::path::Path, replies: Vec<Reply>) -> (Hub, Worker, FakeModel) {
    let hub = Hub::start(&dir.join("hub"), 30);
    let fake = FakeModel::start(replies).await;
    let worker = Worker::start(
        &hub.url,
        dir,
        WorkerSpec {
            executor: "anthropic",
            env: &[
                ("ANTHROPIC_BASE_URL", &fake.url),
                ("ANTHROPIC_API_KEY", "sk-ant-e2e-test"),
            ],
            ..WorkerSpec::named("eye", 1)
        },
    );
    agents_online(&hub.client(), 1).await;
    (hub, worker, fake)
}

fn png() -> Vec<u8> {
    let mut v = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x04\0\0\0\x04\x08\x02\0\0\0".to_vec();
    v.extend((0..2000u32).map(|i| (i * 13 % 251) as u8));
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_attached_image_and_the_shared_context_reach_the_model() {
    let dir = tempfile::tempdir().unwrap();
    let (hub, _worker, fake) = model_mesh(
        dir.path(),
        vec![Reply::sse(anthropic_stream(
            "claude-sonnet-4-5",
            &["a red square"],
            1700,
            5,
        ))],
    )
    .await;
    json_of(&hub, &["context", "project=m3shd", "--json"]);
    json_of(&hub, &["text", "@context style = one line", "--json"]);
    let img = dir.path().join("square.png");
    std::fs::write(&img, png()).unwrap();
    let not_image = dir.path().join("notes.txt");
    std::fs::write(&not_image, "just text").unwrap();

    // A file that is not an image is refused before anything is created.
    let out = m3shd(
        &hub,
        &[
            "do",
            "what is this?",
            "--attach",
            not_image.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("not a JPEG"),
        "{out:?}"
    );
    assert!(
        hub.client()
            .list_tasks(&Default::default())
            .await
            .unwrap()
            .is_empty()
    );

    let done = json_of(
        &hub,
        &[
            "do",
            "What is in the picture?",
            "--attach",
            img.to_str().unwrap(),
            "--wait",
            "--json",
        ],
    );
    assert_eq!(done["status"], "done", "{done}");
    assert_eq!(done["output"], "a red square");

    let seen = fake.requests();
    assert_eq!(seen.len(), 1, "{seen:?}");
    let blocks = seen[0].body["messages"][0]["content"]
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("image and text blocks: {}", seen[0].body));
    assert_eq!(blocks[0]["source"]["media_type"], "image/png");
    let data = base64::engine::general_purpose::STANDARD
        .decode(blocks[0]["source"]["data"].as_str().unwrap())
        .unwrap();
    assert_eq!(data, png(), "the image arrives byte for byte");
    assert_eq!(
        blocks[1]["text"],
        "--- shared context ---\nstyle: one line\nproject: m3shd\n\
         --- end of shared context ---\n\nWhat is in the picture?\n\nEnd your reply with one \
         final line `CONFIDENCE: x`, where x between 0 and 1 is how sure you are that the \
         answer is correct and complete.",
        "the context, newest first, in front of the prompt (and the confidence question after it)"
    );
    let id = done["id"].as_str().unwrap();
    assert_eq!(done["prompt"], "What is in the picture?", "stored as given");

    let out = m3shd(&hub, &["task", "show", id]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    assert!(
        text.contains("attachments:\n  square.png  image/png  2.0 KB  "),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn budgets_are_set_shown_and_removed_from_the_cli_and_the_grammar() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 30);
    let b = json_of(&hub, &["budget", "set", "mesh-usd", "5", "--json"]);
    assert_eq!(b["mesh_daily_usd"], 5.0);
    let b = json_of(
        &hub,
        &["text", "budget set agent-tokens:rex 20000", "--json"],
    );
    assert_eq!(b["agent_overrides"]["rex"], 20000);
    let out = m3shd(&hub, &["budget", "show"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("mesh-usd: $5.00/day") && text.contains("agent-tokens:rex: 20000/day"),
        "{text}"
    );
    assert_eq!(
        json_of(&hub, &["text", "budget", "--json"]),
        json_of(&hub, &["budget", "show", "--json"])
    );

    let b = json_of(&hub, &["budget", "unset", "mesh-usd", "--json"]);
    assert!(b.get("mesh_daily_usd").is_none(), "{b}");
    let b = json_of(&hub, &["text", "budget unset agent-tokens:rex", "--json"]);
    assert!(b.get("agent_overrides").is_none(), "{b}");
    let costs = hub.client().costs(None).await.unwrap();
    assert_eq!(costs.mesh_usd_cap, None);

    for bad in [
        &["budget", "set", "mesh", "5"][..],
        &["budget", "set", "mesh-usd", "lots"],
        &["text", "budget set mesh-usd"],
    ] {
        assert_eq!(m3shd(&hub, bad).status.code(), Some(2), "{bad:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_task_its_limit_cannot_pay_for_fails_without_a_model_call() {
    let dir = tempfile::tempdir().unwrap();
    let (hub, _worker, fake) = model_mesh(
        dir.path(),
        vec![Reply::sse(anthropic_stream(
            "claude-sonnet-4-5",
            &["short"],
            30,
            2,
        ))],
    )
    .await;
    let client = hub.client();
    let task = |prompt: String, max: f64| CreateTask {
        prompt,
        model: Some("claude-sonnet-4-5".into()),
        max_cost_usd: Some(max),
        ..Default::default()
    };
    let t = client
        .create_task(
            &task("Summarise the release notes. ".repeat(7), 0.0001),
            None,
        )
        .await
        .unwrap();
    let failed = task_reaches(&client, &t.id, TaskStatus::Failed, WAIT).await;
    let error = failed.error.unwrap_or_default();
    assert!(error.starts_with("budget_exceeded: "), "{error}");
    assert_eq!(failed.attempts, 1, "not retried");
    assert!(fake.requests().is_empty(), "the model was never called");

    // Within its limit a task runs, its output bounded by what is left.
    let t = client
        .create_task(&task("Say hello".into(), 0.001), None)
        .await
        .unwrap();
    task_reaches(&client, &t.id, TaskStatus::Done, WAIT).await;
    let seen = fake.requests();
    assert_eq!(seen.len(), 1);
    // The prompt (with the confidence question) leaves 48 tokens of the limit.
    assert_eq!(seen[0].body["max_tokens"], 48);
}
