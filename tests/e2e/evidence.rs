//! Evidence through the real binaries: `m3shd verify` on a pipeline's
//! signed results (sound, tampered, under the wrong key) and `m3shd audit`
//! with its retention sweep.

use std::process::{Command, Output};
use std::time::Duration;

use m3shd_api::{
    AuditCountList, AuditList, Pipeline, PipelineStatus, ProvenanceReport, is_worker_protocol,
};

use crate::harness::*;

const KEY: &str = "1111111111111111111111111111111111111111111111111111111111111111";
const OTHER_KEY: &str = "2222222222222222222222222222222222222222222222222222222222222222";

fn m3shd_as(hub: &Hub, token: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_m3shd"))
        .args(args)
        .env("M3SHD_HUB", &hub.url)
        .env("M3SHD_TOKEN", token)
        .env("M3SHD_CONFIG", hub.data_dir.join("no-such-config.toml"))
        .output()
        .expect("run m3shd")
}

fn m3shd(hub: &Hub, args: &[&str]) -> Output {
    m3shd_as(hub, TOKEN, args)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn verify(hub: &Hub, task: &str) -> (Option<i32>, String, ProvenanceReport) {
    let human = m3shd(hub, &["verify", task]);
    let json = m3shd(hub, &["verify", task, "--json"]);
    assert_eq!(human.status.code(), json.status.code(), "{json:?}");
    let report: ProvenanceReport = serde_json::from_slice(&json.stdout)
        .unwrap_or_else(|e| panic!("verify --json printed no report ({e}): {json:?}"));
    (human.status.code(), stdout(&human), report)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verify_passes_a_sound_chain_and_names_a_tampered_or_rekeyed_link() {
    let dir = tempfile::tempdir().unwrap();
    let mut hub = Hub::start_full(
        &dir.path().join("hub"),
        "127.0.0.1:0",
        10,
        &[],
        &[("M3SHD_PROVENANCE_KEY", KEY)],
    );
    let _w = Worker::start(&hub.url, dir.path(), WorkerSpec::named("prover", 2));
    agents_online(&hub.client(), 1).await;
    let file = dir.path().join("p.toml");
    std::fs::write(
        &file,
        "name = \"three\"\n\
         [[steps]]\nname = \"one\"\nprompt = \"echo first result\"\n\
         [[steps]]\nname = \"two\"\nprompt = \"echo second result\"\n\
         [[steps]]\nname = \"three\"\nprompt = \"echo third result\"\n",
    )
    .unwrap();
    let out = m3shd(
        &hub,
        &[
            "pipeline",
            "run",
            file.to_str().unwrap(),
            "--wait",
            "--json",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    let p: Pipeline = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(p.status, PipelineStatus::Done);
    let id = |name: &str| {
        p.tasks
            .iter()
            .find(|t| t.name == name)
            .map(|t| t.id.clone())
            .unwrap()
    };
    let (one, two, three) = (id("one"), id("two"), id("three"));

    let (code, text, rep) = verify(&hub, &three);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("verified: 3 link(s)"), "{text}");
    assert!(rep.verified);
    let chain: Vec<&str> = rep.chain.iter().map(|l| l.task_id.as_str()).collect();
    assert_eq!(chain, [one.as_str(), two.as_str(), three.as_str()]);
    assert!(rep.chain.iter().all(|l| l.agent_id == "prover"));

    // Change the middle step's stored output behind the hub's back.
    let db = rusqlite::Connection::open(hub.db_path()).unwrap();
    let original: String = db
        .query_row("SELECT output FROM tasks WHERE id = ?1", [&two], |r| {
            r.get(0)
        })
        .unwrap();
    db.execute(
        "UPDATE tasks SET output = 'something else' WHERE id = ?1",
        [&two],
    )
    .unwrap();
    let (code, text, rep) = verify(&hub, &three);
    assert_eq!(code, Some(1), "a broken chain exits 1: {text}");
    assert!(
        text.contains(&format!("breaks at task {two}")),
        "names the link: {text}"
    );
    assert!(text.contains("no longer matches"), "and why: {text}");
    assert_eq!(rep.first_bad.as_deref(), Some(two.as_str()));
    assert!(!rep.verified);

    // Put it back: the chain is sound again.
    db.execute(
        "UPDATE tasks SET output = ?2 WHERE id = ?1",
        [&two, &original],
    )
    .unwrap();
    assert_eq!(verify(&hub, &three).0, Some(0));
    drop(db);

    // The same records under another key do not verify, from the first link.
    hub.restart_with_env(&[("M3SHD_PROVENANCE_KEY", OTHER_KEY)]);
    let (code, text, rep) = verify(&hub, &three);
    assert_eq!(code, Some(1), "{text}");
    assert_eq!(rep.first_bad.as_deref(), Some(one.as_str()));
    assert!(
        rep.reason.unwrap_or_default().contains("provenance key"),
        "{text}"
    );
    hub.restart_with_env(&[("M3SHD_PROVENANCE_KEY", KEY)]);
    assert_eq!(verify(&hub, &three).0, Some(0), "the right key again");

    let out = m3shd(&hub, &["verify", "ffffffffffffffff"]);
    assert_eq!(out.status.code(), Some(4), "an unknown task exits 4");
}

fn audit_json(hub: &Hub, args: &[&str]) -> AuditList {
    let mut all = vec!["audit", "--json"];
    all.extend_from_slice(args);
    let out = m3shd(hub, &all);
    assert!(out.status.success(), "{out:?}");
    serde_json::from_slice(&out.stdout).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_shows_who_did_what_to_admins_only_and_forgets_old_rows() {
    let dir = tempfile::tempdir().unwrap();
    let mut hub = Hub::start_with(
        &dir.path().join("hub"),
        "127.0.0.1:0",
        10,
        &["--audit-retention-days", "30"],
    );
    let out = m3shd(&hub, &["do", "echo audited", "--json"]);
    assert!(out.status.success(), "{out:?}");
    let task: m3shd_api::Task = serde_json::from_slice(&out.stdout).unwrap();
    let out = m3shd(&hub, &["task", "cancel", &task.id]);
    assert!(out.status.success(), "{out:?}");
    let out = m3shd(
        &hub,
        &[
            "token",
            "create",
            "--agent",
            "boss",
            "--role",
            "commander",
            "--json",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    let created: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let commander = created["token"].as_str().unwrap().to_string();

    let rows = wait_for("three audit rows", Duration::from_secs(10), || async {
        let list = audit_json(&hub, &["--actor", "operator"]);
        (list.entries.len() >= 3).then_some(list.entries)
    })
    .await;
    let actions: Vec<&str> = rows.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "POST /api/tasks",
            "POST /api/tasks/{id}/cancel",
            "POST /api/admin/tokens"
        ]
    );
    assert_eq!(rows[1].target, format!("/api/tasks/{}/cancel", task.id));
    let table = stdout(&m3shd(&hub, &["audit", "--action", "cancel"]));
    assert!(
        table.contains("operator") && table.contains(&format!("/api/tasks/{}/cancel", task.id)),
        "{table}"
    );
    assert!(!table.contains("POST /api/admin/tokens"), "{table}");

    // A commander may run the mesh but not read the audit log (exit 3).
    let out = m3shd_as(&hub, &commander, &["audit"]);
    assert_eq!(out.status.code(), Some(3), "{out:?}");

    // Rows past --audit-retention-days go at the sweeper's next pass.
    hub.kill9();
    let db = rusqlite::Connection::open(hub.db_path()).unwrap();
    let day = 86_400_000_000_i64;
    let now = chrono::Utc::now().timestamp_micros();
    for (age_days, actor) in [(40, "ancient"), (10, "recent")] {
        db.execute(
            "INSERT INTO audit_log (at, actor, action, target, status, payload_sha256) \
             VALUES (?1, ?2, 'POST /api/tasks', '/api/tasks', 201, '')",
            rusqlite::params![now - age_days * day, actor],
        )
        .unwrap();
    }
    drop(db);
    hub.restart();
    wait_for(
        "the 40-day-old row to go",
        Duration::from_secs(10),
        || async {
            audit_json(&hub, &["--actor", "ancient"])
                .entries
                .is_empty()
                .then_some(())
        },
    )
    .await;
    assert_eq!(audit_json(&hub, &["--actor", "recent"]).entries.len(), 1);
    assert_eq!(audit_json(&hub, &["--actor", "operator"]).entries.len(), 3);
}

/// A real worker runs one task for `m3shd do --wait`.
async fn one_task_through_a_worker(hub: &Hub, dir: &std::path::Path) -> Worker {
    let client = hub.client();
    let w = Worker::start(&hub.url, dir, WorkerSpec::named("chatty", 1));
    agents_online(&client, 1).await;
    let out = m3shd(hub, &["do", "echo counted", "--wait", "--json"]);
    assert!(out.status.success(), "{out:?}");
    w
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_counts_worker_calls_instead_of_logging_them() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 10);
    let _w = one_task_through_a_worker(&hub, dir.path()).await;
    let counts = wait_for(
        "the worker's calls counted",
        Duration::from_secs(10),
        || async {
            let out = m3shd(&hub, &["audit", "--counts", "--actor", "chatty", "--json"]);
            assert!(out.status.success(), "{out:?}");
            let list: AuditCountList = serde_json::from_slice(&out.stdout).unwrap();
            list.counts
                .iter()
                .any(|c| c.action == "POST /api/tasks/{id}/complete")
                .then_some(list.counts)
        },
    )
    .await;
    assert!(counts.iter().all(|c| c.agent == "chatty"));
    assert!(
        counts
            .iter()
            .any(|c| c.action == "POST /api/agents/{id}/claim" && c.calls >= 1),
        "{counts:?}"
    );
    let table = stdout(&m3shd(&hub, &["audit", "--counts"]));
    assert!(
        table.contains("chatty") && table.contains("POST /api/tasks/{id}/complete"),
        "{table}"
    );
    // The log itself holds what was done to the mesh, not the chatter.
    let all = audit_json(&hub, &["--all", "-n", "500"]);
    assert!(all.entries.iter().any(|e| e.action == "POST /api/tasks"));
    assert!(
        all.entries.iter().all(|e| !is_worker_protocol(&e.action)),
        "{:?}",
        all.entries
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hub_logging_every_worker_call_still_shows_operator_actions_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start_with(
        &dir.path().join("hub"),
        "127.0.0.1:0",
        10,
        &["--audit-worker-protocol"],
    );
    let _w = one_task_through_a_worker(&hub, dir.path()).await;
    let all = wait_for(
        "the worker's result in the log",
        Duration::from_secs(10),
        || async {
            let all = audit_json(&hub, &["--all", "-n", "500"]);
            all.entries
                .iter()
                .any(|e| e.action == "POST /api/tasks/{id}/complete")
                .then_some(all.entries)
        },
    )
    .await;
    assert!(
        all.iter()
            .any(|e| e.action == "POST /api/agents/{id}/claim")
    );
    let significant = audit_json(&hub, &["-n", "500"]).entries;
    assert!(significant.iter().any(|e| e.action == "POST /api/tasks"));
    assert!(
        significant.iter().all(|e| !is_worker_protocol(&e.action)),
        "{significant:?}"
    );
    assert!(significant.len() < all.len());
}
