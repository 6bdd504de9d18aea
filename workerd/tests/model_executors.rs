//! The anthropic, openai and claude-cli executors against fakes that speak
//! the real wire formats: streaming, usage and cost, retries, the quota
//! circuit with its fallback, cut streams, routing, and a fake `claude`.

// Tests may panic on what should not happen and convert small numbers freely.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::cast_lossless)]
#![allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
#![allow(clippy::cast_sign_loss)]

mod model_setup;

use std::time::Duration;

use m3shd_test_support::fake_model::{
    FakeModel, Piece, Reply, anthropic_event, anthropic_stream, openai_chunk, openai_stream,
};
use m3shd_workerd::executor::claude_cli::ClaudeCliExecutor;
use m3shd_workerd::executor::confidence::INSTRUCTION;
use m3shd_workerd::executor::{ExecError, ExecOutput, Executor};
use model_setup::*;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

#[tokio::test]
async fn anthropic_streams_text_with_usage_and_cost() {
    let fake = FakeModel::start(vec![Reply::sse(anthropic_stream(
        "claude-sonnet-4-5-20250929",
        &["Hello", ", wor", "ld é"],
        12,
        5,
    ))])
    .await;
    let exec = model_exec(&anthropic_cfg(&fake.url, "max_tokens = 256"));
    let (r, pieces) = run(&exec, &task("Say hello", None)).await;
    let done = r.unwrap();
    assert_eq!(done.output, "Hello, world é");
    assert_eq!(pieces, ["Hello", ", wor", "ld é"]);
    let u = done.usage.unwrap();
    assert_eq!(
        (u.model.as_str(), u.input_tokens, u.output_tokens),
        ("claude-sonnet-4-5", 12, 5)
    );
    assert!(
        approx(u.cost_usd, (12.0 * 3.0 + 5.0 * 15.0) / 1e6),
        "{:?}",
        u.cost_usd
    );

    let req = &fake.requests()[0];
    assert_eq!(
        (req.method.as_str(), req.path.as_str()),
        ("POST", "/v1/messages")
    );
    assert_eq!(req.header("x-api-key"), Some("sk-ant-test-key"));
    assert_eq!(req.header("anthropic-version"), Some("2023-06-01"));
    assert_eq!(req.header("content-type"), Some("application/json"));
    assert_eq!(req.body["stream"], true);
    assert_eq!(req.body["model"], "claude-sonnet-4-5");
    assert_eq!(req.body["max_tokens"], 256);
    assert_eq!(req.body["messages"][0]["role"], "user");
    assert_eq!(
        req.body["messages"][0]["content"],
        format!("Say hello\n\n{INSTRUCTION}")
    );
    // The key never shows in the executor's debug output.
    assert!(!format!("{exec:?}").contains("sk-ant-test-key"));
}

#[tokio::test]
async fn anthropic_text_is_forwarded_while_the_stream_runs() {
    let mut body = anthropic_stream("claude-sonnet-4-5", &["first", " second"], 3, 2);
    // Hold the stream right after the first text delta.
    body.insert(4, Piece::Wait);
    let fake = FakeModel::start(vec![Reply::sse(body)]).await;
    let exec = std::sync::Arc::new(model_exec(&anthropic_cfg(&fake.url, "")));
    let (tx, mut rx) = mpsc::channel(16);
    let e = exec.clone();
    let handle = tokio::spawn(async move {
        let t = task("go", None);
        e.run(&t, &[], tx, CancellationToken::new()).await
    });
    let first = tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .unwrap();
    assert_eq!(first.as_deref(), Some("first"));
    assert!(!handle.is_finished());
    fake.release();
    let done = handle.await.unwrap().unwrap();
    assert_eq!(done.output, "first second");
}

#[tokio::test]
async fn anthropic_cut_mid_stream_fails_with_partial_output() {
    let mut body = anthropic_stream("claude-sonnet-4-5", &["partial ", "answer"], 40, 9);
    body.truncate(5); // message_start, block start, ping, two deltas
    body.push(Piece::Cut);
    let fake = FakeModel::start(vec![Reply::sse(body)]).await;
    let exec = model_exec(&anthropic_cfg(&fake.url, ""));
    let (r, _) = run(&exec, &task("go", None)).await;
    let e = r.unwrap_err();
    assert!(e.retryable, "{e:?}");
    assert!(e.message.contains("message_stop"), "{}", e.message);
    assert_eq!(e.partial_output.as_deref(), Some("partial answer"));
    let u = e.usage.unwrap();
    assert_eq!(
        (u.input_tokens, u.model.as_str()),
        (40, "claude-sonnet-4-5")
    );
    // Output was streamed: no second call that would repeat it.
    assert_eq!(fake.requests().len(), 1);

    // A body that ends cleanly without message_stop is no success either.
    let mut body = anthropic_stream("claude-sonnet-4-5", &["half"], 1, 1);
    body.pop();
    let fake = FakeModel::start(vec![Reply::sse(body)]).await;
    let exec = model_exec(&anthropic_cfg(&fake.url, ""));
    let e = run(&exec, &task("go", None)).await.0.unwrap_err();
    assert!(e.retryable);
    assert_eq!(e.partial_output.as_deref(), Some("half"));
}

#[tokio::test]
async fn anthropic_stream_error_event_fails_the_attempt() {
    let mut body = anthropic_stream("m", &["x"], 1, 1);
    body.truncate(4);
    body.push(Piece::Bytes(anthropic_event(
        "error",
        r#"{"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}"#,
    )));
    let fake = FakeModel::start(vec![Reply::sse(body)]).await;
    let exec = model_exec(&anthropic_cfg(&fake.url, ""));
    let e = run(&exec, &task("go", None)).await.0.unwrap_err();
    assert!(e.retryable);
    assert!(e.message.contains("Overloaded"), "{}", e.message);
    assert_eq!(e.partial_output.as_deref(), Some("x"));
}

const RATE_LIMITED: &str = r#"{"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}}"#;

#[tokio::test]
async fn a_429_is_retried_after_retry_after_then_succeeds() {
    let fake = FakeModel::start(vec![
        Reply::json(429, RATE_LIMITED).header("retry-after", "0.3"),
        Reply::sse(anthropic_stream("claude-sonnet-4-5", &["ok"], 2, 1)),
    ])
    .await;
    let exec = model_exec(&anthropic_cfg(&fake.url, ""));
    let started = std::time::Instant::now();
    let (r, _) = run(&exec, &task("go", None)).await;
    assert_eq!(r.unwrap().output, "ok");
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "retry-after not honoured"
    );
    assert_eq!(fake.requests().len(), 2);
}

#[tokio::test]
async fn too_many_429s_fail_the_attempt_retryably() {
    let r429 = Reply::json(429, RATE_LIMITED).header("retry-after", "0");
    let fake = FakeModel::start(vec![r429.clone(), r429.clone(), r429.clone(), r429]).await;
    let exec = model_exec(&anthropic_cfg(&fake.url, "")); // max_retries_429 = 2
    let e = run(&exec, &task("go", None)).await.0.unwrap_err();
    assert!(e.retryable, "the hub's max_attempts decides");
    assert!(e.message.contains("rate limited"), "{}", e.message);
    assert!(e.message.contains("HTTP 429"), "{}", e.message);
    assert_eq!(fake.requests().len(), 3);
}

#[tokio::test]
async fn transient_errors_are_retried_with_backoff_invalid_ones_are_not() {
    let fake = FakeModel::start(vec![
        Reply::json(
            500,
            r#"{"type":"error","error":{"type":"api_error","message":"Internal"}}"#,
        ),
        Reply::json(
            529,
            r#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#,
        ),
        Reply::sse(anthropic_stream("claude-sonnet-4-5", &["fine"], 2, 1)),
    ])
    .await;
    let exec = model_exec(&anthropic_cfg(&fake.url, ""));
    assert_eq!(
        run(&exec, &task("go", None)).await.0.unwrap().output,
        "fine"
    );
    assert_eq!(fake.requests().len(), 3);

    let fake = FakeModel::start(vec![Reply::json(
        400,
        r#"{"type":"error","error":{"type":"invalid_request_error","message":"messages: at least one message is required"}}"#,
    )])
    .await;
    let exec = model_exec(&anthropic_cfg(&fake.url, ""));
    let e = run(&exec, &task("go", None)).await.0.unwrap_err();
    assert!(!e.retryable);
    assert!(e.message.contains("at least one message"), "{}", e.message);
    assert_eq!(fake.requests().len(), 1);

    // Nobody listening: connection errors are transient.
    let exec = model_exec(&anthropic_cfg("http://127.0.0.1:9", ""));
    let e = run(&exec, &task("go", None)).await.0.unwrap_err();
    assert!(e.retryable);
    assert!(e.message.contains("connection"), "{}", e.message);
}

#[tokio::test]
async fn exhausted_credit_opens_the_circuit_and_the_fallback_takes_over() {
    let credit = r#"{"type":"error","error":{"type":"invalid_request_error","message":"Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits."}}"#;
    let main = FakeModel::start(vec![Reply::json(400, credit)]).await;
    let backup = FakeModel::start(vec![
        Reply::sse(openai_stream("local-model", &["from ", "backup"], 7, 3)),
        Reply::sse(openai_stream("local-model", &["again"], 7, 1)),
    ])
    .await;
    let extra = format!(
        r#"fallback = "backup"
        [profiles.backup]
        api = "openai"
        base_url = "{}/v1"
        model = "local-model"
        "#,
        backup.url
    );
    let exec = model_exec(&anthropic_cfg(&main.url, &extra));
    let (r, _) = run(&exec, &task("go", None)).await;
    let done = r.unwrap();
    assert_eq!(done.output, "from backup");
    let u = done.usage.unwrap();
    assert_eq!(
        (u.model.as_str(), u.input_tokens, u.output_tokens),
        ("local-model", 7, 3)
    );
    assert_eq!(u.cost_usd, None, "no price for a local model");
    // The next task goes straight to the fallback.
    let (r, _) = run(&exec, &task("go", None)).await;
    assert_eq!(r.unwrap().output, "again");
    assert_eq!(main.requests().len(), 1);
    assert_eq!(backup.requests().len(), 2);
    assert_eq!(
        backup.requests()[0].header("authorization"),
        None,
        "no key configured"
    );
}

#[tokio::test]
async fn exhausted_quota_without_fallback_fails_for_good() {
    let quota = r#"{"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}"#;
    let fake = FakeModel::start(vec![Reply::json(429, quota)]).await;
    let exec = model_exec(&openai_cfg(&fake.url, ""));
    let e = run(&exec, &task("go", None)).await.0.unwrap_err();
    assert!(!e.retryable);
    assert!(
        e.message.contains("exceeded your current quota"),
        "{}",
        e.message
    );
    // Circuit open: no call at all for the next task.
    let e = run(&exec, &task("go", None)).await.0.unwrap_err();
    assert!(!e.retryable);
    assert!(e.message.contains("circuit open"), "{}", e.message);
    assert_eq!(fake.requests().len(), 1);
}

#[tokio::test]
async fn openai_streams_text_with_usage() {
    let fake = FakeModel::start(vec![Reply::sse(openai_stream(
        "gpt-4o-mini-2024-07-18",
        &["Hi", " there"],
        20,
        4,
    ))])
    .await;
    let exec = model_exec(&openai_cfg(&fake.url, ""));
    let (r, pieces) = run(&exec, &task("Say hi", None)).await;
    let done = r.unwrap();
    assert_eq!(done.output, "Hi there");
    assert_eq!(pieces, ["Hi", " there"]);
    let u = done.usage.unwrap();
    assert_eq!(
        (u.model.as_str(), u.input_tokens, u.output_tokens),
        ("gpt-4o-mini", 20, 4)
    );
    assert!(approx(u.cost_usd, (20.0 * 0.15 + 4.0 * 0.6) / 1e6));
    let req = &fake.requests()[0];
    assert_eq!(req.path, "/v1/chat/completions");
    assert_eq!(req.header("authorization"), Some("Bearer sk-oai-test-key"));
    assert_eq!(req.body["stream"], true);
    assert_eq!(req.body["stream_options"]["include_usage"], true);
    assert_eq!(req.body["model"], "gpt-4o-mini");
    assert_eq!(
        req.body["messages"][0]["content"],
        format!("Say hi\n\n{INSTRUCTION}")
    );
}

#[tokio::test]
async fn openai_without_done_is_a_failure_with_partial_output() {
    // Cut mid-stream.
    let fake = FakeModel::start(vec![Reply::sse(vec![
        Piece::Bytes(openai_chunk("m", "par")),
        Piece::Bytes(openai_chunk("m", "tial")),
        Piece::Cut,
    ])])
    .await;
    let exec = model_exec(&openai_cfg(&fake.url, ""));
    let e = run(&exec, &task("go", None)).await.0.unwrap_err();
    assert!(e.retryable);
    assert!(e.message.contains("[DONE]"), "{}", e.message);
    assert_eq!(e.partial_output.as_deref(), Some("partial"));
    assert_eq!(
        e.usage.as_ref().map(|u| u.model.as_str()),
        Some("gpt-4o-mini")
    );
    // Usage chunk but the body ends without [DONE].
    let mut body = openai_stream("m", &["all"], 1, 1);
    body.pop();
    let fake = FakeModel::start(vec![Reply::sse(body)]).await;
    let exec = model_exec(&openai_cfg(&fake.url, ""));
    let e = run(&exec, &task("go", None)).await.0.unwrap_err();
    assert_eq!(e.partial_output.as_deref(), Some("all"));
    assert_eq!(e.usage.unwrap().input_tokens, 1);
}

#[tokio::test]
async fn routing_picks_the_model_and_the_task_model_overrides_it() {
    let replies = (0..3)
        .map(|_| Reply::sse(openai_stream("x", &["ok"], 1, 1)))
        .collect();
    let fake = FakeModel::start(replies).await;
    let cfg = openai_cfg(&fake.url, "")
        .replace("model = \"gpt-4o-mini\"", "")
        .replace(
            "[retries]",
            "[routing]\nsmall = \"tiny\"\nstandard = \"mid\"\nlarge = \"huge\"\n[retries]",
        );
    let exec = model_exec(&cfg);
    let u = |r: Result<ExecOutput, ExecError>| r.unwrap().usage.unwrap().model;
    assert_eq!(
        u(run(&exec, &task("Summarize: the hub is up.", None)).await.0),
        "tiny"
    );
    assert_eq!(
        u(run(&exec, &task("Refactor the outbox for clarity", None))
            .await
            .0),
        "huge"
    );
    assert_eq!(
        u(run(&exec, &task("Refactor the outbox", Some("small")))
            .await
            .0),
        "tiny"
    );
    let models: Vec<_> = fake
        .requests()
        .iter()
        .map(|r| r.body["model"].clone())
        .collect();
    assert_eq!(models, ["tiny", "huge", "tiny"]);
}

#[tokio::test]
async fn cancellation_stops_the_stream_with_partial_output() {
    let mut body = anthropic_stream("m", &["early"], 5, 1);
    body.insert(4, Piece::Wait); // never released
    let fake = FakeModel::start(vec![Reply::sse(body)]).await;
    let exec = std::sync::Arc::new(model_exec(&anthropic_cfg(&fake.url, "")));
    let (tx, mut rx) = mpsc::channel(16);
    let cancel = CancellationToken::new();
    let (e, c) = (exec.clone(), cancel.clone());
    let handle = tokio::spawn(async move {
        let t = task("go", None);
        e.run(&t, &[], tx, c).await
    });
    assert_eq!(rx.recv().await.as_deref(), Some("early"));
    cancel.cancel();
    let err = tokio::time::timeout(Duration::from_secs(10), handle)
        .await
        .expect("cancel ignored")
        .unwrap()
        .unwrap_err();
    assert_eq!(err.message, "cancelled");
    assert_eq!(err.partial_output.as_deref(), Some("early"));
    assert_eq!(err.usage.unwrap().input_tokens, 5);
}

// ---------------------------------------------------------------- claude-cli

#[cfg(unix)]
fn fake_claude(dir: &std::path::Path, body: &str) -> String {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join("claude");
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path.to_string_lossy().into_owned()
}

#[cfg(unix)]
fn claude_exec(path: &str, extra: &str) -> ClaudeCliExecutor {
    let cfg = format!("executor = \"claude-cli\"\n{extra}\n[claude_cli]\npath = \"{path}\"\n");
    ClaudeCliExecutor::new(&config(&cfg))
}

#[cfg(unix)]
#[tokio::test]
async fn claude_cli_streams_json_with_usage_and_cost() {
    let dir = tempfile::tempdir().unwrap();
    let args_file = dir.path().join("args");
    let script = format!(
        r#"echo "$@" > '{args}'
stdin=$(cat)
prompt=$(printf '%s\n' "$stdin" | head -n 1)
echo '{{"type":"system","subtype":"init","session_id":"s1","model":"claude-sonnet-4-5-20250929","tools":[]}}'
echo '{{"type":"assistant","message":{{"id":"m1","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[{{"type":"text","text":"Working on: '"$prompt"'"}}]}},"session_id":"s1"}}'
echo '{{"type":"assistant","message":{{"content":[{{"type":"tool_use","id":"x","name":"Bash","input":{{}}}}]}}}}'
echo '{{"type":"result","subtype":"success","is_error":false,"duration_ms":10,"num_turns":1,"result":"Final answer","session_id":"s1","total_cost_usd":0.0123,"usage":{{"input_tokens":100,"cache_creation_input_tokens":10,"cache_read_input_tokens":5,"output_tokens":20}}}}'"#,
        args = args_file.display()
    );
    let path = fake_claude(dir.path(), &script);
    let exec = claude_exec(&path, "model = \"sonnet\"");
    let (r, pieces) = run(&exec, &task("the prompt", None)).await;
    let done = r.unwrap();
    assert_eq!(done.output, "Final answer");
    assert_eq!(pieces, ["Working on: the prompt"]);
    let u = done.usage.unwrap();
    assert_eq!(
        (u.model.as_str(), u.input_tokens, u.output_tokens),
        ("sonnet", 115, 20)
    );
    assert_eq!(u.cost_usd, Some(0.0123));
    let args = std::fs::read_to_string(&args_file).unwrap();
    assert_eq!(
        args.trim(),
        "--print --dangerously-skip-permissions --output-format stream-json --verbose --model sonnet"
    );
}

#[cfg(unix)]
#[tokio::test]
async fn claude_cli_is_asked_for_its_confidence_and_reports_it_apart() {
    let dir = tempfile::tempdir().unwrap();
    let stdin_file = dir.path().join("stdin");
    let script = format!(
        r#"cat > '{stdin}'
printf '%s\n' '{{"type":"result","subtype":"success","is_error":false,"result":"Final answer\nCONFIDENCE: 0.42","usage":{{"input_tokens":1,"output_tokens":1}}}}'"#,
        stdin = stdin_file.display()
    );
    let path = fake_claude(dir.path(), &script);
    let done = run(&claude_exec(&path, ""), &task("the prompt", None))
        .await
        .0
        .unwrap();
    assert_eq!(
        (done.output.as_str(), done.confidence),
        ("Final answer", Some(0.42))
    );
    assert_eq!(
        std::fs::read_to_string(&stdin_file).unwrap(),
        format!("the prompt\n\n{INSTRUCTION}")
    );
}

#[cfg(unix)]
#[tokio::test]
async fn claude_cli_gets_the_task_identity_in_its_environment() {
    let dir = tempfile::tempdir().unwrap();
    let path = fake_claude(
        dir.path(),
        r#"cat >/dev/null
echo "$M3SHD_TASK_ID $M3SHD_ATTEMPT $M3SHD_IDEMPOTENCY_KEY""#,
    );
    let mut second = task("p", None);
    second.attempts = 2;
    let out = run(&claude_exec(&path, ""), &second).await.0.unwrap();
    assert_eq!(out.output.trim(), "t-model 2 m3shd-task-t-model");
}

#[cfg(unix)]
#[tokio::test]
async fn claude_cli_failures_keep_stderr_and_partial_output() {
    let dir = tempfile::tempdir().unwrap();
    let path = fake_claude(
        dir.path(),
        r#"cat >/dev/null
echo '{"type":"assistant","message":{"content":[{"type":"text","text":"half"}]}}'
echo 'API Error: 500 boom' >&2
exit 1"#,
    );
    let e = run(&claude_exec(&path, ""), &task("p", None))
        .await
        .0
        .unwrap_err();
    assert!(
        e.message.contains("code 1") && e.message.contains("boom"),
        "{}",
        e.message
    );
    assert_eq!(e.partial_output.as_deref(), Some("half"));
    // Exit 0 but no result line: a cut run, not a success.
    let path = fake_claude(
        dir.path(),
        r#"cat >/dev/null
echo '{"type":"assistant","message":{"content":[{"type":"text","text":"cut"}]}}'"#,
    );
    let e = run(&claude_exec(&path, ""), &task("p", None))
        .await
        .0
        .unwrap_err();
    assert!(e.retryable);
    assert_eq!(e.partial_output.as_deref(), Some("cut"));
    // A result flagged as an error.
    let path = fake_claude(
        dir.path(),
        r#"cat >/dev/null
echo '{"type":"result","subtype":"error_max_turns","is_error":true,"result":"too many turns","usage":{"input_tokens":1,"output_tokens":1}}'"#,
    );
    let e = run(&claude_exec(&path, ""), &task("p", None))
        .await
        .0
        .unwrap_err();
    assert!(e.message.contains("too many turns"), "{}", e.message);
    assert_eq!(e.usage.unwrap().input_tokens, 1);
    // A missing program.
    let e = run(&claude_exec("/nonexistent/claude", ""), &task("p", None))
        .await
        .0
        .unwrap_err();
    assert!(e.message.contains("cannot start"), "{}", e.message);
}

#[cfg(unix)]
#[tokio::test]
async fn claude_cli_timeout_kills_the_whole_group() {
    let dir = tempfile::tempdir().unwrap();
    let pid_file = dir.path().join("grandchild.pid");
    let path = fake_claude(
        dir.path(),
        &format!(
            r#"cat >/dev/null
(sleep 60) &
echo $! > '{}'
echo '{{"type":"assistant","message":{{"content":[{{"type":"text","text":"started"}}]}}}}'
sleep 60"#,
            pid_file.display()
        ),
    );
    let exec = claude_exec(&path, "[timeouts]\nrequest_secs = 1");
    let started = std::time::Instant::now();
    let e = run(&exec, &task("p", None)).await.0.unwrap_err();
    assert!(e.message.contains("timed out"), "{}", e.message);
    assert!(e.retryable);
    assert_eq!(e.partial_output.as_deref(), Some("started"));
    assert!(started.elapsed() < Duration::from_secs(10));
    // The grandchild was started before the output the run returned, so
    // its pid is written; it must be gone soon after the timeout.
    let pid = std::fs::read_to_string(&pid_file).unwrap();
    let pid = pid.trim();
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while process_alive(pid) {
        assert!(
            std::time::Instant::now() < deadline,
            "a process of the group (pid {pid}) survived the timeout"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Whether `pid` names a running process (a zombie, killed but not yet
/// reaped, is not).
#[cfg(unix)]
fn process_alive(pid: &str) -> bool {
    let out = std::process::Command::new("ps")
        .args(["-o", "stat=", "-p", pid])
        .output()
        .unwrap();
    let stat = String::from_utf8_lossy(&out.stdout);
    let stat = stat.trim();
    !stat.is_empty() && !stat.starts_with('Z')
}

// ------------------------------------------------------- real model (opt-in)

/// `M3SHD_REAL_MODEL_URL=http://127.0.0.1:8080` (a llama.cpp server, which
/// speaks both APIs): runs both HTTP executors against it. Skipped otherwise.
#[tokio::test]
async fn real_local_model_when_configured() {
    let Ok(url) = std::env::var("M3SHD_REAL_MODEL_URL") else {
        eprintln!("M3SHD_REAL_MODEL_URL not set: skipped");
        return;
    };
    let url = url.trim_end_matches('/').to_string();
    let cfg = format!(
        "executor = \"anthropic\"\nmodel = \"local\"\nmax_tokens = 32\n[profiles.anthropic]\napi = \"anthropic\"\nbase_url = \"{url}\"\n"
    );
    let (r, _) = run(&model_exec(&cfg), &task("Say hello.", None)).await;
    let done = r.expect("anthropic API of the real server");
    assert!(!done.output.is_empty());
    assert!(done.usage.unwrap().output_tokens > 0);
    let cfg = format!(
        "executor = \"openai\"\nprofile = \"llama-cpp\"\nmodel = \"local\"\nmax_tokens = 32\n[profiles.llama-cpp]\napi = \"openai\"\nbase_url = \"{url}/v1\"\n"
    );
    let (r, _) = run(&model_exec(&cfg), &task("Say hello.", None)).await;
    let done = r.expect("openai API of the real server");
    assert!(!done.output.is_empty());
    assert!(done.usage.unwrap().output_tokens > 0);
}
