//! SQL for agent memory and its word index. Values are stored sealed (the
//! key ring in `crate::crypto`), exactly as SQLite stores them; the words
//! of the plaintext go to `agent_memory_words` in the writing transaction,
//! and searches rank with bm25 as SQLite's FTS5 does.

use std::collections::HashMap;

use m3shd_api::Memory;
use tokio_postgres::Row;

use super::db::col;
use super::memory_words::{self, Indexed};
use super::session::Session;
use crate::store::error::StoreError;
use crate::store::repos::{MemoryReads, MemoryWrites};
use crate::store::time::{from_micros, to_micros};

const COLS: &str =
    "m.id, m.agent_id, m.key, m.value, m.confidence, m.source, m.created_at, m.updated_at";

/// Entries a search scores at most: the newest of its matches (SQLite's
/// budget, `sqlite::memory::SCORED_DOCS`, for the same results).
const SCORED_DOCS: i64 = 2_000;

/// A row read from `agent_memory`, its value unsealed.
fn open(s: &Session<'_>, r: &Row) -> Result<Memory, StoreError> {
    let id: i64 = col(r, 0)?;
    let sealed: String = col(r, 3)?;
    Ok(Memory {
        id,
        agent_id: col(r, 1)?,
        key: col(r, 2)?,
        value: s
            .ring()
            .decrypt(&sealed)
            .map_err(|e| StoreError::Corrupt(format!("memory {id}: {e}")))?,
        confidence: col(r, 4)?,
        source: col(r, 5)?,
        created_at: from_micros(col(r, 6)?),
        updated_at: from_micros(col(r, 7)?),
    })
}

fn open_all(s: &Session<'_>, rows: &[Row]) -> Result<Vec<Memory>, StoreError> {
    rows.iter().map(|r| open(s, r)).collect()
}

impl Session<'_> {
    /// How many entries hold each of `words` (0 for a word none holds).
    fn docs_with(&self, words: &[String]) -> Result<HashMap<String, i64>, StoreError> {
        let rows = self.query(
            "SELECT word, docs FROM agent_memory_vocab WHERE word = ANY($1)",
            &[&words],
        )?;
        rows.iter().map(|r| Ok((col(r, 0)?, col(r, 1)?))).collect()
    }

    /// Drop entry `id` from the index and from the counts bm25 uses.
    fn unindex(&self, id: i64) -> Result<(), StoreError> {
        self.execute(
            "WITH gone AS ( \
               DELETE FROM agent_memory_words WHERE id = $1 \
               RETURNING tsvector_to_array(words) AS words, tokens \
             ), held AS (SELECT unnest(words) AS word FROM gone), \
             dropped AS ( \
               DELETE FROM agent_memory_vocab WHERE docs <= 1 AND word IN (SELECT word FROM held) \
             ), kept AS ( \
               UPDATE agent_memory_vocab SET docs = docs - 1 \
               WHERE docs > 1 AND word IN (SELECT word FROM held) \
             ) \
             UPDATE agent_memory_totals t SET docs = t.docs - 1, tokens = t.tokens - gone.tokens \
             FROM gone",
            &[&id],
        )?;
        Ok(())
    }

    fn index(&self, id: i64, agent: &str, words: &Indexed) -> Result<(), StoreError> {
        self.execute(
            "WITH ins AS ( \
               INSERT INTO agent_memory_words (id, agent_id, words, tokens) \
               VALUES ($1, $2, $3::text::tsvector, $4) \
             ), counted AS ( \
               INSERT INTO agent_memory_vocab (word, docs) SELECT unnest($5::text[]), 1 \
               ON CONFLICT (word) DO UPDATE SET docs = agent_memory_vocab.docs + 1 \
             ) \
             UPDATE agent_memory_totals SET docs = docs + 1, tokens = tokens + $4",
            &[&id, &agent, &words.vector, &words.tokens, &words.distinct],
        )?;
        Ok(())
    }
}

/// The terms worth scoring, rarest first: the rarest always, then the
/// next rarest while the entries they match (summed) stay within
/// `SCORED_DOCS`, as SQLite chooses them (very common words weigh little
/// in bm25, yet scoring their every match is what makes a search slow).
fn terms_to_score(terms: Vec<Vec<String>>, docs: &HashMap<String, i64>) -> Vec<Vec<String>> {
    // A phrase is no single word of the vocabulary: SQLite counts it 0.
    let count = |t: &Vec<String>| match t.as_slice() {
        [w] => docs.get(w).copied().unwrap_or(0),
        _ => 0,
    };
    let counted = terms.into_iter().map(|t| (count(&t), t)).collect();
    crate::store::search_budget::rarest_within(counted, SCORED_DOCS).0
}

impl MemoryReads for Session<'_> {
    /// Newest first.
    fn list(&self, agent: &str, limit: i64) -> Result<Vec<Memory>, StoreError> {
        let rows = self.query(
            &format!(
                "SELECT {COLS} FROM agent_memory m WHERE m.agent_id = $1 \
                 ORDER BY m.updated_at DESC, m.id DESC LIMIT $2"
            ),
            &[&agent, &limit],
        )?;
        open_all(self, &rows)
    }

    /// Oldest first (consolidation).
    fn all_of(&self, agent: &str) -> Result<Vec<Memory>, StoreError> {
        let rows = self.query(
            &format!(
                "SELECT {COLS} FROM agent_memory m WHERE m.agent_id = $1 \
                 ORDER BY m.updated_at, m.id"
            ),
            &[&agent],
        )?;
        open_all(self, &rows)
    }

    fn agents(&self) -> Result<Vec<String>, StoreError> {
        let rows = self.query(
            "SELECT DISTINCT agent_id FROM agent_memory ORDER BY agent_id",
            &[],
        )?;
        rows.iter().map(|r| col(r, 0)).collect()
    }

    fn counts(&self) -> Result<Vec<(String, i64)>, StoreError> {
        // An index-only walk of agent_memory_recent (agent first).
        let rows = self.query(
            "SELECT agent_id, COUNT(*) FROM agent_memory GROUP BY agent_id ORDER BY agent_id",
            &[],
        )?;
        rows.iter().map(|r| Ok((col(r, 0)?, col(r, 1)?))).collect()
    }

    fn get(&self, agent: &str, key: &str) -> Result<Option<Memory>, StoreError> {
        let row = self.query_opt(
            &format!("SELECT {COLS} FROM agent_memory m WHERE m.agent_id = $1 AND m.key = $2"),
            &[&agent, &key],
        )?;
        row.map(|r| open(self, &r)).transpose()
    }

    fn any(&self, agent: &str) -> Result<bool, StoreError> {
        let row = self.query_one(
            "SELECT EXISTS (SELECT 1 FROM agent_memory WHERE agent_id = $1)",
            &[&agent],
        )?;
        col(&row, 0)
    }

    /// The agent's entries matching any of `words`, best bm25 first (a
    /// match in the key counts double), newest first among equals.
    fn search(&self, agent: &str, words: &[String], limit: i64) -> Result<Vec<Memory>, StoreError> {
        let terms: Vec<Vec<String>> = words.iter().filter_map(|w| memory_words::term(w)).collect();
        let mut all: Vec<String> = terms.iter().flatten().cloned().collect();
        all.sort();
        all.dedup();
        if all.is_empty() {
            return Ok(Vec::new());
        }
        let docs = self.docs_with(&all)?;
        let terms = terms_to_score(terms, &docs);
        let Some(query) = memory_words::any_of(&terms) else {
            return Ok(Vec::new());
        };
        let totals = self.query_one("SELECT docs, tokens FROM agent_memory_totals", &[])?;
        let (entries, tokens): (i64, i64) = (col(&totals, 0)?, col(&totals, 1)?);
        if entries == 0 {
            return Ok(Vec::new());
        }
        #[allow(clippy::cast_precision_loss)]
        let avg_tokens = tokens as f64 / entries as f64;
        let mut scored: Vec<String> = terms.into_iter().flatten().collect();
        scored.sort();
        scored.dedup();
        let weights: Vec<f64> = scored
            .iter()
            .map(|w| memory_words::idf(entries, docs.get(w).copied().unwrap_or(0)))
            .collect();
        // bm25 (k1 = 1.2, b = 0.75) over the newest SCORED_DOCS matches, as
        // FTS5 computes it: a word's frequency counts a key position twice.
        let rows = self.query(
            &format!(
                "WITH q AS (SELECT * FROM unnest($3::text[], $4::float8[]) AS q(word, idf)), \
                 hit AS ( \
                   SELECT id, words, tokens FROM agent_memory_words \
                   WHERE agent_id = $1 AND words @@ $2::text::tsquery \
                   ORDER BY id DESC LIMIT $5 \
                 ), scored AS ( \
                   SELECT hit.id, -sum(q.idf * (f.freq * 2.2) \
                     / (f.freq + 1.2 * (0.25 + 0.75 * hit.tokens::float8 / $6::float8))) AS score \
                   FROM hit \
                   CROSS JOIN LATERAL unnest(hit.words) AS u(lexeme, positions, weights) \
                   JOIN q ON q.word = u.lexeme \
                   CROSS JOIN LATERAL ( \
                     SELECT sum(CASE WHEN w = 'A' THEN 2.0 ELSE 1.0 END)::float8 AS freq \
                     FROM unnest(u.weights) AS w \
                   ) AS f \
                   GROUP BY hit.id \
                   ORDER BY score, hit.id DESC LIMIT $7 \
                 ) \
                 SELECT {COLS} FROM scored JOIN agent_memory m ON m.id = scored.id \
                 ORDER BY scored.score, scored.id DESC"
            ),
            &[
                &agent,
                &query,
                &scored,
                &weights,
                &SCORED_DOCS,
                &avg_tokens,
                &limit,
            ],
        )?;
        open_all(self, &rows)
    }
}

/// Index every stored entry from scratch (rows copied in by
/// `migrate-store`, whose source index does not keep the words); returns
/// how many entries were indexed.
pub(super) fn index_all(s: &Session<'_>) -> Result<u64, StoreError> {
    let mut after = 0_i64;
    let mut done = 0;
    loop {
        let rows = s.query(
            "SELECT id, agent_id, key, value FROM agent_memory WHERE id > $1 ORDER BY id LIMIT 500",
            &[&after],
        )?;
        for r in &rows {
            let id: i64 = col(r, 0)?;
            let agent: String = col(r, 1)?;
            let key: String = col(r, 2)?;
            let sealed: String = col(r, 3)?;
            let value = s
                .ring()
                .decrypt(&sealed)
                .map_err(|e| StoreError::Keys(format!("memory {id}: {e}")))?;
            s.unindex(id)?;
            s.index(id, &agent, &memory_words::index(&key, &value))?;
            after = id;
            done += 1;
        }
        if rows.len() < 500 {
            return Ok(done);
        }
    }
}

impl MemoryWrites for Session<'_> {
    /// Insert or replace the entry under (agent, key); `created_at`
    /// survives a replace. The row gets the ciphertext, the index the words.
    fn upsert(
        &self,
        agent: &str,
        key: &str,
        value: &str,
        confidence: f64,
        source: &str,
    ) -> Result<Memory, StoreError> {
        let sealed = self.ring().encrypt(value);
        let now = to_micros(self.now());
        let row = self.query_one(
            "INSERT INTO agent_memory AS m \
               (agent_id, key, value, confidence, source, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6) \
             ON CONFLICT (agent_id, key) DO UPDATE SET value = excluded.value, \
               confidence = excluded.confidence, source = excluded.source, \
               updated_at = excluded.updated_at \
             RETURNING m.id, m.created_at",
            &[&agent, &key, &sealed, &confidence, &source, &now],
        )?;
        let id: i64 = col(&row, 0)?;
        let created_at: i64 = col(&row, 1)?;
        self.unindex(id)?;
        self.index(id, agent, &memory_words::index(key, value))?;
        Ok(Memory {
            id,
            agent_id: agent.to_string(),
            key: key.to_string(),
            value: value.to_string(),
            confidence,
            source: source.to_string(),
            created_at: from_micros(created_at),
            updated_at: from_micros(now),
        })
    }

    /// Whether a row was deleted.
    fn delete(&self, agent: &str, key: &str) -> Result<bool, StoreError> {
        let Some(row) = self.query_opt(
            "SELECT id FROM agent_memory WHERE agent_id = $1 AND key = $2",
            &[&agent, &key],
        )?
        else {
            return Ok(false);
        };
        let id: i64 = col(&row, 0)?;
        self.unindex(id)?;
        self.execute("DELETE FROM agent_memory WHERE id = $1", &[&id])?;
        Ok(true)
    }
}
