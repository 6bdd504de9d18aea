use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Once};
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

/// A typed client for one hub, or for several hubs sharing a database
/// (replicas, given as a comma-separated list of URLs): requests go to one
/// of them, and move on to the next when it cannot be reached. Cheap to
/// clone; clones share connections and the replica in use.
#[derive(Clone)]
pub struct Client {
    bases: Arc<[String]>,
    /// Index into `bases` of the replica in use.
    current: Arc<AtomicUsize>,
    http: reqwest::Client,
    headers: HeaderMap,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the token.
        f.debug_struct("Client")
            .field("bases", &self.bases)
            .finish()
    }
}

fn install_crypto_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // An already installed provider is just as good.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// `url`, built on one of `bases`, moved onto base `to`.
fn rebase(url: &reqwest::Url, bases: &[String], to: &str) -> Result<reqwest::Url, ClientError> {
    let prefix = bases
        .iter()
        .filter_map(|b| reqwest::Url::parse(b).ok())
        .find(|b| {
            b.origin() == url.origin() && url.path().starts_with(b.path().trim_end_matches('/'))
        })
        .map(|b| b.path().trim_end_matches('/').to_string())
        .unwrap_or_default();
    let rest = url.path().strip_prefix(&prefix).unwrap_or(url.path());
    let query = url.query().map(|q| format!("?{q}")).unwrap_or_default();
    reqwest::Url::parse(&format!("{to}{rest}{query}"))
        .map_err(|e| ClientError::Config(format!("hub URL `{to}`: {e}")))
}

impl Client {
    /// A client for the hub at `hub_url` (e.g. `http://127.0.0.1:8333`), or
    /// for replicas at `http://a:8333,http://b:8333`.
    pub fn new(hub_url: &str, token: &str) -> Result<Client, ClientError> {
        Client::build(hub_url, Some(token))
    }

    /// A client without a token, for the public calls (health, login).
    pub fn anonymous(hub_url: &str) -> Result<Client, ClientError> {
        Client::build(hub_url, None)
    }

    fn build(hub_url: &str, token: Option<&str>) -> Result<Client, ClientError> {
        install_crypto_provider();
        let bases = hub_url
            .split(',')
            .map(|u| u.trim().trim_end_matches('/').to_string())
            .filter(|u| !u.is_empty())
            .collect::<Vec<_>>();
        if bases.is_empty() {
            return Err(ClientError::Config("no hub URL given".into()));
        }
        if let Some(bad) = bases
            .iter()
            .find(|b| !(b.starts_with("http://") || b.starts_with("https://")))
        {
            return Err(ClientError::Config(format!(
                "hub URL `{bad}` must start with http:// or https://"
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
            bases: bases.into(),
            current: Arc::new(AtomicUsize::new(0)),
            http,
            headers,
        })
    }

    /// The same client (same hubs, same connections) with another bearer
    /// token: for a process that calls the hub on behalf of many callers.
    pub fn with_token(&self, token: &str) -> Result<Client, ClientError> {
        let mut auth = HeaderValue::from_str(&format!("Bearer {token}"))
            .map_err(|_| ClientError::Config("token contains invalid characters".into()))?;
        auth.set_sensitive(true);
        let mut c = self.clone();
        c.headers.insert(AUTHORIZATION, auth);
        Ok(c)
    }

    /// The same client, acting as `agent_id` on task lease calls.
    pub fn with_agent(mut self, agent_id: &str) -> Client {
        if let Ok(v) = HeaderValue::from_str(agent_id) {
            self.headers.insert(AGENT_HEADER, v);
        }
        self
    }

    /// The base URL of the hub in use.
    pub fn base_url(&self) -> &str {
        let i = self.current.load(Ordering::Relaxed) % self.bases.len();
        &self.bases[i]
    }

    /// Every hub this client may use, in the order given.
    pub fn base_urls(&self) -> &[String] {
        &self.bases
    }

    pub(crate) fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, format!("{}{}", self.base_url(), path))
            .headers(self.headers.clone())
            .timeout(DEFAULT_TIMEOUT)
    }

    /// Send `req`; when its hub cannot be reached (nothing was sent), try
    /// the next replica, each at most once, and keep using the one that
    /// answered.
    pub(crate) async fn execute(
        &self,
        req: RequestBuilder,
    ) -> Result<reqwest::Response, ClientError> {
        let mut req = req.build()?;
        let mut tries = self.bases.len();
        loop {
            let again = if tries > 1 { req.try_clone() } else { None };
            let from = self.current.load(Ordering::Relaxed);
            match self.http.execute(req).await {
                Err(e) if e.is_connect() && again.is_some() => {
                    tries -= 1;
                    let next = (from + 1) % self.bases.len();
                    // Another request may have moved on already.
                    let _ = self.current.compare_exchange(
                        from,
                        next,
                        Ordering::Relaxed,
                        Ordering::Relaxed,
                    );
                    let Some(mut retry) = again else {
                        return Err(e.into());
                    };
                    *retry.url_mut() = rebase(retry.url(), &self.bases, self.base_url())?;
                    req = retry;
                }
                other => return Ok(other?),
            }
        }
    }

    pub(crate) async fn send<T: DeserializeOwned>(
        &self,
        req: RequestBuilder,
    ) -> Result<T, ClientError> {
        let resp = self.execute(req).await?;
        decode(resp).await
    }

    pub(crate) async fn send_empty(&self, req: RequestBuilder) -> Result<(), ClientError> {
        let resp = self.execute(req).await?;
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

    /// A one-request HTTP server on loopback answering `/api/health`.
    async fn health_server() -> (String, tokio::task::JoinHandle<String>) {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let served = tokio::spawn(async move {
            let (mut sock, _) = listener.accept().await.expect("accept");
            let mut buf = vec![0u8; 4096];
            let n = sock.read(&mut buf).await.expect("read");
            let head = String::from_utf8_lossy(&buf[..n]).to_string();
            let body = r#"{"status":"ok","version":"0","time":"2026-01-01T00:00:00Z"}"#;
            let reply = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            sock.write_all(reply.as_bytes()).await.expect("write");
            head.lines().next().unwrap_or_default().to_string()
        });
        (url, served)
    }

    /// A loopback address nothing listens on.
    async fn closed_port() -> String {
        let l = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}", l.local_addr().expect("addr"));
        drop(l);
        url
    }

    #[tokio::test]
    async fn an_unreachable_replica_is_skipped_and_the_next_one_kept() {
        let dead = closed_port().await;
        let (live, served) = health_server().await;
        let client = Client::new(&format!("{dead}, {live}/"), "t").expect("client");
        assert_eq!(client.base_urls(), [dead.clone(), live.clone()]);
        assert_eq!(client.base_url(), dead);
        let h = client.health().await.expect("the second replica answers");
        assert_eq!(h.status, "ok");
        assert_eq!(served.await.expect("served"), "GET /api/health HTTP/1.1");
        assert_eq!(
            client.base_url(),
            live,
            "the replica that answered stays in use"
        );
    }

    #[tokio::test]
    async fn with_every_replica_down_the_error_is_a_transport_error() {
        let client = Client::new(
            &format!("{},{}", closed_port().await, closed_port().await),
            "t",
        )
        .expect("client");
        let e = client.health().await.expect_err("nobody answers");
        assert!(e.is_transient(), "{e}");
    }

    #[test]
    fn a_url_moves_to_another_base_keeping_path_and_query() {
        let bases = ["http://a:1/m3".to_string(), "http://b:2".to_string()];
        let u = reqwest::Url::parse("http://a:1/m3/api/tasks?limit=5").expect("url");
        assert_eq!(
            rebase(&u, &bases, "http://b:2").expect("rebase").as_str(),
            "http://b:2/api/tasks?limit=5"
        );
    }

    #[test]
    fn a_list_without_a_url_or_with_a_bad_one_is_refused() {
        assert!(Client::new(" , ", "t").is_err());
        assert!(Client::new("http://a:1,ftp://b", "t").is_err());
    }

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
