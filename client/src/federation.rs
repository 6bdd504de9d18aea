//! Peer hubs (`/api/admin/peers`). The hub-to-hub calls themselves are made
//! by the hub, not through this client.

use m3shd_api::{AddPeer, Peer, PeerList, TaskFederation};
use reqwest::Method;

use crate::http::seg;
use crate::{Client, ClientError};

impl Client {
    /// Every peer with its live status (never a token).
    pub async fn peers(&self) -> Result<Vec<Peer>, ClientError> {
        let list: PeerList = self.get("/api/admin/peers").await?;
        Ok(list.peers)
    }

    /// Add a peer or replace its URL and token.
    pub async fn add_peer(&self, req: &AddPeer) -> Result<Peer, ClientError> {
        self.post("/api/admin/peers", req).await
    }

    pub async fn remove_peer(&self, name: &str) -> Result<(), ClientError> {
        let path = format!("/api/admin/peers/{}", seg(name));
        self.send_empty(self.request(Method::DELETE, &path)).await
    }

    /// Where a task came from and where it was relayed.
    pub async fn task_federation(&self, id: &str) -> Result<TaskFederation, ClientError> {
        self.get(&format!("/api/tasks/{}/federation", seg(id)))
            .await
    }
}
