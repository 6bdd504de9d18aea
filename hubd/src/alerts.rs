//! Operator alerts through ntfy (ARCHITECTURE.md, "Alerts and analytics"): fire-and-forget, off the
//! request path. A task follows the committed event stream, turns the
//! events worth a phone notification into alerts (de-duplicated), and hands
//! them to a sender task over a bounded channel; when that channel is full
//! the alert is dropped with a warning rather than slowing anything down.

use std::collections::HashSet;
use std::sync::Arc;

use m3shd_api::{Event, EventRecord};
use tokio::sync::{broadcast, mpsc};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// Alerts waiting to be sent.
const QUEUE: usize = 64;

/// One ntfy message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    pub title: String,
    pub message: String,
    /// ntfy priority: min, low, default, high, urgent.
    pub priority: &'static str,
    pub tags: &'static str,
}

/// What was already alerted: agent down once per outage, a task's final
/// failure and an escalation once each, a budget once per day per agent.
#[derive(Debug, Default)]
pub struct Dedup {
    down: HashSet<String>,
    failed: HashSet<String>,
    escalations: HashSet<String>,
    budgets: HashSet<(String, String)>,
}

impl Dedup {
    /// The alert for `rec`, if it deserves one not already sent.
    pub fn alert_for(&mut self, rec: &EventRecord) -> Option<Alert> {
        match &rec.event {
            Event::AgentOffline { agent, reason } => {
                self.down.insert(agent.id.clone()).then(|| Alert {
                    title: format!("Agent {} is down", agent.id),
                    message: format!("{} went offline: {reason}", agent.id),
                    priority: "high",
                    tags: "warning,computer",
                })
            }
            Event::AgentOnline { agent } => {
                self.down.remove(&agent.id);
                None
            }
            Event::TaskFailed { task } => self.failed.insert(task.id.clone()).then(|| Alert {
                title: format!("Task failed: {}", task.title),
                message: format!(
                    "Task {} failed after {} attempt(s): {}",
                    task.id,
                    task.attempts,
                    task.error.as_deref().unwrap_or("no reason given")
                ),
                priority: "high",
                tags: "x",
            }),
            Event::EscalationCreated { escalation } => self
                .escalations
                .insert(escalation.id.clone())
                .then(|| Alert {
                    title: format!("Escalation to {}", escalation.to_agent),
                    message: escalation.reason.clone(),
                    priority: "urgent",
                    tags: "rotating_light",
                }),
            Event::BudgetExceeded { agent_id, reason } => {
                let day = rec.ts.format("%Y-%m-%d").to_string();
                let who = agent_id.clone().unwrap_or_default();
                self.budgets.insert((day, who)).then(|| Alert {
                    title: match agent_id {
                        Some(a) => format!("Budget reached: {a}"),
                        None => "Mesh budget reached".into(),
                    },
                    message: reason.clone(),
                    priority: "high",
                    tags: "moneybag",
                })
            }
            _ => None,
        }
    }
}

/// Start alerting to `url` (an ntfy topic URL) from `events`.
pub fn spawn(
    url: String,
    mut events: broadcast::Receiver<Arc<EventRecord>>,
    stop: CancellationToken,
) -> JoinHandle<()> {
    let (tx, rx) = mpsc::channel::<Alert>(QUEUE);
    tokio::spawn(send_loop(url, rx, stop.clone()));
    tokio::spawn(async move {
        let mut dedup = Dedup::default();
        loop {
            let rec = tokio::select! {
                _ = stop.cancelled() => return,
                r = events.recv() => r,
            };
            match rec {
                Ok(rec) => {
                    if let Some(alert) = dedup.alert_for(&rec)
                        && let Err(e) = tx.try_send(alert)
                    {
                        tracing::warn!(error = %e, "alert queue full; alert dropped");
                    }
                }
                Err(broadcast::error::RecvError::Lagged(n)) => {
                    tracing::warn!(missed = n, "alerts fell behind the event stream");
                }
                Err(broadcast::error::RecvError::Closed) => return,
            }
        }
    })
}

async fn send_loop(url: String, mut rx: mpsc::Receiver<Alert>, stop: CancellationToken) {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = match reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(10))
        .build()
    {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "cannot build the ntfy client; alerts are off");
            return;
        }
    };
    loop {
        let alert = tokio::select! {
            _ = stop.cancelled() => return,
            a = rx.recv() => match a { Some(a) => a, None => return },
        };
        match send(&client, &url, alert).await {
            Ok(()) => {}
            Err(e) => tracing::warn!(error = %e, "ntfy alert not sent"),
        }
    }
}

/// Send one alert to the ntfy topic `url`. The error never holds the URL
/// (an ntfy topic is a secret: whoever knows it can read the alerts).
pub async fn send(client: &reqwest::Client, url: &str, alert: Alert) -> Result<(), String> {
    // Header values must be visible ASCII: keep the title safe.
    let title: String = alert
        .title
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '?'
            }
        })
        .collect();
    let sent = client
        .post(url)
        .header("Title", title)
        .header("Priority", alert.priority)
        .header("Tags", alert.tags)
        .body(alert.message)
        .send()
        .await;
    match sent {
        Ok(r) if r.status().is_success() => Ok(()),
        Ok(r) => Err(format!("ntfy refused the message ({})", r.status())),
        Err(e) => Err(format!("cannot reach ntfy: {}", e.without_url())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use m3shd_api::{Agent, AgentStatus, CircuitState};

    fn agent(id: &str) -> Agent {
        Agent {
            id: id.into(),
            name: id.into(),
            machine: None,
            status: AgentStatus::Offline,
            capabilities: vec![],
            max_concurrent: 1,
            active_tasks: 0,
            circuit: CircuitState::Closed,
            consecutive_failures: 0,
            reputation: vec![],
            last_heartbeat: None,
            last_progress: None,
            registered_at: chrono::Utc::now(),
        }
    }

    fn rec(event: Event) -> EventRecord {
        EventRecord {
            id: 1,
            ts: chrono::Utc::now(),
            event,
        }
    }

    #[test]
    fn agent_down_once_per_outage() {
        let mut d = Dedup::default();
        let down = rec(Event::AgentOffline {
            agent: agent("a"),
            reason: "silent".into(),
        });
        assert!(d.alert_for(&down).is_some());
        assert!(d.alert_for(&down).is_none(), "suppressed until back");
        assert!(
            d.alert_for(&rec(Event::AgentOnline { agent: agent("a") }))
                .is_none()
        );
        assert!(d.alert_for(&down).is_some(), "a new outage alerts again");
    }

    #[test]
    fn budget_once_per_day_per_agent() {
        let mut d = Dedup::default();
        let ev = |a: &str| {
            rec(Event::BudgetExceeded {
                agent_id: Some(a.into()),
                reason: "cap".into(),
            })
        };
        assert!(d.alert_for(&ev("a")).is_some());
        assert!(d.alert_for(&ev("a")).is_none());
        assert!(d.alert_for(&ev("b")).is_some());
    }
}
