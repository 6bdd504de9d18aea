//! `POST /api/voice/dispatch` (ARCHITECTURE.md, "Voice dispatch"): a spoken
//! sentence dispatches the template it asks for. Every answer, refusals
//! included, carries `speech`: one sentence for the voice assistant to read.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use m3shd_api::{ErrorCode, VoiceDispatch, VoiceDispatched};
use m3shd_hub_core::domain::VoiceRefusal;

use super::error::ApiError;
use super::extract::ApiJson;
use super::state::AppState;

pub async fn dispatch(
    State(s): State<AppState>,
    ApiJson(req): ApiJson<VoiceDispatch>,
) -> Result<(StatusCode, Json<VoiceDispatched>), ApiError> {
    match s.hub.voice_dispatch(&req.text).await {
        Ok(done) => Ok((StatusCode::CREATED, Json(done))),
        Err(VoiceRefusal::Unmatched { closest, speech }) => Err(ApiError::new(
            ErrorCode::NotUnderstood,
            format!(
                "no template matches that sentence; closest: {}",
                if closest.is_empty() {
                    "none (there are no templates)".to_string()
                } else {
                    closest.join(", ")
                }
            ),
        )
        .with_detail("closest", closest)
        .with_detail("speech", speech)),
        Err(VoiceRefusal::Missing {
            template,
            variable,
            speech,
        }) => Err(ApiError::new(
            ErrorCode::Validation,
            format!("missing variable `{variable}` of template {template}"),
        )
        .with_detail("template", template)
        .with_detail("variable", variable)
        .with_detail("speech", speech)),
        Err(VoiceRefusal::Domain(e)) => {
            let e = ApiError::from(e);
            let speech = format!("That did not work: {}", e.message);
            Err(e.with_detail("speech", speech))
        }
    }
}
