//! Mesh control (a sentence → one operation) and voice dispatch.

use std::time::Duration;

use m3shd_api::{
    MESH_CONTROL_WAIT_SECS, MeshControl, MeshControlAnswer, VoiceDispatch, VoiceDispatched,
};
use reqwest::Method;

use crate::{Client, ClientError};

/// Time the answer may take beyond the hub's own wait for a model.
const MODEL_WAIT_GRACE: Duration = Duration::from_secs(10);

impl Client {
    /// `POST /api/mesh/control`: the plan for `req`, or with `execute` what
    /// carrying it out did. May wait up to `wait_secs` (default 30) for a
    /// model to read a sentence the hub's parser cannot.
    pub async fn mesh_control(&self, req: &MeshControl) -> Result<MeshControlAnswer, ClientError> {
        let wait = Duration::from_secs(req.wait_secs.unwrap_or(MESH_CONTROL_WAIT_SECS));
        let rb = self
            .request(Method::POST, "/api/mesh/control")
            .json(req)
            .timeout(wait + MODEL_WAIT_GRACE);
        self.send(rb).await
    }

    /// `POST /api/voice/dispatch`: the task a spoken sentence dispatched.
    pub async fn voice_dispatch(&self, text: &str) -> Result<VoiceDispatched, ClientError> {
        self.post(
            "/api/voice/dispatch",
            &VoiceDispatch {
                text: text.to_string(),
            },
        )
        .await
    }
}
