//! What the operator reads of a protocol: the graph, the votes, the trace
//! from task to credit, and the ledger.

use m3shd_api::{
    DEFAULT_QUORUM, EdgeRole, GraphEdge, GraphNode, Ledger, ProtocolRole, ProtocolStage,
    ProtocolState, TaskGraph, TaskId, TaskStatus, TaskTrace, TraceStep, Vote, VoteReport,
};

use super::super::task_ids::not_found;
use super::super::{DomainError, Hub, provenance};
use super::readings;
use crate::store::{Queries, TaskRecord};

fn node(r: &TaskRecord) -> GraphNode {
    GraphNode {
        id: r.task.id.clone(),
        title: r.task.title.clone(),
        status: r.state.status(),
        role: r.task.protocol_role,
        assigned_to: r.state.agent().map(|a| a.as_str().to_string()),
        confidence: r.task.confidence,
    }
}

fn get(q: &dyn Queries, id: &str) -> Result<TaskRecord, DomainError> {
    q.tasks().get(id)?.ok_or_else(|| not_found(id))
}

/// The subject a task belongs to: itself, or the task its protocol serves.
fn subject_of(q: &dyn Queries, id: &str) -> Result<TaskRecord, DomainError> {
    let rec = get(q, id)?;
    match &rec.task.protocol_of {
        Some(s) => get(q, s),
        None => Ok(rec),
    }
}

fn step_verdict(step: &TaskRecord) -> TraceStep {
    let out = step.task.output.as_deref().unwrap_or("");
    let done = step.state.status() == TaskStatus::Done;
    let (verdict, score, note) = match step.task.protocol_role {
        Some(ProtocolRole::Votes) if done => {
            let (v, why) = readings::vote(out);
            (v, None, Some(why))
        }
        Some(ProtocolRole::Validates) if done => {
            let (v, why) = readings::validation(out);
            (v, None, Some(why))
        }
        Some(ProtocolRole::Challenges) if done => (None, readings::critique(out).1, None),
        _ => (None, None, step.task.error.clone()),
    };
    TraceStep {
        task_id: step.task.id.clone(),
        role: step.task.protocol_role.unwrap_or(ProtocolRole::Verifies),
        status: step.state.status(),
        agent_id: step.state.agent().map(|a| a.as_str().to_string()),
        verdict,
        score,
        confidence: step.task.confidence,
        note: note.filter(|n| !n.is_empty()),
    }
}

impl Hub {
    /// The task (or, for a step, its subject), its direct parents and
    /// dependents, its protocol steps, and the labelled edges.
    pub fn task_graph(&self, id: &TaskId) -> Result<TaskGraph, DomainError> {
        self.read(|q| {
            let subject = subject_of(q, id)?;
            let sid = subject.task.id.clone();
            let mut nodes = vec![node(&subject)];
            let mut edges = Vec::new();
            for p in q.tasks().parents(&sid)? {
                if let Some(r) = q.tasks().get(&p)? {
                    nodes.push(node(&r));
                    edges.push(GraphEdge {
                        from: p,
                        to: sid.clone(),
                        role: EdgeRole::DependsOn,
                    });
                }
            }
            let steps = q.protocols().steps_of(&sid)?;
            nodes.extend(steps.iter().map(node));
            edges.extend(
                q.protocols()
                    .edges_of(&sid)?
                    .into_iter()
                    .map(|e| GraphEdge {
                        from: e.from,
                        to: e.to,
                        role: e.role.into(),
                    }),
            );
            for c in q.tasks().children(&sid)? {
                if steps.iter().any(|s| s.task.id == c) {
                    continue;
                }
                if let Some(r) = q.tasks().get(&c)? {
                    nodes.push(node(&r));
                    edges.push(GraphEdge {
                        from: sid.clone(),
                        to: c,
                        role: EdgeRole::DependsOn,
                    });
                }
            }
            Ok(TaskGraph {
                task_id: id.as_str().to_string(),
                nodes,
                edges,
                protocol: subject.task.protocol,
            })
        })
    }

    /// The roster, the votes and the tally of a task put to a vote.
    pub fn task_votes(&self, id: &TaskId) -> Result<VoteReport, DomainError> {
        self.read(|q| {
            let subject = subject_of(q, id)?;
            let Some(p) = subject
                .task
                .protocol
                .as_ref()
                .filter(|p| p.request.requires_vote == Some(true))
            else {
                return Err(DomainError::NotFound(format!(
                    "task {} was not put to a vote",
                    subject.task.id
                )));
            };
            let quorum = p.request.quorum.unwrap_or(DEFAULT_QUORUM);
            let mut votes = Vec::new();
            for s in q.protocols().steps_of(&subject.task.id)? {
                if s.task.protocol_role != Some(ProtocolRole::Votes) {
                    continue;
                }
                let (verdict, rationale) = match s.state.status() {
                    TaskStatus::Done => {
                        let (v, why) = readings::vote(s.task.output.as_deref().unwrap_or(""));
                        (v, Some(why))
                    }
                    _ => (None, s.task.error.clone()),
                };
                votes.push(Vote {
                    agent_id: s.task.assign_to.clone().unwrap_or_default(),
                    task_id: s.task.id.clone(),
                    status: s.state.status(),
                    verdict,
                    rationale: rationale.filter(|r| !r.is_empty()),
                });
            }
            let verdicts: Vec<_> = votes.iter().map(|v| v.verdict).collect();
            let tally = readings::tally(&verdicts, quorum, votes.len());
            let all_in = !votes.is_empty() && votes.iter().all(|v| v.status.is_final());
            let outcome = match (all_in, tally.decision) {
                (false, _) => None,
                (true, Some((state, _))) => Some(state),
                (true, None) => Some(ProtocolState::Accepted),
            };
            // A vote the protocol never reached (an earlier stage ended it).
            let outcome = outcome.or_else(|| {
                (p.state.is_final()
                    && p.stage.is_some_and(|s| s >= ProtocolStage::Vote)
                    && votes.is_empty())
                .then_some(p.state)
            });
            Ok(VoteReport {
                task_id: subject.task.id.clone(),
                quorum,
                roster: votes.iter().map(|v| v.agent_id.clone()).collect(),
                votes,
                accepts: tally.accepts,
                rejects: tally.rejects,
                outcome,
            })
        })
    }

    /// Task → result → protocol steps → validation receipts → credits.
    pub fn task_trace(&self, id: &TaskId) -> Result<TaskTrace, DomainError> {
        self.read(|q| {
            let subject = subject_of(q, id)?;
            let sid = subject.task.id.clone();
            let result_hash = (subject.state.status() == TaskStatus::Done)
                .then(|| provenance::output_hash(subject.task.output.as_deref().unwrap_or("")));
            Ok(TaskTrace {
                task_id: sid.clone(),
                title: subject.task.title.clone(),
                status: subject.state.status(),
                producer: subject.state.agent().map(|a| a.as_str().to_string()),
                result_hash,
                protocol: subject.task.protocol.clone(),
                steps: q
                    .protocols()
                    .steps_of(&sid)?
                    .iter()
                    .map(step_verdict)
                    .collect(),
                receipts: q.protocols().receipts_of(&sid)?,
                credits: q.protocols().credits_of(&sid)?,
            })
        })
    }

    /// Per agent: results validated and rejected, and credits earned.
    pub fn ledger(&self) -> Result<Ledger, DomainError> {
        self.read(|q| {
            Ok(Ledger {
                agents: q.protocols().ledger()?,
            })
        })
    }
}
