//! Credentials: agent tokens, join keys, enrolment, and who am I.

use m3shd_api::{
    CreateJoinKeyRequest, CreateTokenRequest, CreatedJoinKey, CreatedToken, JoinKeyInfo,
    JoinKeyList, JoinRequest, TokenInfo, TokenList, WhoAmI,
};
use reqwest::Method;

use crate::http::seg;
use crate::{Client, ClientError};

impl Client {
    /// Who this client's token is and what it may do.
    pub async fn whoami(&self) -> Result<WhoAmI, ClientError> {
        self.get("/api/whoami").await
    }

    pub async fn create_token(
        &self,
        req: &CreateTokenRequest,
    ) -> Result<CreatedToken, ClientError> {
        self.post("/api/admin/tokens", req).await
    }

    pub async fn tokens(&self) -> Result<Vec<TokenInfo>, ClientError> {
        let list: TokenList = self.get("/api/admin/tokens").await?;
        Ok(list.tokens)
    }

    pub async fn revoke_token(&self, id: &str) -> Result<(), ClientError> {
        let path = format!("/api/admin/tokens/{}", seg(id));
        self.send_empty(self.request(Method::DELETE, &path)).await
    }

    pub async fn create_join_key(
        &self,
        req: &CreateJoinKeyRequest,
    ) -> Result<CreatedJoinKey, ClientError> {
        self.post("/api/admin/join-keys", req).await
    }

    pub async fn join_keys(&self) -> Result<Vec<JoinKeyInfo>, ClientError> {
        let list: JoinKeyList = self.get("/api/admin/join-keys").await?;
        Ok(list.join_keys)
    }

    pub async fn revoke_join_key(&self, id: &str) -> Result<(), ClientError> {
        let path = format!("/api/admin/join-keys/{}", seg(id));
        self.send_empty(self.request(Method::DELETE, &path)).await
    }

    /// Enrol as `agent_id`; this client's token must be the join key.
    pub async fn join(&self, agent_id: &str) -> Result<CreatedToken, ClientError> {
        self.post(
            "/api/join",
            &JoinRequest {
                agent_id: agent_id.to_string(),
            },
        )
        .await
    }
}
