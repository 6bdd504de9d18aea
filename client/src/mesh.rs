//! Mesh control (a sentence → one operation), voice dispatch, and a line
//! of the command grammar run by the hub.

use std::time::Duration;

use m3shd_api::{
    MESH_CONTROL_WAIT_SECS, MeshControl, MeshControlAnswer, TextLine, TextReply, VoiceDispatch,
    VoiceDispatched,
};
use reqwest::Method;

use crate::{Client, ClientError};

/// Time the answer may take beyond the hub's own wait for a model.
const MODEL_WAIT_GRACE: Duration = Duration::from_secs(10);

/// How long `POST /api/text` may take: the longest command (`auto`) waits
/// two minutes for its plan.
const TEXT_TIMEOUT: Duration = Duration::from_secs(150);

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

    /// `POST /api/text`: the hub runs one line of the command grammar with
    /// this client's credential and answers what the bridge would text back.
    pub async fn text(&self, line: &str) -> Result<TextReply, ClientError> {
        let rb = self
            .request(Method::POST, "/api/text")
            .json(&TextLine {
                text: line.to_string(),
            })
            .timeout(TEXT_TIMEOUT);
        self.send(rb).await
    }
}
