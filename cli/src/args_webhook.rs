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
        /// Print the JSON the API returns (the secret included, this once).
        #[arg(long)]
        json: bool,
    },
    /// List webhooks (never their secrets).
    List {
        /// Print the JSON the API returns.
        #[arg(long)]
        json: bool,
    },
    /// Change a webhook in place: its URL and secret stay (a new --kind
    /// moves the URL to that kind's route). The --var mappings given
    /// replace all of them.
    Edit {
        /// The webhook's name or id.
        #[arg(value_name = "NAME")]
        webhook: String,
        /// A new name for it ([a-z0-9_.-]).
        #[arg(long = "name", value_name = "NEW_NAME")]
        new_name: Option<String>,
        /// The template each delivery dispatches from now on (name or id).
        #[arg(long)]
        template: Option<String>,
        /// generic (the secret in an X-Webhook-Secret header) or github
        /// (GitHub's X-Hub-Signature-256 of the body).
        #[arg(long, value_parser = parse_kind)]
        kind: Option<WebhookKind>,
        /// A template variable taken from the payload by JSON pointer, e.g.
        /// --var repo=/repository/full_name (repeatable; replaces every
        /// mapping).
        #[arg(long = "var", value_name = "NAME=/POINTER")]
        vars: Vec<String>,
        /// Remove every mapping.
        #[arg(long, conflicts_with = "vars")]
        clear_vars: bool,
        /// Print the JSON the API returns (never the secret).
        #[arg(long)]
        json: bool,
    },
    /// Give a webhook a new secret, printed once; the old one stops working
    /// at once, so update the system that calls it.
    RotateSecret {
        /// The webhook's name or id.
        name: String,
        /// Print the JSON the API returns (the new secret included, this once).
        #[arg(long)]
        json: bool,
    },
    /// Delete a webhook; its URL stops working at once.
    Rm {
        /// The webhook's name or id.
        name: String,
        /// Print `{"removed": NAME}`.
        #[arg(long)]
        json: bool,
    },
}
