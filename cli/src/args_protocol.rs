//! The quality protocol flags `m3shd do` and `m3shd template add` share
//! (ARCHITECTURE.md, "Quality protocols").

use clap::Args;
use m3shd_api::{MAX_QUORUM, ProtocolRequest};

#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Quality protocols")]
pub struct ProtocolArgs {
    /// Have another capable agent answer again when the result reports a
    /// confidence below X (0–1, e.g. 0.8 or 80%; 0 turns it off; default 0.7).
    #[arg(long, value_name = "X", value_parser = parse_unit)]
    pub confidence_threshold: Option<f64>,
    /// Have another agent critique the result with a score; a material
    /// critique goes back to the original agent for a revision.
    #[arg(long)]
    pub challenge: bool,
    /// A critique scoring above X (0–1) is material (default 0.5).
    #[arg(long, value_name = "X", value_parser = parse_unit, requires = "challenge")]
    pub challenge_threshold: Option<f64>,
    /// Two agents answer independently, then one answer is synthesised from
    /// both (the debate picks its agents, so not with --agent).
    #[arg(long)]
    pub debate: bool,
    /// Put the result to a vote of the other capable agents; a rejected
    /// result fails the protocol.
    #[arg(long)]
    pub vote: bool,
    /// Votes needed for a decision (1–15, default 3).
    #[arg(long, value_name = "N", requires = "vote",
          value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_QUORUM)))]
    pub quorum: Option<u32>,
    /// Agents with this capability validate the result; only a validated
    /// result earns its agent credit (`m3shd ledger`).
    #[arg(long, value_name = "CAPABILITY")]
    pub validator: Option<String>,
}

impl ProtocolArgs {
    /// What the flags ask for; a switch left off is left out, so a
    /// template's own protocol still applies.
    pub fn request(&self) -> ProtocolRequest {
        ProtocolRequest {
            confidence_threshold: self.confidence_threshold,
            challenge: self.challenge.then_some(true),
            challenge_threshold: self.challenge_threshold,
            requires_debate: self.debate.then_some(true),
            requires_vote: self.vote.then_some(true),
            quorum: self.quorum,
            validator_capability: self.validator.clone(),
        }
    }
}

/// A number from 0 to 1: `0.8`, `80%` or `8/10`.
fn parse_unit(s: &str) -> Result<f64, String> {
    m3shd_api::unit_value(s.trim())
        .ok_or_else(|| format!("`{s}` is not a number from 0 to 1 (such as 0.8 or 80%)"))
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Debug, Parser)]
    struct Probe {
        #[command(flatten)]
        p: ProtocolArgs,
    }

    fn parse(args: &[&str]) -> Result<ProtocolRequest, clap::Error> {
        let mut argv = vec!["probe"];
        argv.extend_from_slice(args);
        Probe::try_parse_from(argv).map(|p| p.p.request())
    }

    #[test]
    fn flags_become_the_request() {
        assert!(parse(&[]).unwrap().is_empty());
        let r = parse(&[
            "--confidence-threshold",
            "80%",
            "--challenge",
            "--challenge-threshold",
            "0.4",
            "--vote",
            "--quorum",
            "5",
            "--validator",
            "security",
        ])
        .unwrap();
        assert_eq!(r.confidence_threshold, Some(0.8));
        assert_eq!(r.challenge, Some(true));
        assert_eq!(r.challenge_threshold, Some(0.4));
        assert_eq!(r.requires_vote, Some(true));
        assert_eq!(r.quorum, Some(5));
        assert_eq!(r.requires_debate, None);
        assert_eq!(r.validator_capability.as_deref(), Some("security"));
    }

    #[test]
    fn contradictions_and_ranges_are_refused_before_sending() {
        // A quorum counts votes; a threshold judges a critique.
        assert!(parse(&["--quorum", "3"]).is_err());
        assert!(parse(&["--challenge-threshold", "0.5"]).is_err());
        assert!(parse(&["--vote", "--quorum", "0"]).is_err());
        assert!(parse(&["--vote", "--quorum", "16"]).is_err());
        assert!(parse(&["--confidence-threshold", "1.5"]).is_err());
        assert!(parse(&["--confidence-threshold", "high"]).is_err());
    }
}
