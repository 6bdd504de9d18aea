//! Arguments of `m3shd world …` (the world model, ARCHITECTURE.md, "World model").

use clap::Subcommand;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use m3shd_api::EntityType;

fn entity_type() -> impl TypedValueParser<Value = EntityType> {
    PossibleValuesParser::new(EntityType::ALL.map(EntityType::as_str)).try_map(|s| s.parse())
}

#[derive(Debug, Subcommand)]
pub enum WorldCmd {
    /// Search the entities task outputs named: names containing QUERY from the start of a
    /// word, most mentioned first (without QUERY: the most recently seen).
    Search {
        /// Words of the name (any case).
        query: Vec<String>,
        /// Only entities of this type.
        #[arg(long = "type", value_name = "TYPE", value_parser = entity_type())]
        kind: Option<EntityType>,
        /// At most this many (default 50, at most 500).
        #[arg(long)]
        limit: Option<u32>,
        /// Print the JSON the API returns.
        #[arg(long)]
        json: bool,
    },
    /// One entity (by id or name) with its relations and the tasks that named it; exit 4
    /// when the mesh knows no such entity.
    Show {
        /// Its id, or its name in any case.
        #[arg(required = true, num_args = 1..)]
        entity: Vec<String>,
        /// Print the JSON the API returns.
        #[arg(long)]
        json: bool,
    },
}
