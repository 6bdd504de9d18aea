//! Analytics over a window of days (ARCHITECTURE.md, "Alerts and analytics").

use std::collections::BTreeMap;

use m3shd_api::{
    AgentAnalytics, AgentStats, AgentStatus, AnalyticsSummary, ApprovalStatus, CostAnalytics,
    EscalationStatus, TaskAnalytics, TaskStatus, Timestamp,
};

use super::{DomainError, Hub};

pub const DEFAULT_DAYS: u32 = 7;
pub const MAX_DAYS: u32 = 365;

/// The window: `days` clamped to 1..=365, and where it starts.
pub fn window(days: Option<u32>, now: Timestamp) -> (u32, Timestamp) {
    let days = days.unwrap_or(DEFAULT_DAYS).clamp(1, MAX_DAYS);
    (days, now - chrono::Duration::days(i64::from(days)))
}

/// Uptime approximation, as a share of the time the agent has existed in
/// the window (since it registered, or the window start): an agent that is
/// up now counts as up all that time; one that is down, up to its last
/// heartbeat. An agent registered an hour ago and up since is at 100 %, not
/// at the hour's share of the whole window.
pub fn uptime_pct(
    status: AgentStatus,
    registered: Timestamp,
    last_heartbeat: Option<Timestamp>,
    from: Timestamp,
    now: Timestamp,
) -> f64 {
    let start = registered.max(from);
    let span = (now - start).num_milliseconds();
    if span <= 0 {
        return if status == AgentStatus::Offline {
            0.0
        } else {
            100.0
        };
    }
    let up_until = if status == AgentStatus::Offline {
        last_heartbeat.unwrap_or(start).clamp(start, now)
    } else {
        now
    };
    let up = (up_until - start).num_milliseconds() as f64;
    (up / span as f64 * 100.0).clamp(0.0, 100.0)
}

impl Hub {
    pub fn task_analytics(&self, days: Option<u32>) -> Result<TaskAnalytics, DomainError> {
        let (days, from) = window(days, self.now());
        self.read(|r| {
            let mut a = TaskAnalytics {
                days,
                ..TaskAnalytics::default()
            };
            for (status, agent, day, cap) in r.tasks().facts_since(from)? {
                a.total += 1;
                *a.by_status.entry(status.as_str().to_string()).or_default() += 1;
                *a.by_agent
                    .entry(agent.unwrap_or_else(|| "unassigned".into()))
                    .or_default() += 1;
                *a.by_day.entry(day).or_default() += 1;
                *a.by_capability
                    .entry(cap.unwrap_or_else(|| "any".into()))
                    .or_default() += 1;
            }
            Ok(a)
        })
    }

    pub fn cost_analytics(&self, days: Option<u32>) -> Result<CostAnalytics, DomainError> {
        let now = self.now();
        let (days, from) = window(days, now);
        self.read(|r| {
            let mut a = CostAnalytics {
                days,
                ..CostAnalytics::default()
            };
            let mut tasks: BTreeMap<String, std::collections::BTreeSet<String>> = BTreeMap::new();
            for e in r
                .costs()
                .entries_between(from, now + chrono::Duration::seconds(1))?
            {
                let usd = e.cost_usd.unwrap_or(0.0);
                a.total_tokens += e.input_tokens + e.output_tokens;
                a.total_cost_usd += usd;
                *a.by_agent.entry(e.agent_id.clone()).or_default() += usd;
                *a.by_day
                    .entry(e.ts.format("%Y-%m-%d").to_string())
                    .or_default() += usd;
                if let Some(t) = e.task_id {
                    tasks.entry(e.agent_id).or_default().insert(t);
                }
            }
            for (agent, ts) in tasks {
                let spent = a.by_agent.get(&agent).copied().unwrap_or(0.0);
                a.avg_cost_per_task
                    .insert(agent, spent / ts.len().max(1) as f64);
            }
            Ok(a)
        })
    }

    pub fn agent_analytics(&self, days: Option<u32>) -> Result<AgentAnalytics, DomainError> {
        let now = self.now();
        let (days, from) = window(days, now);
        self.read(|r| {
            let mut counts: BTreeMap<String, (i64, i64, i64)> = BTreeMap::new();
            for (status, agent, _, _) in r.tasks().facts_since(from)? {
                let Some(agent) = agent else { continue };
                let c = counts.entry(agent).or_default();
                c.0 += 1;
                c.1 += i64::from(status == TaskStatus::Done);
                c.2 += i64::from(status == TaskStatus::Failed);
            }
            // Peers' entries are shown with the peers, not as agents.
            let peers = super::federation::peer_entries(r)?;
            let memories: BTreeMap<String, i64> = r.memories().counts()?.into_iter().collect();
            let agents = r
                .agents()
                .list()?
                .into_iter()
                .filter(|rec| !peers.contains(&rec.agent.id))
                .map(|rec| {
                    let a = rec.agent;
                    let (total, done, failed) = counts.get(&a.id).copied().unwrap_or_default();
                    AgentStats {
                        uptime_pct: uptime_pct(
                            a.status,
                            a.registered_at,
                            a.last_heartbeat,
                            from,
                            now,
                        ),
                        memories: memories.get(&a.id).copied().unwrap_or(0),
                        agent_id: a.id,
                        status: a.status,
                        total_tasks: total,
                        done,
                        failed,
                    }
                })
                .collect();
            Ok(AgentAnalytics { days, agents })
        })
    }

    pub fn analytics_summary(&self, days: Option<u32>) -> Result<AnalyticsSummary, DomainError> {
        let tasks = self.task_analytics(days)?;
        let costs = self.cost_analytics(days)?;
        let done = tasks.by_status.get("done").copied().unwrap_or(0);
        let failed = tasks.by_status.get("failed").copied().unwrap_or(0);
        self.read(|r| {
            let (agents_online, agents_total) = r.agents().counts()?;
            let limit = i64::from(m3shd_api::limits::MAX_LIST_LIMIT);
            Ok(AnalyticsSummary {
                days: tasks.days,
                tasks_total: tasks.total,
                tasks_done: done,
                tasks_failed: failed,
                success_rate: if done + failed > 0 {
                    done as f64 / (done + failed) as f64
                } else {
                    0.0
                },
                total_tokens: costs.total_tokens,
                total_cost_usd: costs.total_cost_usd,
                agents_online,
                agents_total,
                open_escalations: m3shd_common::num::to_i64(
                    r.escalations()
                        .list(Some(EscalationStatus::Open), limit)?
                        .len(),
                ),
                pending_approvals: m3shd_common::num::to_i64(
                    r.approvals()
                        .list(Some(ApprovalStatus::Pending), limit)?
                        .len(),
                ),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_defaults_and_clamps() {
        let now = chrono::Utc::now();
        assert_eq!(window(None, now).0, 7);
        assert_eq!(window(Some(0), now).0, 1);
        assert_eq!(window(Some(10_000), now).0, 365);
    }

    #[test]
    fn uptime_of_up_and_down_agents() {
        let now = chrono::Utc::now();
        let from = now - chrono::Duration::days(1);
        assert_eq!(
            uptime_pct(AgentStatus::Online, from, None, from, now),
            100.0
        );
        let half = now - chrono::Duration::hours(12);
        let pct = uptime_pct(AgentStatus::Offline, from, Some(half), from, now);
        assert!((pct - 50.0).abs() < 0.1, "{pct}");
    }

    #[test]
    fn a_new_agent_is_measured_from_its_registration() {
        let now = chrono::Utc::now();
        let from = now - chrono::Duration::days(14);
        let hour_ago = now - chrono::Duration::hours(1);
        assert_eq!(
            uptime_pct(AgentStatus::Online, hour_ago, Some(now), from, now),
            100.0
        );
        let half_hour_ago = now - chrono::Duration::minutes(30);
        let pct = uptime_pct(
            AgentStatus::Offline,
            hour_ago,
            Some(half_hour_ago),
            from,
            now,
        );
        assert!((pct - 50.0).abs() < 0.1, "{pct}");
    }
}
