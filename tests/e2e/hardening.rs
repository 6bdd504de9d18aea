//! What a hostile machine on the LAN or another local user could do to the
//! real binaries: hold thousands of silent sockets against a hub with a
//! 1,024 open-file limit, fire failed logins to blow up its memory, or read
//! its files. Figures are printed, not asserted against a clock.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use m3shd_api::{CreateUserRequest, Password, UserRole};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

use crate::harness::*;

/// Far beyond any answer a working hub gives: only a hub that stopped
/// answering runs into it.
const ANSWER_WITHIN: Duration = Duration::from_secs(30);

fn http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    // A new connection per request: a socket kept from a previous round
    // could be one the hub closed to make room.
    reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .timeout(ANSWER_WITHIN)
        .build()
        .expect("client")
}

/// A field of `/proc/PID/status` in KiB (`VmRSS`, `VmHWM`).
#[cfg(target_os = "linux")]
fn status_kib(pid: u32, field: &str) -> u64 {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("proc status");
    text.lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or_else(|| panic!("no {field} in /proc/{pid}/status"))
}

/// The soft open-file limit of a process, from `/proc/PID/limits`.
#[cfg(target_os = "linux")]
fn open_files_of(pid: u32) -> u64 {
    let text = std::fs::read_to_string(format!("/proc/{pid}/limits")).expect("proc limits");
    text.lines()
        .find_map(|l| l.strip_prefix("Max open files"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .expect("Max open files")
}

/// This test process holds more sockets than the common default limit of
/// 1,024: raise its own soft limit when it is lower (util-linux `prlimit`).
#[cfg(target_os = "linux")]
fn ensure_open_files(n: u64) {
    let me = std::process::id();
    if open_files_of(me) < n {
        let _ = Command::new("prlimit")
            .args(["--pid", &me.to_string(), &format!("--nofile={n}:")])
            .status();
    }
    let have = open_files_of(me);
    assert!(
        have >= n,
        "this test holds {n} sockets; `ulimit -n` is {have}"
    );
}

fn summary(name: &str, mut ms: Vec<f64>) {
    ms.sort_by(f64::total_cmp);
    println!(
        "{name}: {} answers, min {:.1} ms, median {:.1} ms, max {:.1} ms",
        ms.len(),
        ms[0],
        ms[ms.len() / 2],
        ms[ms.len() - 1]
    );
}

#[cfg(target_os = "linux")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hub_answers_while_2200_silent_sockets_are_held_under_a_1024_file_limit() {
    ensure_open_files(3_000);
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start_under(&dir.path().join("hub"), "ulimit -n 1024");
    assert_eq!(
        open_files_of(hub.pid()),
        1024,
        "the hub runs under the limit"
    );

    // 2,000 sockets that send nothing, 200 that trickle a request head
    // (a header line a second, never the blank line).
    let opened = Instant::now();
    let mut idle = Vec::with_capacity(2000);
    for _ in 0..2000 {
        idle.push(TcpStream::connect(&hub.addr).await.expect("connect"));
    }
    let mut slow = Vec::with_capacity(200);
    for _ in 0..200 {
        let mut s = TcpStream::connect(&hub.addr).await.expect("connect");
        let _ = s
            .write_all(b"GET /api/health HTTP/1.1\r\nHost: hub\r\n")
            .await;
        slow.push(s);
    }
    println!("2,200 sockets open after {:?}", opened.elapsed());
    let trickle = tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        loop {
            tick.tick().await;
            for s in &mut slow {
                let _ = s.write_all(b"X-Slow: 1\r\n").await;
            }
        }
    });

    let http = http();
    let (mut health, mut authed) = (Vec::new(), Vec::new());
    for round in 0..20 {
        let t = Instant::now();
        let r = http
            .get(format!("{}/api/health", hub.url))
            .send()
            .await
            .unwrap_or_else(|e| panic!("round {round}: health did not answer: {e}"));
        assert!(r.status().is_success(), "round {round}: {}", r.status());
        health.push(t.elapsed().as_secs_f64() * 1000.0);

        let t = Instant::now();
        let r = http
            .get(format!("{}/api/status", hub.url))
            .bearer_auth(TOKEN)
            .send()
            .await
            .unwrap_or_else(|e| panic!("round {round}: status did not answer: {e}"));
        assert!(r.status().is_success(), "round {round}: {}", r.status());
        authed.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    summary("GET /api/health under attack", health);
    summary("GET /api/status (authenticated) under attack", authed);
    trickle.abort();
    drop(idle);
}

async fn login_from(url: &str, from: &str, password: &str) -> (u16, bool) {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::builder()
        .local_address(from.parse::<std::net::IpAddr>().expect("ip"))
        .timeout(ANSWER_WITHIN)
        .build()
        .expect("client");
    let r = http
        .post(format!("{url}/api/login"))
        .json(&serde_json::json!({"username": "ops", "password": password}))
        .send()
        .await
        .expect("login answered");
    (r.status().as_u16(), r.headers().contains_key("retry-after"))
}

#[cfg(target_os = "linux")]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn four_hundred_failed_logins_forty_at_a_time_leave_the_hub_small() {
    const MIB: u64 = 1024;
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 10);
    hub.client()
        .create_user(&CreateUserRequest {
            username: "ops".into(),
            password: Password("the-right-password".into()),
            role: UserRole::Admin,
        })
        .await
        .expect("user");
    let pid = hub.pid();
    let before = status_kib(pid, "VmRSS");

    // 400 wrong passwords from 200 loopback addresses, 40 in flight.
    let started = Instant::now();
    let answers: Vec<(u16, bool)> = futures_util::stream::iter(0..400u32)
        .map(|i| {
            let from = format!("127.0.{}.{}", 1 + i % 200 / 100, 2 + i % 100);
            let url = hub.url.clone();
            async move { login_from(&url, &from, &format!("guess-{i}")).await }
        })
        .buffer_unordered(40)
        .collect()
        .await;
    let took = started.elapsed();
    let peak = status_kib(pid, "VmHWM");
    let refused = answers.iter().filter(|(s, _)| *s == 429).count();
    let wrong = answers.iter().filter(|(s, _)| *s == 401).count();
    assert_eq!(refused + wrong, 400, "only 401 or 429: {answers:?}");
    assert!(
        answers.iter().all(|(s, retry)| *s != 429 || *retry),
        "every 429 says when to retry"
    );
    // The heap is what a kept hash buffer (19 MiB each) would grow; the
    // mapped code of the binary is not, and grows with every feature.
    let after = wait_for(
        "the hub to give the hash buffers back",
        Duration::from_secs(30),
        || async {
            let now = status_kib(pid, "RssAnon");
            (now < 40 * MIB).then_some(now)
        },
    )
    .await;
    println!(
        "400 failed logins in {took:?}: {wrong} wrong-password answers, {refused} refused (429); \
         hub RSS {} MiB before, peak {} MiB, {} MiB of heap after",
        before / MIB,
        peak / MIB,
        after / MIB
    );
    assert!(peak < 100 * MIB, "peak RSS {} MiB", peak / MIB);
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777
}

#[cfg(unix)]
fn assert_private(dir: &Path) {
    assert_eq!(mode(dir), 0o700, "{}", dir.display());
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_file() {
            assert_eq!(
                mode(&path) & 0o077,
                0,
                "{} is {:o}",
                path.display(),
                mode(&path)
            );
        }
    }
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hubs_files_are_private_whatever_the_umask_and_dir_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("hub");
    std::fs::create_dir(&data).unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
    let hub = Hub::start_under(&data, "umask 000");
    let client = hub.client();
    submit(&client, "echo private").await;
    for name in ["m3shd.db", "m3shd.db-wal", "m3shd.db-shm", "hubd.lock"] {
        assert!(data.join(name).exists(), "{name}");
    }
    assert_private(&data);
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_workers_waiting_results_are_private_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let mut hub = Hub::start(&dir.path().join("hub"), 60);
    let client = hub.client();
    let state = dir.path().join("keeper");
    std::fs::create_dir(&state).unwrap();
    std::fs::set_permissions(&state, std::fs::Permissions::from_mode(0o755)).unwrap();
    let w = Worker::start(
        &hub.url,
        dir.path(),
        WorkerSpec {
            prelude: Some("umask 000"),
            executor: "shell",
            command: Some("echo started; sleep 3"),
            ..WorkerSpec::named("keeper", 1)
        },
    );
    agents_online(&client, 1).await;
    // Long enough that the kill below lands while it still runs, even on a
    // loaded machine: a result delivered before the kill never reaches the outbox.
    let t = submit(&client, "keep this").await;
    output_shows(&client, &t.id, "started", Duration::from_secs(30)).await;
    // The hub goes away: the output waits in the outbox.
    hub.kill9();
    // Generous: should another test's hub take over the freed port and
    // stall, each of the worker's calls waits out the client's 30 s timeout
    // before the result is parked.
    wait_for(
        "the result parked in the outbox",
        Duration::from_secs(150),
        || async { (w.outbox_files() == 1).then_some(()) },
    )
    .await;
    assert_private(&state);
    assert_private(&state.join("outbox"));
}
