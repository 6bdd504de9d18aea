//! Users, login sessions and third-party API keys.

use m3shd_api::{
    ApiKeyInfo, ApiKeyList, CreateApiKeyRequest, CreateUserRequest, CreatedApiKey, LoginRequest,
    LoginResponse, Password, UpdateUserRequest, UserInfo, UserList,
};
use reqwest::Method;

use crate::http::seg;
use crate::{Client, ClientError};

impl Client {
    /// Exchange a username and password for a session token (works on an
    /// anonymous client).
    pub async fn login(
        &self,
        username: &str,
        password: &Password,
    ) -> Result<LoginResponse, ClientError> {
        let req = LoginRequest {
            username: username.to_string(),
            password: password.clone(),
        };
        self.post("/api/login", &req).await
    }

    /// End this client's session (its token must be a session token).
    pub async fn logout(&self) -> Result<(), ClientError> {
        self.send_empty(self.request(Method::POST, "/api/logout"))
            .await
    }

    pub async fn users(&self) -> Result<Vec<UserInfo>, ClientError> {
        let list: UserList = self.get("/api/admin/users").await?;
        Ok(list.users)
    }

    pub async fn create_user(&self, req: &CreateUserRequest) -> Result<UserInfo, ClientError> {
        self.post("/api/admin/users", req).await
    }

    /// `id_or_name`: a user id or a username.
    pub async fn update_user(
        &self,
        id_or_name: &str,
        req: &UpdateUserRequest,
    ) -> Result<UserInfo, ClientError> {
        let path = format!("/api/admin/users/{}", seg(id_or_name));
        self.send(self.request(Method::PUT, &path).json(req)).await
    }

    pub async fn delete_user(&self, id_or_name: &str) -> Result<(), ClientError> {
        let path = format!("/api/admin/users/{}", seg(id_or_name));
        self.send_empty(self.request(Method::DELETE, &path)).await
    }

    pub async fn api_keys(&self) -> Result<Vec<ApiKeyInfo>, ClientError> {
        let list: ApiKeyList = self.get("/api/admin/keys").await?;
        Ok(list.keys)
    }

    pub async fn create_api_key(
        &self,
        req: &CreateApiKeyRequest,
    ) -> Result<CreatedApiKey, ClientError> {
        self.post("/api/admin/keys", req).await
    }

    pub async fn revoke_api_key(&self, id: &str) -> Result<(), ClientError> {
        let path = format!("/api/admin/keys/{}", seg(id));
        self.send_empty(self.request(Method::DELETE, &path)).await
    }
}
