//! Token usage, the cost log and daily budgets (ARCHITECTURE.md, "Approvals and budgets"). Caps are checked
//! before dispatch: a capped agent gets no new work, and once the mesh's USD
//! cap is reached nothing is dispatched at all.

use std::collections::{BTreeMap, HashSet};

use m3shd_api::{AgentSpend, Budgets, CostEntry, CostReport, Event, SetBudgets, Timestamp, Usage};

use super::{Ctx, DomainError, Hub, validate};
use crate::store::{Queries, SpendRow, StoreError, TaskBody};

/// Default daily token cap per agent.
pub const DEFAULT_AGENT_DAILY_TOKENS: i64 = 500_000;
const BUDGETS_KEY: &str = "budgets";

/// The UTC day of `t` as `YYYY-MM-DD`.
pub fn day_of(t: Timestamp) -> String {
    t.format("%Y-%m-%d").to_string()
}

/// Budgets with every default filled in.
pub fn effective(stored: Option<Budgets>) -> Budgets {
    let mut b = stored.unwrap_or_default();
    if b.agent_daily_tokens.is_none() {
        b.agent_daily_tokens = Some(DEFAULT_AGENT_DAILY_TOKENS);
    }
    b
}

pub(crate) fn load_budgets(q: &dyn Queries) -> Result<Budgets, StoreError> {
    let stored = match q.settings().get(BUDGETS_KEY)? {
        Some(json) => Some(serde_json::from_str::<Budgets>(&json)?),
        None => None,
    };
    Ok(effective(stored))
}

fn token_cap(b: &Budgets, agent: &str) -> i64 {
    b.agent_overrides
        .get(agent)
        .copied()
        .or(b.agent_daily_tokens)
        .unwrap_or(DEFAULT_AGENT_DAILY_TOKENS)
}

/// An agent's USD cap: its own, else the one every agent has.
fn usd_cap(b: &Budgets, agent: &str) -> Option<f64> {
    b.agent_usd_overrides
        .get(agent)
        .copied()
        .or(b.agent_daily_usd)
}

/// Whether one agent's spend reached a cap.
pub fn agent_capped(b: &Budgets, s: &SpendRow) -> bool {
    s.tokens >= token_cap(b, &s.agent_id)
        || usd_cap(b, &s.agent_id).is_some_and(|c| s.cost_usd >= c)
}

pub fn mesh_capped(b: &Budgets, rows: &[SpendRow]) -> bool {
    let total: f64 = rows.iter().map(|r| r.cost_usd).sum();
    b.mesh_daily_usd.is_some_and(|c| total >= c)
}

/// Who may get work today.
#[derive(Debug, Default)]
pub(crate) struct Gate {
    pub mesh_capped: bool,
    pub capped: HashSet<String>,
}

pub(crate) fn gate(cx: &Ctx<'_, '_>) -> Result<Gate, DomainError> {
    let rows = cx.tx.costs().spend(&day_of(cx.tx.now()))?;
    if rows.is_empty() {
        return Ok(Gate::default());
    }
    let b = load_budgets(cx.tx)?;
    Ok(Gate {
        mesh_capped: mesh_capped(&b, &rows),
        capped: rows
            .iter()
            .filter(|r| agent_capped(&b, r))
            .map(|r| r.agent_id.clone())
            .collect(),
    })
}

pub fn check_usage(u: &Usage) -> Result<(), DomainError> {
    if u.model.trim().is_empty() {
        return Err(DomainError::Validation(
            "usage.model must not be empty".into(),
        ));
    }
    validate::max_bytes("usage.model", &u.model, 200)?;
    if u.input_tokens < 0 || u.output_tokens < 0 {
        return Err(DomainError::Validation(
            "usage tokens must not be negative".into(),
        ));
    }
    if let Some(c) = u.cost_usd
        && !(c.is_finite() && c >= 0.0)
    {
        return Err(DomainError::Validation(
            "usage.cost_usd must be a non-negative number".into(),
        ));
    }
    Ok(())
}

/// Add an attempt's usage to the task's totals (saved with its next change).
pub fn add_to_task(t: &mut TaskBody, u: &Usage) {
    t.model = Some(u.model.clone());
    t.input_tokens = Some(t.input_tokens.unwrap_or(0).saturating_add(u.input_tokens));
    t.output_tokens = Some(t.output_tokens.unwrap_or(0).saturating_add(u.output_tokens));
    if let Some(c) = u.cost_usd {
        t.cost_usd = Some(t.cost_usd.unwrap_or(0.0) + c);
    }
}

/// Why a task may not run again: it already spent its own limit.
pub fn over_task_budget(t: &TaskBody) -> Option<String> {
    match (t.max_cost_usd, t.cost_usd) {
        (Some(max), Some(spent)) if spent >= max => Some(format!(
            "task spent ${spent:.4} of its max_cost_usd ${max:.4}; not retried"
        )),
        _ => None,
    }
}

/// Log the usage, and raise a budget alert the first time today an agent
/// (or the mesh) reaches a cap.
pub(crate) fn record(
    cx: &mut Ctx<'_, '_>,
    agent: &str,
    task_id: &str,
    u: &Usage,
) -> Result<(), DomainError> {
    let now = cx.tx.now();
    let day = day_of(now);
    let mut entry = CostEntry {
        id: 0,
        ts: now,
        agent_id: agent.to_string(),
        task_id: Some(task_id.to_string()),
        model: u.model.clone(),
        input_tokens: u.input_tokens,
        output_tokens: u.output_tokens,
        cost_usd: u.cost_usd,
    };
    cx.tx.costs().record(&day, &mut entry)?;
    cx.tx.emit(Event::CostRecorded { entry })?;
    let rows = cx.tx.costs().spend(&day)?;
    let b = load_budgets(cx.tx)?;
    if let Some(mine) = rows.iter().find(|r| r.agent_id == agent)
        && agent_capped(&b, mine)
        && cx.tx.costs().mark_alert(&day, agent)?
    {
        cx.tx.emit(Event::BudgetExceeded {
            agent_id: Some(agent.to_string()),
            reason: format!(
                "agent {agent} reached its daily budget ({} tokens, ${:.4} on {day}); it gets \
                 no new work today",
                mine.tokens, mine.cost_usd
            ),
        })?;
    }
    if mesh_capped(&b, &rows) && cx.tx.costs().mark_alert(&day, "")? {
        cx.tx.emit(Event::BudgetExceeded {
            agent_id: None,
            reason: format!("the mesh reached its daily USD cap on {day}; dispatch is paused"),
        })?;
    }
    Ok(())
}

fn parse_day(day: &str) -> Result<chrono::NaiveDate, DomainError> {
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").map_err(|_| {
        DomainError::Validation(format!("day `{}` is not YYYY-MM-DD", day.escape_debug()))
    })
}

fn check_budgets(b: &SetBudgets) -> Result<(), DomainError> {
    let bad_usd =
        |v: Option<Option<f64>>| v.flatten().is_some_and(|c| !(c.is_finite() && c >= 0.0));
    if b.agent_daily_tokens.flatten().is_some_and(|t| t < 0)
        || b.agent_overrides.values().flatten().any(|t| *t < 0)
        || bad_usd(b.agent_daily_usd)
        || bad_usd(b.mesh_daily_usd)
        || b.agent_usd_overrides.values().any(|c| bad_usd(Some(*c)))
    {
        return Err(DomainError::Validation(
            "budgets must not be negative".into(),
        ));
    }
    if let Some(bad) = b
        .agent_overrides
        .keys()
        .chain(b.agent_usd_overrides.keys())
        .find(|a| !m3shd_api::ids::is_valid_id(a))
    {
        return Err(DomainError::Validation(format!(
            "agent id `{}` must be 1-64 characters of [a-z0-9-]",
            bad.escape_debug()
        )));
    }
    Ok(())
}

/// `req` applied to `b`: a present field replaces the cap (`None` removes
/// it), an absent one leaves it.
fn apply(mut b: Budgets, req: SetBudgets) -> Budgets {
    if let Some(v) = req.agent_daily_tokens {
        b.agent_daily_tokens = v;
    }
    if let Some(v) = req.agent_daily_usd {
        b.agent_daily_usd = v;
    }
    if let Some(v) = req.mesh_daily_usd {
        b.mesh_daily_usd = v;
    }
    for (agent, cap) in req.agent_overrides {
        match cap {
            Some(c) => b.agent_overrides.insert(agent, c),
            None => b.agent_overrides.remove(&agent),
        };
    }
    for (agent, cap) in req.agent_usd_overrides {
        match cap {
            Some(c) => b.agent_usd_overrides.insert(agent, c),
            None => b.agent_usd_overrides.remove(&agent),
        };
    }
    effective(Some(b))
}

impl Hub {
    pub fn budgets(&self) -> Result<Budgets, DomainError> {
        self.read(|r| Ok(load_budgets(r)?))
    }

    /// Change the caps given: absent fields stay as they are, `null`
    /// removes a cap. Answers the caps now in force.
    pub async fn set_budgets(&self, req: SetBudgets) -> Result<Budgets, DomainError> {
        check_budgets(&req)?;
        self.write(move |cx| {
            let b = apply(load_budgets(cx.tx)?, req);
            let json = serde_json::to_string(&b).map_err(StoreError::from)?;
            cx.tx.settings().set(BUDGETS_KEY, &json)?;
            // Raised or removed caps may free agents for queued work.
            cx.dispatch_needed = true;
            Ok(b)
        })
        .await
    }

    /// Spend on a UTC day (default: today).
    pub fn cost_report(&self, day: Option<&str>) -> Result<CostReport, DomainError> {
        let day = match day {
            Some(d) => {
                parse_day(d)?;
                d.to_string()
            }
            None => day_of(self.now()),
        };
        self.read(|r| {
            let b = load_budgets(r)?;
            let rows = r.costs().spend(&day)?;
            let mut by_agent: BTreeMap<String, SpendRow> = r
                .agents()
                .list()?
                .into_iter()
                .map(|a| {
                    let id = a.agent.id;
                    (
                        id.clone(),
                        SpendRow {
                            agent_id: id,
                            tokens: 0,
                            cost_usd: 0.0,
                        },
                    )
                })
                .collect();
            for row in &rows {
                by_agent.insert(row.agent_id.clone(), row.clone());
            }
            let agents = by_agent
                .into_values()
                .map(|s| AgentSpend {
                    capped: agent_capped(&b, &s),
                    token_cap: token_cap(&b, &s.agent_id),
                    usd_cap: usd_cap(&b, &s.agent_id),
                    agent_id: s.agent_id,
                    tokens: s.tokens,
                    cost_usd: s.cost_usd,
                })
                .collect();
            Ok(CostReport {
                total_tokens: rows.iter().map(|r| r.tokens).sum(),
                // Folded from +0.0: an empty f64 sum is -0.0, which JSON shows as "-0.0".
                total_cost_usd: rows.iter().map(|r| r.cost_usd).fold(0.0, |a, b| a + b),
                mesh_usd_cap: b.mesh_daily_usd,
                day: day.clone(),
                agents,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(agent: &str, tokens: i64, usd: f64) -> SpendRow {
        SpendRow {
            agent_id: agent.into(),
            tokens,
            cost_usd: usd,
        }
    }

    #[test]
    fn token_caps_default_and_override() {
        let b = effective(None);
        assert!(!agent_capped(&b, &row("a", 499_999, 0.0)));
        assert!(agent_capped(&b, &row("a", 500_000, 0.0)));
        let mut b = effective(None);
        b.agent_overrides.insert("a".into(), 10);
        assert!(agent_capped(&b, &row("a", 10, 0.0)));
        assert!(!agent_capped(&b, &row("b", 10, 0.0)));
    }

    #[test]
    fn usd_caps_for_agents_and_the_mesh() {
        let mut b = effective(None);
        assert!(
            !mesh_capped(&b, &[row("a", 0, 1e9)]),
            "no mesh cap by default"
        );
        b.agent_daily_usd = Some(1.0);
        b.mesh_daily_usd = Some(1.5);
        assert!(agent_capped(&b, &row("a", 0, 1.0)));
        assert!(!agent_capped(&b, &row("a", 0, 0.99)));
        assert!(!mesh_capped(&b, &[row("a", 0, 0.7), row("b", 0, 0.7)]));
        assert!(mesh_capped(&b, &[row("a", 0, 0.8), row("b", 0, 0.7)]));
        // One agent's own USD cap beats the one every agent has.
        b.agent_usd_overrides.insert("a".into(), 5.0);
        assert!(!agent_capped(&b, &row("a", 0, 1.0)));
        assert!(agent_capped(&b, &row("a", 0, 5.0)));
        assert!(agent_capped(&b, &row("b", 0, 1.0)));
    }

    #[test]
    fn null_removes_a_cap_and_absent_keeps_it() {
        let mut b = effective(None);
        b.mesh_daily_usd = Some(5.0);
        b.agent_daily_usd = Some(1.0);
        b.agent_daily_tokens = Some(10);
        b.agent_overrides.insert("rex".into(), 20);
        b.agent_overrides.insert("ada".into(), 30);
        let req: SetBudgets = serde_json::from_str(
            r#"{"mesh_daily_usd": null, "agent_daily_tokens": null, "agent_overrides": {"rex": null}}"#,
        )
        .expect("req");
        let after = apply(b, req);
        assert_eq!(after.mesh_daily_usd, None);
        assert_eq!(after.agent_daily_usd, Some(1.0), "absent: unchanged");
        assert_eq!(
            after.agent_daily_tokens,
            Some(DEFAULT_AGENT_DAILY_TOKENS),
            "the token cap falls back to its default"
        );
        assert_eq!(after.agent_overrides.len(), 1);
        assert_eq!(after.agent_overrides["ada"], 30);
    }

    #[test]
    fn usage_sums_over_attempts_and_task_limits() {
        let now = chrono::Utc::now();
        let t: m3shd_api::Task = serde_json::from_value(serde_json::json!({
            "id": "t", "title": "t", "prompt": "p", "status": "running",
            "required_capability": null, "assign_to": null, "assigned_to": null,
            "priority": 5, "attempts": 1, "max_attempts": 3, "output": null, "error": null,
            "confidence": null, "depends_on": [], "deadline": null, "created_at": now,
            "updated_at": now, "started_at": null, "finished_at": null, "max_cost_usd": 0.05
        }))
        .expect("task");
        let mut t = TaskBody::from_api(t);
        let u = Usage {
            model: "m".into(),
            input_tokens: 10,
            output_tokens: 5,
            cost_usd: Some(0.03),
        };
        add_to_task(&mut t, &u);
        assert!(over_task_budget(&t).is_none());
        add_to_task(&mut t, &u);
        assert_eq!((t.input_tokens, t.output_tokens), (Some(20), Some(10)));
        assert!(over_task_budget(&t).is_some());
        assert_eq!(
            day_of("2026-03-04T23:59:59Z".parse().expect("ts")),
            "2026-03-04"
        );
    }
}
