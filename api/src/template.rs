//! Task templates with `{variable}` placeholders.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::Timestamp;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Template {
    pub id: String,
    /// Unique; the CLI addresses templates by name.
    pub name: String,
    pub description: String,
    pub prompt_template: String,
    pub capability: Option<String>,
    pub priority: i64,
    /// Model asked of AI executors for the tasks this template creates (a
    /// name, or a routing tier: `small`, `standard`, `large`); a dispatch
    /// can name another. None: the worker's routing decides.
    #[serde(default)]
    pub model: Option<String>,
    /// Quality protocols every task of this template asks for (a
    /// dispatch's own fields win).
    #[serde(default, skip_serializing_if = "crate::ProtocolRequest::is_empty")]
    pub protocol: crate::ProtocolRequest,
    /// Whether a peer hub may hand this hub a task of this template
    /// (matched by name); `refuse` also keeps this template's own tasks
    /// from being relayed to peers.
    #[serde(default)]
    pub federated_input: FederatedInput,
    /// The `{variable}` names the prompt uses, in order of first use.
    pub variables: Vec<String>,
    pub created_by: String,
    pub created_at: Timestamp,
}

/// `POST /api/templates`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateTemplate {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub prompt_template: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capability: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<i64>,
    /// See [`Template::model`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// See [`Template::protocol`].
    #[serde(default, skip_serializing_if = "crate::ProtocolRequest::is_empty")]
    pub protocol: crate::ProtocolRequest,
    /// See [`Template::federated_input`] (default `accept`).
    #[serde(default, skip_serializing_if = "FederatedInput::is_accept")]
    pub federated_input: FederatedInput,
}

/// Whether a template takes work from federated peers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum FederatedInput {
    /// Tasks of this template may come from peers and go to them.
    #[default]
    Accept,
    /// A peer's offer naming this template is refused (409
    /// `federated_input_refused`), and this template's tasks stay on this
    /// hub: a relayed result is a peer's output, federated input to
    /// whatever reads it here.
    Refuse,
}

impl FederatedInput {
    pub fn as_str(self) -> &'static str {
        match self {
            FederatedInput::Accept => "accept",
            FederatedInput::Refuse => "refuse",
        }
    }

    pub fn is_accept(&self) -> bool {
        *self == FederatedInput::Accept
    }
}

display_as_str!(FederatedInput);

impl std::str::FromStr for FederatedInput {
    type Err = String;
    fn from_str(s: &str) -> Result<FederatedInput, String> {
        match s {
            "accept" => Ok(FederatedInput::Accept),
            "refuse" => Ok(FederatedInput::Refuse),
            _ => Err(format!("expected accept or refuse, got {s:?}")),
        }
    }
}

/// `PUT /api/templates/{id}` (id or name): change what may change after
/// a template is made; a field left out stays as it is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateTemplate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub federated_input: Option<FederatedInput>,
}

/// `GET /api/templates` → `{"templates": [...]}` by name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TemplateList {
    pub templates: Vec<Template>,
}

/// `POST /api/templates/{id}/dispatch` (id or name). A missing variable is
/// 422 naming it; the task is created as `POST /api/tasks` would.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DispatchTemplate {
    #[serde(default)]
    pub variables: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assign_to: Option<String>,
    /// Beats the template's model for this task.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
}
