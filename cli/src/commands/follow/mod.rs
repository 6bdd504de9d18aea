//! Following one task to its end (`do --wait`, `task show --follow`,
//! `template run --wait`): its output as it streams, then, when a quality
//! protocol runs on it, the protocol's steps until it decides, then the
//! accepted result (ARCHITECTURE.md, "Quality protocols").

use std::process::ExitCode;

use m3shd_api::{Event, ProtocolStage, ProtocolState, StreamQuery, Task, TaskStatus};
use m3shd_client::{Client, StreamItem};

use super::protocol_view;
use crate::exit::{CliError, FAILED};
use crate::output;

mod waiting;

/// Whether nothing more will happen to `t`: it did not finish done, or it
/// did and has no protocol still to decide.
pub fn settled(t: &Task) -> bool {
    if !t.status.is_final() {
        return false;
    }
    t.status != TaskStatus::Done || t.protocol.as_ref().is_none_or(|p| p.state.is_final())
}

/// What to show for one event or read of the task, and what comes next.
#[derive(Debug, Default, PartialEq)]
pub struct Reaction {
    /// Task output for stdout.
    pub out: String,
    /// Progress for stderr.
    pub note: Option<String>,
    pub then: Then,
}

#[derive(Debug, Default, PartialEq)]
pub enum Then {
    #[default]
    Continue,
    /// Read the task from the hub and pass it to [`Follower::on_task`]: the
    /// task finished, or its protocol may have decided.
    Check,
    Done(Box<Task>),
}

/// The state of one follow, fed the task's events in order.
#[derive(Debug)]
pub struct Follower {
    id: String,
    /// What this attempt streamed so far; a retry starts its output afresh.
    printed: String,
    /// The task finished done and its protocol runs: output is over.
    in_protocol: bool,
    stage: Option<ProtocolStage>,
}

impl Follower {
    pub fn new(id: &str) -> Follower {
        Follower {
            id: id.to_string(),
            printed: String::new(),
            in_protocol: false,
            stage: None,
        }
    }

    pub fn on_event(&mut self, event: Event) -> Reaction {
        match event {
            Event::TaskOutput { chunk, .. } if !self.in_protocol => {
                self.printed.push_str(&chunk);
                Reaction {
                    out: chunk,
                    ..Reaction::default()
                }
            }
            Event::TaskUpdated { task, .. }
                if task.status == TaskStatus::Running && !self.in_protocol =>
            {
                let restarted = !self.printed.is_empty();
                self.printed.clear();
                Reaction {
                    out: if restarted {
                        "\n[attempt restarted]\n".into()
                    } else {
                        String::new()
                    },
                    ..Reaction::default()
                }
            }
            Event::TaskCompleted { task }
            | Event::TaskFailed { task }
            | Event::TaskCancelled { task } => self.finished(task),
            Event::TaskUpdated { task, .. } if task.status.is_final() => self.finished(task),
            Event::ProtocolStep { role, step, .. } => Reaction {
                note: Some(format!("  {role}: task {} ({})", step.id, step.status)),
                ..Reaction::default()
            },
            Event::ProtocolUpdated { protocol, .. } => {
                if protocol.state.is_final() {
                    // The task itself says whether this is its protocol now
                    // (a replayed decision may predate a retry).
                    return Reaction {
                        then: Then::Check,
                        ..Reaction::default()
                    };
                }
                let note = (protocol.stage.is_some() && protocol.stage != self.stage)
                    .then(|| format!("  protocol: {}", protocol_view::outcome_summary(&protocol)));
                self.stage = protocol.stage;
                Reaction {
                    note,
                    ..Reaction::default()
                }
            }
            Event::ValidationRecorded { receipt } => Reaction {
                note: Some(format!(
                    "  validation: {} by {}",
                    receipt.verdict, receipt.validator
                )),
                ..Reaction::default()
            },
            _ => Reaction::default(),
        }
    }

    /// The task as an event carried it when it reached a final status: its
    /// unprinted output, then done unless it may have a protocol to wait for.
    fn finished(&mut self, task: Task) -> Reaction {
        if self.in_protocol {
            return Reaction::default();
        }
        // Output that was not streamed (a fast task, or the part after the
        // last chunk) arrives with the result.
        let out = self.take_unprinted(&task);
        let then = if task.status == TaskStatus::Done {
            // Whether a protocol runs is decided as it finishes: the hub's
            // copy of the task says, not the event's.
            Then::Check
        } else {
            Then::Done(Box::new(task))
        };
        Reaction {
            out,
            note: None,
            then,
        }
    }

    /// The task as read from the hub.
    pub fn on_task(&mut self, task: Task) -> Reaction {
        if !task.status.is_final() {
            return Reaction::default();
        }
        let out = if self.in_protocol {
            String::new()
        } else {
            self.take_unprinted(&task)
        };
        if settled(&task) {
            return Reaction {
                out,
                note: None,
                then: Then::Done(Box::new(task)),
            };
        }
        let mut note = None;
        if !self.in_protocol {
            self.in_protocol = true;
            self.stage = task.protocol.as_ref().and_then(|p| p.stage);
            let what = task
                .protocol
                .as_ref()
                .map(protocol_view::outcome_summary)
                .unwrap_or_default();
            note = Some(format!(
                "\ntask {} done; its quality protocol is {what}, waiting for its decision…",
                self.id
            ));
        }
        Reaction {
            out,
            note,
            then: Then::Continue,
        }
    }

    /// The part of a finished task's output not printed yet (nothing when
    /// what was printed is not how it starts), marked as printed.
    fn take_unprinted(&mut self, t: &Task) -> String {
        let rest = t
            .output
            .as_deref()
            .and_then(|o| o.strip_prefix(self.printed.as_str()))
            .unwrap_or("")
            .to_string();
        self.printed.push_str(&rest);
        rest
    }
}

/// Follow one task to its end: replay its events from the start of the
/// event log (so output already streamed is shown once, in order), then
/// live; when a quality protocol runs on it, until the protocol decides.
/// Returns the task as it ended.
pub async fn follow(client: &Client, id: &str, print: bool) -> Result<Task, CliError> {
    // Fail fast with 404 on a bad id rather than waiting forever.
    let first = client.get_task(id).await?;
    if settled(&first) && !print {
        return Ok(first);
    }
    let mut stream = client.stream(StreamQuery {
        task: Some(id.to_string()),
        after: Some(0),
        ..Default::default()
    });
    let mut f = Follower::new(id);
    // Says once why the task has not started, if nothing can take it soon;
    // stopped when the follow ends.
    let _hint = print.then(|| HintOnce::start(client.clone(), id.to_string()));
    loop {
        let reaction = match stream.next().await? {
            StreamItem::Event(rec) => f.on_event(rec.event),
            // The events to replay were deleted by the hub's retention:
            // the task itself says how far it got.
            StreamItem::Reset { .. } => Reaction {
                then: Then::Check,
                ..Reaction::default()
            },
            StreamItem::Reconnecting { error, retry_in } => {
                eprintln!("connection lost ({error}); reconnecting in {retry_in:?}");
                continue;
            }
            StreamItem::Connected | StreamItem::Lagged { .. } => continue,
        };
        let mut reaction = show(reaction, print);
        while reaction.then == Then::Check {
            reaction = show(f.on_task(client.get_task(id).await?), print);
        }
        if let Then::Done(task) = reaction.then {
            return Ok(*task);
        }
    }
}

/// A background check, a few seconds in, of why the followed task has not
/// started ([`waiting::why_waiting`]); aborted when dropped. A failed read
/// (a token that may not list agents, say) says nothing.
struct HintOnce(tokio::task::JoinHandle<()>);

impl HintOnce {
    fn start(client: Client, id: String) -> HintOnce {
        HintOnce(tokio::spawn(async move {
            tokio::time::sleep(waiting::HINT_AFTER).await;
            let (Ok(task), Ok(agents)) = (client.get_task(&id).await, client.list_agents().await)
            else {
                return;
            };
            if let Some(why) = waiting::why_waiting(&task, &agents) {
                eprintln!("{why}");
            }
        }))
    }
}

impl Drop for HintOnce {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Print what a reaction shows (when `print`); return it for its `then`.
fn show(r: Reaction, print: bool) -> Reaction {
    if print {
        if !r.out.is_empty() {
            out!("{}", r.out);
        }
        if let Some(note) = &r.note {
            eprintln!("{note}");
        }
    }
    r
}

/// Print how a followed task ended, with the accepted result of its
/// protocol when that is another task's output, and answer the exit code:
/// 0 for a task done whose protocol (if any) accepted it.
pub async fn finish(client: &Client, t: &Task, json: bool) -> Result<ExitCode, CliError> {
    if json {
        output::json(t)?;
        return Ok(outcome(t));
    }
    print_ending(t);
    if t.status != TaskStatus::Done {
        return Ok(outcome(t));
    }
    if let Some(p) = &t.protocol
        && p.state == ProtocolState::Accepted
        && let Some(r) = p.result_task.as_deref().filter(|r| *r != t.id)
    {
        let result = client.get_task(r).await?;
        let role = result
            .protocol_role
            .map(|r| format!(", {r}"))
            .unwrap_or_default();
        eprintln!("accepted result (task {r}{role}):");
        outln!("{}", result.output.as_deref().unwrap_or("").trim_end());
    }
    if let Some(line) = protocol_view::ending_line(t) {
        eprintln!("{line}");
    }
    Ok(outcome(t))
}

pub(crate) fn print_ending(t: &Task) {
    match t.status {
        TaskStatus::Done => {
            outln!();
            eprintln!("task {} done", t.id);
        }
        _ => {
            eprintln!(
                "\ntask {} {}{}",
                t.id,
                t.status,
                t.error
                    .as_deref()
                    .map(|e| format!(": {e}"))
                    .unwrap_or_default()
            );
        }
    }
}

/// 0 when the task is done and its protocol, if any, accepted the result.
pub(crate) fn outcome(t: &Task) -> ExitCode {
    let accepted = t
        .protocol
        .as_ref()
        .is_none_or(|p| p.state == ProtocolState::Accepted);
    if t.status == TaskStatus::Done && accepted {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(FAILED)
    }
}

#[cfg(test)]
mod tests;
