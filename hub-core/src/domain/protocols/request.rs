//! What a task may ask for: ranges and contradictions, checked before
//! anything is written.

use m3shd_api::{MAX_QUORUM, ProtocolRequest};

use super::super::{DomainError, validate};

fn unit(name: &str, v: Option<f64>) -> Result<(), DomainError> {
    match v {
        Some(x) if !(x.is_finite() && (0.0..=1.0).contains(&x)) => Err(DomainError::Validation(
            format!("{name} must be between 0 and 1, got {x}"),
        )),
        _ => Ok(()),
    }
}

fn conflict(msg: &str) -> Result<(), DomainError> {
    Err(DomainError::ProtocolConflict(msg.to_string()))
}

/// Check `r` on its own and against how the task is routed.
pub(crate) fn check_request(
    r: &ProtocolRequest,
    assign_to: Option<&str>,
    assign_strict: bool,
) -> Result<(), DomainError> {
    unit("confidence_threshold", r.confidence_threshold)?;
    unit("challenge_threshold", r.challenge_threshold)?;
    if let Some(q) = r.quorum
        && !(1..=MAX_QUORUM).contains(&q)
    {
        return Err(DomainError::Validation(format!(
            "quorum must be between 1 and {MAX_QUORUM}, got {q}"
        )));
    }
    if let Some(c) = &r.validator_capability {
        validate::capability(c)?;
    }
    let vote = r.requires_vote == Some(true);
    let debate = r.requires_debate == Some(true);
    if r.quorum.is_some() && !vote {
        return conflict("quorum is set but requires_vote is not: a quorum counts votes");
    }
    if r.challenge_threshold.is_some() && r.challenge != Some(true) {
        return conflict(
            "challenge_threshold is set but challenge is not: the threshold judges a critique",
        );
    }
    if debate && assign_to.is_some() {
        return conflict(
            "requires_debate with assign_to: a debate chooses its two agents itself, so the \
             task cannot name one",
        );
    }
    if assign_strict && (vote || debate) {
        return conflict(
            "assign_strict with requires_vote: a task pinned to one agent cannot be put to \
             other agents; drop one of them",
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(r: &ProtocolRequest, to: Option<&str>, strict: bool) -> String {
        match check_request(r, to, strict) {
            Err(e) => e.to_string(),
            Ok(()) => panic!("accepted {r:?}"),
        }
    }

    #[test]
    fn contradictions_are_named() {
        let vote = ProtocolRequest {
            requires_vote: Some(true),
            ..Default::default()
        };
        assert!(err(&vote, Some("rex"), true).contains("assign_strict"));
        assert!(check_request(&vote, Some("rex"), false).is_ok());
        let debate = ProtocolRequest {
            requires_debate: Some(true),
            ..Default::default()
        };
        assert!(err(&debate, Some("rex"), false).contains("assign_to"));
        let quorum = ProtocolRequest {
            quorum: Some(3),
            ..Default::default()
        };
        assert!(err(&quorum, None, false).contains("requires_vote"));
        let bad = ProtocolRequest {
            confidence_threshold: Some(1.5),
            ..Default::default()
        };
        assert!(err(&bad, None, false).contains("between 0 and 1"));
        let zero = ProtocolRequest {
            requires_vote: Some(true),
            quorum: Some(0),
            ..Default::default()
        };
        assert!(err(&zero, None, false).contains("quorum"));
        assert!(check_request(&ProtocolRequest::default(), None, true).is_ok());
    }
}
