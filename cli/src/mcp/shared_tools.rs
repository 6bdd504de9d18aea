//! What the mesh shares: agent memory, the shared context, the chat.

use m3shd_api::{
    ContextList, MemoryList, MessageList, MessageQuery, PostMessage, SetMemory, limits,
};
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::CallToolResult;
use rmcp::{tool, tool_router};
use schemars::JsonSchema;
use serde::Deserialize;

use super::reply::one_line;
use super::server::MeshServer;

#[derive(Debug, Deserialize, JsonSchema)]
pub struct SearchMemoryArgs {
    /// Whose memory: an agent id (see list_agents).
    pub agent: String,
    /// Words to look for; a memory matches any of them, best match first.
    pub query: String,
    /// At most this many (default 20, at most 500).
    #[serde(default)]
    #[schemars(range(min = 1, max = limits::MAX_LIST_LIMIT))]
    pub limit: Option<u32>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct StoreMemoryArgs {
    /// Whose memory: an agent id. The agent's tasks get its memories in
    /// front of their prompts.
    pub agent: String,
    /// 1-64 characters of [a-z0-9_.-]; storing under an existing key
    /// replaces it.
    pub key: String,
    /// The fact to remember (16 KB at most).
    pub value: String,
    /// How sure the fact is, 0 to 1 (default 1).
    #[serde(default)]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub confidence: Option<f64>,
    /// Where the fact comes from (default: who stores it).
    #[serde(default)]
    pub source: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct SetContextArgs {
    /// 1-64 characters of [a-z0-9_.-].
    pub key: String,
    /// The value (16 KB at most). Model executors see every entry in front
    /// of every prompt.
    pub value: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct SendMessageArgs {
    /// What to say. On the `general` channel an agent with the `chat`
    /// capability answers.
    pub content: String,
    /// The channel (default `general`).
    #[serde(default)]
    pub channel: Option<String>,
    /// The id of the message this one answers.
    #[serde(default)]
    #[schemars(range(min = 1))]
    pub reply_to: Option<i64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct ListMessagesArgs {
    /// Only this channel.
    #[serde(default)]
    pub channel: Option<String>,
    /// Only messages after this message id.
    #[serde(default)]
    #[schemars(range(min = 0))]
    pub after: Option<i64>,
    /// At most this many, oldest first (default 50, at most 500).
    #[serde(default)]
    #[schemars(range(min = 1, max = limits::MAX_LIST_LIMIT))]
    pub limit: Option<u32>,
}

#[tool_router(router = shared_tools, vis = "pub(super)")]
impl MeshServer {
    /// Full-text search of an agent's memories.
    #[tool]
    async fn search_memory(&self, Parameters(a): Parameters<SearchMemoryArgs>) -> CallToolResult {
        let found = self
            .client
            .search_memories(&a.agent, &a.query, a.limit)
            .await
            .map(|memories| MemoryList { memories });
        self.answer(found, |l| {
            if l.memories.is_empty() {
                return format!("no memory of {} matches", a.agent);
            }
            l.memories
                .iter()
                .map(|m| {
                    format!(
                        "{} ({:.2}): {}",
                        m.key,
                        m.confidence,
                        one_line(&m.value, 200)
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
    }

    /// Store (or replace) a fact in an agent's memory.
    #[tool]
    async fn store_memory(&self, Parameters(a): Parameters<StoreMemoryArgs>) -> CallToolResult {
        let req = SetMemory {
            key: a.key,
            value: a.value,
            confidence: a.confidence,
            source: a.source,
        };
        self.answer(self.client.set_memory(&a.agent, &req).await, |m| {
            format!("{} remembers {}", m.agent_id, m.key)
        })
    }

    /// The shared context: key/value notes every model executor sees.
    #[tool]
    async fn get_context(&self) -> CallToolResult {
        let listed = self
            .client
            .context()
            .await
            .map(|context| ContextList { context });
        self.answer(listed, |l| {
            if l.context.is_empty() {
                return "the shared context is empty".into();
            }
            l.context
                .iter()
                .map(|e| format!("{} = {}", e.key, one_line(&e.value, 200)))
                .collect::<Vec<_>>()
                .join("\n")
        })
    }

    /// Set one entry of the shared context.
    #[tool]
    async fn set_context(&self, Parameters(a): Parameters<SetContextArgs>) -> CallToolResult {
        self.answer(self.client.set_context(&a.key, &a.value).await, |e| {
            format!("{} = {}", e.key, one_line(&e.value, 200))
        })
    }

    /// Post a message to the mesh chat (the operator and the agents read
    /// it). The sender is this server's token.
    #[tool]
    async fn send_message(&self, Parameters(a): Parameters<SendMessageArgs>) -> CallToolResult {
        let req = PostMessage {
            content: a.content,
            channel: a.channel,
            sender: None,
            reply_to: a.reply_to,
        };
        self.answer(self.client.post_message(&req).await, |m| {
            format!("message {} posted to #{} as {}", m.id, m.channel, m.sender)
        })
    }

    /// Messages of the mesh chat, oldest first.
    #[tool]
    async fn list_messages(&self, Parameters(a): Parameters<ListMessagesArgs>) -> CallToolResult {
        let q = MessageQuery {
            channel: a.channel,
            after: a.after,
            limit: a.limit,
        };
        let listed = self
            .client
            .messages(&q)
            .await
            .map(|messages| MessageList { messages });
        self.answer(listed, |l| {
            if l.messages.is_empty() {
                return "no messages".into();
            }
            l.messages
                .iter()
                .map(|m| {
                    format!(
                        "{} #{} {}: {}",
                        m.id,
                        m.channel,
                        m.sender,
                        one_line(&m.content, 300)
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
    }
}
