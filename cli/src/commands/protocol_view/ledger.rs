//! `ledger`: per agent, validated and rejected results and credits.

use m3shd_api::Ledger;

use super::when;
use crate::output::table_text;

/// The ledger as a table, agents by credits as the hub orders them.
pub fn ledger(l: &Ledger) -> String {
    if l.agents.is_empty() {
        return "no credits yet: a result earns its agent credit when a validator accepts it \
                (`m3shd do --validator CAPABILITY`)\n"
            .to_string();
    }
    let rows: Vec<Vec<String>> = l
        .agents
        .iter()
        .map(|a| {
            vec![
                a.agent_id.clone(),
                a.validated_results.to_string(),
                a.rejected_results.to_string(),
                format!("{:.2}", a.credits),
                a.last_credit_at.map_or_else(|| "-".to_string(), when),
            ]
        })
        .collect();
    table_text(
        &["AGENT", "VALIDATED", "REJECTED", "CREDITS", "LAST CREDIT"],
        &rows,
    )
}

#[cfg(test)]
mod tests {
    use m3shd_api::LedgerEntry;

    use super::super::tests::at;
    use super::*;

    #[test]
    fn the_ledger_is_a_table_of_agents() {
        let l = Ledger {
            agents: vec![
                LedgerEntry {
                    agent_id: "alpha".into(),
                    validated_results: 12,
                    rejected_results: 1,
                    credits: 12.0,
                    last_credit_at: Some(at()),
                },
                LedgerEntry {
                    agent_id: "beta".into(),
                    validated_results: 0,
                    rejected_results: 2,
                    credits: 0.0,
                    last_credit_at: None,
                },
            ],
        };
        assert_eq!(
            ledger(&l),
            "\
AGENT  VALIDATED  REJECTED  CREDITS  LAST CREDIT
alpha  12         1         12.00    2026-12-06 11:12 UTC
beta   0          2         0.00     -
"
        );
        assert!(ledger(&Ledger::default()).starts_with("no credits yet"));
    }
}
