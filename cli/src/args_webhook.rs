//! Arguments of `m3shd webhook …`.

use clap::Subcommand;
use m3shd_api::WebhookKind;

fn parse_kind(s: &str) -> Result<WebhookKind, String> {
    s.parse().map_err(|e: m3shd_api::UnknownName| e.to_string())
}

/// Inbound webhooks: a URL that dispatches a template when another system
/// (GitHub, Uptime Kuma, a script) calls it with the webhook's secret.
#[derive(Debug, Subcommand)]
pub enum WebhookCmd {
    /// Create a webhook; prints its URL and its secret, once.
    Add {
        /// A name for it ([a-z0-9_.-]), e.g. the system that calls it.
        name: String,
        /// The template each delivery dispatches (name or id).
        #[arg(long)]
        template: String,
        /// generic (the secret in an X-Webhook-Secret header) or github
        /// (GitHub's X-Hub-Signature-256 of the body).
        #[arg(long, default_value = "generic", value_parser = parse_kind)]
        kind: WebhookKind,
        /// A template variable taken from the payload by JSON pointer, e.g.
        /// --var repo=/repository/full_name (repeatable).
        #[arg(long = "var", value_name = "NAME=/POINTER")]
        vars: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// List webhooks (never their secrets).
    List {
        #[arg(long)]
        json: bool,
    },
    /// Delete a webhook; its URL stops working at once.
    Rm {
        /// The webhook's name or id.
        name: String,
        #[arg(long)]
        json: bool,
    },
}
