//! Voice dispatch (ARCHITECTURE.md, "Voice dispatch"): a spoken sentence
//! is matched to a template by `m3shd_api::voice::choose` and dispatched as
//! `POST /api/templates/{id}/dispatch` would; the hub fills its own
//! variables (`date`, `analytics`) as a schedule's fire does.

use std::collections::BTreeMap;

use m3shd_api::voice::{self, VoiceMatch};
use m3shd_api::{DispatchTemplate, SCHEDULE_HUB_VARIABLES, VoiceDispatched};

use super::{DomainError, Hub, costs};

/// Why a sentence dispatched nothing; each carries a sentence to read out.
#[derive(Debug)]
pub enum VoiceRefusal {
    /// No template matches; the closest names.
    Unmatched {
        closest: Vec<String>,
        speech: String,
    },
    /// The template matched but the sentence gives no value for `variable`.
    Missing {
        template: String,
        variable: String,
        speech: String,
    },
    Domain(DomainError),
}

impl From<DomainError> for VoiceRefusal {
    fn from(e: DomainError) -> Self {
        VoiceRefusal::Domain(e)
    }
}

impl Hub {
    /// Dispatch the template `text` asks for.
    pub async fn voice_dispatch(&self, text: &str) -> Result<VoiceDispatched, VoiceRefusal> {
        if text.trim().is_empty() {
            return Err(DomainError::Validation("text must not be empty".into()).into());
        }
        if text.len() > voice::MAX_VOICE_TEXT_BYTES {
            return Err(DomainError::TooLarge(format!(
                "text is {} bytes; at most {} are accepted",
                text.len(),
                voice::MAX_VOICE_TEXT_BYTES
            ))
            .into());
        }
        let templates = self.templates()?;
        let (name, said) = match voice::choose(text, &templates, &SCHEDULE_HUB_VARIABLES) {
            VoiceMatch::Matched {
                template,
                variables,
            } => (template, variables),
            VoiceMatch::Unmatched { closest } => {
                return Err(VoiceRefusal::Unmatched {
                    speech: voice::unmatched_speech(&closest),
                    closest,
                });
            }
            VoiceMatch::Missing { template, variable } => {
                return Err(VoiceRefusal::Missing {
                    speech: voice::missing_speech(&template, &variable),
                    template,
                    variable,
                });
            }
        };
        let used = templates
            .iter()
            .find(|t| t.name == name)
            .map(|t| t.variables.clone())
            .unwrap_or_default();
        let mut variables: BTreeMap<String, String> = said.clone();
        if used.iter().any(|v| v == "date") {
            variables
                .entry("date".into())
                .or_insert_with(|| costs::day_of(self.now()));
        }
        if used.iter().any(|v| v == "analytics") && !variables.contains_key("analytics") {
            variables.insert("analytics".into(), self.analytics_digest()?);
        }
        let task = self
            .dispatch_template(
                &name,
                DispatchTemplate {
                    variables,
                    ..Default::default()
                },
            )
            .await?;
        Ok(VoiceDispatched {
            speech: voice::dispatched_speech(&name, &said, &task.id),
            task,
            template: name,
            variables: said,
        })
    }
}
