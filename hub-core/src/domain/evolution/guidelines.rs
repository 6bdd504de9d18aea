//! The guidelines in force for an agent and the block a claim puts in
//! front of its prompts. Applied `add` and `reinforce` amendments are
//! guidelines, an applied `restrict` a restriction guideline; an applied
//! `remove` keeps the guideline it names out while it stays applied (so
//! reverting the `remove` brings the guideline back).

use std::collections::HashSet;

use m3shd_api::{
    AmendmentKind, AmendmentStatus, EVOLUTION_BLOCK_BUDGET_CHARS, EVOLUTION_BLOCK_MAX_GUIDELINES,
    evolution_block,
};

use super::parse::normalized;
use crate::store::{AmendmentRow, Queries, StoreError};

/// The applied amendments of an agent, and which guidelines applied
/// `remove`s keep out.
pub struct InForce {
    pub applied: Vec<AmendmentRow>,
    removed: HashSet<String>,
}

impl InForce {
    pub fn of(applied: Vec<AmendmentRow>) -> InForce {
        let removed = applied
            .iter()
            .filter(|a| a.kind == AmendmentKind::Remove)
            .filter_map(|a| a.target.clone())
            .collect();
        InForce { applied, removed }
    }

    pub fn read(q: &dyn Queries, agent: &str) -> Result<InForce, StoreError> {
        Ok(InForce::of(
            q.evolution()
                .amendments_in(agent, AmendmentStatus::Applied)?,
        ))
    }

    /// Whether `a` is in the agent's prompts now.
    pub fn is_active(&self, a: &AmendmentRow) -> bool {
        a.status == AmendmentStatus::Applied
            && (a.kind == AmendmentKind::Remove || !self.removed.contains(&a.id))
    }

    /// The guidelines given with every task, oldest decision first.
    pub fn guidelines(&self) -> impl Iterator<Item = &AmendmentRow> {
        self.applied
            .iter()
            .filter(|a| a.kind != AmendmentKind::Remove && self.is_active(a))
    }

    /// The guideline a `remove` with `text` names: by id, or by the same
    /// text; the most recently applied when several match.
    pub fn named_by(&self, text: &str) -> Option<&AmendmentRow> {
        let id = text.trim().to_ascii_lowercase();
        let key = normalized(text);
        self.guidelines()
            .filter(|g| g.id == id || normalized(&g.text) == key)
            .last()
    }
}

/// One guideline as the agent reads it.
fn line(a: &AmendmentRow) -> String {
    match a.kind {
        AmendmentKind::Restrict => format!("- Restriction: {}\n", a.text),
        _ => format!("- {}\n", a.text),
    }
}

/// The block for the agent's next prompt: the most recently applied
/// guidelines that fit the budget, shown oldest first; `None` when there
/// are none.
pub fn block(in_force: &InForce) -> Option<String> {
    let all: Vec<&AmendmentRow> = in_force.guidelines().collect();
    let mut kept: Vec<String> = Vec::new();
    let mut used = 0usize;
    for a in all.iter().rev() {
        if kept.len() == EVOLUTION_BLOCK_MAX_GUIDELINES {
            break;
        }
        let l = line(a);
        let n = l.chars().count();
        if used + n > EVOLUTION_BLOCK_BUDGET_CHARS {
            continue;
        }
        used += n;
        kept.push(l);
    }
    if kept.is_empty() {
        return None;
    }
    kept.reverse();
    Some(evolution_block(&kept.concat()))
}

/// The block for `agent`'s prompts, read from the store.
pub fn for_prompt(q: &dyn Queries, agent: &str) -> Result<Option<String>, StoreError> {
    Ok(block(&InForce::read(q, agent)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(n: i64) -> m3shd_api::Timestamp {
        chrono::DateTime::from_timestamp(1_800_000_000 + n, 0).unwrap_or_default()
    }

    fn applied(id: &str, kind: AmendmentKind, text: &str, n: i64) -> AmendmentRow {
        AmendmentRow {
            id: id.into(),
            agent_id: "rex".into(),
            kind,
            text: text.into(),
            confidence: 0.5,
            evidence: String::new(),
            source_task: "t".into(),
            status: AmendmentStatus::Applied,
            target: None,
            created_at: at(0),
            updated_at: at(n),
            decided_at: Some(at(n)),
            decided_by: Some("op".into()),
            reverted_at: None,
            reverted_by: None,
            reason: None,
        }
    }

    #[test]
    fn applied_guidelines_make_the_block_and_removes_keep_theirs_out() {
        let mut remove = applied("am-3", AmendmentKind::Remove, "am-1", 3);
        remove.target = Some("am-1".into());
        let f = InForce::of(vec![
            applied("am-1", AmendmentKind::Add, "Cite sources", 1),
            applied("am-2", AmendmentKind::Restrict, "No production deploys", 2),
            remove,
            applied("am-4", AmendmentKind::Reinforce, "Keep answers short", 4),
        ]);
        assert_eq!(
            block(&f).as_deref(),
            Some(
                "EVOLUTION GUIDELINES:\n- Restriction: No production deploys\n\
                 - Keep answers short\n--- end of evolution guidelines ---\n\n"
            )
        );
        assert!(!f.is_active(&f.applied[0]));
        assert!(f.is_active(&f.applied[2]));
        assert_eq!(
            f.named_by(" keep ANSWERS short").map(|a| a.id.as_str()),
            Some("am-4")
        );
        assert_eq!(f.named_by("AM-2").map(|a| a.id.as_str()), Some("am-2"));
        assert!(f.named_by("am-1").is_none(), "already kept out");
        assert!(block(&InForce::of(Vec::new())).is_none());
    }

    #[test]
    fn the_block_keeps_the_latest_that_fit() {
        let many: Vec<AmendmentRow> = (0..15)
            .map(|i| {
                applied(
                    &format!("am-{i}"),
                    AmendmentKind::Add,
                    &format!("rule {i}"),
                    i,
                )
            })
            .collect();
        let b = block(&InForce::of(many)).unwrap_or_default();
        assert_eq!(
            b.lines().filter(|l| l.starts_with("- ")).count(),
            EVOLUTION_BLOCK_MAX_GUIDELINES
        );
        assert!(b.contains("- rule 5\n") && b.contains("- rule 14\n"), "{b}");
        assert!(!b.contains("- rule 4\n"), "{b}");
        let big = "y".repeat(490);
        let wide: Vec<AmendmentRow> = (0..6)
            .map(|i| {
                applied(
                    &format!("am-{i}"),
                    AmendmentKind::Add,
                    &format!("{i}{big}"),
                    i,
                )
            })
            .collect();
        let b = block(&InForce::of(wide)).unwrap_or_default();
        let lines = b.lines().filter(|l| l.starts_with("- ")).count();
        assert_eq!(lines, 4, "2,000 characters hold four of them");
        assert!(
            b.lines().nth(1).is_some_and(|l| l.starts_with("- 2")),
            "{b}"
        );
    }
}
