//! `m3shd memory list|search|set|rm|consolidate`.

use std::process::ExitCode;

use m3shd_api::{Memory, MemoryList, SetMemory};
use m3shd_client::Client;

use crate::args_memory::MemoryCmd;
use crate::exit::CliError;
use crate::output;

pub async fn run(client: &Client, cmd: MemoryCmd) -> Result<ExitCode, CliError> {
    match cmd {
        MemoryCmd::List { agent, limit, json } => {
            let memories = client.memories(&agent, limit).await?;
            print_list(memories, json)?;
        }
        MemoryCmd::Search {
            agent,
            query,
            limit,
            json,
        } => {
            let memories = client
                .search_memories(&agent, &query.join(" "), limit)
                .await?;
            print_list(memories, json)?;
        }
        MemoryCmd::Set {
            agent,
            key,
            value,
            confidence,
            json,
        } => {
            let req = SetMemory {
                key,
                value,
                confidence,
                source: None,
            };
            let m = client.set_memory(&agent, &req).await?;
            if json {
                output::json(&m)?;
            } else {
                outln!("{} remembers {}", m.agent_id, m.key);
            }
        }
        MemoryCmd::Rm { agent, key, json } => {
            client.delete_memory(&agent, &key).await?;
            if json {
                output::json(&serde_json::json!({"deleted": key, "agent_id": agent}))?;
            } else {
                outln!("{agent} forgot {key}");
            }
        }
        MemoryCmd::Consolidate { json } => {
            let r = client.consolidate_memories().await?;
            if json {
                output::json(&r)?;
            } else {
                outln!(
                    "{} agents, {} memories looked at: {} groups merged, {} entries removed",
                    r.agents,
                    r.scanned,
                    r.merged,
                    r.removed
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_list(memories: Vec<Memory>, json: bool) -> Result<(), CliError> {
    if json {
        return output::json(&MemoryList { memories });
    }
    if memories.is_empty() {
        outln!("no memories");
        return Ok(());
    }
    let rows: Vec<Vec<String>> = memories
        .iter()
        .map(|m| {
            vec![
                m.key.clone(),
                format!("{:.2}", m.confidence),
                output::short(&m.source, 20),
                output::age(m.updated_at),
                output::short(&m.value, 60),
            ]
        })
        .collect();
    output::table(&["KEY", "CONF", "SOURCE", "AGE", "VALUE"], &rows);
    Ok(())
}
