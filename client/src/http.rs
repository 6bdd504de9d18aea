use std::sync::Once;
use std::time::Duration;

use m3shd_api::*;
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue};
use reqwest::{Method, RequestBuilder};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::ClientError;
use crate::error::api_error;

/// Header naming the agent a worker acts as on task lease calls.
pub const AGENT_HEADER: &str = "x-m3shd-agent";
/// Header carrying a client-chosen key that makes task submission idempotent.
pub const IDEMPOTENCY_HEADER: &str = "idempotency-key";

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Extra time a long-poll gets on top of its wait before the client gives up.
const LONG_POLL_GRACE: Duration = Duration::from_secs(10);

/// A typed client for one hub. Cheap to clone; clones share connections.
#[derive(Clone)]
pub struct Client {
    base: String,
    http: reqwest::Client,
    headers: HeaderMap,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the token.
        f.debug_struct("Client").field("base", &self.base).finish()
    }
}

fn install_crypto_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // An already installed provider is just as good.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

impl Client {
    /// A client for the hub at `hub_url` (e.g. `http://127.0.0.1:8333`).
    pub fn new(hub_url: &str, token: &str) -> Result<Client, ClientError> {
        Client::build(hub_url, Some(token))
    }

    /// A client without a token, for the public calls (health, login).
    pub fn anonymous(hub_url: &str) -> Result<Client, ClientError> {
        Client::build(hub_url, None)
    }

    fn build(hub_url: &str, token: Option<&str>) -> Result<Client, ClientError> {
        install_crypto_provider();
        let base = hub_url.trim_end_matches('/').to_string();
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(ClientError::Config(format!(
                "hub URL `{hub_url}` must start with http:// or https://"
            )));
        }
        let mut headers = HeaderMap::new();
        if let Some(token) = token {
            let mut auth = HeaderValue::from_str(&format!("Bearer {token}"))
                .map_err(|_| ClientError::Config("token contains invalid characters".into()))?;
            auth.set_sensitive(true);
            headers.insert(AUTHORIZATION, auth);
        }
        let http = reqwest::Client::builder()
            .user_agent(concat!("m3shd/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(Duration::from_secs(5))
            // Under the hub's 30 s idle timeout: the client lets an idle
            // connection go before the hub closes it, so a request never
            // goes out on a connection the hub is closing.
            .pool_idle_timeout(Duration::from_secs(20))
            .tcp_nodelay(true)
            .build()?;
        Ok(Client {
            base,
            http,
            headers,
        })
    }

    /// The same client, acting as `agent_id` on task lease calls.
    pub fn with_agent(mut self, agent_id: &str) -> Client {
        if let Ok(v) = HeaderValue::from_str(agent_id) {
            self.headers.insert(AGENT_HEADER, v);
        }
        self
    }

    /// The hub's base URL.
    pub fn base_url(&self) -> &str {
        &self.base
    }

    pub(crate) fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, format!("{}{}", self.base, path))
            .headers(self.headers.clone())
            .timeout(DEFAULT_TIMEOUT)
    }

    pub(crate) async fn send<T: DeserializeOwned>(
        &self,
        req: RequestBuilder,
    ) -> Result<T, ClientError> {
        let resp = req.send().await?;
        decode(resp).await
    }

    pub(crate) async fn send_empty(&self, req: RequestBuilder) -> Result<(), ClientError> {
        let resp = req.send().await?;
        let status = resp.status();
        if status.is_success() {
            return Ok(());
        }
        Err(api_error(
            status,
            resp.bytes().await.unwrap_or_default().as_ref(),
        ))
    }

    pub(crate) async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ClientError> {
        self.send(self.request(Method::GET, path)).await
    }

    pub(crate) async fn post<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, ClientError> {
        self.send(self.request(Method::POST, path).json(body)).await
    }

    // ---- health and summaries ----

    pub async fn health(&self) -> Result<Health, ClientError> {
        self.get("/api/health").await
    }

    pub async fn status(&self) -> Result<StatusSummary, ClientError> {
        self.get("/api/status").await
    }

    // ---- tasks (operator side) ----

    pub async fn create_task(
        &self,
        req: &CreateTask,
        idempotency_key: Option<&str>,
    ) -> Result<Task, ClientError> {
        let mut rb = self.request(Method::POST, "/api/tasks").json(req);
        if let Some(key) = idempotency_key {
            rb = rb.header(IDEMPOTENCY_HEADER, key);
        }
        self.send(rb).await
    }

    pub async fn get_task(&self, id: &str) -> Result<Task, ClientError> {
        self.get(&format!("/api/tasks/{}", seg(id))).await
    }

    pub async fn list_tasks(&self, q: &TaskQuery) -> Result<Vec<Task>, ClientError> {
        let list: TaskList = self
            .send(self.request(Method::GET, "/api/tasks").query(q))
            .await?;
        Ok(list.tasks)
    }

    pub async fn update_task(&self, id: &str, req: &UpdateTask) -> Result<Task, ClientError> {
        let path = format!("/api/tasks/{}", seg(id));
        self.send(self.request(Method::PUT, &path).json(req)).await
    }

    pub async fn cancel_task(&self, id: &str) -> Result<Task, ClientError> {
        self.post(
            &format!("/api/tasks/{}/cancel", seg(id)),
            &serde_json::json!({}),
        )
        .await
    }

    /// Run a failed or cancelled task again from scratch.
    pub async fn retry_task(&self, id: &str) -> Result<Task, ClientError> {
        self.post(
            &format!("/api/tasks/{}/retry", seg(id)),
            &serde_json::json!({}),
        )
        .await
    }

    // ---- agents (worker side) ----

    pub async fn register(
        &self,
        agent_id: &str,
        req: &RegisterAgent,
    ) -> Result<Registered, ClientError> {
        self.post(&format!("/api/agents/{}/register", seg(agent_id)), req)
            .await
    }

    pub async fn heartbeat(
        &self,
        agent_id: &str,
        hb: &Heartbeat,
    ) -> Result<HeartbeatAck, ClientError> {
        self.post(&format!("/api/agents/{}/heartbeat", seg(agent_id)), hb)
            .await
    }

    /// Long-poll for work: returns at once when the hub has tasks for this
    /// agent (at most `free_slots` of them; None: all it assigned), else
    /// after `wait_ms` with an empty list.
    pub async fn claim(
        &self,
        agent_id: &str,
        wait_ms: u64,
        free_slots: Option<u32>,
    ) -> Result<Vec<Claimed>, ClientError> {
        let path = format!("/api/agents/{}/claim", seg(agent_id));
        let rb = self
            .request(Method::POST, &path)
            .json(&ClaimRequest {
                wait_ms,
                free_slots,
            })
            .timeout(Duration::from_millis(wait_ms) + LONG_POLL_GRACE);
        let resp: ClaimResponse = self.send(rb).await?;
        Ok(resp.claims)
    }

    pub async fn deregister(&self, agent_id: &str) -> Result<(), ClientError> {
        let path = format!("/api/agents/{}/deregister", seg(agent_id));
        self.send_empty(
            self.request(Method::POST, &path)
                .json(&serde_json::json!({})),
        )
        .await
    }

    pub async fn list_agents(&self) -> Result<Vec<Agent>, ClientError> {
        let list: AgentList = self.get("/api/agents").await?;
        Ok(list.agents)
    }

    pub async fn get_agent(&self, id: &str) -> Result<Agent, ClientError> {
        self.get(&format!("/api/agents/{}", seg(id))).await
    }

    // ---- task leases (worker side; present the fence) ----

    pub async fn stream_chunk(&self, task_id: &str, req: &StreamChunk) -> Result<(), ClientError> {
        let path = format!("/api/tasks/{}/stream", seg(task_id));
        self.send_empty(self.request(Method::POST, &path).json(req))
            .await
    }

    pub async fn complete(&self, task_id: &str, req: &CompleteTask) -> Result<Task, ClientError> {
        self.post(&format!("/api/tasks/{}/complete", seg(task_id)), req)
            .await
    }

    pub async fn fail(&self, task_id: &str, req: &FailTask) -> Result<Task, ClientError> {
        self.post(&format!("/api/tasks/{}/fail", seg(task_id)), req)
            .await
    }

    pub async fn release(&self, task_id: &str, req: &ReleaseTask) -> Result<Task, ClientError> {
        self.post(&format!("/api/tasks/{}/release", seg(task_id)), req)
            .await
    }

    // ---- shared context and chat ----

    pub async fn context(&self) -> Result<Vec<ContextEntry>, ClientError> {
        let list: ContextList = self.get("/api/context").await?;
        Ok(list.context)
    }

    pub async fn set_context(&self, key: &str, value: &str) -> Result<ContextEntry, ClientError> {
        let path = format!("/api/context/{}", seg(key));
        let body = SetContext {
            value: value.to_string(),
        };
        self.send(self.request(Method::PUT, &path).json(&body))
            .await
    }

    pub async fn delete_context(&self, key: &str) -> Result<(), ClientError> {
        let path = format!("/api/context/{}", seg(key));
        self.send_empty(self.request(Method::DELETE, &path)).await
    }

    pub async fn post_message(&self, req: &PostMessage) -> Result<Message, ClientError> {
        self.post("/api/messages", req).await
    }

    pub async fn messages(&self, q: &MessageQuery) -> Result<Vec<Message>, ClientError> {
        let list: MessageList = self
            .send(self.request(Method::GET, "/api/messages").query(q))
            .await?;
        Ok(list.messages)
    }

    // ---- events ----

    /// Stored events after `q.after`, oldest first (one page).
    pub async fn events(&self, q: &StreamQuery) -> Result<Vec<EventRecord>, ClientError> {
        let list: EventList = self
            .send(self.request(Method::GET, "/api/events").query(q))
            .await?;
        Ok(list.events)
    }
}

/// Percent-encode one path segment (ids are `[a-z0-9-]`, but a bad id must
/// reach the hub as a bad id, not as a different path).
pub(crate) fn seg(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub(crate) async fn decode<T: DeserializeOwned>(resp: reqwest::Response) -> Result<T, ClientError> {
    let status = resp.status();
    let bytes = resp.bytes().await?;
    if status.is_success() {
        serde_json::from_slice(&bytes).map_err(|e| ClientError::Decode(e.to_string()))
    } else {
        Err(api_error(status, &bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_escaped() {
        assert_eq!(seg("abc-1"), "abc-1");
        assert_eq!(seg("../x"), "..%2Fx");
        assert_eq!(seg("a b"), "a%20b");
    }

    #[test]
    fn bad_urls_are_refused() {
        assert!(Client::new("127.0.0.1:8333", "t").is_err());
        assert!(Client::new("http://127.0.0.1:8333", "t\n").is_err());
    }
}
