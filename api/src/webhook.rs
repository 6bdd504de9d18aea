//! Inbound webhooks: a URL that turns a payload from another system (GitHub,
//! Uptime Kuma, a script) into a template dispatch, once the caller proved
//! it holds the webhook's secret.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::{Timestamp, UnknownName};

/// Prefix of a webhook secret (`m3shd_wh_…`), so a leaked one is recognised.
pub const WEBHOOK_SECRET_PREFIX: &str = "m3shd_wh_";
/// The header a generic delivery carries its secret in (never the URL).
pub const WEBHOOK_SECRET_HEADER: &str = "x-webhook-secret";
/// GitHub's signature of the raw body: `sha256=` and the hex HMAC-SHA256.
pub const GITHUB_SIGNATURE_HEADER: &str = "x-hub-signature-256";
/// GitHub's event name (`push`, `ping`, …).
pub const GITHUB_EVENT_HEADER: &str = "x-github-event";
/// Sent by Uptime Kuma; its presence marks a payload as Kuma's.
pub const UPTIME_KUMA_HEADER: &str = "x-uptime-kuma-agent";
/// The largest delivery body the hub reads.
pub const MAX_WEBHOOK_BODY_BYTES: usize = 256 * 1024;
/// Verified deliveries one webhook may make per minute.
pub const WEBHOOK_CALLS_PER_MINUTE: u32 = 10;

/// How a webhook's deliveries prove themselves.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum WebhookKind {
    /// The secret in `X-Webhook-Secret` (`POST /api/webhooks/{id}/trigger`).
    #[default]
    Generic,
    /// GitHub's `X-Hub-Signature-256` over the body (`POST /api/webhooks/{id}/github`).
    Github,
}

impl WebhookKind {
    pub const ALL: [WebhookKind; 2] = [WebhookKind::Generic, WebhookKind::Github];

    pub fn as_str(self) -> &'static str {
        match self {
            WebhookKind::Generic => "generic",
            WebhookKind::Github => "github",
        }
    }

    /// The path deliveries for webhook `id` are posted to.
    pub fn trigger_path(self, id: &str) -> String {
        match self {
            WebhookKind::Generic => format!("/api/webhooks/{id}/trigger"),
            WebhookKind::Github => format!("/api/webhooks/{id}/github"),
        }
    }
}

impl FromStr for WebhookKind {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, UnknownName> {
        WebhookKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                UnknownName::new(
                    "webhook kind",
                    s,
                    WebhookKind::ALL.iter().map(|k| k.as_str()),
                )
            })
    }
}

display_as_str!(WebhookKind);

/// A webhook as listed: never its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Webhook {
    pub id: String,
    /// Unique; the CLI addresses webhooks by name or id.
    pub name: String,
    pub kind: WebhookKind,
    /// The template each delivery dispatches (by name).
    pub template: String,
    /// Template variable → JSON pointer into the payload (`/repository/full_name`).
    pub variables: BTreeMap<String, String>,
    /// Where deliveries go: POST this path on the hub.
    pub trigger_path: String,
    pub created_by: String,
    pub created_at: Timestamp,
    #[serde(default)]
    pub last_triggered_at: Option<Timestamp>,
}

/// `POST /api/admin/webhooks`. The hub makes the secret.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateWebhook {
    pub name: String,
    /// A template's name or id.
    pub template: String,
    #[serde(default)]
    pub kind: WebhookKind,
    /// Template variable → JSON pointer into the payload.
    #[serde(default)]
    pub variables: BTreeMap<String, String>,
}

/// `PUT /api/admin/webhooks/{id}`: what is given changes; the id and the
/// secret stay (a new kind moves the trigger path to that kind's route).
/// The secret changes only through `POST /api/admin/webhooks/{id}/rotate-secret`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateWebhook {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A template's name or id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<WebhookKind>,
    /// Template variable → JSON pointer into the payload; replaces all of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variables: Option<BTreeMap<String, String>>,
}

impl UpdateWebhook {
    /// Whether it asks for no change at all.
    pub fn is_empty(&self) -> bool {
        self == &UpdateWebhook::default()
    }
}

/// The answer to a webhook creation (and to a secret rotation): the secret,
/// shown this once.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CreatedWebhook {
    pub secret: String,
    #[serde(flatten)]
    pub webhook: Webhook,
}

impl fmt::Debug for CreatedWebhook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CreatedWebhook")
            .field("secret", &"<redacted>")
            .field("webhook", &self.webhook)
            .finish()
    }
}

/// `GET /api/admin/webhooks`, by name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WebhookList {
    pub webhooks: Vec<Webhook>,
}

/// The answer to a delivery: 202 with the task it dispatched, or 200 with
/// no task when there was nothing to do (GitHub's `ping`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WebhookAccepted {
    pub webhook_id: String,
    pub task_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_name_their_paths() {
        for k in WebhookKind::ALL {
            assert_eq!(k.as_str().parse::<WebhookKind>(), Ok(k));
            assert_eq!(
                serde_json::to_value(k).unwrap(),
                serde_json::json!(k.as_str())
            );
        }
        assert!("gitlab".parse::<WebhookKind>().is_err());
        assert_eq!(
            WebhookKind::Github.trigger_path("wh-1"),
            "/api/webhooks/wh-1/github"
        );
    }

    #[test]
    fn a_created_webhook_never_prints_its_secret() {
        let c = CreatedWebhook {
            secret: "m3shd_wh_abc".into(),
            webhook: Webhook {
                id: "wh-1".into(),
                name: "ci".into(),
                kind: WebhookKind::Generic,
                template: "t".into(),
                variables: BTreeMap::new(),
                trigger_path: "/api/webhooks/wh-1/trigger".into(),
                created_by: "operator".into(),
                created_at: Timestamp::default(),
                last_triggered_at: None,
            },
        };
        assert!(!format!("{c:?}").contains("m3shd_wh_abc"));
        let wire = serde_json::to_value(&c).unwrap();
        assert_eq!(wire["secret"], "m3shd_wh_abc");
        assert_eq!(wire["name"], "ci");
    }
}
