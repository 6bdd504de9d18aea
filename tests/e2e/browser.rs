//! Headless Chromium driven over WebDriver (plain HTTP + JSON to a
//! `chromedriver` on a loopback port): enough to click, type, run a script
//! in the page and take screenshots.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{Value, json};

/// The WebDriver element key.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
const TAB: &str = "\u{E004}";

fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

pub struct Browser {
    driver: Child,
    base: String,
    session: String,
    http: reqwest::Client,
}

impl Browser {
    /// Start chromedriver and a headless Chromium session. Without them the
    /// test fails, saying how to get them: it never passes silently.
    pub async fn start() -> Browser {
        let driver_bin = find_program(&["chromedriver"]).unwrap_or_else(|| {
            panic!(
                "chromedriver not found: the dashboard test needs Debian's chromium and \
                 chromium-driver (apt-get install -y chromium chromium-driver; scripts/test \
                 installs them)"
            )
        });
        let chromium = find_program(&["chromium", "chromium-browser", "google-chrome"])
            .unwrap_or_else(|| {
                panic!("chromium not found: apt-get install -y chromium chromium-driver")
            });
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .expect("client");
        let (driver, base) = start_driver(&driver_bin, &http).await;
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--window-size=1440,900",
                         "--hide-scrollbars", "--force-device-scale-factor=1"]
            }
        }}});
        let r: Value = http
            .post(format!("{base}/session"))
            .json(&caps)
            .send()
            .await
            .expect("new session")
            .json()
            .await
            .expect("session json");
        let session = r["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no WebDriver session: {r}"))
            .to_string();
        Browser {
            driver,
            base,
            session,
            http,
        }
    }

    async fn cmd(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}/session/{}{}", self.base, self.session, path);
        let mut req = self.http.request(method, url);
        if let Some(body) = body {
            req = req.json(&body);
        }
        let r: Value = req
            .send()
            .await
            .expect("webdriver call")
            .json()
            .await
            .expect("webdriver json");
        if let Some(err) = r["value"]["error"].as_str() {
            panic!("webdriver {path}: {err}: {}", r["value"]["message"]);
        }
        r["value"].clone()
    }

    async fn post(&self, path: &str, body: Value) -> Value {
        self.cmd(reqwest::Method::POST, path, Some(body)).await
    }

    pub async fn goto(&self, url: &str) {
        self.post("/url", json!({ "url": url })).await;
    }

    /// Make the viewport (not the window) `width` x `height`.
    pub async fn size(&self, width: u32, height: u32) {
        self.post("/window/rect", json!({"width": width, "height": height}))
            .await;
        // The window keeps some of its height for itself: grow it by that.
        let inner = self
            .js("return [innerWidth, innerHeight];", json!([]))
            .await;
        let dw = width.saturating_sub(inner[0].as_u64().unwrap_or(0) as u32);
        let dh = height.saturating_sub(inner[1].as_u64().unwrap_or(0) as u32);
        self.post(
            "/window/rect",
            json!({"width": width + dw, "height": height + dh}),
        )
        .await;
        let script = format!("return innerWidth === {width} && innerHeight === {height};");
        self.wait_true(&format!("viewport {width}x{height}"), &script)
            .await;
    }

    /// Run `script` (a function body; `arguments` as given) in the page.
    pub async fn js(&self, script: &str, args: Value) -> Value {
        self.post("/execute/sync", json!({"script": script, "args": args}))
            .await
    }

    /// Run an async function body; it ends by calling `arguments[last]`.
    pub async fn js_async(&self, script: &str) -> Value {
        self.post("/execute/async", json!({"script": script, "args": []}))
            .await
    }

    /// Wait until `script` returns true (a function body), or panic.
    pub async fn wait_true(&self, what: &str, script: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if self.js(script, json!([])).await == Value::Bool(true) {
                return;
            }
            if Instant::now() > deadline {
                let text = self.js("return document.body.innerText;", json!([])).await;
                panic!("timed out waiting for {what}; the page says:\n{text}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Wait for an element matching `css`; returns its WebDriver id.
    pub async fn find(&self, css: &str) -> String {
        let check = format!("return !!document.querySelector({css:?});");
        self.wait_true(&format!("element {css}"), &check).await;
        let v = self
            .post("/element", json!({"using": "css selector", "value": css}))
            .await;
        v[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element id for {css}: {v}"))
            .to_string()
    }

    pub async fn click(&self, css: &str) {
        let id = self.find(css).await;
        self.post(&format!("/element/{id}/click"), json!({})).await;
    }

    pub async fn type_into(&self, css: &str, text: &str) {
        let id = self.find(css).await;
        self.post(&format!("/element/{id}/value"), json!({ "text": text }))
            .await;
    }

    /// Press Tab once (on whatever has focus).
    pub async fn tab(&self) {
        let actions = json!({"actions": [{"type": "key", "id": "kbd", "actions": [
            {"type": "keyDown", "value": TAB}, {"type": "keyUp", "value": TAB}
        ]}]});
        self.post("/actions", actions).await;
    }

    /// Save a PNG screenshot of the viewport to `path`; returns its size.
    pub async fn screenshot(&self, path: &Path) -> (u32, u32) {
        let v = self.cmd(reqwest::Method::GET, "/screenshot", None).await;
        let png = base64::engine::general_purpose::STANDARD
            .decode(v.as_str().expect("base64"))
            .expect("png");
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("screenshot dir");
        }
        std::fs::write(path, &png).expect("write screenshot");
        // IHDR: width and height, big-endian, at bytes 16..24.
        let be = |i: usize| u32::from_be_bytes([png[i], png[i + 1], png[i + 2], png[i + 3]]);
        (be(16), be(20))
    }
}

/// Start chromedriver on a free loopback port and wait until it says it is
/// ready. The port is picked by binding port 0 and letting go, so another
/// process may take it before the driver does: a driver that exits is
/// started again on a new port. Its log is kept so a failure says why.
async fn start_driver(driver_bin: &Path, http: &reqwest::Client) -> (Child, String) {
    let mut last_log = String::new();
    for _attempt in 0..3 {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let log_path = std::env::temp_dir().join(format!("m3shd-chromedriver-{port}.log"));
        let mut driver = Command::new(driver_bin)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .arg(format!("--log-path={}", log_path.display()))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let base = format!("http://127.0.0.1:{port}");
        // Generous: on a loaded 2-core machine the driver can take a while.
        let deadline = Instant::now() + Duration::from_secs(90);
        let exited = loop {
            if let Ok(r) = http.get(format!("{base}/status")).send().await {
                let v: Value = r.json().await.unwrap_or_default();
                if v["value"]["ready"] == true {
                    let _ = std::fs::remove_file(&log_path);
                    return (driver, base);
                }
            }
            if let Ok(Some(_)) = driver.try_wait() {
                break true;
            }
            if Instant::now() >= deadline {
                break false;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        last_log = std::fs::read_to_string(&log_path).unwrap_or_default();
        let _ = std::fs::remove_file(&log_path);
        let _ = driver.kill();
        let _ = driver.wait();
        if !exited {
            break;
        }
    }
    panic!("chromedriver did not start; its log:\n{last_log}");
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Best effort: end the session (closing Chromium), then the driver.
        let url = format!("{}/session/{}", self.base, self.session);
        let _ = delete_blocking(&url);
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// A DELETE over a plain socket: Drop cannot await the async client.
fn delete_blocking(url: &str) -> std::io::Result<()> {
    use std::io::{Read, Write};
    let rest = url.trim_start_matches("http://");
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let mut s = std::net::TcpStream::connect(host)?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        s,
        "DELETE /{path} HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )?;
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    Ok(())
}
