//! Arguments of `m3shd plugins …` (ARCHITECTURE.md, "Plugins and tool calls").

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum PluginsCmd {
    /// List the hub's plugins (built-in and external).
    List {
        /// Print the JSON the API returns.
        #[arg(long)]
        json: bool,
    },
    /// Run a plugin with a JSON input object, e.g.
    /// `m3shd plugins invoke web_search '{"query": "rust"}'`.
    Invoke {
        /// The plugin (tool) name.
        tool: String,
        /// The input, a JSON value (usually an object).
        input: String,
        /// Print the JSON the API returns.
        #[arg(long)]
        json: bool,
    },
}
