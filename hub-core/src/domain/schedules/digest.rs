//! The `{analytics}` a scheduled task gets: the last 24 hours of the
//! analytics endpoints (`/api/admin/analytics/*?days=1`) as a few plain
//! lines a model, or the builtin summariser, can write from.

use std::collections::BTreeMap;
use std::fmt::Write;

use m3shd_api::{AgentAnalytics, AnalyticsSummary, CostAnalytics, TaskAnalytics};

use super::super::{DomainError, Hub};

/// Entries of one breakdown shown at most (the largest), so the digest
/// stays well inside a prompt's limit however big the fleet.
const TOP: usize = 10;

/// `name count, …`, largest first.
fn top_counts(map: &BTreeMap<String, i64>) -> String {
    let mut v: Vec<(&String, &i64)> = map.iter().collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let mut shown: Vec<String> = v
        .iter()
        .take(TOP)
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    if v.len() > TOP {
        shown.push(format!("and {} more", v.len() - TOP));
    }
    if shown.is_empty() {
        "none".into()
    } else {
        shown.join(", ")
    }
}

/// `name $x.xx, …`, largest first.
fn top_spend(map: &BTreeMap<String, f64>) -> String {
    let mut v: Vec<(&String, &f64)> = map.iter().collect();
    v.sort_by(|a, b| b.1.total_cmp(a.1).then(a.0.cmp(b.0)));
    let shown: Vec<String> = v
        .iter()
        .take(TOP)
        .map(|(k, usd)| format!("{k} ${usd:.2}"))
        .collect();
    if shown.is_empty() {
        "none".into()
    } else {
        shown.join(", ")
    }
}

/// The digest of one window's analytics.
pub fn render(
    summary: &AnalyticsSummary,
    tasks: &TaskAnalytics,
    costs: &CostAnalytics,
    agents: &AgentAnalytics,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Mesh analytics, last 24 hours:");
    let _ = writeln!(
        out,
        "- tasks created: {}; done {}, failed {} (success rate {:.1}%)",
        summary.tasks_total,
        summary.tasks_done,
        summary.tasks_failed,
        summary.success_rate * 100.0
    );
    let _ = writeln!(out, "- by status: {}", top_counts(&tasks.by_status));
    let _ = writeln!(out, "- by capability: {}", top_counts(&tasks.by_capability));
    let _ = writeln!(out, "- by agent: {}", top_counts(&tasks.by_agent));
    let _ = writeln!(
        out,
        "- tokens: {}; spend ${:.2} ({})",
        costs.total_tokens,
        costs.total_cost_usd,
        top_spend(&costs.by_agent)
    );
    let _ = writeln!(
        out,
        "- agents online: {} of {}",
        summary.agents_online, summary.agents_total
    );
    let mut busiest: Vec<_> = agents.agents.iter().collect();
    busiest.sort_by(|a, b| {
        b.total_tasks
            .cmp(&a.total_tasks)
            .then(a.agent_id.cmp(&b.agent_id))
    });
    for a in busiest.into_iter().take(TOP) {
        let _ = writeln!(
            out,
            "- agent {} ({}): {} tasks, {} done, {} failed, up {:.0}%",
            a.agent_id, a.status, a.total_tasks, a.done, a.failed, a.uptime_pct
        );
    }
    let _ = write!(
        out,
        "- open escalations: {}; pending approvals: {}",
        summary.open_escalations, summary.pending_approvals
    );
    out
}

impl Hub {
    /// The digest of the 24 hours up to the hub's now.
    pub(crate) fn analytics_digest(&self) -> Result<String, DomainError> {
        let day = Some(1);
        Ok(render(
            &self.analytics_summary(day)?,
            &self.task_analytics(day)?,
            &self.cost_analytics(day)?,
            &self.agent_analytics(day)?,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breakdowns_are_largest_first_and_bounded() {
        let map: BTreeMap<String, i64> = (0..15).map(|i| (format!("a{i:02}"), i)).collect();
        let line = top_counts(&map);
        assert!(line.starts_with("a14 14, a13 13"), "{line}");
        assert!(line.ends_with("and 5 more"), "{line}");
        assert_eq!(top_counts(&BTreeMap::new()), "none");
    }

    #[test]
    fn the_digest_names_the_figures() {
        let summary = AnalyticsSummary {
            days: 1,
            tasks_total: 4,
            tasks_done: 3,
            tasks_failed: 1,
            success_rate: 0.75,
            ..AnalyticsSummary::default()
        };
        let tasks = TaskAnalytics {
            by_status: BTreeMap::from([("done".into(), 3), ("failed".into(), 1)]),
            ..TaskAnalytics::default()
        };
        let text = render(
            &summary,
            &tasks,
            &CostAnalytics::default(),
            &AgentAnalytics::default(),
        );
        assert!(
            text.contains("done 3, failed 1 (success rate 75.0%)"),
            "{text}"
        );
        assert!(text.contains("by status: done 3, failed 1"), "{text}");
    }
}
