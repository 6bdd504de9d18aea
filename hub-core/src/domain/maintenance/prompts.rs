//! The prompts of maintenance tasks: each carries what the agent needs to
//! do the work without asking the hub.

use m3shd_api::{Memory, Timestamp};

use crate::store::TaskBody;

/// How much of a re-checked task's prompt and output the re-check quotes.
const QUOTE_BYTES: usize = 8 * 1024;
/// How many memories an audit lists.
const AUDIT_MEMORIES: usize = 200;

fn quote(s: &str) -> String {
    if s.len() <= QUOTE_BYTES {
        return s.to_string();
    }
    let mut end = QUOTE_BYTES;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}\n[… cut at {QUOTE_BYTES} bytes]", &s[..end])
}

fn age(now: Timestamp, then: Timestamp) -> String {
    let d = now.signed_duration_since(then);
    match (d.num_days(), d.num_hours()) {
        (days, _) if days >= 1 => format!("{days}d"),
        (_, hours) if hours >= 1 => format!("{hours}h"),
        _ => format!("{}m", d.num_minutes().max(0)),
    }
}

pub fn memory_audit(memories: &[Memory], now: Timestamp) -> String {
    let mut p = String::from(
        "Maintenance: review your stored memories for entries that are stale, wrong or \
         duplicated. For each one to drop or rewrite, give its key and why; say which to \
         keep if unsure. Your memories (key, age since last update, confidence):\n",
    );
    for m in memories.iter().take(AUDIT_MEMORIES) {
        p.push_str(&format!(
            "- {} ({}, {:.2})\n",
            m.key,
            age(now, m.updated_at),
            m.confidence
        ));
    }
    if memories.len() > AUDIT_MEMORIES {
        p.push_str(&format!(
            "… and {} more.\n",
            memories.len() - AUDIT_MEMORIES
        ));
    }
    p
}

pub fn reverify(source: &TaskBody) -> String {
    format!(
        "Maintenance: re-check this result, which came back with low confidence ({:.2}). \
         Say whether it is right; if not, give the corrected answer.\n\n\
         Task {} prompt:\n{}\n\nIts output:\n{}\n",
        source.confidence.unwrap_or_default(),
        source.id,
        quote(&source.prompt),
        quote(source.output.as_deref().unwrap_or("(none)")),
    )
}

pub fn health_check() -> String {
    "Maintenance: report briefly on the health of the machine you run on: free disk, \
     memory, load, and anything that would stop you from doing work."
        .to_string()
}
