//! Agent memory (ARCHITECTURE.md, "Agent memory"): CRUD, full-text search, consolidation.

use m3shd_api::{ConsolidateReport, Memory, MemoryList, MemoryQuery, MemorySearchQuery, SetMemory};
use reqwest::Method;

use crate::http::seg;
use crate::{Client, ClientError};

impl Client {
    /// An agent's memories, newest first.
    pub async fn memories(
        &self,
        agent: &str,
        limit: Option<u32>,
    ) -> Result<Vec<Memory>, ClientError> {
        let path = format!("/api/agents/{}/memory", seg(agent));
        let list: MemoryList = self
            .send(
                self.request(Method::GET, &path)
                    .query(&MemoryQuery { limit }),
            )
            .await?;
        Ok(list.memories)
    }

    pub async fn memory(&self, agent: &str, key: &str) -> Result<Memory, ClientError> {
        self.get(&format!("/api/agents/{}/memory/{}", seg(agent), seg(key)))
            .await
    }

    /// Store or replace a memory.
    pub async fn set_memory(&self, agent: &str, req: &SetMemory) -> Result<Memory, ClientError> {
        self.post(&format!("/api/agents/{}/memory", seg(agent)), req)
            .await
    }

    pub async fn delete_memory(&self, agent: &str, key: &str) -> Result<(), ClientError> {
        let path = format!("/api/agents/{}/memory/{}", seg(agent), seg(key));
        self.send_empty(self.request(Method::DELETE, &path)).await
    }

    /// Any-word full-text search, best match first.
    pub async fn search_memories(
        &self,
        agent: &str,
        q: &str,
        limit: Option<u32>,
    ) -> Result<Vec<Memory>, ClientError> {
        let path = format!("/api/agents/{}/memory/search", seg(agent));
        let query = MemorySearchQuery {
            q: q.to_string(),
            limit,
        };
        let list: MemoryList = self
            .send(self.request(Method::GET, &path).query(&query))
            .await?;
        Ok(list.memories)
    }

    /// Merge every agent's duplicate memories now.
    pub async fn consolidate_memories(&self) -> Result<ConsolidateReport, ClientError> {
        self.post("/api/memory/consolidate", &serde_json::json!({}))
            .await
    }
}
