//! `m3shd world search|show`.

use std::process::ExitCode;

use m3shd_api::{EntityDetail, EntityList, EntityQuery};
use m3shd_client::Client;

use crate::args_world::WorldCmd;
use crate::exit::CliError;
use crate::output;

pub async fn run(client: &Client, cmd: WorldCmd) -> Result<ExitCode, CliError> {
    match cmd {
        WorldCmd::Search {
            query,
            kind,
            limit,
            json,
        } => {
            let q = query.join(" ");
            let entities = client
                .world_entities(&EntityQuery {
                    q: (!q.trim().is_empty()).then_some(q),
                    kind,
                    limit,
                })
                .await?;
            if json {
                output::json(&EntityList { entities })?;
            } else if entities.is_empty() {
                outln!("no entities");
            } else {
                let rows: Vec<Vec<String>> = entities
                    .iter()
                    .map(|e| {
                        vec![
                            e.id.to_string(),
                            output::short(&e.name, 40),
                            e.kind.to_string(),
                            e.mention_count.to_string(),
                            output::age(e.last_seen),
                            output::short(&e.description, 50),
                        ]
                    })
                    .collect();
                output::table(
                    &["ID", "NAME", "TYPE", "MENTIONS", "SEEN", "DESCRIPTION"],
                    &rows,
                );
            }
        }
        WorldCmd::Show { entity, json } => {
            let detail = client.world_entity(&entity.join(" ")).await?;
            if json {
                output::json(&detail)?;
            } else {
                print_detail(&detail);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_detail(d: &EntityDetail) {
    let e = &d.entity;
    outln!("{} ({}), id {}", e.name, e.kind, e.id);
    if !e.description.is_empty() {
        outln!("  {}", e.description);
    }
    outln!(
        "  named by {} task outputs; first seen {} ago, last seen {} ago",
        e.mention_count,
        output::age(e.first_seen),
        output::age(e.last_seen)
    );
    if d.relations.is_empty() {
        outln!("no relations");
    } else {
        outln!("relations:");
        for r in &d.relations {
            outln!(
                "  {} {} {}  (weight {})",
                r.from,
                r.relation_type.replace('_', " "),
                r.to,
                r.weight
            );
        }
    }
    if !d.source_tasks.is_empty() {
        outln!("source tasks: {}", d.source_tasks.join(", "));
    }
}
