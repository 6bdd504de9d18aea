//! SQL for agents, their reputation and circuit breakers.

use m3shd_api::{Reputation, Timestamp};
use rusqlite::{Connection, params};

use super::rows::{AGENT_COLS, agent_from_row, parse};
use super::session::{Connected, SqliteTx};
use crate::store::error::StoreError;
use crate::store::repos::{AgentReads, AgentRecord, AgentWrites, CandidateRow, ReputationRow};
use crate::store::time::to_micros;

fn reputation(conn: &Connection, id: &str) -> Result<Vec<Reputation>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT capability, successes, failures FROM agent_reputation WHERE agent_id = ?1 \
         ORDER BY capability",
    )?;
    let rows = stmt
        .query_map([id], |r| {
            Ok(Reputation {
                capability: r.get(0)?,
                successes: r.get(1)?,
                failures: r.get(2)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

fn collect(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<AgentRecord>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(params)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(agent_from_row(row)?);
    }
    drop(rows);
    for rec in &mut out {
        rec.agent.reputation = reputation(conn, &rec.agent.id)?;
    }
    Ok(out)
}

pub fn get(conn: &Connection, id: &str) -> Result<Option<AgentRecord>, StoreError> {
    let sql = format!("SELECT {AGENT_COLS} FROM agents WHERE id = ?1");
    Ok(collect(conn, &sql, [id])?.pop())
}

pub fn get_state(conn: &Connection, id: &str) -> Result<Option<AgentRecord>, StoreError> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {AGENT_COLS} FROM agents WHERE id = ?1"))?;
    let mut rows = stmt.query([id])?;
    match rows.next()? {
        Some(row) => Ok(Some(agent_from_row(row)?)),
        None => Ok(None),
    }
}

pub fn list(conn: &Connection) -> Result<Vec<AgentRecord>, StoreError> {
    let sql = format!("SELECT {AGENT_COLS} FROM agents ORDER BY id");
    collect(conn, &sql, [])
}

pub const CANDIDATES_SQL: &str = "SELECT a.id, a.capabilities, a.max_concurrent, \
       a.circuit_state, \
       (SELECT count(*) FROM tasks t WHERE t.assigned_to = a.id \
          AND t.status IN ('assigned','running')) \
     FROM agents a \
     WHERE a.status IN ('online','busy') AND a.claiming = 1 AND a.circuit_state != 'open'";

/// Agents that may take work right now, with the tasks they hold.
pub fn candidates(conn: &Connection) -> Result<Vec<CandidateRow>, StoreError> {
    let mut stmt = conn.prepare_cached(CANDIDATES_SQL)?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let caps: String = r.get(1)?;
        let circuit: String = r.get(3)?;
        out.push(CandidateRow {
            id: r.get(0)?,
            capabilities: serde_json::from_str(&caps)?,
            max_concurrent: r.get(2)?,
            circuit: parse(&circuit)?,
            held: r.get(4)?,
        });
    }
    Ok(out)
}

pub fn reputations(conn: &Connection) -> Result<Vec<ReputationRow>, StoreError> {
    let mut stmt = conn
        .prepare_cached("SELECT agent_id, capability, successes, failures FROM agent_reputation")?;
    let rows = stmt
        .query_map([], |r| {
            Ok(ReputationRow {
                agent_id: r.get(0)?,
                capability: r.get(1)?,
                successes: r.get(2)?,
                failures: r.get(3)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Online agents whose last heartbeat is older than `cutoff`.
pub fn silent_since(conn: &Connection, cutoff: Timestamp) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM agents WHERE status != 'offline' \
         AND coalesce(last_heartbeat, registered_at) < ?1",
    )?;
    let ids = stmt
        .query_map([to_micros(cutoff)], |r| r.get(0))?
        .collect::<Result<Vec<String>, _>>()?;
    Ok(ids)
}

/// Agents whose circuit opened before `cutoff` (their cool-down is over).
pub fn cooled_circuits(conn: &Connection, cutoff: Timestamp) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM agents WHERE circuit_state = 'open' AND circuit_opened_at <= ?1",
    )?;
    let ids = stmt
        .query_map([to_micros(cutoff)], |r| r.get(0))?
        .collect::<Result<Vec<String>, _>>()?;
    Ok(ids)
}

/// (online or busy, total).
pub fn counts(conn: &Connection) -> Result<(i64, i64), StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT coalesce(sum(status IN ('online','busy')), 0), count(*) FROM agents a \
         WHERE NOT EXISTS (SELECT 1 FROM peers p WHERE 'peer-' || p.name = a.id)",
    )?;
    Ok(stmt.query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// Insert a new agent or refresh a returning one. Circuit state and
/// reputation survive a re-registration: restarting must not wash a record.
#[allow(clippy::too_many_arguments)]
pub fn upsert(
    conn: &Connection,
    id: &str,
    name: &str,
    machine: Option<&str>,
    capabilities: &[String],
    max_concurrent: i64,
    now: Timestamp,
) -> Result<(), StoreError> {
    let caps = serde_json::to_string(capabilities)?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO agents (id, name, machine, status, capabilities, max_concurrent, claiming, \
           last_heartbeat, registered_at) \
         VALUES (?1, ?2, ?3, 'online', ?4, ?5, 1, ?6, ?6) \
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, machine = excluded.machine, \
           status = 'online', capabilities = excluded.capabilities, \
           max_concurrent = excluded.max_concurrent, claiming = 1, \
           last_heartbeat = excluded.last_heartbeat",
    )?;
    stmt.execute(params![
        id,
        name,
        machine,
        caps,
        max_concurrent,
        to_micros(now)
    ])?;
    Ok(())
}

/// Set an agent's capabilities and slots.
pub fn reconfigure(
    conn: &Connection,
    id: &str,
    capabilities: &[String],
    max_concurrent: i64,
) -> Result<(), StoreError> {
    let caps = serde_json::to_string(capabilities)?;
    conn.prepare_cached("UPDATE agents SET capabilities = ?2, max_concurrent = ?3 WHERE id = ?1")?
        .execute(params![id, caps, max_concurrent])?;
    Ok(())
}

/// Mark that no agent has a claim waiting (none can, on a hub that just
/// started); returns how many were marked as having one.
pub fn forget_claims(conn: &Connection) -> Result<usize, StoreError> {
    Ok(conn
        .prepare_cached("UPDATE agents SET claiming = 0 WHERE claiming = 1")?
        .execute([])?)
}

/// Write the mutable state of an agent back (status, circuit, liveness).
pub fn save(conn: &Connection, rec: &AgentRecord) -> Result<(), StoreError> {
    let a = &rec.agent;
    let mut stmt = conn.prepare_cached(
        "UPDATE agents SET status = ?2, circuit_state = ?3, consecutive_failures = ?4, \
         circuit_opened_at = ?5, claiming = ?6, last_heartbeat = ?7, last_progress = ?8 \
         WHERE id = ?1",
    )?;
    stmt.execute(params![
        a.id,
        rec.stored_status.as_str(),
        a.circuit.as_str(),
        a.consecutive_failures,
        rec.circuit_opened_at.map(to_micros),
        i64::from(rec.claiming),
        a.last_heartbeat.map(to_micros),
        a.last_progress.map(to_micros),
    ])?;
    Ok(())
}

pub fn record_outcome(
    conn: &Connection,
    agent: &str,
    capability: &str,
    success: bool,
) -> Result<(), StoreError> {
    let (s, f) = if success { (1, 0) } else { (0, 1) };
    let mut stmt = conn.prepare_cached(
        "INSERT INTO agent_reputation (agent_id, capability, successes, failures) \
         VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT (agent_id, capability) DO UPDATE SET \
           successes = successes + excluded.successes, failures = failures + excluded.failures",
    )?;
    stmt.execute(params![agent, capability, s, f])?;
    Ok(())
}

impl<C: Connected> AgentReads for C {
    fn get(&self, id: &str) -> Result<Option<AgentRecord>, StoreError> {
        get(self.conn(), id)
    }

    fn get_state(&self, id: &str) -> Result<Option<AgentRecord>, StoreError> {
        get_state(self.conn(), id)
    }

    fn list(&self) -> Result<Vec<AgentRecord>, StoreError> {
        list(self.conn())
    }

    fn dispatch_candidates(&self) -> Result<Vec<CandidateRow>, StoreError> {
        candidates(self.conn())
    }

    fn reputations(&self) -> Result<Vec<ReputationRow>, StoreError> {
        reputations(self.conn())
    }

    fn silent_since(&self, cutoff: Timestamp) -> Result<Vec<String>, StoreError> {
        silent_since(self.conn(), cutoff)
    }

    fn circuits_cooled_since(&self, cutoff: Timestamp) -> Result<Vec<String>, StoreError> {
        cooled_circuits(self.conn(), cutoff)
    }

    fn counts(&self) -> Result<(i64, i64), StoreError> {
        counts(self.conn())
    }
}

impl AgentWrites for SqliteTx<'_> {
    fn upsert(
        &self,
        id: &str,
        name: &str,
        machine: Option<&str>,
        capabilities: &[String],
        max_concurrent: i64,
    ) -> Result<(), StoreError> {
        upsert(
            &self.txn,
            id,
            name,
            machine,
            capabilities,
            max_concurrent,
            self.now,
        )
    }

    fn save(&self, rec: &AgentRecord) -> Result<(), StoreError> {
        save(&self.txn, rec)
    }

    fn reconfigure(
        &self,
        id: &str,
        capabilities: &[String],
        max_concurrent: i64,
    ) -> Result<(), StoreError> {
        reconfigure(&self.txn, id, capabilities, max_concurrent)
    }

    fn forget_claims(&self) -> Result<usize, StoreError> {
        forget_claims(&self.txn)
    }

    fn record_outcome(
        &self,
        agent: &str,
        capability: &str,
        success: bool,
    ) -> Result<(), StoreError> {
        record_outcome(&self.txn, agent, capability, success)
    }
}
