//! SQL for agents, their reputation and circuit breakers.

use m3shd_api::{Agent, AgentStatus, CircuitState, Reputation, Timestamp};
use tokio_postgres::Row;

use super::db::col;
use super::session::Session;
use crate::store::error::StoreError;
use crate::store::repos::{AgentReads, AgentRecord, AgentWrites, CandidateRow, ReputationRow};
use crate::store::time::{from_micros, to_micros};

/// Columns of `agent`, in order (reputation is loaded separately).
const COLS: &str = "id, name, machine, status, capabilities, max_concurrent, \
    circuit_state, consecutive_failures, circuit_opened_at, claiming, last_heartbeat, \
    last_progress, registered_at, \
    (SELECT count(*) FROM tasks t WHERE t.assigned_to = agents.id \
       AND t.status IN ('assigned','running'))";

fn parse<T: std::str::FromStr<Err = String>>(s: &str) -> Result<T, StoreError> {
    s.parse().map_err(StoreError::Corrupt)
}

fn agent(r: &Row) -> Result<AgentRecord, StoreError> {
    let stored_status: AgentStatus = parse(&col::<String>(r, 3)?)?;
    let max_concurrent: i64 = col(r, 5)?;
    let active_tasks: i64 = col(r, 13)?;
    // Busy is a view of (online, full), so it can never go stale in the table.
    // An agent with no slots (it only dispatches) is never busy.
    let full = max_concurrent > 0 && active_tasks >= max_concurrent;
    let status = if stored_status == AgentStatus::Online && full {
        AgentStatus::Busy
    } else {
        stored_status
    };
    let circuit: CircuitState = parse(&col::<String>(r, 6)?)?;
    let agent = Agent {
        id: col(r, 0)?,
        name: col(r, 1)?,
        machine: col(r, 2)?,
        status,
        capabilities: serde_json::from_str(col(r, 4)?)?,
        max_concurrent,
        active_tasks,
        circuit,
        consecutive_failures: col(r, 7)?,
        reputation: Vec::new(),
        last_heartbeat: col::<Option<i64>>(r, 10)?.map(from_micros),
        last_progress: col::<Option<i64>>(r, 11)?.map(from_micros),
        registered_at: from_micros(col(r, 12)?),
    };
    Ok(AgentRecord {
        agent,
        claiming: col::<i64>(r, 9)? != 0,
        circuit_opened_at: col::<Option<i64>>(r, 8)?.map(from_micros),
        stored_status,
    })
}

fn reputation(s: &Session<'_>, id: &str) -> Result<Vec<Reputation>, StoreError> {
    s.query(
        "SELECT capability, successes, failures FROM agent_reputation WHERE agent_id = $1 \
         ORDER BY capability",
        &[&id],
    )?
    .iter()
    .map(|r| {
        Ok(Reputation {
            capability: col(r, 0)?,
            successes: col(r, 1)?,
            failures: col(r, 2)?,
        })
    })
    .collect()
}

/// Agents with their reputation.
fn with_reputation(s: &Session<'_>, rows: &[Row]) -> Result<Vec<AgentRecord>, StoreError> {
    rows.iter()
        .map(|r| {
            let mut rec = agent(r)?;
            rec.agent.reputation = reputation(s, &rec.agent.id)?;
            Ok(rec)
        })
        .collect()
}

fn ids(rows: Vec<Row>) -> Result<Vec<String>, StoreError> {
    rows.iter().map(|r| col(r, 0)).collect()
}

impl AgentReads for Session<'_> {
    fn get(&self, id: &str) -> Result<Option<AgentRecord>, StoreError> {
        let rows = self.query(&format!("SELECT {COLS} FROM agents WHERE id = $1"), &[&id])?;
        Ok(with_reputation(self, &rows)?.pop())
    }

    fn get_state(&self, id: &str) -> Result<Option<AgentRecord>, StoreError> {
        self.query_opt(&format!("SELECT {COLS} FROM agents WHERE id = $1"), &[&id])?
            .map(|r| agent(&r))
            .transpose()
    }

    fn list(&self) -> Result<Vec<AgentRecord>, StoreError> {
        let rows = self.query(&format!("SELECT {COLS} FROM agents ORDER BY id"), &[])?;
        with_reputation(self, &rows)
    }

    /// Agents that may take work right now, with the tasks they hold.
    fn dispatch_candidates(&self) -> Result<Vec<CandidateRow>, StoreError> {
        self.query(
            "SELECT a.id, a.capabilities, a.max_concurrent, a.circuit_state, \
               (SELECT count(*) FROM tasks t WHERE t.assigned_to = a.id \
                  AND t.status IN ('assigned','running')) \
             FROM agents a \
             WHERE a.status IN ('online','busy') AND a.claiming = 1 \
               AND a.circuit_state != 'open'",
            &[],
        )?
        .iter()
        .map(|r| {
            Ok(CandidateRow {
                id: col(r, 0)?,
                capabilities: serde_json::from_str(col(r, 1)?)?,
                max_concurrent: col(r, 2)?,
                circuit: parse(&col::<String>(r, 3)?)?,
                held: col(r, 4)?,
            })
        })
        .collect()
    }

    fn reputations(&self) -> Result<Vec<ReputationRow>, StoreError> {
        self.query(
            "SELECT agent_id, capability, successes, failures FROM agent_reputation",
            &[],
        )?
        .iter()
        .map(|r| {
            Ok(ReputationRow {
                agent_id: col(r, 0)?,
                capability: col(r, 1)?,
                successes: col(r, 2)?,
                failures: col(r, 3)?,
            })
        })
        .collect()
    }

    /// Agents not offline whose last heartbeat is older than `cutoff`.
    fn silent_since(&self, cutoff: Timestamp) -> Result<Vec<String>, StoreError> {
        ids(self.query(
            "SELECT id FROM agents WHERE status != 'offline' \
             AND coalesce(last_heartbeat, registered_at) < $1",
            &[&to_micros(cutoff)],
        )?)
    }

    /// Agents whose circuit opened at or before `cutoff` (their cool-down is over).
    fn circuits_cooled_since(&self, cutoff: Timestamp) -> Result<Vec<String>, StoreError> {
        ids(self.query(
            "SELECT id FROM agents WHERE circuit_state = 'open' AND circuit_opened_at <= $1",
            &[&to_micros(cutoff)],
        )?)
    }

    /// (online or busy, total).
    fn counts(&self) -> Result<(i64, i64), StoreError> {
        let r = self.query_one(
            "SELECT count(*) FILTER (WHERE status IN ('online','busy')), count(*) FROM agents a \
             WHERE NOT EXISTS (SELECT 1 FROM peers p WHERE 'peer-' || p.name = a.id)",
            &[],
        )?;
        Ok((col(&r, 0)?, col(&r, 1)?))
    }
}

impl AgentWrites for Session<'_> {
    /// Insert a new agent or refresh a returning one. Circuit state and
    /// reputation survive a re-registration: restarting must not wash a record.
    fn upsert(
        &self,
        id: &str,
        name: &str,
        machine: Option<&str>,
        capabilities: &[String],
        max_concurrent: i64,
    ) -> Result<(), StoreError> {
        let caps = serde_json::to_string(capabilities)?;
        self.execute(
            "INSERT INTO agents (id, name, machine, status, capabilities, max_concurrent, \
               claiming, last_heartbeat, registered_at) \
             VALUES ($1, $2, $3, 'online', $4, $5, 1, $6, $6) \
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, machine = excluded.machine, \
               status = 'online', capabilities = excluded.capabilities, \
               max_concurrent = excluded.max_concurrent, claiming = 1, \
               last_heartbeat = excluded.last_heartbeat",
            &[
                &id,
                &name,
                &machine,
                &caps,
                &max_concurrent,
                &to_micros(self.now()),
            ],
        )?;
        Ok(())
    }

    /// Write the mutable state of an agent back (status, circuit, liveness).
    fn save(&self, rec: &AgentRecord) -> Result<(), StoreError> {
        let a = &rec.agent;
        self.execute(
            "UPDATE agents SET status = $2, circuit_state = $3, consecutive_failures = $4, \
             circuit_opened_at = $5, claiming = $6, last_heartbeat = $7, last_progress = $8 \
             WHERE id = $1",
            &[
                &a.id,
                &rec.stored_status.as_str(),
                &a.circuit.as_str(),
                &a.consecutive_failures,
                &rec.circuit_opened_at.map(to_micros),
                &i64::from(rec.claiming),
                &a.last_heartbeat.map(to_micros),
                &a.last_progress.map(to_micros),
            ],
        )?;
        Ok(())
    }

    fn reconfigure(
        &self,
        id: &str,
        capabilities: &[String],
        max_concurrent: i64,
    ) -> Result<(), StoreError> {
        let caps = serde_json::to_string(capabilities)?;
        self.execute(
            "UPDATE agents SET capabilities = $2, max_concurrent = $3 WHERE id = $1",
            &[&id, &caps, &max_concurrent],
        )?;
        Ok(())
    }

    /// Mark that no agent has a claim waiting (none can, on a hub that just
    /// started); returns how many were marked as having one.
    fn forget_claims(&self) -> Result<usize, StoreError> {
        let n = self.execute("UPDATE agents SET claiming = 0 WHERE claiming = 1", &[])?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }

    fn record_outcome(
        &self,
        agent: &str,
        capability: &str,
        success: bool,
    ) -> Result<(), StoreError> {
        let (s, f): (i64, i64) = if success { (1, 0) } else { (0, 1) };
        self.execute(
            "INSERT INTO agent_reputation (agent_id, capability, successes, failures) \
             VALUES ($1, $2, $3, $4) \
             ON CONFLICT (agent_id, capability) DO UPDATE SET \
               successes = agent_reputation.successes + excluded.successes, \
               failures = agent_reputation.failures + excluded.failures",
            &[&agent, &capability, &s, &f],
        )?;
        Ok(())
    }
}
