//! The operator side of task graphs and the control loop, through the real
//! binaries: `m3shd pipeline`, `template`, `approve`/`reject`, and every
//! grammar line through `m3shd text "…"` against its subcommand.

use std::process::Output;
use std::time::Duration;

use m3shd_api::{CreateApproval, ErrorCode, Pipeline, PipelineStatus, Task, TaskStatus};
use serde_json::Value;

use crate::harness::*;
use crate::harness::{m3shd_cli as m3shd, m3shd_json as json_of};

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn write(dir: &std::path::Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

fn step<'a>(p: &'a Pipeline, name: &str) -> &'a Task {
    &p.tasks
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no step {name}"))
        .task
}

async fn mesh(dir: &std::path::Path, caps: &str) -> (Hub, Worker) {
    let hub = Hub::start(&dir.join("hub"), 10);
    let w = Worker::start(
        &hub.url,
        dir,
        WorkerSpec {
            name: "op",
            capabilities: caps,
            slots: 4,
            ..Default::default()
        },
    );
    agents_online(&hub.client(), 1).await;
    (hub, w)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pipelines_pass_outputs_down_and_fan_in() {
    let dir = tempfile::tempdir().unwrap();
    let (hub, _w) = mesh(dir.path(), "general").await;
    let file = write(
        dir.path(),
        "p.toml",
        r#"
name = "chain and fan-in"

[[steps]]
name = "first"
prompt = "echo alpha-output-1"

[[steps]]
name = "second"
prompt = "echo second step"

[[steps]]
name = "third"
prompt = "echo third step"

[[steps]]
name = "side"
prompt = "echo side-output-2"
depends_on = []

[[steps]]
name = "join"
prompt = "echo joined"
depends_on = ["first", "side"]
"#,
    );
    let v = json_of(&hub, &["pipeline", "run", &file, "--wait", "--json"]);
    let p: Pipeline = serde_json::from_value(v).unwrap();
    assert_eq!(p.status, PipelineStatus::Done, "{p:#?}");
    let (first, second, third) = (step(&p, "first"), step(&p, "second"), step(&p, "third"));
    assert!(first.output.as_deref().unwrap().contains("alpha-output-1"));
    // Each stored prompt carries its parent's output.
    assert!(
        second.prompt.contains("alpha-output-1"),
        "{}",
        second.prompt
    );
    let second_out = second.output.as_deref().unwrap();
    assert!(third.prompt.contains(second_out), "{}", third.prompt);
    assert!(!first.prompt.contains("side-output-2"));
    // The fan-in step carries both parents' outputs.
    let join = step(&p, "join");
    assert!(join.prompt.contains("alpha-output-1"), "{}", join.prompt);
    assert!(join.prompt.contains("side-output-2"), "{}", join.prompt);

    // `pipeline show` draws the graph, parents first, at 80 columns.
    let out = m3shd(&hub, &["pipeline", "show", &p.id]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let pos = |s: &str| text.find(s).unwrap_or_else(|| panic!("{s} in {text}"));
    assert!(pos("first") < pos("second") && pos("second") < pos("third"));
    assert!(text.contains("← first, side"), "{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
    let shown: Pipeline =
        serde_json::from_value(json_of(&hub, &["pipeline", "show", &p.id, "--json"])).unwrap();
    assert_eq!(shown.id, p.id);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cycle_is_refused_with_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 10);
    let client = hub.client();
    let file = write(
        dir.path(),
        "cycle.json",
        r#"{"name": "loop", "steps": [
            {"name": "a", "prompt": "echo a", "depends_on": ["c"]},
            {"name": "b", "prompt": "echo b", "depends_on": ["a"]},
            {"name": "c", "prompt": "echo c", "depends_on": ["b"]}]}"#,
    );
    let out = m3shd(&hub, &["pipeline", "run", &file]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("dependency_cycle"),
        "{}",
        stderr(&out)
    );
    assert!(client.list_pipelines().await.unwrap().pipelines.is_empty());
    assert!(
        client
            .list_tasks(&Default::default())
            .await
            .unwrap()
            .is_empty()
    );

    // Through PUT dependencies: refused, the parents unchanged.
    let t1 = client
        .create_task(
            &m3shd_api::CreateTask {
                prompt: "echo 1".into(),
                ..Default::default()
            },
            None,
        )
        .await
        .unwrap();
    let t2 = client
        .create_task(
            &m3shd_api::CreateTask {
                prompt: "echo 2".into(),
                depends_on: Some(vec![t1.id.clone()]),
                ..Default::default()
            },
            None,
        )
        .await
        .unwrap();
    let err = client
        .set_dependencies(&t1.id, vec![t2.id.clone()])
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::DependencyCycle), "{err}");
    assert!(client.get_task(&t1.id).await.unwrap().depends_on.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_parent_cancels_its_subtree() {
    let dir = tempfile::tempdir().unwrap();
    let (hub, _w) = mesh(dir.path(), "general").await;
    let file = write(
        dir.path(),
        "fails.toml",
        r#"
name = "doomed"
[[steps]]
name = "root"
prompt = "fail on purpose"
[[steps]]
name = "child"
prompt = "echo never"
[[steps]]
name = "grandchild"
prompt = "echo never either"
"#,
    );
    let out = m3shd(&hub, &["pipeline", "run", &file, "--wait", "--json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a failed pipeline exits 1: {out:?}"
    );
    let p: Pipeline = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(p.status, PipelineStatus::Failed);
    assert_eq!(step(&p, "root").status, TaskStatus::Failed);
    for name in ["child", "grandchild"] {
        let t = step(&p, name);
        assert_eq!(t.status, TaskStatus::Cancelled, "{name}: {t:#?}");
        assert!(t.error.is_some(), "{name} says why it was cancelled");
        assert!(t.output.is_none(), "{name} never ran");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn templates_dispatch_and_name_a_missing_variable() {
    let dir = tempfile::tempdir().unwrap();
    let (hub, _w) = mesh(dir.path(), "general").await;
    let out = m3shd(
        &hub,
        &[
            "template",
            "add",
            "greet",
            "--prompt",
            "echo hello {name} from {place}",
            "-c",
            "general",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    let list = json_of(&hub, &["template", "list", "--json"]);
    let names: Vec<&str> = list["templates"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    assert!(
        names.contains(&"greet") && names.contains(&"research"),
        "{names:?}"
    );

    let v = json_of(
        &hub,
        &[
            "template",
            "run",
            "greet",
            "name=ann",
            "place=the mesh",
            "--wait",
            "--json",
        ],
    );
    assert_eq!(v["status"], "done");
    assert_eq!(v["output"], "hello ann from the mesh");

    let out = m3shd(&hub, &["template", "run", "greet", "name=ann"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "a missing variable is a usage error: {out:?}"
    );
    assert!(
        stderr(&out).contains("place"),
        "names the variable: {}",
        stderr(&out)
    );

    assert!(m3shd(&hub, &["template", "rm", "greet"]).status.success());
    assert_eq!(
        m3shd(&hub, &["template", "show", "greet"]).status.code(),
        Some(4)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approve_and_reject_decide_the_most_recent_request() {
    let dir = tempfile::tempdir().unwrap();
    let (hub, _w) = mesh(dir.path(), "general").await;
    let client = hub.client();
    let ask = |action: &str| CreateApproval {
        agent: "rex".into(),
        action: action.into(),
        description: String::new(),
        timeout_seconds: None,
    };
    let older = client
        .create_approval(&ask("deploy staging"))
        .await
        .unwrap();
    let newer = client.create_approval(&ask("deploy prod")).await.unwrap();

    let v = json_of(&hub, &["pending", "--json"]);
    assert_eq!(v["approvals"].as_array().unwrap().len(), 2);

    let v = json_of(&hub, &["approve", "--json"]);
    assert_eq!(v["id"], newer.id.as_str(), "approve takes the most recent");
    assert_eq!(v["status"], "approved");
    let v = json_of(&hub, &["text", "reject", "--json"]);
    assert_eq!(v["id"], older.id.as_str(), "then reject takes the next one");
    assert_eq!(v["status"], "rejected");

    let out = m3shd(&hub, &["approve"]);
    assert_eq!(out.status.code(), Some(4), "nothing pending: not found");
    let out = m3shd(&hub, &["text", "approve"]);
    assert_eq!(out.status.code(), Some(4));

    // By id, and a task gated on approval runs once approved.
    let third = client.create_approval(&ask("restart")).await.unwrap();
    let v = json_of(&hub, &["text", &format!("REJECT {}", third.id), "--json"]);
    assert_eq!(v["status"], "rejected");
    let gated = client
        .create_task(
            &m3shd_api::CreateTask {
                prompt: "echo approved work".into(),
                requires_approval: Some(true),
                ..Default::default()
            },
            None,
        )
        .await
        .unwrap();
    assert_ne!(
        client.get_task(&gated.id).await.unwrap().status,
        TaskStatus::Done
    );
    let v = json_of(&hub, &["approve", "--json"]);
    assert_eq!(v["task_id"], gated.id.as_str());
    let t = task_reaches(
        &client,
        &gated.id,
        TaskStatus::Done,
        Duration::from_secs(30),
    )
    .await;
    assert_eq!(t.output.as_deref(), Some("approved work"));
}

/// Drop the fields that differ between two runs of a creating command.
fn strip(mut v: Value, keys: &[&str]) -> Value {
    if let Value::Object(m) = &mut v {
        for k in keys {
            m.remove(*k);
        }
    }
    v
}

const VOLATILE: &[&str] = &[
    "id",
    "created_at",
    "updated_at",
    "started_at",
    "finished_at",
    "status",
    "assigned_to",
    "output",
    "attempts",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_grammar_line_matches_its_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let (hub, _w) = mesh(dir.path(), "general,plan,chat").await;
    let client = hub.client();

    // Reads: identical JSON.
    let same = |line: &str, args: &[&str]| {
        let a = json_of(&hub, &["text", line, "--json"]);
        let b = json_of(&hub, args);
        (a, b)
    };
    for (line, args) in [
        ("pending", &["pending", "--json"][..]),
        ("costs", &["costs", "--json"]),
        ("@costs", &["costs", "--json"]),
        ("escalations", &["escalations", "--json"]),
        ("@context", &["context", "--json"]),
        ("summary", &["summary", "--json"]),
        ("tasks", &["tasks", "-n", "10", "--json"]),
    ] {
        let (a, b) = same(line, args);
        assert_eq!(a, b, "`{line}` vs {args:?}");
    }
    // status: the same summary (the event id may move in between).
    let (a, b) = same("  STATUS ", &["status", "--json"]);
    assert_eq!(strip(a, &["last_event_id"]), strip(b, &["last_event_id"]));

    // Context set: the same entry.
    let (a, b) = same(
        "@context repo = m3shd",
        &["context", "repo=m3shd", "--json"],
    );
    assert_eq!(strip(a, &["updated_at"]), strip(b, &["updated_at"]));
    assert_eq!(client.context().await.unwrap()[0].value, "m3shd");

    // Work: the same task but for its id and timings.
    let (a, b) = same("do echo via grammar", &["do", "echo via grammar", "--json"]);
    assert_eq!(strip(a, VOLATILE), strip(b, VOLATILE));
    let (a, b) = same("@OP echo for op", &["ask", "op", "echo for op", "--json"]);
    assert_eq!(a["assign_to"], "op");
    assert_eq!(strip(a.clone(), VOLATILE), strip(b.clone(), VOLATILE));
    for id in [&a["id"], &b["id"]] {
        let t = task_reaches(
            &client,
            id.as_str().unwrap(),
            TaskStatus::Done,
            Duration::from_secs(30),
        )
        .await;
        assert_eq!(t.output.as_deref(), Some("for op"));
    }

    // Approvals: the same decision on the same kind of request.
    let ask = CreateApproval {
        agent: "op".into(),
        action: "ship".into(),
        description: String::new(),
        timeout_seconds: None,
    };
    client.create_approval(&ask).await.unwrap();
    let a = json_of(&hub, &["text", "approve", "--json"]);
    client.create_approval(&ask).await.unwrap();
    let b = json_of(&hub, &["approve", "--json"]);
    assert_eq!(
        strip(a, &["id", "created_at", "decided_at", "expires_at"]),
        strip(b, &["id", "created_at", "decided_at", "expires_at"])
    );

    // auto: the builtin planner splits the goal the same way both times and
    // the subtasks run.
    let goal = "collect the logs, find the error and then write a fix";
    let a = json_of(&hub, &["text", &format!("auto {goal}"), "--json"]);
    let b = json_of(&hub, &["auto", goal, "--json"]);
    let prompts = |v: &Value| -> Vec<String> {
        v["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["prompt"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        prompts(&a),
        ["collect the logs", "find the error", "write a fix"]
    );
    assert_eq!(prompts(&a), prompts(&b));
    assert_eq!(a["plan"]["required_capability"], "plan");
    for t in a["tasks"].as_array().unwrap() {
        task_reaches(
            &client,
            t["id"].as_str().unwrap(),
            TaskStatus::Done,
            Duration::from_secs(30),
        )
        .await;
    }

    // chat: stored and answered by the chat agent, both ways.
    let a = json_of(&hub, &["text", "hello mesh, how are you?", "--json"]);
    let b = json_of(&hub, &["chat", "hello mesh, how are you?", "--json"]);
    assert_eq!(a["message"]["content"], b["message"]["content"]);
    assert!(a["reply"]["reply_to"] == a["message"]["id"], "{a}");
    assert!(b["reply"]["reply_to"] == b["message"]["id"], "{b}");

    // Misuse: the same usage error, nothing created.
    let before = client.list_tasks(&Default::default()).await.unwrap().len();
    for line in ["do", "  auto ", "", "@op", "approve a b"] {
        let out = m3shd(&hub, &["text", line]);
        assert_eq!(out.status.code(), Some(2), "`{line}`: {out:?}");
    }
    assert_eq!(m3shd(&hub, &["do"]).status.code(), Some(2));
    assert_eq!(
        client.list_tasks(&Default::default()).await.unwrap().len(),
        before
    );

    // Human text of `text status` carries what `m3shd status` shows.
    let out = m3shd(&hub, &["text", "status"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("1 online of 1") && text.contains("done "),
        "{text}"
    );
}
