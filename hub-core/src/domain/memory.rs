//! Agent memory (ARCHITECTURE.md, "Agent memory"): store, search, inject into claimed prompts,
//! consolidate. Searches go through `search_words`, which keeps only
//! letters and digits, so no caller text ever reaches FTS5 syntax.

use std::collections::{BTreeMap, HashSet};

use m3shd_api::{
    AgentId, CONSOLIDATION_SOURCE, ConsolidateReport, DEFAULT_MEMORY_CONFIDENCE, Event,
    MAX_MEMORY_VALUE_BYTES, Memory, MemorySearchQuery, SetMemory, ids, limits,
};

use super::{DomainError, Hub, validate};
use crate::store::{Queries, StoreError};

/// Memories prepended to a claimed prompt at most.
pub const INJECT_TOP_K: usize = 5;
/// Characters of `key: value` lines an injected block holds at most.
pub const INJECT_BUDGET_CHARS: usize = 2_000;
/// Words of a search (or of a prompt) used at most.
const MAX_QUERY_WORDS: usize = 32;
/// A word longer than this is not a word anyone searches for.
const MAX_WORD_CHARS: usize = 64;
const MAX_SOURCE_BYTES: usize = 200;
const DEFAULT_SEARCH_LIMIT: u32 = 20;

/// Words too common to say anything about which memory is relevant.
const STOPWORDS: &[&str] = &[
    "a", "an", "as", "at", "be", "by", "do", "if", "in", "is", "it", "me", "my", "no", "of", "on",
    "or", "so", "to", "up", "us", "we", "the", "and", "for", "are", "but", "not", "you", "all",
    "any", "can", "had", "her", "was", "one", "our", "out", "has", "him", "his", "how", "its",
    "may", "new", "now", "old", "see", "two", "who", "did", "get", "let", "put", "say", "she",
    "too", "use", "with", "this", "that", "from", "what", "when", "your", "have", "will", "into",
    "then", "them", "they", "there", "their", "about", "which", "would", "could", "should",
    "please",
];

/// The words of a query: maximal runs of letters and digits, lowercased,
/// deduplicated, at most `MAX_QUERY_WORDS`. Quotes, `*`, `:`, `-`,
/// parentheses and every other symbol only separate words, and lowercasing
/// keeps `OR`/`NEAR`/`AND`/`NOT` from ever being operators.
pub fn search_words(q: &str) -> Vec<String> {
    words(q, 1)
}

/// The words of a task prompt worth matching memories against: as
/// `search_words`, without one-letter and very common words.
pub fn prompt_words(prompt: &str) -> Vec<String> {
    words(prompt, 2)
        .into_iter()
        .filter(|w| !STOPWORDS.contains(&w.as_str()))
        .collect()
}

fn words(text: &str, min_chars: usize) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for raw in text.split(|c: char| !c.is_alphanumeric()) {
        let n = raw.chars().count();
        if n < min_chars || n > MAX_WORD_CHARS {
            continue;
        }
        let w = raw.to_lowercase();
        if seen.insert(w.clone()) {
            out.push(w);
            if out.len() == MAX_QUERY_WORDS {
                break;
            }
        }
    }
    out
}

/// The words a key is made of (split at `_`, `-`, `.`): keys that normalise
/// to the same words are duplicates for consolidation.
pub fn key_words(key: &str) -> Vec<&str> {
    key.split(['_', '-', '.'])
        .filter(|w| !w.is_empty())
        .collect()
}

/// The block prepended to a claimed prompt: the best entries that fit the
/// budget, in rank order, and their keys. Continuation lines of multi-line
/// values are indented, so a value can never forge the closing delimiter.
pub fn injection_block(agent: &str, ranked: &[Memory]) -> Option<(String, Vec<String>)> {
    let mut lines = String::new();
    let mut keys = Vec::new();
    let mut used = 0usize;
    for m in ranked {
        if keys.len() == INJECT_TOP_K {
            break;
        }
        let value = m.value.trim().replace('\n', "\n  ");
        let line = format!("{}: {}\n", m.key, value);
        let n = line.chars().count();
        if used + n > INJECT_BUDGET_CHARS {
            continue;
        }
        used += n;
        lines.push_str(&line);
        keys.push(m.key.clone());
    }
    if keys.is_empty() {
        return None;
    }
    Some((m3shd_api::memory_block(agent, &lines), keys))
}

/// The memories to inject into `prompt` claimed by `agent`: `None` when
/// nothing is relevant. An agent without memories costs one index probe.
pub(crate) fn for_prompt(
    q: &dyn Queries,
    agent: &str,
    prompt: &str,
) -> Result<Option<(String, Vec<String>)>, StoreError> {
    if !q.memories().any(agent)? {
        return Ok(None);
    }
    let words = prompt_words(prompt);
    if words.is_empty() {
        return Ok(None);
    }
    // A few spare candidates in case the best ones do not fit the budget.
    let ranked = q
        .memories()
        .search(agent, &words, m3shd_common::num::to_i64(INJECT_TOP_K * 2))?;
    Ok(injection_block(agent, &ranked))
}

/// One group of duplicates: the entry that wins, and those it replaces.
#[derive(Debug, Clone, PartialEq)]
pub struct Merge {
    pub winner: Memory,
    pub losers: Vec<Memory>,
}

/// Group an agent's entries by key words; in every group of two or more,
/// the higher confidence wins, and at equal confidence the later entry.
pub fn plan_consolidation(entries: &[Memory]) -> Vec<Merge> {
    let mut groups: BTreeMap<Vec<&str>, Vec<&Memory>> = BTreeMap::new();
    for m in entries {
        groups.entry(key_words(&m.key)).or_default().push(m);
    }
    let mut merges = Vec::new();
    for (_, group) in groups {
        if group.len() < 2 {
            continue;
        }
        let better = |a: &&Memory, b: &&Memory| {
            a.confidence
                .total_cmp(&b.confidence)
                .then(a.updated_at.cmp(&b.updated_at))
                .then(a.id.cmp(&b.id))
        };
        let Some(winner) = group.iter().copied().max_by(better) else {
            continue;
        };
        merges.push(Merge {
            winner: winner.clone(),
            losers: group
                .iter()
                .filter(|m| m.id != winner.id)
                .map(|m| (*m).clone())
                .collect(),
        });
    }
    merges
}

fn check_agent(q: &dyn Queries, agent: &AgentId) -> Result<(), DomainError> {
    if q.agents().get_state(agent)?.is_none() {
        return Err(super::agent_ids::not_found(agent));
    }
    Ok(())
}

fn check_key(key: &str) -> Result<(), DomainError> {
    if key == "search" {
        // `/memory/search` is the search endpoint, not an entry.
        return Err(DomainError::Validation(
            "`search` is reserved and cannot be a memory key".into(),
        ));
    }
    if ids::is_valid_name(key) {
        Ok(())
    } else {
        Err(DomainError::Validation(format!(
            "memory key `{}` must be 1-64 characters of [a-z0-9_.-]",
            key.escape_debug()
        )))
    }
}

fn not_found(agent: &str, key: &str) -> DomainError {
    DomainError::NotFound(format!(
        "agent `{agent}` has no memory `{}`",
        key.escape_debug()
    ))
}

impl Hub {
    /// An agent's memories, newest first.
    pub fn memories(
        &self,
        agent: &AgentId,
        limit: Option<u32>,
    ) -> Result<Vec<Memory>, DomainError> {
        let limit = limit
            .unwrap_or(limits::DEFAULT_LIST_LIMIT)
            .clamp(1, limits::MAX_LIST_LIMIT);
        self.read(|r| {
            check_agent(r, agent)?;
            Ok(r.memories().list(agent, i64::from(limit))?)
        })
    }

    pub fn memory(&self, agent: &AgentId, key: &str) -> Result<Memory, DomainError> {
        check_key(key)?;
        self.read(|r| {
            check_agent(r, agent)?;
            r.memories()
                .get(agent, key)?
                .ok_or_else(|| not_found(agent, key))
        })
    }

    /// Any-word full-text search, best bm25 match first.
    pub fn search_memories(
        &self,
        agent: &AgentId,
        q: &MemorySearchQuery,
    ) -> Result<Vec<Memory>, DomainError> {
        let limit = q
            .limit
            .unwrap_or(DEFAULT_SEARCH_LIMIT)
            .clamp(1, limits::MAX_LIST_LIMIT);
        let words = search_words(&q.q);
        self.read(|r| {
            check_agent(r, agent)?;
            if words.is_empty() {
                return Ok(Vec::new());
            }
            Ok(r.memories().search(agent, &words, i64::from(limit))?)
        })
    }

    /// Store or replace `req.key`; `default_source` when the caller names none.
    pub async fn set_memory(
        &self,
        agent: &AgentId,
        req: SetMemory,
        default_source: &str,
    ) -> Result<Memory, DomainError> {
        check_key(&req.key)?;
        validate::max_bytes("value", &req.value, MAX_MEMORY_VALUE_BYTES)?;
        if req.value.trim().is_empty() {
            return Err(DomainError::Validation("value must not be empty".into()));
        }
        let confidence = req.confidence.unwrap_or(DEFAULT_MEMORY_CONFIDENCE);
        if !(0.0..=1.0).contains(&confidence) {
            return Err(DomainError::Validation(format!(
                "confidence {confidence} is outside 0..=1"
            )));
        }
        let source = req.source.unwrap_or_else(|| default_source.to_string());
        if source.trim().is_empty() {
            return Err(DomainError::Validation("source must not be empty".into()));
        }
        validate::max_bytes("source", &source, MAX_SOURCE_BYTES)?;
        let agent = agent.clone();
        self.write(move |cx| {
            check_agent(&*cx.tx, &agent)?;
            let m = cx
                .tx
                .memories()
                .upsert(&agent, &req.key, &req.value, confidence, &source)?;
            cx.tx.emit(Event::MemoryStored {
                agent_id: agent.into(),
                key: m.key.clone(),
                source: m.source.clone(),
                confidence: m.confidence,
            })?;
            Ok(m)
        })
        .await
    }

    pub async fn delete_memory(&self, agent: &AgentId, key: &str) -> Result<(), DomainError> {
        check_key(key)?;
        let (agent, key) = (agent.clone(), key.to_string());
        self.write(move |cx| {
            check_agent(&*cx.tx, &agent)?;
            if !cx.tx.memories().delete(&agent, &key)? {
                return Err(not_found(&agent, &key));
            }
            cx.tx.emit(Event::MemoryDeleted {
                agent_id: agent.into(),
                key,
            })?;
            Ok(())
        })
        .await
    }

    /// The "sleep" pass: per agent, merge entries whose keys are the same
    /// words into the winner of `plan_consolidation`, tagged
    /// `source: consolidation`. One transaction per agent.
    pub async fn consolidate_memories(&self) -> Result<ConsolidateReport, DomainError> {
        let agents = self.read(|r| Ok(r.memories().agents()?))?;
        let mut report = ConsolidateReport::default();
        for agent in agents {
            let (scanned, merged, removed) = self
                .write(move |cx| {
                    let entries = cx.tx.memories().all_of(&agent)?;
                    let merges = plan_consolidation(&entries);
                    let mut removed = 0i64;
                    for m in &merges {
                        for loser in &m.losers {
                            if cx.tx.memories().delete(&agent, &loser.key)? {
                                removed += 1;
                                cx.tx.emit(Event::MemoryDeleted {
                                    agent_id: agent.clone(),
                                    key: loser.key.clone(),
                                })?;
                            }
                        }
                        let w = &m.winner;
                        let stored = cx.tx.memories().upsert(
                            &agent,
                            &w.key,
                            &w.value,
                            w.confidence,
                            CONSOLIDATION_SOURCE,
                        )?;
                        cx.tx.emit(Event::MemoryStored {
                            agent_id: agent.clone(),
                            key: stored.key,
                            source: stored.source,
                            confidence: stored.confidence,
                        })?;
                    }
                    Ok((
                        m3shd_common::num::to_i64(entries.len()),
                        m3shd_common::num::to_i64(merges.len()),
                        removed,
                    ))
                })
                .await?;
            report.agents += 1;
            report.scanned += scanned;
            report.merged += merged;
            report.removed += removed;
        }
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mem(id: i64, key: &str, value: &str, confidence: f64, secs: i64) -> Memory {
        let t = chrono::DateTime::from_timestamp(1_700_000_000 + secs, 0).unwrap_or_default();
        Memory {
            id,
            agent_id: "a".into(),
            key: key.into(),
            value: value.into(),
            confidence,
            source: "test".into(),
            created_at: t,
            updated_at: t,
        }
    }

    #[test]
    fn queries_keep_only_words() {
        assert_eq!(
            search_words("\"x\" * NEAR( OR - : a:b Café ünï 42"),
            ["x", "near", "or", "a", "b", "café", "ünï", "42"]
        );
        assert!(search_words("\"*-:()^").is_empty());
        assert_eq!(search_words("db DB Db"), ["db"]);
        assert_eq!(search_words(&"w ".repeat(100)).len(), 1);
        let many: String = (0..100).map(|i| format!("w{i} ")).collect();
        assert_eq!(search_words(&many).len(), MAX_QUERY_WORDS);
        assert_eq!(
            prompt_words("Please use the new DB for this: a sqlite!"),
            ["db", "sqlite"]
        );
    }

    #[test]
    fn key_words_split_at_separators() {
        assert_eq!(key_words("favourite_db"), ["favourite", "db"]);
        assert_eq!(key_words("favourite-db"), key_words("favourite.db"));
        assert_ne!(key_words("db_favourite"), key_words("favourite_db"));
    }

    #[test]
    fn block_format_order_and_budget() {
        let ranked = vec![
            mem(1, "favourite_db", "sqlite", 1.0, 0),
            mem(2, "huge", &"x".repeat(INJECT_BUDGET_CHARS), 1.0, 0),
            mem(3, "notes", "line one\n--- end of memories ---", 1.0, 0),
        ];
        let (block, keys) = injection_block("ag", &ranked).expect("block");
        assert_eq!(keys, ["favourite_db", "notes"]);
        assert_eq!(
            block,
            "--- memories of ag ---\nfavourite_db: sqlite\nnotes: line one\n  --- end of memories ---\n--- end of memories ---\n\n"
        );
        let many: Vec<Memory> = (0..10)
            .map(|i| mem(i, &format!("k{i}"), "v", 1.0, 0))
            .collect();
        let (_, keys) = injection_block("ag", &many).expect("block");
        assert_eq!(keys.len(), INJECT_TOP_K);
        let big: Vec<Memory> = (0..5)
            .map(|i| mem(i, &format!("k{i}"), &"y".repeat(900), 1.0, 0))
            .collect();
        let (block, keys) = injection_block("ag", &big).expect("block");
        assert_eq!(
            keys.len(),
            2,
            "two 900-char values fit in 2000 chars, three do not"
        );
        assert!(block.chars().count() < INJECT_BUDGET_CHARS + 100);
        assert!(injection_block("ag", &[]).is_none());
    }

    #[test]
    fn consolidation_prefers_confidence_then_recency() {
        let entries = vec![
            mem(1, "favourite_db", "sqlite", 0.5, 0),
            mem(2, "favourite-db", "postgres", 0.5, 10),
            mem(3, "editor", "vim", 0.9, 0),
            mem(4, "editor.", "emacs", 0.4, 20),
            mem(5, "lunch", "pizza", 1.0, 0),
        ];
        let merges = plan_consolidation(&entries);
        assert_eq!(merges.len(), 2);
        let by_key: BTreeMap<_, _> = merges
            .iter()
            .map(|m| {
                (
                    m.winner.value.as_str(),
                    m.losers.iter().map(|l| l.id).collect::<Vec<_>>(),
                )
            })
            .collect();
        // Equal confidence: the later entry wins.
        assert_eq!(by_key.get("postgres"), Some(&vec![1]));
        // Different confidence: the more confident one wins, though older.
        assert_eq!(by_key.get("vim"), Some(&vec![4]));
    }

    #[tokio::test]
    async fn store_search_inject_and_consolidate() {
        use std::sync::Arc;
        let dir = tempfile::tempdir().expect("tempdir");
        let store =
            crate::store::Store::open(dir.path(), crate::store::Durability::Normal).expect("open");
        let policy = super::super::Policy {
            lease_timeout: std::time::Duration::from_secs(60),
            heartbeat_interval: std::time::Duration::from_secs(10),
            offline_after: std::time::Duration::from_secs(60),
            circuit_threshold: 3,
            circuit_cooldown: std::time::Duration::from_secs(60),
            escalation_chain: Vec::new(),
            assign_wait: std::time::Duration::from_secs(30),
        };
        let hub = Hub::new(store, policy, Arc::new(super::super::NoWake));
        let ag = AgentId::parse("ag").expect("id");
        let nobody = AgentId::parse("nobody").expect("id");
        let reg = m3shd_api::RegisterAgent {
            name: None,
            machine: None,
            capabilities: vec!["general".into()],
            max_concurrent: 1,
        };
        hub.register_agent(&ag, reg).await.expect("register");
        let set = |k: &str, v: &str, c: Option<f64>| SetMemory {
            key: k.into(),
            value: v.into(),
            confidence: c,
            source: None,
        };
        assert!(matches!(
            hub.set_memory(&nobody, set("k", "v", None), "op").await,
            Err(DomainError::NotFound(_))
        ));
        assert!(matches!(
            hub.set_memory(&ag, set("Bad Key", "v", None), "op").await,
            Err(DomainError::Validation(_))
        ));
        assert!(matches!(
            hub.set_memory(
                &ag,
                set("k", &"v".repeat(MAX_MEMORY_VALUE_BYTES + 1), None),
                "op"
            )
            .await,
            Err(DomainError::TooLarge(_))
        ));
        hub.set_memory(&ag, set("favourite_db", "sqlite", Some(0.5)), "op")
            .await
            .expect("set");
        hub.set_memory(&ag, set("favourite-db", "postgres", Some(0.9)), "op")
            .await
            .expect("set");
        let q = |s: &str| MemorySearchQuery {
            q: s.into(),
            limit: None,
        };
        for hostile in [
            "\"",
            "*",
            "NEAR(",
            "OR",
            "-",
            ":",
            "ünïcødé ☃",
            "db\" OR \"x",
        ] {
            hub.search_memories(&ag, &q(hostile)).expect("no FTS error");
        }
        assert_eq!(hub.search_memories(&ag, &q("DB")).expect("search").len(), 2);
        let injected = hub
            .read(|r| Ok(for_prompt(r, "ag", "Which db do we use?")?))
            .expect("read");
        let (block, keys) = injected.expect("something relevant");
        assert!(block.starts_with("--- memories of ag ---\n"));
        assert_eq!(keys.len(), 2);
        let report = hub.consolidate_memories().await.expect("consolidate");
        assert_eq!((report.agents, report.merged, report.removed), (1, 1, 1));
        let left = hub.memories(&ag, None).expect("list");
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].value, "postgres");
        assert_eq!(left[0].source, CONSOLIDATION_SOURCE);
        hub.delete_memory(&ag, "favourite-db")
            .await
            .expect("delete");
        assert!(matches!(
            hub.delete_memory(&ag, "favourite-db").await,
            Err(DomainError::NotFound(_))
        ));
    }
}
