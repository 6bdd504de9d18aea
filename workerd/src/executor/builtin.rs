//! The `builtin` executor: deterministic local jobs that need no API key.
//!
//! The prompt's first word picks the job:
//!
//! | prompt                         | output                                        |
//! |--------------------------------|-----------------------------------------------|
//! | `echo TEXT`                    | `TEXT`                                        |
//! | `sleep MS`                     | sleeps MS ms (cancellable), then `slept MS`   |
//! | `fail MSG`                     | fails the task with MSG (not retryable)       |
//! | `text_stats TEXT`              | JSON statistics of TEXT                       |
//! | `keywords [N] TEXT`            | JSON array of the top N (10) keywords         |
//! | `chunk N TEXT`                 | JSON array of chunks of at most N characters  |
//! | `summarize TEXT`               | extractive summary of TEXT                    |
//! | `plan GOAL`                    | JSON array of 2–5 subtasks of GOAL            |
//! | anything else                  | extractive summary of the whole prompt        |
//!
//! A protocol step (a task with a `protocol_role`) runs a job of its role
//! instead, on the output blocks the hub appended to its prompt (the last
//! ones: the subject's prompt may carry blocks of its own parents); see
//! [`super::roles`]:
//!
//! | role          | its inputs         | output                                              |
//! |---------------|--------------------|-----------------------------------------------------|
//! | `verifies`    | –                  | the job its prompt (the subject's) names            |
//! | `debates`     | –                  | the job its prompt (the subject's) names            |
//! | `challenges`  | result             | its TODO/FIXME lines, then `SCORE: 0.9`; `SCORE: 0.2` if none and not empty |
//! | `revises`     | result, critique   | the result without its TODO/FIXME lines             |
//! | `synthesises` | answer A, answer B | A's lines, B's new ones, `KEPT FROM <id>: N points` (each side's points in the answer) |
//! | `votes`       | result             | a rationale line, then `VOTE: accept` or `reject`   |
//! | `validates`   | result             | `VERDICT: accept` or `reject`, then `REASON: …`     |
//!
//! Votes and verdicts reject an empty result or one starting with
//! `INVALID`. Every result comes with the confidence the worker is
//! configured with (`--builtin-confidence`), so operators and tests can
//! make one builtin agent less sure than another.

use std::time::Duration;

use m3shd_api::{ProtocolRole, Task};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::{ExecError, ExecOutput, Executor, Image, RunFuture};
use crate::text;

/// Longest `sleep` the builtin executor accepts (one hour).
pub const MAX_SLEEP_MS: u64 = 3_600_000;

/// A parsed builtin job.
#[derive(Debug, Clone, PartialEq)]
pub enum Job {
    Echo(String),
    Sleep(u64),
    Fail(String),
    TextStats(String),
    Keywords(usize, String),
    Chunk(usize, String),
    Summarize(String),
    Plan(String),
    /// A protocol step's job on its whole prompt.
    Step(ProtocolRole, String),
}

/// Split off the first whitespace-separated word; the rest keeps its inner
/// formatting (line breaks matter to `text_stats`).
fn split_word(s: &str) -> (&str, &str) {
    let s = s.trim_start();
    match s.find(char::is_whitespace) {
        Some(i) => {
            let (w, rest) = s.split_at(i);
            // Drop exactly the separator run between the word and the text.
            (w, rest.trim_start())
        }
        None => (s, ""),
    }
}

/// Parse a prompt into a job. Errors are argument errors (bad numbers).
pub fn parse(prompt: &str) -> Result<Job, ExecError> {
    // The hub may put the agent's guidelines, memories and the world
    // model in front of the prompt; the job is what was submitted. A task
    // from a peer hub comes wrapped as federated input: that marks it for
    // agents that read instructions; a builtin job follows none, so it runs
    // the same wherever the task was created.
    let prompt = m3shd_api::strip_federated(m3shd_api::strip_injected_blocks(prompt));
    let (word, rest) = split_word(prompt);
    let job = match word.to_ascii_lowercase().as_str() {
        "echo" => Job::Echo(rest.to_string()),
        "sleep" => {
            let ms: u64 = rest.trim().parse().map_err(|_| {
                ExecError::permanent(format!("sleep needs milliseconds, got `{}`", rest.trim()))
            })?;
            if ms > MAX_SLEEP_MS {
                return Err(ExecError::permanent(format!(
                    "sleep is limited to {MAX_SLEEP_MS} ms"
                )));
            }
            Job::Sleep(ms)
        }
        "fail" => Job::Fail(if rest.is_empty() {
            "failed on request".to_string()
        } else {
            rest.to_string()
        }),
        "text_stats" | "stats" => Job::TextStats(rest.to_string()),
        "keywords" | "keyword_extract" => {
            let (n, text) = split_word(rest);
            match n.parse::<usize>() {
                Ok(n) => Job::Keywords(n, text.to_string()),
                Err(_) => Job::Keywords(text::DEFAULT_KEYWORDS, rest.to_string()),
            }
        }
        "chunk" | "text_chunk" => {
            let (n, text) = split_word(rest);
            let n: usize = n.parse().map_err(|_| {
                ExecError::permanent(format!(
                    "usage: chunk N TEXT (N = max characters), got `{n}`"
                ))
            })?;
            Job::Chunk(n, text.to_string())
        }
        "summarize" | "summarise" | "summary" => Job::Summarize(rest.to_string()),
        "plan" => Job::Plan(rest.to_string()),
        _ => Job::Summarize(prompt.to_string()),
    };
    Ok(job)
}

/// The job of `task`: its role's for a protocol step that has one, else
/// the one its prompt names. A verification or a debate answer is the
/// subject's prompt, answered like any other.
pub fn job_of(task: &Task) -> Result<Job, ExecError> {
    match task.protocol_role {
        None | Some(ProtocolRole::Verifies | ProtocolRole::Debates) => parse(&task.prompt),
        Some(role) => Ok(Job::Step(role, task.prompt.clone())),
    }
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string_pretty(v).unwrap_or_else(|_| "null".to_string())
}

/// Run a non-sleeping job to its output.
pub fn run_job(job: &Job) -> Result<String, ExecError> {
    let bad = |e: text::TextError| ExecError::permanent(e.0);
    Ok(match job {
        Job::Echo(t) => t.clone(),
        Job::Sleep(ms) => format!("slept {ms}"),
        Job::Fail(msg) => return Err(ExecError::permanent(msg.clone())),
        Job::TextStats(t) => json(&text::text_stats(t)),
        Job::Keywords(n, t) => json(&text::keywords(t, *n).map_err(bad)?),
        Job::Chunk(n, t) => json(&text::chunk(t, *n).map_err(bad)?),
        Job::Summarize(t) => text::summarize(t, text::DEFAULT_SUMMARY_SENTENCES),
        Job::Plan(goal) => json(&text::plan(goal).map_err(bad)?),
        Job::Step(role, prompt) => super::roles::run(*role, prompt)?,
    })
}

/// The confidence builtin results come with unless configured.
pub const DEFAULT_CONFIDENCE: f64 = 0.9;

/// The deterministic, key-free executor.
#[derive(Debug, Clone)]
pub struct BuiltinExecutor {
    confidence: f64,
}

impl Default for BuiltinExecutor {
    fn default() -> Self {
        BuiltinExecutor::new()
    }
}

impl BuiltinExecutor {
    /// Reporting [`DEFAULT_CONFIDENCE`].
    pub fn new() -> Self {
        BuiltinExecutor::with_confidence(DEFAULT_CONFIDENCE)
    }

    /// Reporting `confidence` with every result (the worker checks it is
    /// within 0..=1).
    pub fn with_confidence(confidence: f64) -> Self {
        BuiltinExecutor { confidence }
    }
}

impl Executor for BuiltinExecutor {
    fn name(&self) -> &'static str {
        "builtin"
    }

    fn run<'a>(
        &'a self,
        task: &'a Task,
        _images: &'a [Image],
        out: mpsc::Sender<String>,
        cancel: CancellationToken,
    ) -> RunFuture<'a> {
        Box::pin(async move {
            let job = job_of(task)?;
            if let Job::Sleep(ms) = job {
                tokio::select! {
                    _ = tokio::time::sleep(Duration::from_millis(ms)) => {}
                    _ = cancel.cancelled() => return Err(ExecError::cancelled()),
                }
            }
            let output = run_job(&job)?;
            if matches!(job, Job::Echo(_)) {
                let _ = out.send(output.clone()).await;
            } else {
                // A few pieces, line by line, so streaming is visible.
                for line in output.split_inclusive('\n') {
                    if cancel.is_cancelled() {
                        return Err(ExecError::cancelled());
                    }
                    if out.send(line.to_string()).await.is_err() {
                        break;
                    }
                    tokio::task::yield_now().await;
                }
            }
            Ok(ExecOutput {
                output,
                usage: None,
                confidence: Some(self.confidence),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injected_memories_and_world_blocks_do_not_change_the_job() {
        let p = format!("{}echo hi", m3shd_api::memory_block("ag", "db: sqlite\n"));
        assert_eq!(parse(&p).unwrap(), Job::Echo("hi".into()));
        let world = m3shd_api::world_block("- Apollo (project)\n  Apollo uses Rust\n");
        let p = format!("{world}echo hi");
        assert_eq!(parse(&p).unwrap(), Job::Echo("hi".into()));
        let p = format!(
            "{}{world}echo hi",
            m3shd_api::memory_block("ag", "db: sqlite\n")
        );
        assert_eq!(parse(&p).unwrap(), Job::Echo("hi".into()));
    }

    #[test]
    fn injected_guidelines_do_not_change_the_job() {
        let p = format!(
            "{}{}echo hi",
            m3shd_api::evolution_block("- Cite sources\n"),
            m3shd_api::memory_block("ag", "db: sqlite\n")
        );
        assert_eq!(parse(&p).unwrap(), Job::Echo("hi".into()));
        let p = format!("{}sleep 5", m3shd_api::evolution_block("- Be brief\n"));
        assert_eq!(parse(&p).unwrap(), Job::Sleep(5));
    }

    #[test]
    fn parses_jobs_by_first_word() {
        assert_eq!(
            parse("echo hi  there").unwrap(),
            Job::Echo("hi  there".into())
        );
        assert_eq!(parse("  ECHO\nx").unwrap(), Job::Echo("x".into()));
        assert_eq!(parse("echo").unwrap(), Job::Echo(String::new()));
        let from_a_peer = m3shd_api::delimit_federated("hub-a", "echo hi");
        assert_eq!(parse(&from_a_peer).unwrap(), Job::Echo("hi".into()));
        assert_eq!(parse("sleep 250").unwrap(), Job::Sleep(250));
        assert!(parse("sleep soon").is_err());
        assert!(parse("sleep 99999999999").is_err());
        assert_eq!(parse("fail boom").unwrap(), Job::Fail("boom".into()));
        assert_eq!(
            parse("text_stats a\nb").unwrap(),
            Job::TextStats("a\nb".into())
        );
        assert_eq!(
            parse("keywords 3 mesh mesh").unwrap(),
            Job::Keywords(3, "mesh mesh".into())
        );
        assert_eq!(
            parse("keywords mesh mesh").unwrap(),
            Job::Keywords(10, "mesh mesh".into())
        );
        assert_eq!(parse("chunk 5 abc").unwrap(), Job::Chunk(5, "abc".into()));
        assert_eq!(
            parse("PLAN ship it and tell them").unwrap(),
            Job::Plan("ship it and tell them".into())
        );
        let steps: Vec<String> =
            serde_json::from_str(&run_job(&Job::Plan("ship it and tell them".into())).unwrap())
                .unwrap();
        assert_eq!(steps, ["ship it", "tell them"]);
        assert!(run_job(&Job::Plan(String::new())).is_err());
        assert!(parse("chunk five abc").is_err());
        assert_eq!(
            parse("Tell me about it. Please.").unwrap(),
            Job::Summarize("Tell me about it. Please.".into())
        );
    }

    #[test]
    fn jobs_produce_deterministic_output() {
        assert_eq!(run_job(&Job::Echo("x".into())).unwrap(), "x");
        assert_eq!(run_job(&Job::Sleep(5)).unwrap(), "slept 5");
        let e = run_job(&Job::Fail("nope".into())).unwrap_err();
        assert_eq!(e.message, "nope");
        assert!(!e.retryable);
        let e = run_job(&Job::Chunk(0, "abc".into())).unwrap_err();
        assert!(!e.retryable);
        let chunks: Vec<String> =
            serde_json::from_str(&run_job(&Job::Chunk(3, "ab cd ef".into())).unwrap()).unwrap();
        assert_eq!(chunks, ["ab", "cd", "ef"]);
        let stats: serde_json::Value =
            serde_json::from_str(&run_job(&Job::TextStats("hello mesh".into())).unwrap()).unwrap();
        assert_eq!(stats["words"], 2);
    }

    fn task(prompt: &str) -> Task {
        let now = chrono::Utc::now();
        Task {
            title: "t".into(),
            status: m3shd_api::TaskStatus::Running,
            attempts: 1,
            ..Task::queued("t1", prompt, now)
        }
    }

    #[tokio::test]
    async fn streams_pieces_that_add_up_to_the_output() {
        let (tx, mut rx) = mpsc::channel(64);
        let t = task("keywords 3 mesh hub mesh node");
        let out = BuiltinExecutor::new()
            .run(&t, &[], tx, CancellationToken::new())
            .await
            .unwrap()
            .output;
        let mut streamed = String::new();
        let mut pieces = 0;
        while let Some(p) = rx.recv().await {
            streamed.push_str(&p);
            pieces += 1;
        }
        assert_eq!(streamed, out);
        assert!(pieces > 1, "streamed in {pieces} piece(s)");
    }

    async fn run_role(
        exec: &BuiltinExecutor,
        role: Option<ProtocolRole>,
        prompt: &str,
    ) -> Result<ExecOutput, ExecError> {
        let (tx, _rx) = mpsc::channel(64);
        let t = Task {
            protocol_role: role,
            ..task(prompt)
        };
        exec.run(&t, &[], tx, CancellationToken::new()).await
    }

    #[tokio::test]
    async fn every_result_comes_with_the_configured_confidence() {
        let done = run_role(&BuiltinExecutor::new(), None, "echo hi")
            .await
            .unwrap();
        assert_eq!(
            (done.output.as_str(), done.confidence),
            ("hi", Some(DEFAULT_CONFIDENCE))
        );
        let unsure = BuiltinExecutor::with_confidence(0.3);
        assert_eq!(
            run_role(&unsure, None, "echo hi").await.unwrap().confidence,
            Some(0.3)
        );
        let vote = format!(
            "Vote.\n\nTASK:\necho hi{}",
            m3shd_api::output_block("echo", "t-1", "hi")
        );
        let done = run_role(&unsure, Some(ProtocolRole::Votes), &vote)
            .await
            .unwrap();
        assert!(done.output.ends_with("VOTE: accept"), "{}", done.output);
        assert_eq!(done.confidence, Some(0.3));
    }

    #[tokio::test]
    async fn verifications_and_debates_answer_the_subjects_prompt() {
        for role in [ProtocolRole::Verifies, ProtocolRole::Debates] {
            let done = run_role(&BuiltinExecutor::new(), Some(role), "echo the same")
                .await
                .unwrap();
            assert_eq!(done.output, "the same");
        }
        // A step whose inputs are missing fails for good.
        let e = run_role(
            &BuiltinExecutor::new(),
            Some(ProtocolRole::Revises),
            "echo x",
        )
        .await
        .unwrap_err();
        assert!(!e.retryable, "{e:?}");
    }

    #[tokio::test]
    async fn sleep_is_cancellable() {
        let (tx, _rx) = mpsc::channel(4);
        let t = task("sleep 600000");
        let cancel = CancellationToken::new();
        let c = cancel.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(20)).await;
            c.cancel();
        });
        let r = tokio::time::timeout(
            Duration::from_secs(10),
            BuiltinExecutor::new().run(&t, &[], tx, cancel),
        )
        .await
        .expect("sleep did not stop on cancel");
        assert!(r.is_err());
    }
}
