//! SQL for agent memory and its FTS5 index. Values are stored encrypted
//! (the key ring in `crate::crypto`); the contentless index is fed the
//! plaintext here, in the writing transaction (migration V7).

use m3shd_api::{Memory, Timestamp};
use rusqlite::{Connection, OptionalExtension, params};

use super::sealed::SealedColumn;
use super::session::{Connected, SqliteTx};
use crate::crypto::KeyRing;
use crate::store::error::StoreError;
use crate::store::repos::{MemoryReads, MemoryWrites};
use crate::store::time::{from_micros, to_micros};

const MEMORY_VALUES: SealedColumn = SealedColumn {
    table: "agent_memory",
    key: "id",
    column: "value",
    what: "memory",
};

/// Decrypt the value of a row read from `agent_memory`.
fn open(ring: &KeyRing, mut m: Memory) -> Result<Memory, StoreError> {
    m.value = ring
        .decrypt(&m.value)
        .map_err(|e| StoreError::Corrupt(format!("memory {}: {e}", m.id)))?;
    Ok(m)
}

fn open_all(ring: &KeyRing, rows: Vec<Memory>) -> Result<Vec<Memory>, StoreError> {
    rows.into_iter().map(|m| open(ring, m)).collect()
}

/// A key as the index sees it: split into words at `_`, `-` and `.`.
fn key_words(key: &str) -> String {
    key.replace(['_', '-', '.'], " ")
}

const COLS: &str =
    "m.id, m.agent_id, m.key, m.value, m.confidence, m.source, m.created_at, m.updated_at";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Memory> {
    Ok(Memory {
        id: r.get(0)?,
        agent_id: r.get(1)?,
        key: r.get(2)?,
        value: r.get(3)?,
        confidence: r.get(4)?,
        source: r.get(5)?,
        created_at: from_micros(r.get(6)?),
        updated_at: from_micros(r.get(7)?),
    })
}

/// The FTS5 MATCH expression for "any of these words". Every term is
/// written as a quoted string (inner quotes doubled), so whatever the words
/// contain, FTS5 sees only string literals joined by `OR`: no column
/// filters, prefixes, NEAR groups or boolean operators from the caller.
/// `None` when there is nothing to search for.
pub fn any_term_query(words: &[String]) -> Option<String> {
    let terms: Vec<String> = words
        .iter()
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect();
    if terms.is_empty() {
        None
    } else {
        Some(terms.join(" OR "))
    }
}

/// Newest first.
pub fn list(
    conn: &Connection,
    ring: &KeyRing,
    agent: &str,
    limit: i64,
) -> Result<Vec<Memory>, StoreError> {
    let sql = format!(
        "SELECT {COLS} FROM agent_memory m WHERE m.agent_id = ?1 \
         ORDER BY m.updated_at DESC, m.id DESC LIMIT ?2"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(params![agent, limit], from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    open_all(ring, rows)
}

/// Every entry of an agent, oldest first (consolidation).
pub fn all_of(conn: &Connection, ring: &KeyRing, agent: &str) -> Result<Vec<Memory>, StoreError> {
    let sql = format!(
        "SELECT {COLS} FROM agent_memory m WHERE m.agent_id = ?1 ORDER BY m.updated_at, m.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map([agent], from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    open_all(ring, rows)
}

/// Agents that have at least one memory.
pub fn agents(conn: &Connection) -> Result<Vec<String>, StoreError> {
    let mut stmt =
        conn.prepare_cached("SELECT DISTINCT agent_id FROM agent_memory ORDER BY agent_id")?;
    let rows = stmt
        .query_map([], |r| r.get(0))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Memories per agent: a walk of `agent_memory_recent` (agent first, so
/// the groups come in order: no table read, no sort).
pub const COUNTS_SQL: &str =
    "SELECT agent_id, COUNT(*) FROM agent_memory GROUP BY agent_id ORDER BY agent_id";

pub fn counts(conn: &Connection) -> Result<Vec<(String, i64)>, StoreError> {
    let mut stmt = conn.prepare_cached(COUNTS_SQL)?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

pub fn get(
    conn: &Connection,
    ring: &KeyRing,
    agent: &str,
    key: &str,
) -> Result<Option<Memory>, StoreError> {
    let sql = format!("SELECT {COLS} FROM agent_memory m WHERE m.agent_id = ?1 AND m.key = ?2");
    let mut stmt = conn.prepare_cached(&sql)?;
    let row = stmt.query_row([agent, key], from_row).optional()?;
    row.map(|m| open(ring, m)).transpose()
}

/// Whether the agent has any memory (an index probe: keeps claims cheap).
pub fn any(conn: &Connection, agent: &str) -> Result<bool, StoreError> {
    let mut stmt =
        conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM agent_memory WHERE agent_id = ?1)")?;
    Ok(stmt.query_row([agent], |r| r.get(0))?)
}

/// Matches a search scores with bm25 at most. Scoring is what a search
/// costs (about 0.5 µs a match: FTS5 looks up every match's column sizes),
/// so a query keeps its rarer words while their matches fit this budget,
/// and when even its rarest word has more matches than this, only the
/// newest `SCORED_DOCS` of them are ranked (newest also wins ties, so among
/// equally good entries nothing changes). On the 100k memories of
/// `m3shd bench memory`, unbounded scoring costs p99 ~8 ms of CPU, this
/// budget ~1 ms with the top 5 unchanged in 4 of 5 searches; 1000 would
/// halve the cost but keep the top 5 in only about half of them.
pub const SCORED_DOCS: i64 = 2_000;

/// Documents containing `term` (0 when unknown, e.g. a word the tokenizer
/// folds differently).
fn docs_with(conn: &Connection, term: &str) -> Result<i64, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT doc FROM agent_memory_fts_vocab WHERE term = ?1")?;
    Ok(stmt
        .query_row([term], |r| r.get::<_, i64>(0))
        .optional()?
        .unwrap_or(0))
}

/// The words worth scoring, rarest first: the rarest always, then the next
/// rarest while the documents they match (summed) stay within
/// `SCORED_DOCS`. Very common words carry little bm25 weight, yet scoring
/// their every match is what makes a search slow. Also returns the summed
/// document count of the words kept.
fn words_to_score(conn: &Connection, words: &[String]) -> Result<(Vec<String>, i64), StoreError> {
    let mut counted = Vec::with_capacity(words.len());
    for w in words {
        counted.push((docs_with(conn, w)?, w));
    }
    let (kept, total) = crate::store::search_budget::rarest_within(counted, SCORED_DOCS);
    Ok((kept.into_iter().cloned().collect(), total))
}

/// Low bits of an FTS rowid: the memory's id. The bits above hold the
/// agent's number (migration V6), so one agent's entries are one range.
const ID_BITS: u32 = 40;

/// The rowid range of `agent`'s entries in the FTS index; `None` when the
/// agent never had a memory.
fn rowid_range(conn: &Connection, agent: &str) -> Result<Option<(i64, i64)>, StoreError> {
    let mut stmt =
        conn.prepare_cached("SELECT n FROM agent_memory_fts_agents WHERE agent_id = ?1")?;
    let n: Option<i64> = stmt.query_row([agent], |r| r.get(0)).optional()?;
    Ok(n.map(|n| {
        let lo = n << ID_BITS;
        (lo, lo + (1i64 << ID_BITS) - 1)
    }))
}

/// The agent's entries matching any of `words`, best bm25 first (a match in
/// the key counts double), newest first among equals.
pub fn search(
    conn: &Connection,
    ring: &KeyRing,
    agent: &str,
    words: &[String],
    limit: i64,
) -> Result<Vec<Memory>, StoreError> {
    let Some((lo, hi)) = rowid_range(conn, agent)? else {
        return Ok(Vec::new());
    };
    let (words, matches) = words_to_score(conn, words)?;
    let Some(query) = any_term_query(&words) else {
        return Ok(Vec::new());
    };
    // Too many matches to score them all: rank only the newest SCORED_DOCS
    // (FTS5 walks rowids in descending order cheaply, without scoring).
    let mut floor = lo;
    if matches > SCORED_DOCS {
        let mut stmt = conn.prepare_cached(
            "SELECT rowid FROM agent_memory_fts \
             WHERE agent_memory_fts MATCH ?1 AND rowid BETWEEN ?2 AND ?3 \
             ORDER BY rowid DESC LIMIT 1 OFFSET ?4",
        )?;
        floor = stmt
            .query_row(params![query, lo, hi, SCORED_DOCS - 1], |r| r.get(0))
            .optional()?
            .unwrap_or(lo);
    }
    // Rank inside the index (rowid and score only), then read the few rows
    // that made the cut.
    let sql = format!(
        "SELECT {COLS} FROM ( \
           SELECT rowid AS r, bm25(agent_memory_fts, 2.0, 1.0) AS score FROM agent_memory_fts \
           WHERE agent_memory_fts MATCH ?1 AND rowid BETWEEN ?2 AND ?3 \
           ORDER BY score, rowid DESC LIMIT ?4 \
         ) AS t JOIN agent_memory m ON m.id = t.r - ?5 AND m.agent_id = ?6 \
         ORDER BY t.score, t.r DESC"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(params![query, floor, hi, limit, lo, agent], from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    open_all(ring, rows)
}

/// The FTS rowid of entry `id` of `agent` (numbered by the insert trigger).
fn fts_rowid(conn: &Connection, agent: &str, id: i64) -> Result<i64, StoreError> {
    let mut stmt =
        conn.prepare_cached("SELECT n FROM agent_memory_fts_agents WHERE agent_id = ?1")?;
    let n: i64 = stmt.query_row([agent], |r| r.get(0))?;
    Ok((n << ID_BITS) + id)
}

/// Insert or replace the entry under (agent, key); `created_at` survives a
/// replace. The row gets the ciphertext, the index the plaintext.
#[allow(clippy::too_many_arguments)]
pub fn upsert(
    conn: &Connection,
    ring: &KeyRing,
    agent: &str,
    key: &str,
    value: &str,
    confidence: f64,
    source: &str,
    now: Timestamp,
) -> Result<Memory, StoreError> {
    let sql = "INSERT INTO agent_memory AS m \
         (agent_id, key, value, confidence, source, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) \
         ON CONFLICT (agent_id, key) DO UPDATE SET value = excluded.value, \
           confidence = excluded.confidence, source = excluded.source, \
           updated_at = excluded.updated_at \
         RETURNING id, agent_id, key, value, confidence, source, created_at, updated_at";
    // Only a replaced entry has an index row to remove: deleting a rowid
    // that is not there would still leave a tombstone for searches to skip.
    let replaced = conn
        .prepare_cached("SELECT 1 FROM agent_memory WHERE agent_id = ?1 AND key = ?2")?
        .exists([agent, key])?;
    let sealed = ring.encrypt(value);
    let mut stmt = conn.prepare_cached(sql)?;
    let mut m = stmt.query_row(
        params![agent, key, sealed, confidence, source, to_micros(now)],
        from_row,
    )?;
    let rowid = fts_rowid(conn, agent, m.id)?;
    if replaced {
        conn.prepare_cached("DELETE FROM agent_memory_fts WHERE rowid = ?1")?
            .execute([rowid])?;
    }
    conn.prepare_cached(
        "INSERT INTO agent_memory_fts (rowid, key_words, value) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![rowid, key_words(key), value])?;
    m.value = value.to_string();
    Ok(m)
}

/// Whether a row was deleted.
pub fn delete(conn: &Connection, agent: &str, key: &str) -> Result<bool, StoreError> {
    let mut stmt = conn
        .prepare_cached("DELETE FROM agent_memory WHERE agent_id = ?1 AND key = ?2 RETURNING id")?;
    let Some(id) = stmt
        .query_row([agent, key], |r| r.get::<_, i64>(0))
        .optional()?
    else {
        return Ok(false);
    };
    let rowid = fts_rowid(conn, agent, id)?;
    conn.prepare_cached("DELETE FROM agent_memory_fts WHERE rowid = ?1")?
        .execute([rowid])?;
    Ok(true)
}

/// Re-encrypt up to `batch` values not sealed under the ring's newest key
/// (plaintext from before encryption, or an older key); returns how many.
/// The index is untouched: the plaintext does not change.
pub fn reseal(conn: &Connection, ring: &KeyRing, batch: i64) -> Result<usize, StoreError> {
    MEMORY_VALUES.reseal(conn, ring, batch)
}

/// Values not yet sealed under the newest key.
pub fn unsealed(conn: &Connection, ring: &KeyRing) -> Result<i64, StoreError> {
    MEMORY_VALUES.unsealed(conn, ring)
}

impl<C: Connected> MemoryReads for C {
    fn list(&self, agent: &str, limit: i64) -> Result<Vec<Memory>, StoreError> {
        list(self.conn(), self.ring(), agent, limit)
    }

    fn all_of(&self, agent: &str) -> Result<Vec<Memory>, StoreError> {
        all_of(self.conn(), self.ring(), agent)
    }

    fn agents(&self) -> Result<Vec<String>, StoreError> {
        agents(self.conn())
    }

    fn counts(&self) -> Result<Vec<(String, i64)>, StoreError> {
        counts(self.conn())
    }

    fn get(&self, agent: &str, key: &str) -> Result<Option<Memory>, StoreError> {
        get(self.conn(), self.ring(), agent, key)
    }

    fn any(&self, agent: &str) -> Result<bool, StoreError> {
        any(self.conn(), agent)
    }

    fn search(&self, agent: &str, words: &[String], limit: i64) -> Result<Vec<Memory>, StoreError> {
        search(self.conn(), self.ring(), agent, words, limit)
    }
}

impl MemoryWrites for SqliteTx<'_> {
    fn upsert(
        &self,
        agent: &str,
        key: &str,
        value: &str,
        confidence: f64,
        source: &str,
    ) -> Result<Memory, StoreError> {
        upsert(
            &self.txn, self.ring, agent, key, value, confidence, source, self.now,
        )
    }

    fn delete(&self, agent: &str, key: &str) -> Result<bool, StoreError> {
        delete(&self.txn, agent, key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static RING: std::sync::LazyLock<KeyRing> = std::sync::LazyLock::new(|| {
        KeyRing::parse(
            "t1:00000000000000000000000000000000000000000000000000000000000000aa",
            crate::crypto::KeySource::Env,
        )
        .expect("ring")
    });

    fn db() -> Connection {
        super::super::migrations::migrated_in_memory()
    }

    fn w(words: &[&str]) -> Vec<String> {
        words.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn upsert_replaces_and_keeps_the_index_in_step() {
        let conn = db();
        let now = chrono::Utc::now();
        let a = upsert(&conn, &RING, "a", "favourite_db", "sqlite", 1.0, "t", now).expect("insert");
        let b =
            upsert(&conn, &RING, "a", "favourite_db", "postgres", 0.5, "t", now).expect("update");
        assert_eq!(a.id, b.id);
        assert_eq!(b.value, "postgres");
        assert!(
            search(&conn, &RING, "a", &w(&["sqlite"]), 10)
                .expect("search")
                .is_empty()
        );
        assert_eq!(
            search(&conn, &RING, "a", &w(&["postgres"]), 10)
                .expect("search")
                .len(),
            1
        );
        // Keys are searchable split into words.
        assert_eq!(
            search(&conn, &RING, "a", &w(&["db"]), 10)
                .expect("search")
                .len(),
            1
        );
        // Other agents do not see it.
        assert!(
            search(&conn, &RING, "b", &w(&["db"]), 10)
                .expect("search")
                .is_empty()
        );
        assert!(delete(&conn, "a", "favourite_db").expect("delete"));
        assert!(!delete(&conn, "a", "favourite_db").expect("delete"));
        assert!(
            search(&conn, &RING, "a", &w(&["postgres"]), 10)
                .expect("search")
                .is_empty()
        );
        let fts_rows: i64 = conn
            .query_row("SELECT count(*) FROM agent_memory_fts", [], |r| r.get(0))
            .expect("count");
        assert_eq!(fts_rows, 0);
    }

    #[test]
    fn search_ranks_by_bm25_with_keys_weighted() {
        let conn = db();
        let now = chrono::Utc::now();
        upsert(
            &conn,
            &RING,
            "a",
            "editor",
            "uses vim for rust",
            1.0,
            "t",
            now,
        )
        .expect("insert");
        upsert(&conn, &RING, "a", "rust_version", "1.95", 1.0, "t", now).expect("insert");
        upsert(&conn, &RING, "a", "lunch", "pizza", 1.0, "t", now).expect("insert");
        let hits = search(&conn, &RING, "a", &w(&["rust", "version"]), 10).expect("search");
        let keys: Vec<&str> = hits.iter().map(|m| m.key.as_str()).collect();
        assert_eq!(keys, ["rust_version", "editor"]);
    }

    #[test]
    fn very_common_terms_are_dropped_when_rarer_ones_exist() {
        let conn = db();
        let now = chrono::Utc::now();
        let n = SCORED_DOCS + 1;
        for i in 0..n {
            upsert(&conn, &RING, "a", &format!("k{i}"), "common", 1.0, "t", now).expect("insert");
        }
        upsert(&conn, &RING, "a", "rare", "common unusual", 1.0, "t", now).expect("insert");
        let hits = search(&conn, &RING, "a", &w(&["common", "unusual"]), 500).expect("search");
        assert_eq!(hits.len(), 1, "only the rare term was searched");
        assert_eq!(hits[0].key, "rare");
        // Alone, a common term is still searched.
        let hits = search(&conn, &RING, "a", &w(&["common"]), 500).expect("search");
        assert_eq!(hits.len(), 500);
        // Words the index does not know (count 0) are kept.
        let hits = search(&conn, &RING, "a", &w(&["common", "missing"]), 5).expect("search");
        assert!(hits.is_empty());
    }

    #[test]
    fn hostile_terms_are_only_ever_literals() {
        let conn = db();
        let now = chrono::Utc::now();
        upsert(&conn, &RING, "a", "k", "value", 1.0, "t", now).expect("insert");
        for bad in [
            "\"",
            "*",
            "NEAR(",
            "OR",
            "-",
            ":",
            "key_words:",
            "a\"b",
            "^",
            "(",
            "ü",
        ] {
            search(&conn, &RING, "a", &w(&[bad]), 10).expect("never a syntax error");
        }
        assert_eq!(any_term_query(&w(&[])), None);
        assert_eq!(
            any_term_query(&w(&["a\"b", "c"])).as_deref(),
            Some("\"a\"\"b\" OR \"c\"")
        );
    }

    #[test]
    fn each_agent_searches_only_its_own_range() {
        let conn = db();
        let now = chrono::Utc::now();
        for (agent, value) in [("a", "shared alpha"), ("b", "shared beta"), ("c", "gamma")] {
            upsert(&conn, &RING, agent, "k", value, 1.0, "t", now).expect("insert");
        }
        let keys = |agent: &str, word: &str| -> Vec<String> {
            search(&conn, &RING, agent, &w(&[word]), 10)
                .expect("search")
                .into_iter()
                .map(|m| format!("{}:{}", m.agent_id, m.value))
                .collect()
        };
        assert_eq!(keys("a", "shared"), ["a:shared alpha"]);
        assert_eq!(keys("b", "shared"), ["b:shared beta"]);
        assert!(keys("c", "shared").is_empty());
        assert!(keys("nobody", "shared").is_empty());
        // Deleting one agent's entry leaves the other's index rows alone.
        assert!(delete(&conn, "a", "k").expect("delete"));
        assert!(keys("a", "shared").is_empty());
        assert_eq!(keys("b", "shared"), ["b:shared beta"]);
        // An agent that comes back keeps its number (and its range).
        upsert(&conn, &RING, "a", "k2", "shared again", 1.0, "t", now).expect("insert");
        assert_eq!(keys("a", "shared"), ["a:shared again"]);
        let numbered: i64 = conn
            .query_row("SELECT count(*) FROM agent_memory_fts_agents", [], |r| {
                r.get(0)
            })
            .expect("count");
        assert_eq!(numbered, 3);
    }

    #[test]
    fn upgrading_a_v3_index_keeps_every_entry_searchable() {
        let mut conn = Connection::open_in_memory().expect("open");
        let m = super::super::migrations::migrations();
        m.to_version(&mut conn, 3).expect("v3");
        conn.execute_batch(
            "INSERT INTO agent_memory (agent_id, key, value, source, created_at, updated_at) VALUES
                ('b', 'db_choice', 'postgres for billing', 't', 1, 1),
                ('a', 'editor', 'vim for rust', 't', 2, 2),
                ('a', 'rust_version', '1.95', 't', 3, 3);",
        )
        .expect("v3 rows");
        m.to_latest(&mut conn).expect("upgrade");
        let fts_rows: i64 = conn
            .query_row("SELECT count(*) FROM agent_memory_fts", [], |r| r.get(0))
            .expect("count");
        assert_eq!(fts_rows, 3);
        let hits = search(&conn, &RING, "a", &w(&["rust"]), 10).expect("search");
        let keys: Vec<&str> = hits.iter().map(|m| m.key.as_str()).collect();
        assert_eq!(keys, ["rust_version", "editor"]);
        let hits = search(&conn, &RING, "b", &w(&["billing", "db"]), 10).expect("search");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].key, "db_choice");
        // The triggers of the new layout take over.
        let now = chrono::Utc::now();
        upsert(&conn, &RING, "b", "db_choice", "sqlite", 1.0, "t", now).expect("update");
        assert!(
            search(&conn, &RING, "b", &w(&["billing"]), 10)
                .expect("search")
                .is_empty()
        );
        assert_eq!(
            search(&conn, &RING, "b", &w(&["sqlite"]), 10)
                .expect("search")
                .len(),
            1
        );
    }
}
