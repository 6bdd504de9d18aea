//! `task graph`: the task, its neighbours and protocol steps, and the edges.

use m3shd_api::{EdgeRole, GraphNode, TaskGraph};
use m3shd_commands::status_icon;

use super::{WIDTH, outcome_summary, unit, wrap};
use crate::output::short;

/// A node's part in the graph: its protocol role, else `subject`, `parent`
/// or `child` of the task the graph is about.
fn node_role<'a>(g: &TaskGraph, n: &'a GraphNode) -> &'a str {
    if let Some(r) = n.role {
        return r.as_str();
    }
    let plain = |from: &str, to: &str| {
        g.edges
            .iter()
            .any(|e| e.role == EdgeRole::DependsOn && e.from == from && e.to == to)
    };
    if n.id == g.task_id {
        "subject"
    } else if plain(&n.id, &g.task_id) {
        "parent"
    } else if plain(&g.task_id, &n.id) {
        "child"
    } else {
        "-"
    }
}

/// The graph in the style of `pipeline show`, at most 80 columns: one task a
/// line (status, role, id, agent, confidence, title), then the edges.
pub fn graph(g: &TaskGraph) -> String {
    let subject = g.nodes.iter().find(|n| n.id == g.task_id);
    let mut out = format!(
        "task {} · {} · {} tasks\n",
        g.task_id,
        short(subject.map_or("", |n| n.title.as_str()), 30),
        g.nodes.len()
    );
    if let Some(p) = &g.protocol {
        let mut line = format!("protocol: {}", outcome_summary(p));
        if let Some(r) = &p.result_task {
            line.push_str(&format!(" · result {r}"));
        }
        out.push_str(&short(&line, WIDTH));
        out.push('\n');
        if let Some(r) = &p.reason {
            out.push_str(&wrap(r, 2, WIDTH));
        }
    }
    let id_w = g
        .nodes
        .iter()
        .map(|n| n.id.chars().count())
        .max()
        .unwrap_or(0)
        .min(16);
    let agent_w = g
        .nodes
        .iter()
        .map(|n| n.assigned_to.as_deref().unwrap_or("-").chars().count())
        .max()
        .unwrap_or(1)
        .clamp(1, 12);
    for n in &g.nodes {
        let status = format!("{} {}", status_icon(n.status), n.status);
        let conf = n.confidence.map_or_else(|| "-".to_string(), unit);
        let mut line = format!(
            "  {:<11} {:<11} {:<id_w$} {:<agent_w$} {:<4}",
            status,
            node_role(g, n),
            short(&n.id, id_w),
            short(n.assigned_to.as_deref().unwrap_or("-"), agent_w),
            conf,
        );
        let room = WIDTH.saturating_sub(line.chars().count() + 2);
        if room >= 8 && !n.title.is_empty() {
            line.push_str("  ");
            line.push_str(&short(&n.title, room));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    if g.edges.is_empty() {
        out.push_str("no edges\n");
    } else {
        out.push_str("edges:\n");
        for e in &g.edges {
            let line = format!(
                "  {} -{}-> {}",
                short(&e.from, 30),
                e.role,
                short(&e.to, 30)
            );
            out.push_str(&short(&line, WIDTH));
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use m3shd_api::{GraphEdge, ProtocolRole, ProtocolStage, ProtocolState, TaskStatus};

    use super::super::tests::outcome;
    use super::*;

    fn node(id: &str, status: TaskStatus, role: Option<ProtocolRole>, agent: &str) -> GraphNode {
        GraphNode {
            id: id.into(),
            title: format!("title of {id}"),
            status,
            role,
            assigned_to: (!agent.is_empty()).then(|| agent.to_string()),
            confidence: None,
        }
    }

    fn edge(from: &str, role: EdgeRole, to: &str) -> GraphEdge {
        GraphEdge {
            from: from.into(),
            to: to.into(),
            role,
        }
    }

    #[test]
    fn the_graph_lists_roles_and_edges_within_80_columns() {
        let mut subject = node("a1b2c3d4e5f6a7b8", TaskStatus::Done, None, "alpha");
        subject.title = "Explain the lease protocol of the hub in detail please".into();
        subject.confidence = Some(0.55);
        let mut verify = node(
            "0000000000000002",
            TaskStatus::Done,
            Some(ProtocolRole::Verifies),
            "a-very-long-agent-name",
        );
        verify.confidence = Some(0.9);
        let mut p = outcome(ProtocolState::Running);
        p.stage = Some(ProtocolStage::Challenge);
        p.result_task = Some("0000000000000002".into());
        let g = TaskGraph {
            task_id: "a1b2c3d4e5f6a7b8".into(),
            nodes: vec![
                subject,
                node("0000000000000001", TaskStatus::Done, None, "beta"),
                verify,
                node(
                    "0000000000000003",
                    TaskStatus::Running,
                    Some(ProtocolRole::Challenges),
                    "gamma",
                ),
                node("0000000000000004", TaskStatus::Blocked, None, ""),
            ],
            edges: vec![
                edge("0000000000000001", EdgeRole::DependsOn, "a1b2c3d4e5f6a7b8"),
                edge("a1b2c3d4e5f6a7b8", EdgeRole::Verifies, "0000000000000002"),
                edge("0000000000000002", EdgeRole::Challenges, "0000000000000003"),
                edge("a1b2c3d4e5f6a7b8", EdgeRole::DependsOn, "0000000000000004"),
            ],
            protocol: Some(p),
        };
        let text = graph(&g);
        let expected = "\
task a1b2c3d4e5f6a7b8 · Explain the lease protocol of… · 5 tasks
protocol: running (challenge) · result 0000000000000002
  ✓ done      subject     a1b2c3d4e5f6a7b8 alpha        0.55  Explain the lease…
  ✓ done      parent      0000000000000001 beta         -     title of 00000000…
  ✓ done      verifies    0000000000000002 a-very-long… 0.90  title of 00000000…
  ▶ running   challenges  0000000000000003 gamma        -     title of 00000000…
  ⏸ blocked   child       0000000000000004 -            -     title of 00000000…
edges:
  0000000000000001 -depends_on-> a1b2c3d4e5f6a7b8
  a1b2c3d4e5f6a7b8 -verifies-> 0000000000000002
  0000000000000002 -challenges-> 0000000000000003
  a1b2c3d4e5f6a7b8 -depends_on-> 0000000000000004
";
        assert_eq!(text, expected);
        for line in text.lines() {
            assert!(line.chars().count() <= WIDTH, "too wide: {line}");
        }
    }

    #[test]
    fn a_lone_task_has_no_edges() {
        let g = TaskGraph {
            task_id: "t1".into(),
            nodes: vec![node("t1", TaskStatus::Queued, None, "")],
            edges: vec![],
            protocol: None,
        };
        assert_eq!(
            graph(&g),
            "task t1 · title of t1 · 1 tasks\n  … queued    subject     t1 - -     title of t1\nno edges\n"
        );
    }
}
