//! The world model through the real binaries: a builtin worker's output
//! names entities, `m3shd world search|show` finds them, and the next
//! prompt naming one is handed the world-model block.

use std::process::{Command, Output};

use m3shd_api::{EntityDetail, EntityList, EntityType, Task, TaskStatus};

use crate::harness::*;

fn m3shd(hub: &Hub, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_m3shd"))
        .args(args)
        .env("M3SHD_HUB", &hub.url)
        .env("M3SHD_TOKEN", TOKEN)
        .output()
        .expect("run m3shd")
}

fn json<T: serde::de::DeserializeOwned>(o: &Output) -> T {
    assert!(o.status.success(), "{o:?}");
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {o:?}"))
}

fn done(hub: &Hub, prompt: &str, agent: &str) -> Task {
    let t: Task = json(&m3shd(
        hub,
        &["do", prompt, "--agent", agent, "--wait", "--json"],
    ));
    assert_eq!(t.status, TaskStatus::Done, "{t:?}");
    t
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outputs_build_a_world_model_the_cli_searches_and_prompts_get() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 10);
    let _builtin = Worker::start(
        &hub.url,
        dir.path(),
        WorkerSpec {
            name: "scribe",
            capabilities: "general",
            ..Default::default()
        },
    );
    // Prints the prompt it is handed: shows what a claim delivers.
    let _reader = Worker::start(
        &hub.url,
        dir.path(),
        WorkerSpec {
            name: "reader",
            capabilities: "reading",
            executor: "shell",
            command: Some("cat"),
            ..Default::default()
        },
    );
    agents_online(&hub.client(), 2).await;

    // The builtin echo job writes what the prompt says.
    let source = done(
        &hub,
        "echo Alice Smith works on Project Apollo. Project Apollo uses Rust and depends on \
         PostgreSQL.",
        "scribe",
    );

    let found: EntityList = json(&m3shd(&hub, &["world", "search", "apollo", "--json"]));
    assert_eq!(found.entities.len(), 1, "{found:?}");
    let apollo = &found.entities[0];
    assert_eq!(apollo.name, "Project Apollo");
    assert_eq!(apollo.kind, EntityType::Project);
    assert_eq!(apollo.source_task_id.as_deref(), Some(source.id.as_str()));
    let tools: EntityList = json(&m3shd(
        &hub,
        &["world", "search", "--type", "tool", "--json"],
    ));
    let mut tools: Vec<String> = tools.entities.into_iter().map(|e| e.name).collect();
    tools.sort();
    assert_eq!(tools, ["PostgreSQL", "Rust"]);
    let table = m3shd(&hub, &["world", "search", "alice"]);
    assert!(table.status.success(), "{table:?}");
    let table = String::from_utf8_lossy(&table.stdout);
    assert!(
        table.contains("Alice Smith") && table.contains("person"),
        "{table}"
    );
    let bad = m3shd(&hub, &["world", "search", "--type", "planet"]);
    assert_eq!(bad.status.code(), Some(2), "a usage error: {bad:?}");

    let shown: EntityDetail = json(&m3shd(
        &hub,
        &["world", "show", "project", "apollo", "--json"],
    ));
    assert_eq!(shown.entity.id, apollo.id);
    assert_eq!(shown.source_tasks, std::slice::from_ref(&source.id));
    assert_eq!(shown.relations.len(), 3, "{:?}", shown.relations);
    let text = m3shd(&hub, &["world", "show", &apollo.id.to_string()]);
    assert!(text.status.success(), "{text:?}");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.starts_with("Project Apollo (project)"), "{text}");
    assert!(text.contains("Project Apollo uses Rust"), "{text}");
    assert!(
        text.contains("Alice Smith works on Project Apollo"),
        "{text}"
    );
    let missing = m3shd(&hub, &["world", "show", "Nobody Known"]);
    assert_eq!(missing.status.code(), Some(4), "unknown entity exits 4");

    // A prompt naming a known entity is handed the block; the stored
    // prompt stays as submitted.
    let read = done(&hub, "what does Project Apollo run on?", "reader");
    let delivered = read.output.as_deref().unwrap_or("");
    assert!(
        delivered.starts_with("--- world model (entities known to the mesh) ---\n"),
        "{delivered}"
    );
    assert!(
        delivered.contains("- Project Apollo (project)\n"),
        "{delivered}"
    );
    assert!(
        delivered.contains("  Project Apollo uses Rust\n"),
        "{delivered}"
    );
    assert!(
        delivered
            .trim_end()
            .ends_with("--- end of world model ---\n\nwhat does Project Apollo run on?"),
        "{delivered}"
    );
    assert_eq!(read.prompt, "what does Project Apollo run on?");
    // The builtin job itself is unchanged by the block in front of it.
    let echoed = done(&hub, "echo Project Apollo ships", "scribe");
    assert_eq!(echoed.output.as_deref(), Some("Project Apollo ships"));
}
